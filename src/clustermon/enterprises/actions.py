"""State changes of a submission's enterprise list: add or edit a row, remove one, replace all.

Every action is atomic, takes the acting user as keyword-only `by`, checks the rows, writes the
rows and their audit event, and then puts the totals the framework's `enterprise_data.feeds`
compute into the submission's values through `submissions.actions.save_draft` (which checks and
audits that change itself). Only the cluster's submitter changes the list, while the submission
takes data (the same rule as the data-entry form). Refused actions change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.audit.log import record
from clustermon.enterprises import aggregate, creditcode
from clustermon.enterprises.models import Enterprise, EnterpriseFigure
from clustermon.registry.models import County
from clustermon.submissions import actions as submission_actions
from clustermon.submissions import queries
from clustermon.submissions.models import Submission
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.registry.models import Cluster
    from clustermon.scoring import EnterpriseData
    from clustermon.submissions.validation import Report

MAX_ROWS = 2000
MAX_NAME = 200
PREV = "@prev"


class RowsInvalid(ActionRefused):
    """Refused because of the entries; `.errors` is {row index: {key: message}} (key: credit_code,
    name, county, or a field code, with `@prev` for last year's figure)."""

    def __init__(self, errors: dict[int, dict[str, str]], message: str | None = None) -> None:
        count = sum(len(e) for e in errors.values())
        super().__init__(message or _("Nothing was stored: %(n)s problem(s) in the enterprise list.") % {"n": count})
        self.errors = errors


@dataclass
class Entry:
    """One enterprise as typed or read from a workbook; `county` is a County, a name, or None."""

    credit_code: Any
    name: Any
    county: Any = None
    current: Mapping[str, Any] = field(default_factory=dict)
    previous: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Clean:
    code: str
    name: str
    county: County
    current: dict[str, str]
    previous: dict[str, str]


# ------------------------------------------------------------------------------------ reading


def spec_for(submission: Submission) -> EnterpriseData | None:
    """The enterprise list the round's framework asks of this submission's group, or None."""
    framework = queries.framework_for(submission)
    return framework.enterprise_data if framework is not None else None


def rows_of(figures: Sequence[EnterpriseFigure]) -> list[aggregate.Row]:
    return [aggregate.Row(f.enterprise.credit_code, f.enterprise.name, f.current or {}, f.previous or {})
            for f in figures]


def figures_of(submission: Submission):  # noqa: ANN201 - QuerySet[EnterpriseFigure]
    return (EnterpriseFigure.objects.filter(submission=submission)
            .select_related("enterprise__county").order_by("position", "id"))


# ----------------------------------------------------------------------------------- checking


def _county(raw: Any, cluster: Cluster, counties: Mapping[str, list[County]]) -> tuple[County | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return cluster.county, None
    if isinstance(raw, County):
        if raw.city.province_id != cluster.province_id:
            return None, _("This county is not in the cluster's province.")
        return raw, None
    found = counties.get(str(raw).strip(), [])
    if not found:
        return None, _("Unknown county %(name)s.") % {"name": str(raw).strip()[:40]}
    same_city = [c for c in found if c.city_id == cluster.county.city_id]
    return (same_city or found)[0], None


def _province_counties(cluster: Cluster) -> dict[str, list[County]]:
    out: dict[str, list[County]] = {}
    for county in County.objects.filter(city__province_id=cluster.province_id).select_related("city"):
        out.setdefault(county.name, []).append(county)
    return out


def check_entries(spec: EnterpriseData, entries: Sequence[Entry], cluster: Cluster
                  ) -> tuple[list[Clean], dict[int, dict[str, str]]]:
    """The cleaned entries and every problem, by entry index and key. Pure apart from one query
    (the province's counties, only when a county is given by name)."""
    errors: dict[int, dict[str, str]] = {}
    cleaned: list[Clean] = []
    seen: dict[str, int] = {}
    counties: dict[str, list[County]] | None = None
    for i, entry in enumerate(entries):
        problems: dict[str, str] = {}
        code = creditcode.normalise(entry.credit_code)
        why = creditcode.problem(code) if code else "missing"
        if why is not None:
            problems["credit_code"] = _credit_code_message(why)
        elif code in seen:
            problems["credit_code"] = _("The same enterprise is listed twice (also in entry %(n)s).") % {
                "n": seen[code] + 1}
        else:
            seen[code] = i
        name = " ".join(str(entry.name or "").split())
        if not name:
            problems["name"] = _("Give the enterprise's name.")
        elif len(name) > MAX_NAME:
            problems["name"] = _("Too long: at most %(n)s characters.") % {"n": MAX_NAME}
        if isinstance(entry.county, str) and entry.county.strip() and counties is None:
            counties = _province_counties(cluster)
        county, county_problem = _county(entry.county, cluster, counties or {})
        if county_problem:
            problems["county"] = county_problem
        current: dict[str, str] = {}
        previous: dict[str, str] = {}
        for f in spec.fields:
            for store, source, key in ((current, entry.current, f.code), (previous, entry.previous, f.code + PREV)):
                stored, problem = aggregate.parse_figure(f, source.get(f.code))
                if problem:
                    problems[key] = problem
                elif stored:
                    store[f.code] = stored
        if problems:
            errors[i] = problems
        else:
            cleaned.append(Clean(code, name, county, current, previous))  # type: ignore[arg-type]
    return cleaned, errors


def _credit_code_message(why: str) -> str:
    return {
        "missing": _("Give the unified social credit code (18 characters)."),
        "length": _("A unified social credit code has 18 characters."),
        "character": _("Holds a character a credit code cannot have (I, O, S, V, Z or a sign)."),
        "division": _("Characters 3 to 8 must be the digits of an administrative division."),
        "check": _("The check character does not match: the code is mistyped."),
    }[why]


# ------------------------------------------------------------------------------------ helpers


def _locked(submission: Submission, by: User, expected_version: int | None) -> Submission:
    sub = (Submission.objects.select_for_update(of=("self",))
           .select_related("round__scheme", "cluster__county__city", "cluster__province")
           .get(pk=submission.pk))
    if not policy.can_edit_submission(by, sub):
        raise ActionRefused(submission_actions.refusal(by, sub))
    if expected_version is not None and sub.version != expected_version:
        raise submission_actions.ChangedMeanwhile()
    return sub


def _spec(sub: Submission) -> EnterpriseData:
    spec = spec_for(sub)
    if spec is None:
        raise ActionRefused(_("This round's framework does not ask for an enterprise list."))
    return spec


def _enterprise(sub: Submission, clean: Clean) -> tuple[Enterprise, dict[str, Any]]:
    """The province's enterprise with this code, created or brought up to the listed name and county."""
    enterprise, created = Enterprise.objects.get_or_create(
        province_id=sub.cluster.province_id, credit_code=clean.code,
        defaults={"name": clean.name, "county": clean.county})
    changed: dict[str, Any] = {}
    if not created and (enterprise.name != clean.name or enterprise.county_id != clean.county.pk):
        changed = {"name": enterprise.name, "county": enterprise.county_id}
        enterprise.name, enterprise.county = clean.name, clean.county
        enterprise.save(update_fields=["name", "county"])
    return enterprise, changed


def _state(figure: EnterpriseFigure) -> dict[str, Any]:
    return {"credit_code": figure.enterprise.credit_code, "name": figure.enterprise.name,
            "county": figure.enterprise.county_id, "current": figure.current, "previous": figure.previous}


def _finish(submission: Submission, sub: Submission, spec: EnterpriseData, *, by: User) -> Report:
    """Put the totals into the submission's values (save_draft audits them) and bump its version
    when only the list changed, so concurrent editors and reviewers notice."""
    values = aggregate.totals(spec, rows_of(list(figures_of(sub))))  # no rows: sums cleared, counts 0
    version = sub.version
    report = submission_actions.save_draft(sub, by=by, values=values)
    if sub.version == version:
        now = timezone.now()
        Submission.objects.filter(pk=sub.pk).update(version=F("version") + 1, updated_at=now)
        sub.version += 1
        sub.updated_at = now
    submission.values, submission.version, submission.updated_at = sub.values, sub.version, sub.updated_at
    return report


# ------------------------------------------------------------------------------------ actions


def save_row(submission: Submission, entry: Entry, *, by: User, figure: EnterpriseFigure | None = None,
             expected_version: int | None = None) -> EnterpriseFigure:
    """Add an enterprise to the list, or change `figure` (a row of this submission)."""
    with transaction.atomic():
        sub = _locked(submission, by, expected_version)
        spec = _spec(sub)
        cleaned, errors = check_entries(spec, [entry], sub.cluster)
        if errors:
            raise RowsInvalid(errors, _("Not saved: check the fields marked."))
        clean = cleaned[0]
        others = EnterpriseFigure.objects.filter(submission=sub, enterprise__credit_code=clean.code)
        if figure is not None:
            figure = EnterpriseFigure.objects.select_related("enterprise").get(pk=figure.pk, submission=sub)
            others = others.exclude(pk=figure.pk)
        if others.exists():
            raise RowsInvalid({0: {"credit_code": _("This enterprise is already in the list.")}},
                              _("Not saved: check the fields marked."))
        if figure is None and EnterpriseFigure.objects.filter(submission=sub).count() >= MAX_ROWS:
            raise ActionRefused(_("At most %(n)s enterprises per cluster.") % {"n": MAX_ROWS})
        before = _state(figure) if figure is not None else None
        enterprise, renamed = _enterprise(sub, clean)
        if figure is None:
            last = EnterpriseFigure.objects.filter(submission=sub).aggregate(m=Max("position"))["m"]
            figure = EnterpriseFigure.objects.create(
                submission=sub, enterprise=enterprise, position=(last or 0) + 1, current=clean.current,
                previous=clean.previous, updated_by=by)
        else:
            figure.enterprise, figure.current, figure.previous, figure.updated_by = (
                enterprise, clean.current, clean.previous, by)
            figure.save()
        after = _state(figure)
        if before != after:
            record("enterprises.row_saved", figure, by=by, before=before,
                   after={**after, **({"renamed_from": renamed} if renamed else {})},
                   round_id=sub.round_id, cluster_id=sub.cluster_id)
            _finish(submission, sub, spec, by=by)
    return figure


def remove_row(figure: EnterpriseFigure, *, by: User, expected_version: int | None = None) -> None:
    submission = figure.submission
    with transaction.atomic():
        sub = _locked(submission, by, expected_version)
        spec = _spec(sub)
        row = EnterpriseFigure.objects.select_related("enterprise").get(pk=figure.pk, submission=sub)
        record("enterprises.row_removed", row, by=by, before=_state(row), round_id=sub.round_id,
               cluster_id=sub.cluster_id)
        row.delete()
        _finish(submission, sub, spec, by=by)


def replace_rows(submission: Submission, entries: Sequence[Entry], *, by: User, source: str = "",
                 expected_version: int | None = None) -> int:
    """Replace the whole list (an Excel upload): all entries are checked first and nothing is
    stored unless every one is right (`RowsInvalid` lists the problems). Returns the row count."""
    with transaction.atomic():
        sub = _locked(submission, by, expected_version)
        spec = _spec(sub)
        if len(entries) > MAX_ROWS:
            raise ActionRefused(_("At most %(n)s enterprises per cluster.") % {"n": MAX_ROWS})
        cleaned, errors = check_entries(spec, entries, sub.cluster)
        if errors:
            raise RowsInvalid(errors)
        old = {f.enterprise.credit_code: _state(f) for f in figures_of(sub)}
        EnterpriseFigure.objects.filter(submission=sub).delete()
        new_rows = []
        for position, clean in enumerate(cleaned, start=1):
            enterprise, _renamed = _enterprise(sub, clean)
            new_rows.append(EnterpriseFigure(submission=sub, enterprise=enterprise, position=position,
                                             current=clean.current, previous=clean.previous, updated_by=by))
        EnterpriseFigure.objects.bulk_create(new_rows)
        new = {c.code: {"credit_code": c.code, "name": c.name, "county": c.county.pk, "current": c.current,
                        "previous": c.previous} for c in cleaned}
        removed = sorted(set(old) - set(new))
        changed = {code: state for code, state in new.items() if old.get(code) != state}
        if removed or changed:
            record("enterprises.rows_replaced", sub, by=by, reason=source,
                   before={"rows": len(old), "changed": {c: old[c] for c in changed if c in old},
                           "removed": {c: old[c] for c in removed}},
                   after={"rows": len(new), "changed": changed})
            _finish(submission, sub, spec, by=by)
    return len(cleaned)


def refresh_totals(submission: Submission, *, by: User) -> Report:
    """Write the totals of the current list into the values again (e.g. after a hand edit)."""
    with transaction.atomic():
        sub = _locked(submission, by, None)
        spec = _spec(sub)
        return _finish(submission, sub, spec, by=by)
