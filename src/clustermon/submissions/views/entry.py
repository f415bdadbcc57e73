"""The data-entry page of a submission, generated from the framework its round pins for the group.

Values with units, narratives for qualitative indicators, evidence per indicator, explanations
for year-over-year warnings, inline messages next to each field; "save draft" and "submit".
Everyone who may see the submission sees the page; only its submitter edits it, while it is with
them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.registry.models import Cluster
from clustermon.submissions import actions, queries
from clustermon.submissions import evidence as files
from clustermon.submissions.models import Evidence, Submission
from clustermon.submissions.validation import (
    QUALITATIVE,
    Field,
    Report,
    display,
    fields_of,
    localized,
    range_hint,
    validate,
)
from clustermon.web.errors import ActionRefused


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's rounds: a submitter's own submission per round; reviewers' templates and reports."""
    user = request.user
    rounds = list(policy.rounds_for(user).order_by("-year"))
    own: dict[int, Submission] = {}
    cluster = None
    if user.role == Role.SUBMITTER and user.cluster_id:
        cluster = policy.clusters_for(user).filter(pk=user.cluster_id).first()
        own = {s.round_id: s for s in policy.submissions_for(user).filter(cluster_id=user.cluster_id)}
    rows = [{"round": r, "submission": own.get(r.pk),
             "can_start": cluster is not None and policy.can_start_submission(user, r, cluster)}
            for r in rounds]
    context = {
        "rows": rows, "cluster": cluster,
        "reviewer": policy.review_level(user) is not None,
        "area": _area(user),
        "can_manage_policy": policy.can_manage_evidence_policy(user),
    }
    return render(request, "submissions/index.html", context)


def _area(user: Any) -> dict[str, Any] | None:
    """The county or city whose template a reviewer downloads."""
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return {"scope": "county", "pk": user.county_id, "name": user.county.name}
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return {"scope": "city", "pk": user.city_id, "name": user.city.name}
    return None


@require_POST
def start(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = policy.get_round_for(request.user, round_id)
    cluster: Cluster = policy.get_cluster_for(request.user, request.user.cluster_id)
    try:
        submission = actions.start_submission(round_, cluster, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("submissions:index")
    return redirect("submissions:entry", submission.pk)


# ---------------------------------------------------------------------------------- the page


def _posted(request: HttpRequest, fields: list[Field]) -> dict[str, dict[str, Any]]:
    """Values, narratives and explanations as posted (only the keys present in the form)."""
    values, narratives, explanations = {}, {}, {}
    for f in fields:
        if f"v-{f.code}" in request.POST:
            target = narratives if f.kind == QUALITATIVE else values
            target[f.code] = request.POST[f"v-{f.code}"]
        if f"x-{f.code}" in request.POST:
            explanations[f.code] = request.POST[f"x-{f.code}"]
    return {"values": values, "narratives": narratives, "explanations": explanations}


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    submission = policy.get_submission_for(request.user, pk)
    if request.method == "GET":
        return _render(request, submission)
    if not policy.can_edit_submission(request.user, submission):
        messages.error(request, actions.refusal(request.user, submission))
        return redirect("submissions:entry", pk)
    framework = queries.framework_for(submission)
    if framework is None:
        raise Http404
    fields = fields_of(framework)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        actions.save_draft(submission, by=request.user, expected_version=version, **_posted(request, fields))
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("submissions:entry", pk)
    _uploads_and_removals(request, submission, {f.code for f in fields})
    if request.POST.get("action") == "submit":
        try:
            actions.submit(submission, by=request.user)
        except actions.SubmissionInvalid as exc:
            messages.error(request, exc.message)
            return _render(request, submission, report=exc.report, status=200)
        except ActionRefused as exc:
            messages.error(request, exc.message)
            return redirect("submissions:entry", pk)
        messages.success(request, _("Submitted. It is now with %(holder)s.") % {"holder": _holder(submission)})
        return redirect("submissions:entry", pk)
    messages.success(request, _("Draft saved."))
    return redirect("submissions:entry", pk)


def _uploads_and_removals(request: HttpRequest, submission: Submission, codes: set[str]) -> None:
    for eid in request.POST.getlist("remove"):
        item = policy.evidence_for(request.user).filter(pk=eid if eid.isdigit() else 0,
                                                        submission=submission).select_related("submission").first()
        if item is None:
            continue
        try:
            actions.remove_evidence(item, by=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
    for key in request.FILES:
        code = key.removeprefix("f-")
        if not key.startswith("f-") or code not in codes:
            continue
        for upload in request.FILES.getlist(key):
            try:
                actions.add_evidence(submission, upload, by=request.user, indicator=code)
            except ActionRefused as exc:
                messages.error(request, _("%(name)s was not attached: %(reason)s") % {
                    "name": upload.name, "reason": exc.message})


def _holder(submission: Submission) -> str:
    from clustermon.review.rules import holder

    return holder(submission)


def _standing(submission: Submission) -> dict[str, Any]:
    """Status, holder and the latest return with its comments (the review app's `_standing.html`)."""
    from clustermon.review import queries as review_queries

    decision = review_queries.last_return(submission)
    comments = review_queries.open_comments(submission, decision) if decision is not None else {}
    return {"submission": submission, "holder": _holder(submission), "last_return": decision,
            "comments": comments}


def _render(request: HttpRequest, submission: Submission, *, report: Report | None = None,
            status: int = 200) -> HttpResponse:
    framework = queries.framework_for(submission)
    editable = policy.can_edit_submission(request.user, submission)
    standing = _standing(submission)
    if framework is None:
        return render(request, "submissions/entry.html", {
            "submission": submission, "standing": standing, "no_framework": True}, status=status)
    fields = fields_of(framework)
    previous = queries.previous_for(submission)
    if report is None:
        report = validate(framework, submission.values or {}, previous, narratives=submission.narratives,
                          explanations=submission.explanations, complete=False, fields=fields)
    evidence = list(submission.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"))
    by_indicator: dict[str, list[Evidence]] = defaultdict(list)
    by_claim: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if item.claim_id:
            by_claim[item.claim_id].append(item)
        else:
            by_indicator[item.indicator].append(item)
    rules = files.rules_for(submission.round)
    context = {
        "submission": submission,
        "round": submission.round,
        "standing": standing,
        "editable": editable,
        "sections": _sections(fields, submission, previous, report, by_indicator, standing["comments"]),
        "report": report,
        "other_errors": {k: v for k, v in report.errors.items() if k.startswith("claim:")},
        "claims": _claims(submission, framework, report, by_claim),
        "catalogue": _catalogue(framework),
        "rules": rules,
        "deadline": queries.submission_deadline(submission.round, submission.cluster),
        "can_import": policy.can_import_submission(request.user, submission),
    }
    return render(request, "submissions/entry.html", context, status=status)


def _sections(fields: list[Field], submission: Submission, previous: dict, report: Report,
              evidence: dict[str, list[Evidence]], comments: dict[str, list[str]]) -> list[dict]:
    """Parts → first-level headings → rows, in the framework's order."""
    sections: list[dict] = []
    for f in fields:
        part = localized(f.part)
        if not sections or sections[-1]["name"] != part:
            sections.append({"name": part, "groups": []})
        heading = localized(f.heading) if f.heading else ""
        groups = sections[-1]["groups"]
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "rows": []})
        store = submission.narratives if f.kind == QUALITATIVE else submission.values
        current = (store or {}).get(f.code, "")
        groups[-1]["rows"].append({
            "field": f, "code": f.code, "name": localized(f.name), "unit": f.unit,
            "definition": localized(f.definition), "source": localized(f.source),
            "accepts": range_hint(f), "value": current, "shown": display(f, current),
            "previous": display(f, previous.get(f.code)),
            "errors": [m.text for m in report.errors.get(f.code, [])],
            "warnings": [m.text for m in report.warnings.get(f.code, [])],
            "explanation": (submission.explanations or {}).get(f.code, ""),
            "evidence": evidence.get(f.code, []),
            "comments": comments.get(f.code, []),
        })
    return sections


def _catalogue(framework: Any) -> list[dict]:
    out = []
    for kind, catalogue in (("bonus", framework.bonus), ("deduction", framework.deduction)):
        for item in catalogue.items:
            out.append({"key": f"{kind}:{item.code}", "kind": kind, "code": item.code,
                        "name": localized(item.name), "max_points": item.max_points,
                        "description": localized(item.description)})
    return out


def _claims(submission: Submission, framework: Any, report: Report,
            evidence: dict[int, list[Evidence]]) -> list[dict]:
    names = {(c["kind"], c["code"]): c["name"] for c in _catalogue(framework)}
    return [{"claim": c, "name": names.get((c.kind, c.item), c.item), "evidence": evidence.get(c.pk, []),
             "errors": [m.text for m in report.errors.get(f"claim:{c.pk}", [])]}
            for c in submission.claims.all()]


# ------------------------------------------------------------------------------------ claims


@require_POST
def add_claim(request: HttpRequest, pk: int) -> HttpResponse:
    submission = policy.get_submission_for(request.user, pk)
    kind, _sep, item = request.POST.get("item", "").partition(":")
    try:
        made = actions.claim(submission, by=request.user, kind=kind, item=item,
                             points=request.POST.get("points", ""), reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("submissions:entry", pk)
    for upload in request.FILES.getlist("file"):
        try:
            actions.add_evidence(submission, upload, by=request.user, claim=made)
        except ActionRefused as exc:
            messages.error(request, _("%(name)s was not attached: %(reason)s") % {
                "name": upload.name, "reason": exc.message})
    messages.success(request, _("Claim recorded."))
    return redirect(f"{_entry_url(pk)}#claims")


def _entry_url(pk: int) -> str:
    return reverse("submissions:entry", args=[pk])


def _claim_for(request: HttpRequest, pk: int, claim_id: int) -> tuple[Submission, Any]:
    submission = policy.get_submission_for(request.user, pk)
    made = submission.claims.filter(pk=claim_id).first()
    if made is None:
        raise Http404
    return submission, made


@require_POST
def claim_evidence(request: HttpRequest, pk: int, claim_id: int) -> HttpResponse:
    submission, made = _claim_for(request, pk, claim_id)
    for upload in request.FILES.getlist("file"):
        try:
            actions.add_evidence(submission, upload, by=request.user, claim=made)
        except ActionRefused as exc:
            messages.error(request, _("%(name)s was not attached: %(reason)s") % {
                "name": upload.name, "reason": exc.message})
    return redirect(f"{_entry_url(pk)}#claims")


@require_POST
def withdraw_claim(request: HttpRequest, pk: int, claim_id: int) -> HttpResponse:
    _submission, made = _claim_for(request, pk, claim_id)
    try:
        actions.withdraw_claim(made, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    return redirect(f"{_entry_url(pk)}#claims")
