"""The province's expert pool: list, add, edit, declared affiliations."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.experts import actions
from clustermon.experts.forms import AffiliationForm, ExpertForm, NewExpertForm
from clustermon.experts.models import Affiliation
from clustermon.experts.views.common import require_pool_manager
from clustermon.web.errors import ActionRefused

PROFILE_FIELDS = ("field", "industries", "home_city", "employer", "active", "note")


@require_GET
def pool(request: HttpRequest) -> HttpResponse:
    require_pool_manager(request)
    experts = policy.experts_for(request.user).order_by("username").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("cluster", "park")))
    return render(request, "experts/pool.html", {"experts": experts})


def _profile_data(data: dict) -> dict:
    return {key: data[key] for key in ("name", *PROFILE_FIELDS)}


@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    require_pool_manager(request)
    form = NewExpertForm(request.POST or None, province_id=request.user.province_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert = actions.create_expert(by=request.user, username=data["username"], password=data["password"],
                                           **_profile_data(data))
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Expert added to the pool."))
            return redirect("experts:expert", pk=expert.pk)
    return render(request, "experts/expert_form.html", {"form": form, "expert": None},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_pool_manager(request)
    expert = policy.get_expert_for(request.user, pk)
    profile = getattr(expert, "expert_profile", None)
    initial = {"name": expert.first_name, "active": True}
    if profile is not None:
        initial.update({key: getattr(profile, key) for key in PROFILE_FIELDS})
        initial["industries"] = "、".join(profile.industries)
    form = ExpertForm(request.POST or None, initial=initial, province_id=request.user.province_id)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_expert(expert, by=request.user, **_profile_data(form.cleaned_data))
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Expert saved."))
            return redirect("experts:expert", pk=expert.pk)
    affiliations = expert.affiliations.select_related("cluster", "park")
    return render(request, "experts/expert_form.html", {
        "form": form, "expert": expert, "affiliations": affiliations,
        "affiliation_form": AffiliationForm(province_id=request.user.province_id),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_pool_manager(request)
    expert = policy.get_expert_for(request.user, pk)
    form = AffiliationForm(request.POST, province_id=request.user.province_id)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("experts:expert", pk=expert.pk)
    try:
        actions.add_affiliation(expert, by=request.user, **form.cleaned_data)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Affiliation recorded."))
    return redirect("experts:expert", pk=expert.pk)


@require_POST
def affiliation_remove(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    require_pool_manager(request)
    expert = policy.get_expert_for(request.user, pk)
    affiliation = get_object_or_404(expert.affiliations.select_related("expert"), pk=affiliation_pk)
    try:
        actions.remove_affiliation(affiliation, by=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Affiliation removed."))
    return redirect("experts:expert", pk=expert.pk)
