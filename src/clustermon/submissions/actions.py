"""State changes of a submission: start, save a draft, submit, evidence, claims, workbook import.

Each action is atomic, takes the acting user as keyword-only `by`, writes its audit event in the
same transaction and raises `ActionRefused` (translated) when a rule refuses it, changing nothing.
The web views, the Excel import and the API call these; the checks themselves are the pure
functions of `validation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.audit.log import record
from clustermon.submissions import evidence as files
from clustermon.submissions import excel, queries
from clustermon.submissions.models import Claim, Evidence, Submission, SubmissionStatus
from clustermon.submissions.uploads import UploadRefused
from clustermon.submissions.validation import (
    MAX_EXPLANATION,
    PREV_SUFFIX,
    QUALITATIVE,
    QUANTITATIVE,
    Field,
    Report,
    fields_of,
    is_blank,
    localized,
    normalise,
    validate,
)
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round
    from clustermon.scoring.framework import Framework

MAX_REASON = 4000
MAX_FILES_PER_TARGET = 20


class SubmissionInvalid(ActionRefused):
    """`submit` refused by validation; `.report` holds the messages per field."""

    def __init__(self, report: Report) -> None:
        super().__init__(_("The submission was not handed in: %(n)s problem(s), shown next to the "
                           "fields.") % {"n": report.error_count})
        self.report = report


class ChangedMeanwhile(ActionRefused):
    def __init__(self) -> None:
        super().__init__(_("This submission has been changed by someone else; reload it and try again."))


# ------------------------------------------------------------------------------------- helpers


def _locked(submission: Submission) -> Submission:
    """The submission re-read under a row lock, with what the policy checks need."""
    return (Submission.objects.select_for_update(of=("self",))
            .select_related("round__scheme", "cluster__county__city", "cluster__province")
            .get(pk=submission.pk))


def refusal(by: User, submission: Submission) -> str:
    """Why `by` may not change the submission, in words."""
    from clustermon.review.rules import holder

    if not submission.is_with_submitter:
        return _("This submission is locked: it is %(status)s, held by %(holder)s.") % {
            "status": submission.get_status_display(), "holder": holder(submission)}
    if not policy.submission_takes_data(submission):
        return _("The round does not take data now (it is %(status)s).") % {
            "status": submission.round.get_status_display()}
    return _("Only the cluster's submitter may change this submission.")


def _require_edit(by: User, submission: Submission) -> None:
    if not policy.can_edit_submission(by, submission):
        raise ActionRefused(refusal(by, submission))


def _check_version(submission: Submission, expected_version: int | None) -> None:
    if expected_version is not None and submission.version != expected_version:
        raise ChangedMeanwhile()


def _framework(submission: Submission) -> Framework:
    framework = queries.framework_for(submission)
    if framework is None:
        raise ActionRefused(_("No indicator framework is pinned for this cluster's group in this round."))
    return framework


def _bump(submission: Submission, **fields: Any) -> None:
    """Save the given fields and the next version with one UPDATE; mirror them on the object."""
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(version=F("version") + 1, updated_at=now, **fields)
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.version += 1
    submission.updated_at = now


def _copy_back(target: Submission, source: Submission) -> None:
    for name in ("values", "narratives", "explanations", "version", "status", "updated_at",
                 "submitted_at", "submitted_by_id"):
        setattr(target, name, getattr(source, name))


# --------------------------------------------------------------------------------------- start


def start_submission(round_: Round, cluster: Cluster, *, by: User) -> Submission:
    """The cluster's submission of the round, created (empty draft) on first use."""
    existing = Submission.objects.filter(round=round_, cluster=cluster).first()
    if existing is not None:
        return existing
    if not policy.can_start_submission(by, round_, cluster):
        raise ActionRefused(_("This round does not take submissions now."))
    with transaction.atomic():
        submission, created = Submission.objects.get_or_create(
            round=round_, cluster=cluster, defaults={"group": cluster.group})
        if created:
            record("submission.start", submission, by=by)
    return submission


# --------------------------------------------------------------------------------------- draft


@dataclass
class Changes:
    """New values, narratives and explanations of a submission, and what changed."""

    values: dict[str, Any]
    narratives: dict[str, Any]
    explanations: dict[str, Any]
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, submission: Submission) -> Changes:
        return cls(dict(submission.values or {}), dict(submission.narratives or {}),
                   dict(submission.explanations or {}))

    def set(self, store: str, code: str, new: Any) -> None:
        target = getattr(self, store)
        old = target.get(code, "")
        new = "" if new is None else new
        if old == new:
            return
        key = code if store == "values" else f"{store}:{code}"
        self.before[key], self.after[key] = old, new
        if new == "":
            target.pop(code, None)
        else:
            target[code] = new

    @property
    def changed(self) -> bool:
        return bool(self.after)


def value_field(fields: Mapping[str, Field], code: str) -> Field | None:
    """The field a `values` key names: a leaf code, or `CODE@prev` (last year's figure of a
    quantitative leaf, which growth methods read before falling back to last year's round)."""
    f = fields.get(code)
    if f is None and code.endswith(PREV_SUFFIX):
        base = fields.get(code.removesuffix(PREV_SUFFIX))
        if base is not None and base.kind == QUANTITATIVE:
            return base
    return f


def apply_entries(changes: Changes, fields: Mapping[str, Field], *, values: Mapping[str, Any] | None = None,
                  narratives: Mapping[str, Any] | None = None,
                  explanations: Mapping[str, Any] | None = None) -> None:
    """Merge typed entries into `changes`: an empty entry clears; a value that does not parse is
    kept as typed (validation reports it). ActionRefused for a code the framework does not have."""
    unknown = [c for c in values or {} if value_field(fields, c) is None]
    unknown += [c for c in [*(narratives or {}), *(explanations or {})] if c not in fields]
    if unknown:
        raise ActionRefused(_("Unknown indicator code(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    for code, raw in (values or {}).items():
        f = value_field(fields, code)
        stored, _problem = normalise(f, raw)
        changes.set("narratives" if f.kind == QUALITATIVE else "values", code, stored)
    for code, raw in (narratives or {}).items():
        changes.set("narratives", code, normalise(fields[code], raw)[0])
    for code, raw in (explanations or {}).items():
        text = "" if is_blank(raw) else str(raw).strip()[:MAX_EXPLANATION]
        changes.set("explanations", code, text)


def save_draft(submission: Submission, *, by: User, values: Mapping[str, Any] | None = None,
               narratives: Mapping[str, Any] | None = None, explanations: Mapping[str, Any] | None = None,
               expected_version: int | None = None) -> Report:
    """Store what was typed (partial is fine) and return the draft's validation report.

    Codes not given keep their value; an empty entry clears one. `submission` is updated in place.
    """
    with transaction.atomic():
        sub = _locked(submission)
        _require_edit(by, sub)
        _check_version(sub, expected_version)
        framework = _framework(sub)
        fields = fields_of(framework)
        changes = Changes.of(sub)
        apply_entries(changes, {f.code: f for f in fields}, values=values, narratives=narratives,
                      explanations=explanations)
        if changes.changed:
            _bump(sub, values=changes.values, narratives=changes.narratives, explanations=changes.explanations)
            record("submission.save_draft", sub, by=by, before=changes.before, after=changes.after)
        _copy_back(submission, sub)
    return validate(framework, sub.values, queries.previous_for(sub), narratives=sub.narratives,
                    explanations=sub.explanations, complete=False, fields=fields)


# -------------------------------------------------------------------------------------- submit


def check_complete(submission: Submission, framework: Framework | None = None,
                   previous: Mapping[str, Any] | None = None) -> Report:
    """The full validation `submit` applies, claims included (errors under `claim:<id>`)."""
    framework = framework or _framework(submission)
    previous = queries.previous_for(submission) if previous is None else previous
    report = validate(framework, submission.values or {}, previous, narratives=submission.narratives,
                      explanations=submission.explanations, complete=True)
    items = {("bonus", i.code) for i in framework.bonus.items} | {("deduction", i.code) for i in framework.deduction.items}
    claims = submission.claims.all().prefetch_related("evidence") if submission.pk else []
    for claim in claims:
        key = f"claim:{claim.pk}"
        if (claim.kind, claim.item) not in items:
            report.error(key, "claim", _("Item %(item)s is no longer in the framework; withdraw this claim.")
                         % {"item": claim.item})
        if not claim.evidence.all():
            report.error(key, "claim", _("Attach at least one evidence file to this claim."))
    return report


def submit(submission: Submission, *, by: User, expected_version: int | None = None) -> Submission:
    """Hand the submission in (to the county, or back to the level that returned it).

    Refused with `SubmissionInvalid` (carrying the report) while anything is wrong, including a
    year-over-year warning without an explanation and a claim without evidence; refused after the
    submission deadline unless the cluster or its city has an extension.
    """
    from clustermon.review.rules import resubmit_status

    with transaction.atomic():
        sub = _locked(submission)
        _require_edit(by, sub)
        _check_version(sub, expected_version)
        if sub.status == SubmissionStatus.DRAFT:
            due = queries.submission_deadline(sub.round, sub.cluster)
            if due is not None and timezone.localdate() > due:
                raise ActionRefused(_("The deadline for submission (%(due)s) has passed; ask the province "
                                      "for an extension.") % {"due": date_format(due)})
        report = check_complete(sub)
        if not report.ok:
            raise SubmissionInvalid(report)
        before = sub.status
        _bump(sub, status=resubmit_status(sub), submitted_at=timezone.now(), submitted_by=by)
        record("submission.submit", sub, by=by, before={"status": before}, after={"status": sub.status})
        _copy_back(submission, sub)
    return submission


# ------------------------------------------------------------------------------------ evidence


def add_evidence(submission: Submission, upload: IO[bytes], *, by: User, indicator: str = "",
                 claim: Claim | None = None, name: str | None = None) -> Evidence:
    """Attach a file to an indicator or a claim, after checking its size, type (from the content)
    and name. `name` defaults to the upload's own name."""
    original = name if name is not None else getattr(upload, "name", "") or ""
    with transaction.atomic():
        sub = _locked(submission)
        _require_edit(by, sub)
        if claim is not None:
            if claim.submission_id != sub.pk:
                raise ActionRefused(_("This claim belongs to another submission."))
            indicator = ""
        elif indicator not in {f.code for f in fields_of(_framework(sub))}:
            raise ActionRefused(_("Unknown indicator code(s): %(codes)s.") % {"codes": indicator or "—"})
        try:
            checked = files.check(upload, original, files.rules_for(sub.round))
        except UploadRefused as exc:
            raise ActionRefused(exc.message) from None
        same_target = Evidence.objects.filter(submission=sub, indicator=indicator, claim=claim)
        if same_target.filter(sha256=checked.sha256).exists():
            raise ActionRefused(_("This file is already attached here."))
        if same_target.count() >= MAX_FILES_PER_TARGET:
            raise ActionRefused(_("At most %(n)s files per indicator or claim.") % {"n": MAX_FILES_PER_TARGET})
        path = files.relative_path(sub.round_id, sub.pk, checked)
        written = files.write(upload, path)
        try:
            item = Evidence.objects.create(
                submission=sub, indicator=indicator, claim=claim, original_name=original[:255],
                name=checked.name, path=path, content_type=checked.type.mime, size=checked.size,
                sha256=checked.sha256, uploaded_by=by)
            _bump(sub)
            record("submission.add_evidence", sub, by=by, after={
                "evidence": item.pk, "indicator": indicator, "claim": claim.pk if claim else None,
                "name": item.name, "sha256": item.sha256, "size": item.size})
        except BaseException:
            if written:
                files.delete_file(path)
            raise
        _copy_back(submission, sub)
    return item


def remove_evidence(item: Evidence, *, by: User) -> None:
    with transaction.atomic():
        sub = _locked(item.submission)
        _require_edit(by, sub)
        path = item.path
        record("submission.remove_evidence", sub, by=by, before={
            "evidence": item.pk, "indicator": item.indicator, "claim": item.claim_id, "name": item.name,
            "sha256": item.sha256})
        item.delete()
        _bump(sub)
        if not Evidence.objects.filter(path=path).exists():
            transaction.on_commit(lambda: files.delete_file(path))
        _copy_back(item.submission, sub)


# -------------------------------------------------------------------------------------- claims


def _points(raw: Any, max_points: float) -> Decimal:
    try:
        points = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ActionRefused(_("Points: not a number.")) from None
    if not points.is_finite() or points <= 0:
        raise ActionRefused(_("Points must be greater than 0."))
    limit = Decimal(repr(max_points)) if isinstance(max_points, float) else Decimal(max_points)
    if points > limit:
        raise ActionRefused(_("Points: at most %(max)s for this item.") % {"max": limit})
    if points != points.quantize(Decimal("0.01")):
        raise ActionRefused(_("Points: at most two decimals."))
    return points


def claim(submission: Submission, *, by: User, kind: str, item: str, points: Any, reason: str) -> Claim:
    """Claim a bonus or deduction item of the framework's catalogue, with points and a reason (D8).
    Its evidence is attached with `add_evidence(…, claim=…)`; `submit` requires at least one file."""
    with transaction.atomic():
        sub = _locked(submission)
        _require_edit(by, sub)
        framework = _framework(sub)
        catalogue = {"bonus": framework.bonus, "deduction": framework.deduction}.get(kind)
        if catalogue is None:
            raise ActionRefused(_("Unknown claim kind."))
        entry = next((i for i in catalogue.items if i.code == item), None)
        if entry is None:
            raise ActionRefused(_("Unknown item %(item)s.") % {"item": item})
        value = _points(points, entry.max_points)
        reason = (reason or "").strip()
        if not reason:
            raise ActionRefused(_("Give the reason for the claim."))
        if len(reason) > MAX_REASON:
            raise ActionRefused(_("Too long: at most %(n)s characters.") % {"n": MAX_REASON})
        if sub.claims.filter(kind=kind, item=item).exists():
            raise ActionRefused(_("Item %(item)s is already claimed; withdraw that claim to change it.")
                                % {"item": localized(entry.name)})
        made = Claim.objects.create(submission=sub, kind=kind, item=item, points=value, reason=reason,
                                    claimed_by=by)
        _bump(sub)
        record("submission.claim", sub, by=by, after={"claim": made.pk, "kind": kind, "item": item,
                                                    "points": str(value), "reason": reason})
        _copy_back(submission, sub)
    return made


def withdraw_claim(made: Claim, *, by: User) -> None:
    with transaction.atomic():
        sub = _locked(made.submission)
        _require_edit(by, sub)
        paths = list(made.evidence.values_list("path", flat=True))
        record("submission.withdraw_claim", sub, by=by, before={
            "claim": made.pk, "kind": made.kind, "item": made.item, "points": str(made.points)})
        made.delete()  # its evidence rows go with it (CASCADE)
        _bump(sub)
        orphans = set(paths) - set(Evidence.objects.filter(path__in=paths).values_list("path", flat=True))
        transaction.on_commit(lambda: [files.delete_file(p) for p in orphans])
        _copy_back(made.submission, sub)


# ------------------------------------------------------------------------------ workbook import


@dataclass
class ImportResult:
    """What an import did: nothing when there are errors, else the submissions it changed."""

    errors: list[excel.CellError] = field(default_factory=list)
    warnings: list[excel.CellError] = field(default_factory=list)
    applied: list[tuple[Submission, int]] = field(default_factory=list)  # (submission, cells changed)
    sheets: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    sheet: excel.Sheet
    submission: Submission
    changes: Changes


def import_workbook(upload: IO[bytes], *, round_: Round, by: User) -> ImportResult:
    """Read a filled template and apply every sheet's values in ONE transaction, only when no
    sheet, row or cell anywhere has an error; otherwise change nothing and list the errors.

    Each sheet goes through the same checks as the web form (types, ranges, the framework's rules);
    year-over-year warnings come back as warnings (explanations may be given in the workbook).
    Submissions are created for clusters that have none yet, when the round is open.
    """
    try:
        book = excel.read_workbook(upload)
    except UploadRefused as exc:
        return ImportResult(errors=[excel.CellError("", None, "", exc.message)])
    result = ImportResult(errors=list(book.errors), sheets=len(book.sheets))
    codes = {s.cluster_code for s in book.sheets}
    clusters = {c.code: c for c in policy.clusters_for(by).filter(code__in=codes)}
    frameworks = queries.frameworks_for_round(round_)
    previous = queries.previous_values(round_, [c.pk for c in clusters.values()])
    with transaction.atomic():
        existing = {s.cluster_id: s for s in Submission.objects.select_for_update(of=("self",))
                    .filter(round=round_, cluster__in=list(clusters.values()))}
        plans: list[_Plan] = []
        seen: set[str] = set()
        for sheet in book.sheets:
            plan = _plan_sheet(sheet, round_, by, clusters, existing, frameworks, previous, seen, result)
            if plan is not None:
                plans.append(plan)
        if result.errors:
            return result
        for plan in plans:
            _apply(plan, by, result)
    return result


def _plan_sheet(sheet: excel.Sheet, round_: Round, by: User, clusters: dict[str, Cluster],
                existing: dict[int, Submission], frameworks: dict[str, Framework],
                previous: dict[int, dict], seen: set[str], result: ImportResult) -> _Plan | None:
    def sheet_error(message: str) -> None:
        result.errors.append(excel.CellError(sheet.title, None, "", message))

    if sheet.round_id != round_.pk:
        sheet_error(_("This sheet belongs to another round's template; download this round's template."))
        return None
    cluster = clusters.get(sheet.cluster_code)
    if cluster is None:
        sheet_error(_("Cluster %(code)s does not exist or is not in your area.") % {"code": sheet.cluster_code})
        return None
    if cluster.code in seen:
        sheet_error(_("Cluster %(name)s has more than one sheet.") % {"name": cluster.name})
        return None
    seen.add(cluster.code)
    framework = frameworks.get(cluster.group)
    if framework is None:
        sheet_error(_("No indicator framework is pinned for this cluster's group in this round."))
        return None
    submission = existing.get(cluster.pk) or Submission(round=round_, cluster=cluster, group=cluster.group)
    submission.round, submission.cluster = round_, cluster
    if not policy.can_import_submission(by, submission):
        sheet_error(refusal(by, submission))
        return None
    fields = fields_of(framework)
    by_code = {f.code: f for f in fields}
    changes = Changes.of(submission)
    places: dict[str, tuple[int, str]] = {}
    for row in sheet.rows:
        f = by_code.get(row.code)
        if f is None:
            result.errors.append(excel.CellError(sheet.title, row.number, row.value.ref if row.value else "",
                                                 _("Unknown indicator code %(code)s.") % {"code": row.code}))
            continue
        if row.code in places:
            result.errors.append(excel.CellError(sheet.title, row.number, row.value.ref if row.value else "",
                                                 _("Indicator %(code)s appears twice.") % {"code": row.code}))
            continue
        places[row.code] = (row.number, row.value.ref if row.value else "")
        raw: Any = None
        if row.value is not None:
            raw, problem = excel.cell_to_raw(f, row.value)
            if problem:
                result.errors.append(excel.CellError(sheet.title, row.number, row.value.ref, problem))
                continue
        entries = {"values": {row.code: raw}}
        if row.explanation is not None or f.code in changes.explanations:
            entries["explanations"] = {row.code: None if row.explanation is None else str(row.explanation.value)}
        apply_entries(changes, by_code, **entries)
    report = validate(framework, changes.values, previous.get(cluster.pk), narratives=changes.narratives,
                      explanations=changes.explanations, complete=False, fields=fields)
    for target, messages in ((result.errors, report.errors), (result.warnings, report.warnings)):
        for code, items in messages.items():
            number, ref = places.get(code, (None, ""))
            for m in items:
                text = m.text if number is not None else f"{code}: {m.text}"
                target.append(excel.CellError(sheet.title, number, ref, text))
    return _Plan(sheet, submission, changes)


def _apply(plan: _Plan, by: User, result: ImportResult) -> None:
    sub, changes = plan.submission, plan.changes
    if not changes.changed:
        return
    if sub.pk is None:
        sub.values, sub.narratives, sub.explanations = changes.values, changes.narratives, changes.explanations
        sub.save()
        record("submission.start", sub, by=by)
    else:
        _bump(sub, values=changes.values, narratives=changes.narratives, explanations=changes.explanations)
    record("submission.import", sub, by=by, before=changes.before, after=changes.after,
           reason=_("Imported from sheet %(sheet)s.") % {"sheet": plan.sheet.title})
    result.applied.append((sub, len(changes.after)))


# ----------------------------------------------------------------------------- evidence limits


def set_evidence_policy(province: Any, *, by: User, max_size_mb: int, allowed_types: list[str],
                        round_: Round | None = None) -> Any:
    """Set the province's (or one round's) evidence size and type limits."""
    from clustermon.submissions.models import EvidencePolicy

    if not policy.can_manage_evidence_policy(by) or province.pk != by.province_id:
        raise ActionRefused(_("Only the province administrator sets the evidence limits."))
    unknown = [t for t in allowed_types if t not in files.TYPES]
    if unknown or not allowed_types:
        raise ActionRefused(_("Choose at least one accepted type."))
    if not 1 <= int(max_size_mb) <= 200:
        raise ActionRefused(_("The maximum size must be between 1 and 200 MB."))
    with transaction.atomic():
        current, _created = EvidencePolicy.objects.select_for_update().get_or_create(
            province=province, round=round_, defaults={"allowed_types": list(allowed_types)})
        before = {"max_size_mb": current.max_size_mb, "allowed_types": current.allowed_types}
        current.max_size_mb = int(max_size_mb)
        current.allowed_types = list(allowed_types)
        current.updated_by = by
        current.save()
        record("submission.evidence_policy", current, by=by, before=before,
               after={"max_size_mb": current.max_size_mb, "allowed_types": current.allowed_types},
               round_id=round_.pk if round_ else None)
    return current
