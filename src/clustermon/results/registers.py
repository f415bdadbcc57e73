"""The province-wide registers of published stars and labels (H-Art.16–17).

- 星级产业集群名单: every cluster with stars in a published round.
- 金标/银标/铜标促进组织名单: every promotion organisation with a label in a published round.

An entry is awarded on the date the round's results were published (the publication that put the
version in force) and holds until the results of the next round of the same scheme are published:
while that is unknown the register says so ("至下一年度监测结果发布"), afterwards it shows the date.

Everyone signed in to the province reads the registers (`policy.can_see_registers`): they are
lists the department publishes. The exports write text cells so that a spreadsheet never takes a
name for a formula (`cell_text`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from clustermon.registry.models import City
from clustermon.results.display import LABEL_ORDER, label_name, star_text
from clustermon.results.models import ClusterResult
from clustermon.results.publication import publications
from clustermon.rounds.models import Round

STARS, LABELS = "stars", "labels"
KINDS = (STARS, LABELS)
LABEL_CODES = ("gold", "silver", "bronze")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    city: str = ""
    stars: int | None = None
    label: str = ""
    year: int | None = None

    @classmethod
    def read(cls, params: Any) -> Filters:
        """From a query string; unknown values are ignored (no filter)."""
        def number(key: str, allowed: Sequence[int] | None = None) -> int | None:
            try:
                value = int(params.get(key) or "")
            except ValueError:
                return None
            return value if allowed is None or value in allowed else None

        label = params.get("label") or ""
        return cls(city=(params.get("city") or "").strip()[:40], stars=number("stars", range(1, 6)),
                   label=label if label in LABEL_CODES else "", year=number("year"))


@dataclass(frozen=True)
class Entry:
    result_id: int
    round_id: int
    year: int
    round_title: str
    cluster_id: int
    cluster: str
    organisation: str
    city_code: str
    city: str
    county: str
    group: str
    grade: str
    stars: int
    label: str
    awarded: dt.date | None
    valid_until: dt.date | None

    @property
    def in_force(self) -> bool:
        return self.valid_until is None

    @property
    def star_text(self) -> str:
        return star_text(self.stars)

    @property
    def label_name(self) -> str:
        return label_name(self.label)


def _day(at: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(at) if at is not None else None


@dataclass(frozen=True)
class Published:
    """The province's rounds and the publications of those whose results were published."""

    rounds: dict[int, dict[str, Any]]
    publications: dict[int, Any]

    @classmethod
    def of(cls, province_id: int) -> Published:
        rounds = {r["pk"]: r for r in Round.objects.filter(scheme__province_id=province_id)
                  .values("pk", "scheme_id", "year", "title")}
        return cls(rounds, publications(rounds))

    @property
    def years(self) -> list[int]:
        return sorted({self.rounds[pk]["year"] for pk in self.publications}, reverse=True)


def entries(province_id: int, kind: str, filters: Filters = Filters(),  # noqa: B008 - frozen
            published_rounds: Published | None = None) -> list[Entry]:
    """The register `kind` (stars or labels) of the province's published rounds, newest year
    first, in a fixed number of queries."""
    known = published_rounds or Published.of(province_id)
    rounds, published = known.rounds, known.publications
    by_year = {(r["scheme_id"], r["year"]): pk for pk, r in rounds.items()}
    rows = ClusterResult.objects.filter(result_set_id__in=[p.result_set_id for p in published.values()])
    rows = rows.filter(stars__gt=0) if kind == STARS else rows.filter(label__in=LABEL_CODES)
    if filters.city:
        rows = rows.filter(cluster__county__city__code=filters.city)
    if filters.stars and kind == STARS:
        rows = rows.filter(stars=filters.stars)
    if filters.label and kind == LABELS:
        rows = rows.filter(label=filters.label)
    if filters.year:
        rows = rows.filter(result_set__round__year=filters.year)
    values = rows.order_by().values_list(
        "pk", "result_set__round_id", "cluster_id", "cluster__name", "cluster__promotion_organisation__name",
        "cluster__county__city__code", "cluster__county__city__name", "cluster__county__name", "group", "grade",
        "stars", "label")
    out = []
    for pk, round_id, cid, cluster, organisation, city_code, city, county, group, grade, stars, label in values:
        r = rounds[round_id]
        following = by_year.get((r["scheme_id"], r["year"] + 1))
        until = published.get(following) if following else None
        out.append(Entry(pk, round_id, r["year"], r["title"], cid, cluster, organisation or "", city_code, city,
                         county, group, grade, stars, label, _day(published[round_id].last_at),
                         _day(until.first_at) if until else None))
    if kind == STARS:
        out.sort(key=lambda e: (-e.year, -e.stars, e.city_code, e.cluster))
    else:
        out.sort(key=lambda e: (-e.year, LABEL_ORDER.get(e.label, 9), e.city_code, e.organisation, e.cluster))
    return out


def cities(province_id: int) -> list[City]:
    return list(City.objects.filter(province_id=province_id).order_by("code"))


# --- exports -------------------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """Text for a spreadsheet cell: a leading = + - @ (or tab, carriage return) gets an apostrophe
    in front, so that no spreadsheet runs it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def until_text(entry: Entry) -> str:
    return entry.valid_until.isoformat() if entry.valid_until else _("until next year's results are published")


def table(kind: str, rows: Sequence[Entry]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of an export; numbers stay numbers, every text is guarded."""
    if kind == STARS:
        header = [_("Year"), _("Cluster"), _("City"), _("County"), _("Promotion organisation"), _("Stars"),
                  _("Awarded"), _("Valid until")]
        body = [[e.year, cell_text(e.cluster), cell_text(e.city), cell_text(e.county), cell_text(e.organisation),
                 e.stars, e.awarded.isoformat() if e.awarded else "", cell_text(until_text(e))] for e in rows]
    else:
        header = [_("Year"), _("Promotion organisation"), _("Cluster"), _("City"), _("County"), _("Label"),
                  _("Awarded"), _("Valid until")]
        body = [[e.year, cell_text(e.organisation), cell_text(e.cluster), cell_text(e.city), cell_text(e.county),
                 cell_text(e.label_name), e.awarded.isoformat() if e.awarded else "", cell_text(until_text(e))]
                for e in rows]
    return header, body


def render_csv(header: Sequence[str], body: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the Chinese right)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([cell_text(h) for h in header])
    writer.writerows(body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(header: Sequence[str], body: Sequence[Sequence[Any]], title: str) -> bytes:
    """One sheet; text cells are typed as strings (never formulas), numbers stay numbers."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet1")

    def cell(value: Any) -> WriteOnlyCell:
        if isinstance(value, int) and not isinstance(value, bool):
            return WriteOnlyCell(sheet, value=value)
        result = WriteOnlyCell(sheet, value=cell_text(value))  # idempotent: guarded text stays as it is
        result.data_type = "s"
        return result

    sheet.append([cell(h) for h in header])
    for row in body:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
