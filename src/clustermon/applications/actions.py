"""Everything that changes a call for applications and its applications.

Each action is atomic, takes the acting user as keyword-only `by`, writes its audit event in the
same transaction and raises `ActionRefused` (translated) when a rule refuses it, changing nothing.

The chain (HB-§2): the province creates a call from the scheme's call file and opens it → a county
(or a city) department fills the application form, uploads the materials checklist and submits
before the deadline → the city passes its counties' applications up or returns them → the
province re-reviews, decides the flagged exceptions, assigns experts → experts score the
qualitative conditions → the province builds the recommended list → approves it → announces it →
`recognise` makes every approved applicant a registry cluster that enters the next round.

Review moves use the review app's optimistic concurrency: one conditional UPDATE on
(id, version, status); when someone else moved the application first, `ChangedMeanwhile`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.applications import queries, validation
from clustermon.applications.conditions import Outcome, evaluate
from clustermon.applications.models import (
    Application,
    ApplicationAssignment,
    ApplicationCall,
    ApplicationDecision,
    ApplicationExpertScore,
    ApplicationMaterial,
    ApplicationReview,
    ApplicationStatus,
    CallStatus,
    ConditionResult,
    Judgement,
)
from clustermon.applications.rules import (
    CALL_FILE,
    CallError,
    content_hash,
    load_call_file,
    parse_call,
)
from clustermon.audit.log import record
from clustermon.registry.models import Cluster, County, Park, PromotionOrganisation
from clustermon.review.models import Decision, Level
from clustermon.submissions import evidence as files
from clustermon.submissions.uploads import MB, UploadRefused
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from pathlib import Path

    from clustermon.accounts.models import User
    from clustermon.frameworks.models import Scheme

MAX_REASON = 4000
MAX_FILES_PER_ITEM = 20
S = ApplicationStatus

# The simple moves of a call; deciding and announcing have their own actions.
CALL_MOVES = {CallStatus.DRAFT: CallStatus.OPEN, CallStatus.OPEN: CallStatus.REVIEW,
              CallStatus.REVIEW: CallStatus.EXPERT_REVIEW}
DEADLINE_STATUSES = frozenset({CallStatus.DRAFT, CallStatus.OPEN})
ASSIGN_STATUSES = frozenset({CallStatus.REVIEW, CallStatus.EXPERT_REVIEW})
JUDGE_STATUSES = frozenset({CallStatus.OPEN, CallStatus.REVIEW, CallStatus.EXPERT_REVIEW})
STATUS_OF_LEVEL = {Level.CITY: S.AT_CITY, Level.PROVINCE: S.AT_PROVINCE}
LEVEL_OF_STATUS = {S.AT_CITY: Level.CITY, S.AT_PROVINCE: Level.PROVINCE}
NEXT_STATUS = {S.AT_CITY: S.AT_PROVINCE, S.AT_PROVINCE: S.ACCEPTED}


class ChangedMeanwhile(ActionRefused):
    def __init__(self) -> None:
        super().__init__(_("This application has been changed by someone else; reload it and try again."))


class ApplicationIncomplete(ActionRefused):
    """`submit_application` refused: `.completeness` lists the fields and materials to fix."""

    def __init__(self, completeness: validation.Completeness) -> None:
        super().__init__(_("The application was not submitted: %(n)s problem(s), listed on the page.")
                         % {"n": completeness.count})
        self.completeness = completeness


def _reason(reason: str, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ActionRefused(_("Give a reason."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is limited to %(n)d characters.") % {"n": MAX_REASON})
    return reason


# ------------------------------------------------------------------------------------- calls


def call_file(scheme: Scheme) -> Path:
    from clustermon.scoring.schemes import SCHEMES_DIR

    return SCHEMES_DIR / scheme.code / CALL_FILE


def has_call_file(scheme: Scheme) -> bool:
    return call_file(scheme).is_file()


def default_deadline(document: Mapping[str, Any] | None, year: int) -> dt.date | None:
    """The call file's default last day ("04-30") in `year`."""
    text = (document or {}).get("deadline")
    if not text:
        return None
    month, day = (int(part) for part in str(text).split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_call_file(scheme: Scheme) -> dict[str, Any]:
    """The scheme's call file, validated; ActionRefused listing the first problems otherwise."""
    if not has_call_file(scheme):
        raise ActionRefused(_("The scheme %(scheme)s has no call file (%(file)s).")
                            % {"scheme": scheme.code, "file": CALL_FILE})
    try:
        return load_call_file(call_file(scheme))
    except CallError as exc:
        shown = "; ".join(f"{place}: {message}" for place, message in exc.issues[:5])
        raise ActionRefused(_("The call file is not valid: %(problems)s") % {"problems": shown}) from None


@transaction.atomic
def create_call(scheme: Scheme, year: int, deadline: dt.date, *, by: User, title: str = "",
                document: Mapping[str, Any] | None = None) -> ApplicationCall:
    """A draft call of `scheme` for `year`, its rules copied from the scheme's call file (or `document`)."""
    if not policy.can_manage_scheme(by, scheme):
        raise ActionRefused(_("Only the province administrator of the scheme creates calls."))
    if document is None:
        document = read_call_file(scheme)
    try:
        rules = parse_call(document)
    except CallError as exc:
        shown = "; ".join(f"{place}: {message}" for place, message in exc.issues[:5])
        raise ActionRefused(_("The call file is not valid: %(problems)s") % {"problems": shown}) from None
    if ApplicationCall.objects.filter(scheme=scheme, year=year).exists():
        raise ActionRefused(_("There is already a call of this scheme for %(year)s.") % {"year": year})
    if deadline is None:
        raise ActionRefused(_("Give the deadline."))
    title = (title or "").strip() or _("%(year)s %(name)s") % {"year": year, "name": validation.label(rules.name)}
    call = ApplicationCall.objects.create(
        scheme=scheme, province_id=scheme.province_id, year=year, title=title[:160], deadline=deadline,
        rules=dict(document), rules_hash=content_hash(document), created_by=by)
    record("application_call.create", call, by=by,
           after={"scheme": scheme.code, "year": year, "deadline": deadline.isoformat(), "rules": call.rules_hash})
    return call


def _lock_call(call: ApplicationCall) -> ApplicationCall:
    return ApplicationCall.objects.select_for_update().select_related("scheme").get(pk=call.pk)


def _require_manager(by: User, call: ApplicationCall) -> None:
    if not policy.can_manage_call(by, call):
        raise ActionRefused(_("Only the province administrator manages the call."))


def _require_organiser(by: User, call: ApplicationCall) -> None:
    if not policy.can_organise_call(by, call):
        raise ActionRefused(_("Only the province organises the review of applications."))


def _set_call_status(call: ApplicationCall, to: str, **fields: Any) -> None:
    ApplicationCall.objects.filter(pk=call.pk).update(status=to, version=F("version") + 1, **fields)
    call.status = to
    call.version += 1
    for name, value in fields.items():
        setattr(call, name, value)


def call_blockers(call: ApplicationCall, to: str) -> list[str]:
    """Why the call cannot move to `to` now (empty when it can)."""
    blockers = []
    applications = Application.objects.filter(call=call)
    if to == CallStatus.EXPERT_REVIEW:
        pending = applications.filter(status__in=[S.AT_CITY, S.AT_PROVINCE]).count()
        if pending:
            blockers.append(_("%(n)s application(s) are still waiting for the city's or the province's "
                              "review.") % {"n": pending})
        if not applications.filter(status=S.ACCEPTED).exists():
            blockers.append(_("No application has been accepted by the province."))
    return blockers


def move_call(call: ApplicationCall, to: str, *, by: User, reason: str = "") -> ApplicationCall:
    """Open the call, close it for applications (review), or start the expert review."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_manager(by, current)
        if CALL_MOVES.get(current.status) != to:
            raise ActionRefused(_("The call cannot move from “%(from)s” to “%(to)s”.") % {
                "from": current.get_status_display(), "to": CallStatus(to).label if to in CallStatus.values else to})
        blockers = call_blockers(current, to)
        if blockers:
            raise ActionRefused(" ".join(blockers))
        before = current.status
        _set_call_status(current, to)
        record("application_call.move", current, by=by, reason=_reason(reason, required=False),
               before={"status": before}, after={"status": to})
    call.status, call.version = current.status, current.version
    return call


def set_call_deadline(call: ApplicationCall, deadline: dt.date, *, by: User, reason: str = "") -> ApplicationCall:
    """Move the deadline (while a draft or open); once open, with a reason."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_manager(by, current)
        if current.status not in DEADLINE_STATUSES:
            raise ActionRefused(_("The deadline can be changed only before the call is closed."))
        reason = _reason(reason, required=current.status == CallStatus.OPEN)
        before = current.deadline
        ApplicationCall.objects.filter(pk=current.pk).update(deadline=deadline, version=F("version") + 1)
        record("application_call.deadline", current, by=by, reason=reason,
               before={"deadline": before.isoformat()}, after={"deadline": deadline.isoformat()})
    call.deadline = deadline
    return call


# ------------------------------------------------------------------------------ applications


def _deadline_passed(call: ApplicationCall) -> bool:
    return timezone.localdate() > call.deadline


def _lock(application: Application) -> Application:
    try:
        return (Application.objects.select_for_update(of=("self",))
                .select_related("call__scheme", "city", "county", "park_county").get(pk=application.pk))
    except Application.DoesNotExist:
        raise ActionRefused(_("This application no longer exists.")) from None


def _require_edit(by: User, application: Application) -> None:
    if policy.can_edit_application(by, application):
        return
    if not policy.is_applicant(by, application):
        raise ActionRefused(_("Only the applying department changes its application."))
    if not application.is_with_applicant:
        raise ActionRefused(_("This application is locked: it is %(status)s.")
                            % {"status": application.get_status_display()})
    raise ActionRefused(_("The call does not take changes now (it is %(status)s).")
                        % {"status": application.call.get_status_display()})


def _check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise ChangedMeanwhile()


def _bump(application: Application, **fields: Any) -> None:
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(version=F("version") + 1, updated_at=now, **fields)
    for name, value in fields.items():
        setattr(application, name, value)
    application.version += 1
    application.updated_at = now


def _copy_back(target: Application, source: Application) -> None:
    for name in ("values", "status", "version", "updated_at", "submitted_at", "submitted_by_id", "name",
                 "leading_industry", "core_park_name", "promotion_organisation_name", "park_county_id"):
        setattr(target, name, getattr(source, name))


def _park_county(by: User, park_county: County | None) -> County:
    """The county of the core park: the applicant county itself, or a county of the applicant city."""
    if by.role == Role.COUNTY_REVIEWER:
        return by.county
    if park_county is None or park_county.city_id != by.city_id:
        raise ActionRefused(_("Choose the county of the core park among your city's counties."))
    return park_county


def _profile(data: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for name in validation.PROFILE_FIELDS:
        if name in data:
            out[name] = str(data.get(name) or "").strip()[:validation.PROFILE_MAX[name]]
    return out


def create_application(call: ApplicationCall, *, by: User, name: str, leading_industry: str = "",
                       core_park_name: str = "", promotion_organisation_name: str = "",
                       park_county: County | None = None) -> Application:
    """A new draft application of the user's county (or city) to an open call."""
    if not policy.can_apply(by, call):
        raise ActionRefused(_("This call does not take applications from you now."))
    if _deadline_passed(call):
        raise ActionRefused(_("The application deadline (%(due)s) has passed: no new applications are "
                              "accepted.") % {"due": date_format(call.deadline)})
    profile = _profile({"name": name, "leading_industry": leading_industry, "core_park_name": core_park_name,
                        "promotion_organisation_name": promotion_organisation_name})
    if not profile["name"]:
        raise ActionRefused(_("Give the proposed cluster's name."))
    county = by.county if by.role == Role.COUNTY_REVIEWER else None
    city = county.city if county is not None else by.city
    with transaction.atomic():
        if Application.objects.filter(call=call, name=profile["name"]).exists():
            raise ActionRefused(_("An application named “%(name)s” already exists in this call.")
                                % {"name": profile["name"]})
        application = Application.objects.create(
            call=call, city=city, county=county, park_county=_park_county(by, park_county), created_by=by,
            **profile)
        _evaluate(application)
        record("application.create", application, by=by, after={"call": call.pk, **profile})
    return application


def _evaluate(application: Application) -> list[ConditionResult]:
    """Store the automatic checks of the application's current values (a judgement stays only
    while the outcome and figures it was made on are unchanged)."""
    rules = application.call.parsed
    existing = {r.condition: r for r in ConditionResult.objects.filter(application=application)}
    stored = []
    for outcome in evaluate(rules, application.values or {}):
        data = outcome.to_dict()
        result = existing.pop(outcome.code, None)
        if result is None:
            result = ConditionResult(application=application, condition=outcome.code)
        elif result.outcome != data["outcome"] or result.figures != data["figures"]:
            result.judgement, result.judgement_reason, result.judged_by, result.judged_at = "", "", None, None
        result.outcome, result.reason, result.figures = data["outcome"], data["reason"], data["figures"]
        result.save()
        stored.append(result)
    for stale in existing.values():
        stale.delete()
    return stored


def save_application(application: Application, *, by: User, values: Mapping[str, Any] | None = None,
                     profile: Mapping[str, Any] | None = None, park_county: County | None = None,
                     expected_version: int | None = None) -> validation.Completeness:
    """Store what was typed (partial is fine), re-run the automatic checks, return the draft's problems."""
    with transaction.atomic():
        current = _lock(application)
        _require_edit(by, current)
        _check_version(current, expected_version)
        rules = current.call.parsed
        fields = rules.field_map
        unknown = sorted(set(values or {}) - set(fields))
        if unknown:
            raise ActionRefused(_("Unknown field(s): %(codes)s.") % {"codes": ", ".join(unknown)})
        new_values = dict(current.values or {})
        before, after = {}, {}
        for code, raw in (values or {}).items():
            stored = validation.normalise(fields[code], raw)
            if new_values.get(code, "") != stored:
                before[code], after[code] = new_values.get(code, ""), stored
                if stored == "":
                    new_values.pop(code, None)
                else:
                    new_values[code] = stored
        changes: dict[str, Any] = {}
        for name, text in _profile(profile or {}).items():
            if name == "name" and not text:
                raise ActionRefused(_("Give the proposed cluster's name."))
            if getattr(current, name) != text:
                before[name], after[name] = getattr(current, name), text
                changes[name] = text
        if "name" in changes and Application.objects.filter(call=current.call, name=changes["name"]).exclude(
                pk=current.pk).exists():
            raise ActionRefused(_("An application named “%(name)s” already exists in this call.")
                                % {"name": changes["name"]})
        if park_county is not None and park_county.pk != current.park_county_id:
            county = _park_county(by, park_county)
            before["park_county"], after["park_county"] = current.park_county_id, county.pk
            changes["park_county"] = county
        if before or after:
            _bump(current, values=new_values, **changes)
            _evaluate(current)
            record("application.save", current, by=by, before=before, after=after)
        _copy_back(application, current)
    return validation.check(rules, current.values or {}, complete=False)


def completeness(application: Application) -> validation.Completeness:
    """What `submit_application` checks: required fields, valid values, the profile, required materials."""
    rules = application.call.parsed
    present = set(ApplicationMaterial.objects.filter(application=application).values_list("item", flat=True))
    profile = {name: getattr(application, name) for name in validation.PROFILE_FIELDS}
    return validation.check(rules, application.values or {}, complete=True, profile=profile,
                            present_items=present)


def _resubmit_status(application: Application) -> str:
    if application.status == S.DRAFT:
        return S.AT_CITY if application.county_id else S.AT_PROVINCE
    last = (ApplicationReview.objects.filter(application=application, decision=Decision.RETURN)
            .order_by("-at", "-id").first())
    if last is None:
        return S.AT_CITY if application.county_id else S.AT_PROVINCE
    return STATUS_OF_LEVEL.get(last.level, S.AT_PROVINCE)


def submit_application(application: Application, *, by: User, expected_version: int | None = None) -> Application:
    """Hand the application in: to the city (a county's) or the province (a city's); a returned one
    goes back to the level that returned it. Refused after the deadline for a first submission, and
    while a required field or material is missing. Failing conditions do not block it: they are
    shown to every level and weigh in the province's decision."""
    with transaction.atomic():
        current = _lock(application)
        _require_edit(by, current)
        _check_version(current, expected_version)
        if current.status == S.DRAFT and _deadline_passed(current.call):
            raise ActionRefused(_("The application deadline (%(due)s) has passed: applications can no "
                                  "longer be submitted.") % {"due": date_format(current.call.deadline)})
        report = completeness(current)
        if not report.ok:
            raise ApplicationIncomplete(report)
        before = current.status
        _bump(current, status=_resubmit_status(current), submitted_at=timezone.now(), submitted_by=by)
        _evaluate(current)
        record("application.submit", current, by=by, before={"status": before}, after={"status": current.status})
        _copy_back(application, current)
    return application


# ---------------------------------------------------------------------------------- materials


def _material_rules(call: ApplicationCall, item_types: Iterable[str]) -> files.EvidenceRules:
    """The province's evidence policy (size, types) with the checklist item's own types if it has them."""
    from clustermon.submissions.models import EvidencePolicy

    policy_row = EvidencePolicy.objects.filter(province_id=call.province_id, round__isnull=True).first()
    base = (files.EvidenceRules(policy_row.max_size_mb * MB, tuple(policy_row.allowed_types or files.DEFAULT_ALLOWED))
            if policy_row else files.DEFAULT_RULES)
    types = tuple(t for t in item_types if t in files.TYPES)
    return files.EvidenceRules(base.max_bytes, types or base.allowed)


def material_path(application: Application, checked: files.Checked) -> str:
    return f"evidence/applications/{application.call_id}/{application.pk}/{checked.sha256[:16]}_{checked.name}"


def add_material(application: Application, item: str, upload: IO[bytes], *, by: User,
                 name: str | None = None) -> ApplicationMaterial:
    """Attach a file to a checklist item after checking its size and type (from the content)."""
    original = name if name is not None else getattr(upload, "name", "") or ""
    with transaction.atomic():
        current = _lock(application)
        _require_edit(by, current)
        specs = {m.code: m for m in current.call.parsed.materials}
        if item not in specs:
            raise ActionRefused(_("There is no checklist item %(item)s in this call.") % {"item": item or "—"})
        try:
            checked = files.check(upload, original, _material_rules(current.call, specs[item].types))
        except UploadRefused as exc:
            raise ActionRefused(exc.message) from None
        same_item = ApplicationMaterial.objects.filter(application=current, item=item)
        if same_item.filter(sha256=checked.sha256).exists():
            raise ActionRefused(_("This file is already attached here."))
        if same_item.count() >= MAX_FILES_PER_ITEM:
            raise ActionRefused(_("At most %(n)s files per checklist item.") % {"n": MAX_FILES_PER_ITEM})
        path = material_path(current, checked)
        written = files.write(upload, path)
        try:
            material = ApplicationMaterial.objects.create(
                application=current, item=item, original_name=original[:255], name=checked.name, path=path,
                content_type=checked.type.mime, size=checked.size, sha256=checked.sha256, uploaded_by=by)
            _bump(current)
            record("application.add_material", current, by=by, after={
                "material": material.pk, "item": item, "name": material.name, "sha256": material.sha256,
                "size": material.size})
        except BaseException:
            if written:
                files.delete_file(path)
            raise
        _copy_back(application, current)
    return material


def remove_material(material: ApplicationMaterial, *, by: User) -> None:
    with transaction.atomic():
        current = _lock(material.application)
        _require_edit(by, current)
        path = material.path
        record("application.remove_material", current, by=by, before={
            "material": material.pk, "item": material.item, "name": material.name, "sha256": material.sha256})
        material.delete()
        _bump(current)
        if not ApplicationMaterial.objects.filter(path=path).exists():
            transaction.on_commit(lambda: files.delete_file(path))


# ------------------------------------------------------------------------------------- review


def _scoped(by: User, application: Application) -> Application:
    fresh = policy.applications_for(by).filter(pk=application.pk).first()
    if fresh is None:
        raise ActionRefused(_("This application is not in your scope."))
    return fresh


def _check_may_review(by: User, application: Application, expected_version: int) -> None:
    if application.version != expected_version:
        raise ChangedMeanwhile()
    if policy.can_review_application(by, application):
        return
    if application.status not in LEVEL_OF_STATUS:
        raise ActionRefused(_("This application is not under review (status: %(status)s).")
                            % {"status": application.get_status_display()})
    if application.call.status not in (CallStatus.OPEN, CallStatus.REVIEW):
        raise ActionRefused(_("The call is not in its review phase."))
    raise ActionRefused(_("This application waits for the %(level)s review, not for yours.")
                        % {"level": Level(LEVEL_OF_STATUS[application.status]).label})


def _move(application: Application, *, expected_version: int, to_status: str) -> Application:
    moved = Application.objects.filter(
        pk=application.pk, version=expected_version, status=application.status
    ).update(status=to_status, version=F("version") + 1, updated_at=timezone.now())
    if moved == 0:
        raise ChangedMeanwhile()
    return Application.objects.select_related("call", "city", "county").get(pk=application.pk)


def pass_application(application: Application, *, by: User, expected_version: int) -> ApplicationReview:
    """The city passes a county's application to the province; the province accepts it."""
    with transaction.atomic():
        current = _scoped(by, application)
        _check_may_review(by, current, expected_version)
        level = LEVEL_OF_STATUS[current.status]
        after = _move(current, expected_version=expected_version, to_status=NEXT_STATUS[current.status])
        review = ApplicationReview.objects.create(application=after, level=level, decision=Decision.PASS,
                                                  by=by, version=after.version)
        record("application.pass", after, by=by, before={"status": current.status}, after={"status": after.status})
    return review


def return_application(application: Application, *, by: User, reason: str,
                       expected_version: int) -> ApplicationReview:
    """The level holding the application returns it to the applicant, with a reason."""
    reason = _reason(reason)
    with transaction.atomic():
        current = _scoped(by, application)
        _check_may_review(by, current, expected_version)
        level = LEVEL_OF_STATUS[current.status]
        after = _move(current, expected_version=expected_version, to_status=S.RETURNED)
        review = ApplicationReview.objects.create(application=after, level=level, decision=Decision.RETURN,
                                                  reason=reason, by=by, version=after.version)
        record("application.return", after, by=by, reason=reason, before={"status": current.status},
               after={"status": after.status})
    return review


def judge_condition(application: Application, condition: str, accepted: bool, *, by: User,
                    reason: str) -> ConditionResult:
    """The province decides a "needs judgement" result (e.g. a nationally influential speciality)."""
    reason = _reason(reason)
    with transaction.atomic():
        current = _lock(application)
        _require_organiser(by, current.call)
        if current.status not in (S.AT_PROVINCE, S.ACCEPTED) or current.call.status not in JUDGE_STATUSES:
            raise ActionRefused(_("Exceptions are decided while the province holds the application, "
                                  "before the recommended list."))
        result = ConditionResult.objects.filter(application=current, condition=condition).first()
        if result is None or result.outcome != Outcome.NEEDS_JUDGEMENT:
            raise ActionRefused(_("Condition %(code)s does not need a judgement.") % {"code": condition})
        before = result.judgement
        result.judgement = Judgement.ACCEPTED if accepted else Judgement.REJECTED
        result.judgement_reason, result.judged_by, result.judged_at = reason, by, timezone.now()
        result.save()
        _bump(current)
        record("application.judge", current, by=by, reason=reason, before={condition: before},
               after={condition: result.judgement})
    return result


# ------------------------------------------------------------------------------------ experts


def _require_expert(user: User, call: ApplicationCall) -> None:
    if user.role != Role.EXPERT or user.province_id != call.province_id:
        raise ActionRefused(_("Only experts of the province's pool are assigned."))


def assign_experts(application: Application, experts: Iterable[User], *, by: User) -> list[ApplicationAssignment]:
    """Assign experts to an application the province accepted (adding to those already assigned)."""
    with transaction.atomic():
        current = _lock(application)
        _require_organiser(by, current.call)
        if current.call.status not in ASSIGN_STATUSES:
            raise ActionRefused(_("Experts are assigned after applications close, until the recommended list."))
        if current.status != S.ACCEPTED:
            raise ActionRefused(_("Only applications accepted by the province go to the experts."))
        created = []
        for expert in experts:
            _require_expert(expert, current.call)
            assignment, new = ApplicationAssignment.objects.get_or_create(
                application=current, expert=expert, defaults={"assigned_by": by})
            if new:
                created.append(assignment)
        if created:
            record("application.assign_experts", current, by=by,
                   after={"experts": [a.expert_id for a in created]})
    return created


def assign_panel(call: ApplicationCall, experts: Iterable[User], *, by: User) -> int:
    """The same experts for every accepted application of the call; returns the new assignments."""
    experts = list(experts)
    if not experts:
        raise ActionRefused(_("Choose at least one expert."))
    total = 0
    with transaction.atomic():
        for application in Application.objects.filter(call=call, status=S.ACCEPTED):
            total += len(assign_experts(application, experts, by=by))
    return total


def unassign_expert(assignment: ApplicationAssignment, *, by: User, reason: str) -> None:
    reason = _reason(reason)
    with transaction.atomic():
        application = _lock(assignment.application)
        _require_organiser(by, application.call)
        if assignment.submitted_at is not None:
            raise ActionRefused(_("The expert has submitted scores; the assignment stays."))
        record("application.unassign_expert", application, by=by, reason=reason,
               before={"expert": assignment.expert_id})
        assignment.delete()


def _lock_assignment(assignment: ApplicationAssignment) -> ApplicationAssignment:
    try:
        return (ApplicationAssignment.objects.select_for_update(of=("self",))
                .select_related("application__call", "expert").get(pk=assignment.pk))
    except ApplicationAssignment.DoesNotExist:
        raise ActionRefused(_("This assignment no longer exists.")) from None


def _require_scoring(by: User, assignment: ApplicationAssignment) -> None:
    if assignment.expert_id != by.pk:
        raise ActionRefused(_("Only the assigned expert scores."))
    if assignment.application.call.status != CallStatus.EXPERT_REVIEW:
        raise ActionRefused(_("Experts score while the call is in expert review."))
    if assignment.submitted_at is not None:
        raise ActionRefused(_("Your scores are submitted and can no longer be changed."))


def save_scores(assignment: ApplicationAssignment, entries: Mapping[str, tuple[str, str]], *,
                by: User) -> None:
    """Store the expert's scores (score, comment) per qualitative condition; blank clears one."""
    with transaction.atomic():
        current = _lock_assignment(assignment)
        _require_scoring(by, current)
        leaves = {leaf.code: leaf for leaf in queries.expert_leaves(current.application.call.parsed)}
        existing = {s.condition: s for s in current.scores.all()}
        changed = {}
        for code, (raw, comment) in entries.items():
            if code not in leaves:
                raise ActionRefused(_("There is no expert condition %(code)s in this call.") % {"code": code})
            raw, comment = (raw or "").strip(), (comment or "").strip()[:MAX_REASON]
            row = existing.get(code)
            if not raw:
                if row is not None:
                    row.delete()
                    changed[code] = ""
                continue
            try:
                score = leaves[code].parse(raw)
            except Exception as exc:  # ScoreError: off the scale
                raise ActionRefused(str(exc)) from None
            if row is None:
                ApplicationExpertScore.objects.create(assignment=current, condition=code, score=score,
                                                      comment=comment)
                changed[code] = score
            elif (row.score, row.comment) != (score, comment):
                row.score, row.comment = score, comment
                row.save(update_fields=["score", "comment"])
                changed[code] = score
        if changed:
            record("application.scores_saved", current.application, by=by, after=changed)


def submit_scores(assignment: ApplicationAssignment, *, by: User) -> None:
    with transaction.atomic():
        current = _lock_assignment(assignment)
        _require_scoring(by, current)
        scored = set(current.scores.values_list("condition", flat=True))
        missing = [leaf.code for leaf in queries.expert_leaves(current.application.call.parsed)
                   if leaf.code not in scored]
        if missing:
            raise ActionRefused(_("Score every condition before submitting: %(codes)s.")
                                % {"codes": ", ".join(missing)})
        current.submitted_at = timezone.now()
        current.save(update_fields=["submitted_at"])
        record("application.scores_submitted", current.application, by=by, after={"assignment": current.pk})


# ---------------------------------------------------------------------------------- decisions


def _decision_reason(met: bool, unmet: list, summary: queries.ExpertSummary, rules) -> tuple[bool, str]:  # noqa: ANN001
    from clustermon.applications.conditions import plain

    parts = []
    if not met:
        parts.append(_("conditions not met: %(codes)s") % {"codes": ", ".join(c.code for c in unmet)})
    if summary.mean is None:
        parts.append(_("no expert has submitted scores"))
        expert_ok = False
    else:
        expert_ok = rules.expert.passes(summary.mean)
        words = {"mean": plain(summary.mean), "mark": plain(rules.expert.pass_mark), "n": summary.count}
        if expert_ok:
            parts.append(_("expert mean %(mean)s reaches the pass mark %(mark)s (%(n)s experts)") % words)
        else:
            parts.append(_("expert mean %(mean)s is below the pass mark %(mark)s (%(n)s experts)") % words)
    recommended = met and expert_ok
    if met:
        parts.insert(0, _("all quantitative conditions met"))
    return recommended, "; ".join(parts)


def build_recommendations(call: ApplicationCall, *, by: User) -> list[ApplicationDecision]:
    """The recommended list: an accepted application is recommended when every automatic check
    passed (or its exception was accepted) and the expert mean reaches the call's pass mark.
    A decision the province changed by hand keeps its choice; its figures are refreshed."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_organiser(by, current)
        if current.status != CallStatus.EXPERT_REVIEW:
            raise ActionRefused(_("The recommended list is built during the expert review."))
        rules = current.parsed
        applications = list(Application.objects.filter(call=current, status=S.ACCEPTED)
                            .prefetch_related("condition_results", "assignments__scores"))
        undecided = [a.name for a in applications for r in a.condition_results.all()
                     if r.outcome == Outcome.NEEDS_JUDGEMENT and not r.judgement]
        if undecided:
            raise ActionRefused(_("Decide the flagged exceptions first: %(names)s.") % {"names": "、".join(undecided)})
        existing = {d.application_id: d for d in ApplicationDecision.objects.filter(application__call=current)}
        decisions = []
        for application in applications:
            met, unmet = queries.conditions_met(application, rules)
            summary = queries.expert_summary(rules, application.assignments.all())
            recommended, reason = _decision_reason(met, unmet, summary, rules)
            decision = existing.get(application.pk) or ApplicationDecision(application=application)
            decision.conditions_met, decision.expert_mean, decision.expert_count = met, summary.mean, summary.count
            if not decision.overridden:
                decision.recommended, decision.reason = recommended, reason
            decision.by = by
            decision.save()
            decisions.append(decision)
        record("application_call.recommend", current, by=by,
               after={"recommended": [d.application_id for d in decisions if d.recommended]})
    return decisions


def set_recommendation(application: Application, recommended: bool, *, by: User, reason: str) -> ApplicationDecision:
    """The province changes one application's place on the recommended list, with its reason."""
    reason = _reason(reason)
    with transaction.atomic():
        current = _lock(application)
        _require_organiser(by, current.call)
        if current.call.status != CallStatus.EXPERT_REVIEW:
            raise ActionRefused(_("The recommended list is changed during the expert review."))
        decision = ApplicationDecision.objects.filter(application=current).first()
        if decision is None:
            raise ActionRefused(_("Build the recommended list first."))
        before = decision.recommended
        decision.recommended, decision.reason, decision.overridden, decision.by = recommended, reason, True, by
        decision.save()
        record("application.recommendation", current, by=by, reason=reason,
               before={"recommended": before}, after={"recommended": recommended})
    return decision


def approve(call: ApplicationCall, *, by: User, reason: str = "") -> ApplicationCall:
    """Approve the recommended list (认定): recommended applications are approved, the others not."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_manager(by, current)
        if current.status != CallStatus.EXPERT_REVIEW:
            raise ActionRefused(_("The recommended list is approved at the end of the expert review."))
        accepted = Application.objects.filter(call=current, status=S.ACCEPTED)
        without = accepted.filter(decision__isnull=True).count()
        if without or not accepted.exists():
            raise ActionRefused(_("Build the recommended list first."))
        now = timezone.now()
        decisions = ApplicationDecision.objects.filter(application__call=current)
        decisions.filter(recommended=True).update(approved=True, approved_by=by, approved_at=now)
        decisions.filter(recommended=False).update(approved=False, approved_by=by, approved_at=now)
        _set_call_status(current, CallStatus.DECIDED)
        record("application_call.approve", current, by=by, reason=_reason(reason, required=False),
               before={"status": CallStatus.EXPERT_REVIEW}, after={
                   "status": CallStatus.DECIDED,
                   "approved": list(decisions.filter(approved=True).values_list("application_id", flat=True))})
    call.status, call.version = current.status, current.version
    return call


def announce(call: ApplicationCall, *, by: User, note: str = "") -> ApplicationCall:
    """Publish the approved list to every official of the province (向社会公布)."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_manager(by, current)
        if current.status != CallStatus.DECIDED:
            raise ActionRefused(_("Only an approved list is announced."))
        note = _reason(note, required=False)
        _set_call_status(current, CallStatus.ANNOUNCED, announced_at=timezone.now(), announcement_note=note)
        record("application_call.announce", current, by=by, before={"status": CallStatus.DECIDED},
               after={"status": CallStatus.ANNOUNCED})
    call.status, call.version, call.announced_at = current.status, current.version, current.announced_at
    call.announcement_note = note
    return call


def approved_applications(call: ApplicationCall):  # noqa: ANN201 - QuerySet[Application]
    return (Application.objects.filter(call=call, decision__approved=True)
            .select_related("city", "county", "park_county", "cluster").order_by("city__code", "park_county__code", "name"))


def _cluster_code(call: ApplicationCall, application: Application) -> str:
    base = f"{call.rules.get('target', {}).get('group', 'cluster')}-{call.year}-{application.pk}"[:40]
    code, n = base, 2
    while Cluster.objects.filter(code=code).exists():
        code, n = f"{base[:36]}-{n}", n + 1
    return code


def recognise(call: ApplicationCall, *, by: User) -> list[Cluster]:
    """Each approved application becomes a registry cluster (its core park and promotion organisation
    matched by name in the county or created), recognised in the call's year, in the call's target
    group, so it enters the next assessment round. Idempotent: recognised applications are skipped."""
    with transaction.atomic():
        current = _lock_call(call)
        _require_manager(by, current)
        if current.status != CallStatus.ANNOUNCED:
            raise ActionRefused(_("Applicants are recognised once the list is announced."))
        rules = current.parsed
        created = []
        for application in approved_applications(current).filter(cluster__isnull=True):
            county = application.park_county
            park = (Park.objects.filter(county=county, name=application.core_park_name).first()
                    or Park.objects.create(county=county, name=application.core_park_name))
            organisation = None
            if application.promotion_organisation_name:
                organisation = (PromotionOrganisation.objects.filter(
                    county=county, name=application.promotion_organisation_name).first()
                    or PromotionOrganisation.objects.create(county=county,
                                                            name=application.promotion_organisation_name))
            cluster = Cluster.objects.create(
                code=_cluster_code(current, application), name=application.name, province_id=current.province_id,
                county=county, kind=rules.target_kind, level=rules.target_level, group=rules.target_group,
                leading_industry=application.leading_industry, core_park=park,
                promotion_organisation=organisation, year_recognised=current.year)
            Application.objects.filter(pk=application.pk).update(cluster=cluster)
            record("application.recognise", application, by=by, cluster_id=cluster.pk,
                   after={"cluster": cluster.code, "group": cluster.group, "year_recognised": cluster.year_recognised})
            created.append(cluster)
        ApplicationCall.objects.filter(pk=current.pk).update(recognised_at=timezone.now())
    return created
