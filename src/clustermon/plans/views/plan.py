"""One cluster's plan for one round: what the grade requires, the focus indicators, the expert
diagnosis, the versions with the reviewers' decisions, the upload and review forms, the history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent
from clustermon.audit.queries import actor_text, timeline
from clustermon.plans import actions, documents, queries, rules
from clustermon.plans.forms import PlanForm, ReviewForm
from clustermon.plans.models import Plan, PlanDecision, PlanRequirement, PlanStatus
from clustermon.results.display import grade_name, language_key
from clustermon.web.errors import ActionRefused

PLAN_OBJECTS = ("plans.planrequirement", "plans.plan")


def _versions(request: HttpRequest, requirement: PlanRequirement) -> list[Plan]:
    """The versions the user may see (drafts only for the submitters), newest first."""
    decisions = PlanDecision.objects.select_related("by__province", "by__city", "by__county", "by__cluster")
    versions = list(policy.plans_for(request.user).filter(requirement=requirement).order_by("-version")
                    .select_related(None).prefetch_related(Prefetch("decisions", queryset=decisions)))
    for plan in versions:
        plan.requirement = requirement
        for made in plan.decisions.all():
            made.actor = actor_text(made.by)
        try:
            plan.milestones = rules.parse_milestones(plan.timetable)
        except rules.TimetableError:
            plan.milestones = None
    return versions


def _initial(requirement: PlanRequirement, latest: Plan | None, suggested: list[str]) -> dict[str, Any]:
    if latest is None:
        return {"focus": suggested}
    return {"timetable": latest.timetable, "roadmap": latest.roadmap, "focus": latest.focus, "note": latest.note}


def _page(request: HttpRequest, requirement: PlanRequirement, form: PlanForm | None = None,
          status: int = 200) -> HttpResponse:
    user = request.user
    versions = _versions(request, requirement)
    latest = versions[0] if versions else None
    shares = queries.shares_of(requirement, language_key())
    suggested = rules.suggest_focus(shares)
    can_submit = policy.can_submit_plan(user, requirement)
    if can_submit and form is None:
        form = PlanForm(initial=_initial(requirement, latest, suggested), codes=[s.code for s in shares],
                        accept=documents.rules_for(requirement.round).accept)
    chosen = set(form["focus"].value() or []) if can_submit and form is not None else set(latest.focus if latest else [])
    today = timezone.localdate()
    events = AuditEvent.objects.filter(round_id=requirement.round_id, cluster_id=requirement.cluster_id,
                                       object_type__in=PLAN_OBJECTS)
    context = {
        "requirement": requirement, "round": requirement.round, "cluster": requirement.cluster,
        "grade": grade_name(requirement.grade), "requirement_text": rules.REQUIREMENT_TEXT[requirement.kind],
        "article": rules.ARTICLE_15[requirement.kind], "needs_timetable": rules.requires_timetable(requirement.kind),
        "needs_focus": rules.requires_focus(requirement.kind),
        "days_late": rules.days_late(requirement.due, requirement.first_submitted_on, today),
        "missing": rules.is_missing(requirement.first_submitted_on), "today": today,
        "versions": versions, "latest": latest, "shares": shares, "suggested": set(suggested), "chosen": chosen,
        "diagnoses": list(policy.plan_diagnoses_for(user, requirement)), "show_experts": policy.is_province(user),
        "can_submit": can_submit, "form": form,
        "can_review": latest is not None and policy.can_review_plan(user, latest),
        "review_form": ReviewForm(initial={"status": latest.status if latest else ""}),
        "can_list": policy.can_list_plans(user), "timeline": timeline(events),
        "rules": documents.rules_for(requirement.round) if can_submit else None,
    }
    return render(request, "plans/detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, policy.get_plan_requirement_for(request.user, pk))


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft (action=save) or save and hand it in (action=submit)."""
    user = request.user
    requirement = policy.get_plan_requirement_for(user, pk)
    if user.role != Role.SUBMITTER or user.cluster_id != requirement.cluster_id:
        raise PermissionDenied
    codes = [s.code for s in queries.shares_of(requirement)]
    form = PlanForm(request.POST, request.FILES, codes=codes, accept=documents.rules_for(requirement.round).accept)
    if not form.is_valid():
        return _page(request, requirement, form, status=400)
    data = form.cleaned_data
    try:
        actions.save_plan(requirement, by=user, upload=data["document"], timetable=data["timetable"],
                          roadmap=data["roadmap"], focus=data["focus"] if codes else None, note=data["note"])
    except ActionRefused as refused:
        if policy.can_submit_plan(user, requirement):
            form.add_error(None, refused.message)
            return _page(request, requirement, form, status=400)
        messages.error(request, refused.message)
        return redirect("plans:detail", pk=requirement.pk)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved. Hand it in when it is complete."))
        return redirect("plans:detail", pk=requirement.pk)
    try:
        actions.submit_plan(requirement, by=user)
    except ActionRefused as refused:
        messages.error(request, _("The draft is saved but not handed in: %(problems)s") % {"problems": refused.message})
    else:
        messages.success(request, _("The plan is handed in to the city for review."))
    return redirect("plans:detail", pk=requirement.pk)


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = policy.get_plan_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to pass or to return the plan."))
        return redirect("plans:detail", pk=plan.requirement_id)
    data = form.cleaned_data
    try:
        made = actions.review_plan(plan, data["decision"], data["reason"], by=request.user,
                                   expected_status=data["status"] or None)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        done = {PlanStatus.AT_PROVINCE: _("Passed on to the province."), PlanStatus.ACCEPTED: _("Plan accepted."),
                PlanStatus.RETURNED: _("Returned to the submitters.")}
        messages.success(request, done[plan.status] if made else "")
    return redirect("plans:detail", pk=plan.requirement_id)


@require_GET
def document(request: HttpRequest, pk: int) -> FileResponse:
    plan = policy.get_plan_for(request.user, pk)
    if not plan.path:
        raise Http404
    try:
        handle = documents.open_file(plan)
    except (OSError, documents.UploadRefused):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=plan.name, content_type=plan.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
