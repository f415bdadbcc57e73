"""Call pages: the list, creating a call, one call with its applications, the moves of the call,
the recommended list, approval, the announcement and its exports, recognition."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.applications import actions, exports, queries
from clustermon.applications.forms import ApplyForm, CallCreateForm, DeadlineForm
from clustermon.applications.models import (
    CALL_ORDER,
    Application,
    ApplicationAssignment,
    ApplicationCall,
    ApplicationStatus,
    CallStatus,
)
from clustermon.applications.validation import label
from clustermon.web.errors import ActionRefused


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The calls of the province; an expert's assigned applications; an applicant's own applications."""
    user = request.user
    calls = policy.application_calls_for(user).order_by("-year", "scheme__code")
    assignments = []
    if user.role == Role.EXPERT:
        assignments = list(policy.application_assignments_for(user)
                           .exclude(application__call__status=CallStatus.DRAFT)
                           .order_by("-application__call__year", "application__name"))
    own = []
    if policy.applicant_level_of(user):
        own = list(policy.applications_for(user).order_by("-call__year", "name"))
    return render(request, "applications/index.html", {
        "calls": calls, "assignments": assignments, "own": own,
        "can_create": policy.is_province_admin(user),
    })


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    if not policy.is_province_admin(request.user):
        raise PermissionDenied
    form = CallCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deadline = data["deadline"]
            if deadline is None:
                deadline = actions.default_deadline(actions.read_call_file(data["scheme"]), data["year"])
            call = actions.create_call(data["scheme"], data["year"], deadline, by=request.user, title=data["title"])
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call was created as a draft."))
            return redirect("applications:call", pk=call.pk)
    return render(request, "applications/call_create.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _stepper(call: ApplicationCall) -> list[dict]:
    current = CALL_ORDER.index(CallStatus(call.status))
    return [{"label": s.label, "state": "done" if i < current else "current" if i == current else "todo"}
            for i, s in enumerate(CALL_ORDER)]


def _call_context(request: HttpRequest, call: ApplicationCall) -> dict:
    user = request.user
    rules = call.parsed
    applications = list(
        policy.applications_for(user).filter(call=call)
        .prefetch_related("condition_results", "materials",
                          Prefetch("assignments", queryset=ApplicationAssignment.objects.select_related("expert")))
        .order_by("city__code", "county__code", "name"))
    rows = []
    for application in applications:
        outcomes = Counter(r.outcome for r in application.condition_results.all())
        present = {m.item for m in application.materials.all()}
        missing = [m.code for m in rules.materials if m.required and m.code not in present]
        rows.append({"application": application, "outcomes": outcomes, "missing": len(missing),
                     "experts": [a.expert for a in application.assignments.all()]})
    can_manage = policy.can_manage_call(user, call)
    next_status = actions.CALL_MOVES.get(call.status)
    return {
        "call": call, "rules": rules, "name": label(rules.name), "basis": label(rules.basis),
        "scope_text": label(rules.scope), "stepper": _stepper(call), "rows": rows,
        "can_manage": can_manage, "can_organise": policy.can_organise_call(user, call),
        "next_status": CallStatus(next_status) if next_status and can_manage else None,
        "blockers": actions.call_blockers(call, next_status) if next_status and can_manage else [],
        "can_edit_deadline": can_manage and call.status in actions.DEADLINE_STATUSES,
        "deadline_form": DeadlineForm(initial={"deadline": call.deadline}),
        "can_apply": policy.can_apply(user, call),
        "apply_form": ApplyForm(user=user),
        "deadline_passed": actions._deadline_passed(call),
        "experts": list(policy.experts_for(user)) if policy.can_organise_call(user, call)
        and call.status in actions.ASSIGN_STATUSES else [],
        "accepted": sum(1 for r in rows if r["application"].status == ApplicationStatus.ACCEPTED),
        "can_see_announcement": policy.can_see_announcement(user, call),
        "conditions": queries.condition_rows(rules, []),
    }


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = policy.get_application_call_for(request.user, pk)
    return render(request, "applications/call.html", _call_context(request, call))


def _managed(request: HttpRequest, pk: int) -> ApplicationCall:
    call = policy.get_application_call_for(request.user, pk)
    if not policy.can_manage_call(request.user, call):
        raise PermissionDenied
    return call


def _organised(request: HttpRequest, pk: int) -> ApplicationCall:
    call = policy.get_application_call_for(request.user, pk)
    if not policy.can_organise_call(request.user, call):
        raise PermissionDenied
    return call


def _done(request: HttpRequest, call: ApplicationCall, message: str, target: str = "applications:call"):  # noqa: ANN202
    messages.success(request, message)
    return redirect(target, pk=call.pk)


def _refused(request: HttpRequest, call: ApplicationCall, exc: ActionRefused, target: str = "applications:call"):  # noqa: ANN202
    messages.error(request, exc.message)
    return redirect(target, pk=call.pk)


@require_POST
def call_move(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed(request, pk)
    to = request.POST.get("to", "")
    try:
        actions.move_call(call, to, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        return _refused(request, call, exc)
    return _done(request, call, _("The call is now “%(status)s”.") % {"status": call.get_status_display()})


@require_POST
def call_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed(request, pk)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect("applications:call", pk=call.pk)
    try:
        actions.set_call_deadline(call, form.cleaned_data["deadline"], by=request.user,
                                  reason=form.cleaned_data["reason"])
    except ActionRefused as exc:
        return _refused(request, call, exc)
    return _done(request, call, _("The deadline was saved."))


@require_POST
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A county (or city) department starts an application."""
    call = policy.get_application_call_for(request.user, pk)
    if policy.applicant_level_of(request.user) is None:
        raise PermissionDenied
    form = ApplyForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("applications:call", pk=call.pk)
    data = form.cleaned_data
    try:
        application = actions.create_application(
            call, by=request.user, name=data["name"], leading_industry=data["leading_industry"],
            core_park_name=data["core_park_name"], promotion_organisation_name=data["promotion_organisation_name"],
            park_county=data.get("park_county"))
    except ActionRefused as exc:
        return _refused(request, call, exc)
    messages.success(request, _("The application was created: fill in the form and upload the materials."))
    return redirect("applications:application", pk=application.pk)


@require_POST
def call_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The province assigns the same experts to every accepted application."""
    call = _organised(request, pk)
    experts = list(policy.experts_for(request.user).filter(pk__in=request.POST.getlist("experts")))
    try:
        n = actions.assign_panel(call, experts, by=request.user)
    except ActionRefused as exc:
        return _refused(request, call, exc)
    return _done(request, call, _("%(n)s assignment(s) made.") % {"n": n})


# --------------------------------------------------------------------------- recommended list


def _decision_rows(call: ApplicationCall) -> list[dict]:
    applications = (Application.objects.filter(call=call, status=ApplicationStatus.ACCEPTED)
                    .select_related("city", "county", "park_county", "decision")
                    .prefetch_related("condition_results").order_by("city__code", "county__code", "name"))
    rows = []
    for application in applications:
        decision = getattr(application, "decision", None)
        checks = queries.condition_rows(call.parsed, application.condition_results.all())
        rows.append({"application": application, "decision": decision,
                     "checks": [c for c in checks if c["kind"] == "check"]})
    return rows


@require_GET
def recommended(request: HttpRequest, pk: int) -> HttpResponse:
    call = _organised(request, pk)
    rows = _decision_rows(call)
    return render(request, "applications/recommended.html", {
        "call": call, "rows": rows, "rules": call.parsed,
        "can_build": call.status == CallStatus.EXPERT_REVIEW,
        "can_approve": policy.can_manage_call(request.user, call) and call.status == CallStatus.EXPERT_REVIEW
        and rows and all(r["decision"] for r in rows),
        "built": any(r["decision"] for r in rows),
        "recommended_count": sum(1 for r in rows if r["decision"] and r["decision"].recommended),
    })


@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    call = _organised(request, pk)
    try:
        decisions = actions.build_recommendations(call, by=request.user)
    except ActionRefused as exc:
        return _refused(request, call, exc, "applications:recommended")
    return _done(request, call, _("The recommended list was built: %(n)s of %(total)s recommended.") % {
        "n": sum(1 for d in decisions if d.recommended), "total": len(decisions)}, "applications:recommended")


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed(request, pk)
    try:
        actions.approve(call, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        return _refused(request, call, exc, "applications:recommended")
    return _done(request, call, _("The recommended list is approved."), "applications:announcement")


@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed(request, pk)
    try:
        actions.announce(call, by=request.user, note=request.POST.get("note", ""))
    except ActionRefused as exc:
        return _refused(request, call, exc, "applications:call")
    return _done(request, call, _("The list is announced to every official of the province."),
                 "applications:announcement")


@require_POST
def recognise(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed(request, pk)
    try:
        clusters = actions.recognise(call, by=request.user)
    except ActionRefused as exc:
        return _refused(request, call, exc, "applications:call")
    return _done(request, call, _("%(n)s cluster(s) entered the registry; they take part in the next "
                                  "assessment round.") % {"n": len(clusters)}, "applications:announcement")


# ------------------------------------------------------------------------------- announcement


def _visible_announcement(request: HttpRequest, pk: int) -> ApplicationCall:
    call = policy.get_application_call_for(request.user, pk)
    if not policy.can_see_announcement(request.user, call):
        raise Http404
    return call


@require_GET
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    call = _visible_announcement(request, pk)
    header, rows = exports.announcement_table(call)
    return render(request, "applications/announcement.html", {
        "call": call, "header": header, "rows": rows, "authority": label(call.parsed.authority),
        "can_announce": policy.can_manage_call(request.user, call) and call.status == CallStatus.DECIDED,
        "can_recognise": policy.can_manage_call(request.user, call) and call.status == CallStatus.ANNOUNCED,
        "recognised": Application.objects.filter(call=call, cluster__isnull=False).select_related("cluster")
        if call.status == CallStatus.ANNOUNCED else [],
    })


@require_GET
def announcement_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    call = _visible_announcement(request, pk)
    header, rows = exports.announcement_table(call)
    title = _("%(title)s: list of recognised clusters") % {"title": call.title}
    if fmt == "csv":
        content = exports.as_csv(header, rows)
    elif fmt == "xlsx":
        content = exports.as_xlsx(title, header, rows)
    else:
        subtitle = label(call.parsed.authority)
        if call.announced_at:
            subtitle = f"{subtitle} {call.announced_at:%Y-%m-%d}".strip()
        content = exports.as_docx(title, subtitle, header, rows)
    response = HttpResponse(content, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="announcement-{call.year}-{call.pk}.{fmt}"'
    return response
