"""Round pages: the list, one round with its lifecycle, deadlines, frameworks and timeline.

Everyone in the province reads rounds (drafts only the province); the province administrator acts.
A visible round that the user may not act on answers 403 to its action URLs; an invisible one 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.audit.queries import timeline
from clustermon.rounds import actions, lifecycle
from clustermon.rounds.forms import DeadlinesForm, ExtensionForm, RoundCreateForm, TransitionForm
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus
from clustermon.web.errors import ActionRefused


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = policy.rounds_for(request.user).order_by("-year", "scheme__code")
    return render(request, "rounds/list.html", {
        "rounds": rounds, "can_create": policy.is_province_admin(request.user),
    })


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    if not policy.is_province_admin(request.user):
        raise PermissionDenied
    form = RoundCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = actions.create_round(form.cleaned_data["scheme"], form.cleaned_data["year"],
                                          by=request.user, title=form.cleaned_data["title"])
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The round was created as a draft."))
            return redirect("rounds:detail", pk=round_.pk)
    return render(request, "rounds/create.html", {"form": form})


def _stepper(round_: Round, transitions: list) -> list[dict]:
    """Each status in order with when the round last entered it and whether it is done or current."""
    entered = {t.to_status: t.at for t in transitions}
    current = lifecycle.ORDER.index(RoundStatus(round_.status))
    return [{"status": s, "label": s.label, "at": entered.get(s),
             "state": "done" if i < current else "current" if i == current else "todo"}
            for i, s in enumerate(lifecycle.ORDER)]


def _detail(request: HttpRequest, round_: Round, *, status: int = 200, **forms) -> HttpResponse:  # noqa: ANN003
    user = request.user
    can_manage = policy.can_manage_round(user, round_)
    transitions = list(round_.transitions.select_related("by"))
    deadlines = {d.level: d for d in round_.deadlines.all()}
    order = {g["code"]: i for i, g in enumerate(round_.scheme.groups)}
    pins = sorted(round_.frameworks.select_related("framework_version__created_by"),
                  key=lambda p: (order.get(p.group, len(order)), p.group))
    pinned_groups = {p.group for p in pins}
    lang = "en" if get_language().startswith("en") else "zh"
    context = {
        "round": round_,
        "can_manage": can_manage,
        "stepper": _stepper(round_, transitions),
        "moves": [{"move": m, "blockers": b, "form": forms.get("transition_form")
                   if forms.get("transition_to") == m.target else TransitionForm(initial={"to": m.target})}
                  for m, b in actions.allowed_moves(round_, user)] if can_manage else [],
        "transition_errors": forms["transition_form"].errors.get("__all__", []) if "transition_form" in forms
        else [],
        "deadlines": [(level, label, deadlines.get(level)) for level, label in DeadlineLevel.choices],
        "extensions": list(policy.deadline_extensions_for(user, round_)),
        "pins": [(p, round_.scheme.group_name(p.group, lang)) for p in pins],
        "unpinned": [(g["code"], round_.scheme.group_name(g["code"], lang))
                     for g in round_.scheme.groups if g["code"] not in pinned_groups],
        "can_edit_deadlines": can_manage and round_.status in actions.DEADLINE_STATUSES,
        "deadlines_form": forms.get("deadlines_form") or DeadlinesForm(
            initial_dues={level: d.due for level, d in deadlines.items()}),
        "extension_form": forms.get("extension_form") or ExtensionForm(round_=round_),
        "timeline": timeline(policy.round_events_for(user, round_)),
    }
    return render(request, "rounds/detail.html", context, status=status)


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, policy.get_round_for(request.user, pk))


def _managed_round(request: HttpRequest, pk: int) -> Round:
    round_ = policy.get_round_for(request.user, pk)
    if not policy.can_manage_round(request.user, round_):
        raise PermissionDenied
    return round_


@require_POST
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            actions.transition(round_, form.cleaned_data["to"], by=request.user,
                               reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The round is now “%(status)s”.") % {
                "status": round_.get_status_display()})
            return redirect("rounds:detail", pk=round_.pk)
    return _detail(request, round_, status=400, transition_form=form, transition_to=request.POST.get("to"))


@require_POST
def round_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    form = DeadlinesForm(request.POST)
    if form.is_valid():
        try:
            actions.set_deadlines(round_, form.dues(), by=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The deadlines were saved."))
            return redirect("rounds:detail", pk=round_.pk)
    return _detail(request, round_, status=400, deadlines_form=form)


@require_POST
def round_extend(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    form = ExtensionForm(request.POST, round_=round_)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.extend_deadline(round_, data["level"], data["due"], by=request.user,
                                    reason=data["reason"], city=data["city"], cluster=data["cluster"])
        except ActionRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The deadline was extended."))
            return redirect("rounds:detail", pk=round_.pk)
    return _detail(request, round_, status=400, extension_form=form)
