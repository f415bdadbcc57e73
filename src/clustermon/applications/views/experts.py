"""The expert's scoring page for one application (the province reads it, and may withdraw an
assignment not yet submitted)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clustermon import policy
from clustermon.applications import actions, queries, validation
from clustermon.applications.models import CallStatus
from clustermon.experts.forms import save_posted_scores
from clustermon.web.errors import ActionRefused


@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = policy.get_application_assignment_for(request.user, pk)
    is_own = assignment.expert_id == request.user.pk
    if request.method == "POST" and not is_own:
        raise Http404
    application = assignment.application
    rules = application.call.parsed
    leaves = queries.expert_leaves(rules)
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        done, posted, errors = save_posted_scores(request, assignment, leaves, actions, saved=_("Saved."))
        if done:
            return redirect("applications:assignment", pk=assignment.pk)
    saved = {s.condition: (s.score, s.comment) for s in assignment.scores.all()}
    values = posted if posted is not None else saved
    results = list(application.condition_results.all())
    return render(request, "applications/assignment.html", {
        "assignment": assignment, "application": application, "call": application.call, "is_own": is_own,
        "editable": is_own and assignment.submitted_at is None and application.call.status == CallStatus.EXPERT_REVIEW,
        "fields": [{"leaf": leaf, "score": values.get(leaf.code, ("", ""))[0],
                    "comment": values.get(leaf.code, ("", ""))[1], "error": errors.get(leaf.code)}
                   for leaf in leaves],
        "conditions": [c for c in queries.condition_rows(rules, results) if c["kind"] == "check"],
        "values": validation.field_rows(rules, application.values or {}, {}),
        "checklist": queries.checklist(rules, application.materials.all()),
        "total": queries.assignment_total(leaves, {k: v[0] for k, v in values.items()}),
        "pass_mark": rules.expert.pass_mark,
    }, status=400 if request.method == "POST" else 200)


@require_POST
def unassign(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = policy.get_application_assignment_for(request.user, pk)
    if not policy.can_organise_call(request.user, assignment.application.call):
        raise PermissionDenied
    application = assignment.application
    try:
        actions.unassign_expert(assignment, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The assignment was withdrawn."))
    return redirect("applications:application", pk=application.pk)
