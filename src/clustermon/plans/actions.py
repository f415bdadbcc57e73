"""Everything that changes follow-up plans (H-Art.15).

    require_plans  the province requires a plan of every cluster of a published round (the kind
                   from the published grade), due on a date; idempotent
    set_due        the province moves the due date (all of a round's plans, or one cluster's)
    save_plan      the cluster's submitter saves a draft: document, timetable, roadmap, focus
    submit_plan    … and hands it in to the city (a returned plan comes back as a new version)
    review_plan    the city passes it to the province or returns it; the province accepts or
                   returns it. A return needs a reason.

Each action is atomic, takes the acting user as `by`, writes its audit events in the same
transaction and raises `ActionRefused` (changing nothing) when a rule refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.audit.log import record
from clustermon.plans import documents, queries, rules
from clustermon.plans.models import IN_REVIEW, Plan, PlanDecision, PlanRequirement, PlanStatus
from clustermon.results.models import ClusterResult
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.registry.models import Cluster

MAX_TEXT = 20_000
MAX_REASON = 4_000
MAX_FOCUS = 20


# --- helpers ---------------------------------------------------------------------------------------

def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round_.pk)


def _lock_requirement(requirement: PlanRequirement) -> PlanRequirement:
    return (PlanRequirement.objects.select_for_update(of=("self",))
            .select_related("round__scheme", "cluster__county", "result__result_set").get(pk=requirement.pk))


def _require_manager(by: User, round_: Round) -> None:
    if not policy.can_manage_plans(by, round_):
        raise ActionRefused(_("Only the province administrator may do this."))


def _check_due(due: Any) -> dt.date:
    if not isinstance(due, dt.date):
        raise ActionRefused(_("Give the due date of the plans."))
    if due < timezone.localdate():
        raise ActionRefused(_("The due date cannot be in the past."))
    return due


def _ids(requirement: PlanRequirement) -> dict[str, int]:
    return {"round_id": requirement.round_id, "cluster_id": requirement.cluster_id}


# --- the province: require plans, set the due date ----------------------------------------------------

def published_results(round_: Round) -> list[ClusterResult] | None:
    """The rows of the result set in force for the round (None: its results were never published)."""
    from clustermon.results.publication import publication

    published = publication(round_)
    if published is None:
        return None
    return list(ClusterResult.objects.filter(result_set_id=published.result_set_id)
                .select_related("cluster").order_by("cluster__code"))


@dataclass
class Required:
    """What `require_plans` did: requirements created, and those whose published grade changed."""

    created: list[PlanRequirement] = field(default_factory=list)
    regraded: list[PlanRequirement] = field(default_factory=list)


@transaction.atomic
def require_plans(round_: Round, *, by: User, due: dt.date) -> Required:
    """Require of every cluster of the published results the plan its grade calls for (H-Art.15),
    due on `due`. Calling it again creates nothing twice and keeps the due dates (see `set_due`);
    when corrected results were published meanwhile, a changed grade changes the kind."""
    locked = _lock_round(round_)
    _require_manager(by, locked)
    due = _check_due(due)
    results = published_results(locked)
    if results is None:
        raise ActionRefused(_("Plans can be required once the round's results are published."))
    existing = {r.cluster_id: r for r in PlanRequirement.objects.select_for_update().filter(round=locked)}
    done = Required()
    for result in results:
        kind = rules.kind_for_grade(result.grade)
        requirement = existing.get(result.cluster_id)
        if requirement is None:
            requirement = PlanRequirement.objects.create(round=locked, cluster=result.cluster, result=result,
                                                         grade=result.grade, kind=kind, due=due, created_by=by)
            record("plans.required", requirement, by=by,
                   after={"grade": result.grade, "kind": kind.value, "due": due.isoformat()})
            done.created.append(requirement)
        elif requirement.result_id != result.pk:
            before = {"grade": requirement.grade, "kind": requirement.kind}
            requirement.result, requirement.grade, requirement.kind = result, result.grade, kind
            requirement.save(update_fields=["result", "grade", "kind"])
            if before != {"grade": result.grade, "kind": kind.value}:
                record("plans.regraded", requirement, by=by, before=before,
                       after={"grade": result.grade, "kind": kind.value})
                done.regraded.append(requirement)
    return done


@transaction.atomic
def set_due(round_: Round, *, by: User, due: dt.date, reason: str, cluster: Cluster | None = None) -> int:
    """Move the due date of the round's plans (or of one cluster's plan), with a reason.
    Returns how many due dates changed."""
    locked = _lock_round(round_)
    _require_manager(by, locked)
    due = _check_due(due)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Give a reason for changing the due date."))
    requirements = PlanRequirement.objects.select_for_update().filter(round=locked)
    if cluster is not None:
        requirements = requirements.filter(cluster=cluster)
    requirements = list(requirements.order_by("pk"))
    if not requirements:
        raise ActionRefused(_("No plan is required here yet."))
    changed = [r for r in requirements if r.due != due]
    for requirement in changed:
        record("plans.due_set", requirement, by=by, reason=reason[:MAX_REASON],
               before={"due": requirement.due.isoformat()}, after={"due": due.isoformat()})
        requirement.due = due
    PlanRequirement.objects.bulk_update(changed, ["due"])
    return len(changed)


# --- the submitter: save and hand in ----------------------------------------------------------------

def _require_submitter(by: User, requirement: PlanRequirement) -> None:
    if policy.can_submit_plan(by, requirement):
        return
    if by.role != "submitter" or by.cluster_id != requirement.cluster_id:
        raise ActionRefused(_("Only the cluster's own submitters write its plan."))
    raise ActionRefused(_("The plan is with the reviewers (%(status)s); it can be changed only if it is "
                          "returned.") % {"status": requirement.get_status_display()})


def _latest(requirement: PlanRequirement) -> Plan | None:
    return Plan.objects.select_for_update().filter(requirement=requirement).order_by("-version").first()


DOCUMENT_FIELDS = ("original_name", "name", "path", "content_type", "size", "sha256")
TEXT_FIELDS = ("timetable", "roadmap", "note")


def _working(requirement: PlanRequirement, by: User) -> Plan:
    """The draft to write into: the newest version if it is a draft, else a new version (a copy
    of the returned one, document included; the first one with the suggested focus)."""
    latest = _latest(requirement)
    if latest is not None and latest.status == PlanStatus.DRAFT:
        return latest
    plan = Plan(requirement=requirement, version=(latest.version + 1) if latest else 1, status=PlanStatus.DRAFT,
                created_by=by)
    if latest is not None:
        for name in (*DOCUMENT_FIELDS, *TEXT_FIELDS, "focus"):
            setattr(plan, name, getattr(latest, name))
    else:
        plan.focus = rules.suggest_focus(queries.shares_of(requirement))
    plan.save()
    return plan


def _clean_focus(requirement: PlanRequirement, focus: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(str(code).strip() for code in focus if str(code).strip()))
    if len(codes) > MAX_FOCUS:
        raise ActionRefused(_("Choose at most %(n)s focus indicators.") % {"n": MAX_FOCUS})
    known = {leaf.code for leaf in rules.leaves_of(queries.document_of(requirement.result))}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ActionRefused(_("Unknown indicator code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    return codes


@dataclass
class _Written:
    paths: list[str] = field(default_factory=list)

    def discard(self) -> None:
        for path in self.paths:
            documents.delete_file(path)


def _store(plan: Plan, requirement: PlanRequirement, upload: IO[bytes], name: str | None,
           written: _Written) -> dict[str, Any]:
    original = name if name is not None else getattr(upload, "name", "") or ""
    try:
        checked = documents.check(upload, original, requirement.round)
    except documents.UploadRefused as exc:
        raise ActionRefused(exc.message) from None
    path = documents.relative_path(requirement, checked)
    if documents.write(upload, path):
        written.paths.append(path)
    old = plan.path
    plan.original_name, plan.name, plan.path = original[:255], checked.name, path
    plan.content_type, plan.size, plan.sha256 = checked.type.mime, checked.size, checked.sha256
    if old and old != path:
        transaction.on_commit(lambda: _delete_if_unused(old))
    return {"document": checked.name, "sha256": checked.sha256, "size": checked.size}


def _delete_if_unused(path: str) -> None:
    if not Plan.objects.filter(path=path).exists():
        documents.delete_file(path)


def _save(requirement: PlanRequirement, by: User, written: _Written, *, upload: IO[bytes] | None,
          upload_name: str | None, timetable: str | None, roadmap: str | None, focus: Iterable[str] | None,
          note: str | None) -> tuple[PlanRequirement, Plan, dict[str, Any], dict[str, Any]]:
    locked = _lock_requirement(requirement)
    _require_submitter(by, locked)
    plan = _working(locked, by)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in (("timetable", timetable), ("roadmap", roadmap), ("note", note)):
        if value is None:
            continue
        value = value.replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            raise ActionRefused(_("A text is limited to %(n)s characters.") % {"n": MAX_TEXT})
        if value != getattr(plan, name):
            before[name], after[name] = getattr(plan, name), value
            setattr(plan, name, value)
    if focus is not None:
        codes = _clean_focus(locked, focus)
        if codes != plan.focus:
            before["focus"], after["focus"] = plan.focus, codes
            plan.focus = codes
    if upload is not None:
        before["document"] = plan.name or None
        after.update(_store(plan, locked, upload, upload_name, written))
    plan.save()
    if locked.status != PlanStatus.DRAFT:
        before["status"], after["status"] = locked.status, PlanStatus.DRAFT
        locked.status = PlanStatus.DRAFT
        locked.save(update_fields=["status"])
    return locked, plan, before, after


def save_plan(requirement: PlanRequirement, *, by: User, upload: IO[bytes] | None = None,
              upload_name: str | None = None, timetable: str | None = None, roadmap: str | None = None,
              focus: Iterable[str] | None = None, note: str | None = None) -> Plan:
    """Save the submitter's draft: what is given replaces what was there (None keeps it). A
    document is checked like an evidence file (type from the content, size, name)."""
    written = _Written()
    try:
        with transaction.atomic():
            locked, plan, before, after = _save(requirement, by, written, upload=upload, upload_name=upload_name,
                                                timetable=timetable, roadmap=roadmap, focus=focus, note=note)
            if after:
                after["version"] = plan.version
                record("plans.saved", plan, by=by, before=before, after=after, **_ids(locked))
    except BaseException:
        written.discard()
        raise
    requirement.status = PlanStatus.DRAFT
    return plan


def problems_of(requirement: PlanRequirement, plan: Plan) -> list[str]:
    """What keeps a draft from being handed in (empty: it may go)."""
    problems = []
    if not plan.has_document:
        problems.append(_("Upload the plan document."))
    if rules.requires_timetable(requirement.kind):
        try:
            if not rules.parse_milestones(plan.timetable):
                problems.append(_("An improvement plan states its timetable: one milestone per line, "
                                  "starting with its date."))
        except rules.TimetableError as error:
            problems.extend(error.problems)
        if not plan.roadmap.strip():
            problems.append(_("An improvement plan states its roadmap."))
    if (rules.requires_focus(requirement.kind) and not plan.focus
            and rules.leaves_of(queries.document_of(requirement.result))):
        problems.append(_("Choose the indicators the plan addresses."))
    return problems


def submit_plan(requirement: PlanRequirement, *, by: User, upload: IO[bytes] | None = None,
                upload_name: str | None = None, timetable: str | None = None, roadmap: str | None = None,
                focus: Iterable[str] | None = None, note: str | None = None) -> Plan:
    """Save what is given (as `save_plan`) and hand the draft in to the city. Refused, with every
    problem named, without a document; an improvement plan also without dated milestones and a
    roadmap; a cultivation or rectification plan without focus indicators. After the due date
    it is still taken, and counted late."""
    written = _Written()
    try:
        with transaction.atomic():
            locked, plan, _before, changed = _save(requirement, by, written, upload=upload, upload_name=upload_name,
                                                   timetable=timetable, roadmap=roadmap, focus=focus, note=note)
            problems = problems_of(locked, plan)
            if problems:
                raise ActionRefused(" ".join(problems))
            now = timezone.now()
            plan.status, plan.submitted_at, plan.submitted_by = PlanStatus.AT_CITY, now, by
            plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
            locked.status = PlanStatus.AT_CITY
            if locked.first_submitted_at is None:
                locked.first_submitted_at, locked.first_submitted_on = now, timezone.localdate(now)
            locked.save(update_fields=["status", "first_submitted_at", "first_submitted_on"])
            milestones = rules.parse_milestones(plan.timetable) if plan.timetable.strip() else []
            record("plans.submitted", plan, by=by, before={"status": PlanStatus.DRAFT},
                   after={"status": PlanStatus.AT_CITY, "version": plan.version, "document": plan.name,
                          "sha256": plan.sha256, "milestones": len(milestones), "focus": plan.focus,
                          "changed": sorted(set(changed) - {"status"}),
                          "days_late": rules.days_late(locked.due, locked.first_submitted_on,
                                                       locked.first_submitted_on)},
                   **_ids(locked))
    except BaseException:
        written.discard()
        raise
    requirement.status = locked.status
    requirement.first_submitted_at, requirement.first_submitted_on = locked.first_submitted_at, locked.first_submitted_on
    return plan


# --- the city and the province: review -----------------------------------------------------------------

NEXT = {PlanStatus.AT_CITY: PlanStatus.AT_PROVINCE, PlanStatus.AT_PROVINCE: PlanStatus.ACCEPTED}
LEVEL = {PlanStatus.AT_CITY: PlanDecision.Level.CITY, PlanStatus.AT_PROVINCE: PlanDecision.Level.PROVINCE}


def _refusal(plan: Plan) -> str:
    if plan.status not in IN_REVIEW:
        return _("This plan is not waiting for review (%(status)s).") % {"status": plan.get_status_display()}
    return _("This plan is waiting for review at the %(level)s level, not at yours.") % {
        "level": LEVEL[plan.status].label}


@transaction.atomic
def review_plan(plan: Plan, decision: str, reason: str = "", *, by: User,
                expected_status: str | None = None) -> PlanDecision:
    """The city passes the plan to the province, the province accepts it; either returns it to the
    submitters with a reason (their next version goes to the city again). `expected_status` is
    the status the reviewer saw: if it changed meanwhile, nothing happens."""
    if not policy.plans_for(by).filter(pk=plan.pk).exists():
        raise ActionRefused(_("This plan is not in your scope."))
    locked = (Plan.objects.select_for_update(of=("self",))
              .select_related("requirement__cluster__county", "requirement__round").get(pk=plan.pk))
    requirement = _lock_requirement(locked.requirement)
    locked.requirement = requirement
    if expected_status and locked.status != expected_status:
        raise ActionRefused(_("This plan has been changed by someone else; reload it and try again."))
    if not policy.can_review_plan(by, locked):
        raise ActionRefused(_refusal(locked))
    if decision not in PlanDecision.Decision.values:
        raise ActionRefused(_("Choose to pass or to return the plan."))
    reason = (reason or "").strip()
    if decision == PlanDecision.Decision.RETURN and not reason:
        raise ActionRefused(_("A return needs a reason."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is limited to %(n)d characters.") % {"n": MAX_REASON})
    source = PlanStatus(locked.status)
    target = NEXT[source] if decision == PlanDecision.Decision.PASS else PlanStatus.RETURNED
    level = LEVEL[source]
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    requirement.status = target
    requirement.save(update_fields=["status"])
    made = PlanDecision.objects.create(plan=locked, level=level, decision=decision, reason=reason, by=by)
    action = ("plans.returned" if target == PlanStatus.RETURNED
              else "plans.accepted" if target == PlanStatus.ACCEPTED else "plans.passed")
    record(action, locked, by=by, reason=reason, before={"status": source.value},
           after={"status": target.value, "version": locked.version, "level": level.value}, **_ids(requirement))
    plan.status = target
    return made
