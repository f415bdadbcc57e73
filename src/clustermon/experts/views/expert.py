"""The expert's pages: their clusters, the conflict declaration, scoring, diagnoses."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.experts import actions, queries
from clustermon.experts.forms import ConflictForm, DiagnosisForm, save_posted_scores
from clustermon.experts.models import Assignment, ConflictDeclaration, ConflictKind
from clustermon.experts.spread import rule_label
from clustermon.web.errors import ActionRefused


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The expert's assigned clusters and diagnoses; for the province, the review's entry points."""
    user = request.user
    if policy.can_manage_experts(user):
        rounds = list(policy.rounds_for(user).order_by("-year"))
        conflicts = (ConflictDeclaration.objects.filter(round__in=rounds).exclude(kind=ConflictKind.NONE)
                     .select_related("round", "cluster", "expert")[:10])
        return render(request, "experts/province_index.html", {"rounds": rounds, "conflicts": conflicts})
    if user.role != Role.EXPERT:
        raise Http404
    assignments = queries.with_deadlines(list(policy.assignments_for(user).order_by("-round__year", "cluster__code")))
    diagnoses = policy.diagnoses_for(user).order_by("-round__year", "cluster__code")
    return render(request, "experts/expert_index.html", {"assignments": assignments, "diagnoses": diagnoses})


def _own(request: HttpRequest, pk: int) -> Assignment:
    assignment = policy.get_assignment_for(request.user, pk)
    if assignment.expert_id != request.user.pk:
        raise Http404
    return assignment


@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    """First opening of a cluster: the expert declares any conflict of interest."""
    assignment = _own(request, pk)
    if assignment.opened_at is not None or assignment.submitted_at is not None:
        return redirect("experts:assignment", pk=assignment.pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = actions.declare_conflict(assignment, form.cleaned_data["kind"],
                                                   form.cleaned_data["note"], by=request.user)
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            if declaration.is_conflict:
                messages.info(request, _("Thank you. The assignment is withdrawn and the province is told "
                                         "of your conflict of interest."))
                return redirect("experts:index")
            return redirect("experts:assignment", pk=assignment.pk)
    return render(request, "experts/declare.html", {"assignment": assignment, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page: the cluster read-only with its evidence, one field per qualitative leaf.
    The province sees the same page read-only."""
    assignment = policy.get_assignment_for(request.user, pk)
    is_own = assignment.expert_id == request.user.pk
    if is_own and assignment.opened_at is None and assignment.submitted_at is None:
        return redirect("experts:declare", pk=assignment.pk)
    if request.method == "POST" and not is_own:
        raise Http404
    submission = policy.submissions_for(request.user).filter(
        round_id=assignment.round_id, cluster_id=assignment.cluster_id).first()
    context = queries.dossier(assignment, submission)
    leaves = context["leaves"]
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        done, posted, errors = save_posted_scores(
            request, assignment, leaves, actions, saved=_("Saved. You can come back until the deadline."))
        if done:
            return redirect("experts:assignment", pk=assignment.pk)
    saved = {s.indicator: (s.score, s.comment) for s in assignment.scores.all()}
    values = posted if posted is not None else saved
    context.update(
        assignment=assignment, cluster=assignment.cluster, submission=submission, is_own=is_own,
        deadline=actions.expert_deadline(assignment.round, assignment.cluster),
        editable=is_own and assignment.submitted_at is None
        and assignment.round.status in actions.SCORING_STATUSES,
        fields=[{"leaf": leaf, "score": values.get(leaf.code, ("", ""))[0],
                 "comment": values.get(leaf.code, ("", ""))[1], "error": errors.get(leaf.code)}
                for leaf in leaves],
        rule=rule_label(context["policy"]),
    )
    failed = request.method == "POST"  # a successful POST redirected above
    return render(request, "experts/assignment.html", context, status=400 if failed else 200)


@require_http_methods(["GET", "POST"])
def diagnosis_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert files the diagnosis note; the province reads it."""
    diagnosis = policy.get_diagnosis_for(request.user, pk)
    is_own = diagnosis.expert_id == request.user.pk
    if request.method == "POST" and not is_own:
        raise Http404
    form = DiagnosisForm(request.POST or None, initial={"note": diagnosis.note})
    if request.method == "POST" and form.is_valid():
        try:
            actions.file_diagnosis(diagnosis, form.cleaned_data["note"], by=request.user)
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Diagnosis note filed."))
            return redirect("experts:diagnosis", pk=diagnosis.pk)
    return render(request, "experts/diagnosis.html",
                  {"diagnosis": diagnosis, "cluster": diagnosis.cluster, "form": form, "is_own": is_own},
                  status=400 if request.method == "POST" else 200)
