"""The assignment of a round: automatic run, the cluster × experts table, overrides, diagnoses."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy
from clustermon.experts import actions, queries
from clustermon.experts.forms import AutoAssignForm
from clustermon.experts.views.common import province_round, require_pool_manager
from clustermon.web.errors import ActionRefused


@require_GET
def assignments(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    context = queries.panel(round_)
    initial = context["last_run"].per_cluster if context["last_run"] else 5
    context.update(round=round_, auto_form=AutoAssignForm(initial={"per_cluster": initial}),
                   assignable=round_.status in actions.ASSIGNABLE_STATUSES)
    return render(request, "experts/assignments.html", context)


@require_POST
def auto_assign(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    form = AutoAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose between 1 and 15 experts per cluster."))
        return redirect("experts:assignments", round_pk=round_.pk)
    try:
        run = actions.auto_assign(round_, form.cleaned_data["per_cluster"], by=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(added)s assignments made.") % {"added": len(run.report["added"])})
        if run.report["shortfalls"]:
            messages.warning(request, _("Not enough eligible experts for: %(clusters)s.") % {
                "clusters": ", ".join(f"{code} (−{n})" for code, n in run.report["shortfalls"].items())})
    return redirect("experts:assignments", round_pk=round_.pk)


@require_POST
def assign(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    cluster = policy.get_cluster_for(request.user, request.POST.get("cluster"))
    expert = policy.get_expert_for(request.user, request.POST.get("expert"))
    try:
        actions.assign(round_, cluster, expert, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Expert assigned."))
    return redirect("experts:assignments", round_pk=round_.pk)


@require_POST
def unassign(request: HttpRequest, pk: int) -> HttpResponse:
    require_pool_manager(request)
    assignment = policy.get_assignment_for(request.user, pk)
    try:
        actions.unassign(assignment, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Expert unassigned."))
    return redirect("experts:assignments", round_pk=assignment.round_id)


@require_GET
def diagnoses(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    items = policy.diagnoses_for(request.user).filter(round=round_).order_by("cluster__code")
    return render(request, "experts/diagnoses.html", {
        "round": round_, "diagnoses": items,
        "clusters": policy.clusters_for(request.user).order_by("code"),
        "experts": policy.experts_for(request.user).order_by("username"),
    })


@require_POST
def diagnosis_assign(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    cluster = policy.get_cluster_for(request.user, request.POST.get("cluster"))
    expert = policy.get_expert_for(request.user, request.POST.get("expert"))
    try:
        actions.assign_diagnosis(round_, cluster, expert, by=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Diagnosis requested."))
    return redirect("experts:diagnoses", round_pk=round_.pk)
