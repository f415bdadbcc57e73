"""The data summary table of a round (数据汇总表): one row per cluster, the enterprise totals.

For each enterprise field: this year's total, last year's, the increase and the growth rate,
summed from the clusters' enterprise lists. One workbook for a city (its clusters and a total
row), or for the whole province (the clusters city by city, a subtotal per city and a total).
Frozen header, number formats, column widths; text is written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from clustermon.enterprises import aggregate
from clustermon.enterprises.excel import text_cell
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.submissions import queries
from clustermon.submissions.excel import SHEET_TITLE_MAX
from clustermon.submissions.models import Submission
from clustermon.submissions.validation import localized

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round
    from clustermon.scoring import EnterpriseField

HEAD_FILL = PatternFill("solid", fgColor="EEF2F6")
TOTAL_FILL = PatternFill("solid", fgColor="F6F8FA")
THIN = Side(style="thin", color="B0B7C3")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIXED = ("no", "city", "county", "cluster", "status", "enterprises", "missing")
WIDTHS = {"no": 6, "city": 12, "county": 12, "cluster": 34, "status": 14, "enterprises": 9, "missing": 10}


@dataclass
class ClusterLine:
    cluster: Cluster
    status: str
    enterprises: int
    missing: int  # enterprises lacking a figure of either year
    current: dict[str, Decimal | None] = field(default_factory=dict)
    previous: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass
class Summary:
    round: Round
    fields: list[EnterpriseField]
    lines: list[ClusterLine]


def fields_of_round(round_: Round) -> list[EnterpriseField]:
    """The enterprise fields of every group's framework, first definition of a code wins."""
    seen: dict[str, EnterpriseField] = {}
    for framework in queries.frameworks_for_round(round_).values():
        spec = framework.enterprise_data
        for f in spec.fields if spec is not None else ():
            seen.setdefault(f.code, f)
    return list(seen.values())


def gather(round_: Round, clusters: QuerySet[Cluster]) -> Summary:
    """The lines of the clusters (already scoped) that have a submission in the round; three queries."""
    fields = fields_of_round(round_)
    subs = list(Submission.objects.filter(round=round_, cluster__in=clusters)
                .select_related("cluster__county__city")
                .order_by("cluster__county__city__code", "cluster__county__code", "cluster__code"))
    rows: dict[int, list[aggregate.Row]] = defaultdict(list)
    figures = (EnterpriseFigure.objects.filter(submission__in=[s.pk for s in subs]).order_by("position", "id")
               .values_list("submission_id", "enterprise__credit_code", "enterprise__name", "current", "previous"))
    for sid, code, name, current, previous in figures:
        rows[sid].append(aggregate.Row(code, name, current or {}, previous or {}))
    lines = []
    for sub in subs:
        listed = rows.get(sub.pk, [])
        line = ClusterLine(sub.cluster, sub.get_status_display(), len(listed), 0)
        for f in fields:
            now = [r.figure(f.code) for r in listed]
            before = [r.figure(f.code, True) for r in listed]
            line.missing = max(line.missing, sum(a is None or b is None for a, b in zip(now, before, strict=True)))
            line.current[f.code] = _total(now)
            line.previous[f.code] = _total(before)
        lines.append(line)
    return Summary(round_, fields, lines)


def _total(xs: Sequence[Decimal | None]) -> Decimal | None:
    if not xs or any(x is None for x in xs):
        return None
    return sum(xs, Decimal(0))  # type: ignore[arg-type]


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


# --------------------------------------------------------------------------------- the workbook


def _headers(fields: Sequence[EnterpriseField]) -> list[tuple[str, str]]:
    """(key, header) of every column."""
    out = [("no", _("No.")), ("city", _("City")), ("county", _("County")), ("cluster", _("Cluster")),
           ("status", _("Status")), ("enterprises", _("Enterprises listed")), ("missing", _("Incomplete rows"))]
    for f in fields:
        unit = f"（{f.unit}）" if f.unit else ""
        name = localized(f.name)
        out += [(f"{f.code}:current", _("%(field)s%(unit)s this year") % {"field": name, "unit": unit}),
                (f"{f.code}:previous", _("%(field)s%(unit)s last year") % {"field": name, "unit": unit}),
                (f"{f.code}:increase", _("%(field)s%(unit)s increase") % {"field": name, "unit": unit}),
                (f"{f.code}:rate", _("%(field)s growth") % {"field": name})]
    return out


def build_summary(summary: Summary, *, title: str, by_city: bool) -> bytes:
    """The .xlsx bytes; `by_city` adds a subtotal row after each city's clusters."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:SHEET_TITLE_MAX]
    headers = _headers(summary.fields)
    width = len(headers)
    text_cell(ws.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    text_cell(ws.cell(row=2, column=1), _("%(round)s · generated %(date)s · amounts as the fields' units say") % {
        "round": summary.round.title, "date": date_format(timezone.localdate())})
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header_row = 3
    for i, (key, text) in enumerate(headers, start=1):
        cell = text_cell(ws.cell(row=header_row, column=i), text)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 15 if key.endswith(":rate") else 17)
    ws.row_dimensions[header_row].height = 45
    ws.freeze_panes = ws.cell(row=header_row + 1, column=FIXED.index("cluster") + 2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{header_row}"

    row = header_row + 1
    city_lines: list[ClusterLine] = []
    for i, line in enumerate(summary.lines):
        _line(ws, row, headers, summary.fields, line, i + 1)
        row += 1
        city_lines.append(line)
        last_of_city = i + 1 == len(summary.lines) or summary.lines[i + 1].cluster.county.city_id != line.cluster.county.city_id
        if by_city and last_of_city:
            _total_row(ws, row, headers, summary.fields, city_lines,
                       _("%(city)s subtotal") % {"city": line.cluster.county.city.name})
            row += 1
            city_lines = []
    _total_row(ws, row, headers, summary.fields, summary.lines, pgettext("sum row", "Total"))
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _number(cell: Any, value: Decimal | None, integer: bool) -> None:
    cell.value = None if value is None else (int(value) if integer and value == value.to_integral_value() else float(value))
    cell.number_format = "#,##0" if integer else "#,##0.00"


def _fill_figures(ws: Any, row: int, headers: list[tuple[str, str]], fields: Sequence[EnterpriseField],
                  current: dict[str, Decimal | None], previous: dict[str, Decimal | None]) -> None:
    column = {key: i for i, (key, _text) in enumerate(headers, start=1)}
    for f in fields:
        now, before = current.get(f.code), previous.get(f.code)
        increase = now - before if now is not None and before is not None else None
        _number(ws.cell(row=row, column=column[f"{f.code}:current"]), now, f.integer)
        _number(ws.cell(row=row, column=column[f"{f.code}:previous"]), before, f.integer)
        _number(ws.cell(row=row, column=column[f"{f.code}:increase"]), increase, f.integer)
        rate = ws.cell(row=row, column=column[f"{f.code}:rate"])
        rate.value = float(increase / abs(before)) if increase is not None and before else None
        rate.number_format = "0.0%"


def _line(ws: Any, row: int, headers: list[tuple[str, str]], fields: Sequence[EnterpriseField],
          line: ClusterLine, number: int) -> None:
    cluster = line.cluster
    ws.cell(row=row, column=1, value=number)
    for col, value in ((2, cluster.county.city.name), (3, cluster.county.name), (4, cluster.name), (5, line.status)):
        text_cell(ws.cell(row=row, column=col), value)
    ws.cell(row=row, column=6, value=line.enterprises)
    ws.cell(row=row, column=7, value=line.missing)
    _fill_figures(ws, row, headers, fields, line.current, line.previous)
    for col in range(1, len(headers) + 1):
        ws.cell(row=row, column=col).border = BORDER


def _total_row(ws: Any, row: int, headers: list[tuple[str, str]], fields: Sequence[EnterpriseField],
               lines: Sequence[ClusterLine], label: str) -> None:
    text_cell(ws.cell(row=row, column=4), label).font = Font(bold=True)
    ws.cell(row=row, column=6, value=sum(line.enterprises for line in lines))
    ws.cell(row=row, column=7, value=sum(line.missing for line in lines))
    # A cluster counts in a field's total when both years are complete, so the increase is like for like.
    current: dict[str, Decimal | None] = {}
    previous: dict[str, Decimal | None] = {}
    for f in fields:
        pairs = [(line.current[f.code], line.previous[f.code]) for line in lines
                 if line.current[f.code] is not None and line.previous[f.code] is not None]
        current[f.code] = _sum(c for c, _p in pairs)
        previous[f.code] = _sum(p for _c, p in pairs)
    _fill_figures(ws, row, headers, fields, current, previous)
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=row, column=col)
        cell.fill = TOTAL_FILL
        cell.border = BORDER
        cell.font = Font(bold=True)
