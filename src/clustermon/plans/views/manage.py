"""The province administrator requires plans of a published round and moves their due date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustermon import policy
from clustermon.plans import actions
from clustermon.plans.forms import DueForm, RequireForm
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused


def _managed(request: HttpRequest, round_id: int) -> Round:
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_manage_plans(request.user, round_):
        raise PermissionDenied
    return round_


def _form_errors(request: HttpRequest, form) -> None:  # noqa: ANN001
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def require(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed(request, round_id)
    form = RequireForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:round", round_id=round_.pk)
    try:
        done = actions.require_plans(round_, by=request.user, due=form.cleaned_data["due"])
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if done.created or done.regraded:
            messages.success(request, _("%(n)s plans required; %(m)s changed after corrected results.")
                             % {"n": len(done.created), "m": len(done.regraded)})
        else:
            messages.info(request, _("Every cluster of the published results already has its plan required."))
    return redirect("plans:round", round_id=round_.pk)


@require_POST
def due(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed(request, round_id)
    clusters = policy.plan_requirements_for(request.user).filter(round=round_).values_list("cluster_id", "cluster__name")
    form = DueForm(request.POST, clusters=list(clusters))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:round", round_id=round_.pk)
    cluster = None
    if form.cleaned_data["cluster"]:
        cluster = policy.get_cluster_for(request.user, form.cleaned_data["cluster"])
    try:
        changed = actions.set_due(round_, by=request.user, due=form.cleaned_data["due"],
                                  reason=form.cleaned_data["reason"], cluster=cluster)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Due date moved for %(n)s plans.") % {"n": changed})
    return redirect("plans:round", round_id=round_.pk)
