"""One submission under review: values with comments, corrections and changes; pass or return it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy
from clustermon.audit.queries import timeline_for
from clustermon.review import actions, queries, rules
from clustermon.review.views.common import int_or_none
from clustermon.web.errors import ActionRefused


def _get(request: HttpRequest, pk: int):  # noqa: ANN202 - Submission
    submission = policy.get_submission_for(request.user, pk)
    if not policy.can_see_review(request.user):
        raise Http404
    return submission


def standing(submission) -> dict:  # noqa: ANN001 - Submission
    """Where the submission stands and who holds it, with the latest return and its comments.

    Also the context of the `review/_standing.html` include other pages may use.
    """
    decision = queries.last_return(submission)
    return {
        "submission": submission,
        "holder": rules.holder(submission),
        "last_return": decision,
        "comments": queries.open_comments(submission, decision),
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _get(request, pk))


def _render(request: HttpRequest, submission, *, draft: dict | None = None,  # noqa: ANN001
            status: int = 200) -> HttpResponse:
    """The review page; `draft` refills the return form after a refusal."""
    names = queries.indicator_names(submission)
    state = standing(submission)
    decision = state["last_return"]
    changes = queries.changes_since_return(submission, decision, names) if decision else []
    changed = {c.indicator for c in changes}
    corrections = queries.corrected_indicators(submission)
    values = submission.values or {}
    codes = list(names) + sorted(set(values) - set(names))
    rows = [
        {"code": code, "name": names.get(code, ""), "value": values.get(code),
         "comments": state["comments"].get(code, []), "changed": code in changed,
         "correction": corrections.get(code),
         "draft_comment": (draft or {}).get("comments", {}).get(code, "")}
        for code in codes
    ]
    reviewing = policy.can_review(request.user, submission)
    if policy.review_level(request.user) is not None:
        queries.mark_seen(request.user, submission)
    context = {
        **state,
        "standing": state,
        "round": submission.round,
        "group_name": submission.round.scheme.group_name(
            submission.group, "en" if (get_language() or "").startswith("en") else "zh"),
        "rows": rows,
        "changes": changes,
        "decisions": queries.decisions_of(submission),
        "site_checks": queries.site_checks_of(submission),
        "can_review": reviewing,
        "can_site_check": policy.can_record_site_check(request.user, submission),
        "is_reviewer": policy.review_level(request.user) is not None,
        "timeline": timeline_for(submission),
        "draft_reason": (draft or {}).get("reason", ""),
    }
    return render(request, "review/submission.html", context, status=status)


def _version(request: HttpRequest) -> int:
    version = int_or_none(request.POST.get("version"))
    return -1 if version is None else version


@require_POST
def pass_up(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get(request, pk)
    try:
        actions.pass_up(submission, by=request.user, expected_version=_version(request))
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("review:submission", pk=submission.pk)
    messages.success(request, _("%(cluster)s passed.") % {"cluster": submission.cluster.name})
    return redirect(reverse("review:queue", args=[submission.round_id]))


@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get(request, pk)
    comments = {
        key.removeprefix("comment:"): value
        for key, value in request.POST.items()
        if key.startswith("comment:") and value.strip()
    }
    reason = request.POST.get("reason", "")
    try:
        actions.return_(submission, by=request.user, reason=reason, comments=comments,
                        expected_version=_version(request))
    except actions.ChangedMeanwhile as exc:
        messages.error(request, exc.message)
        return redirect("review:submission", pk=submission.pk)
    except ActionRefused as exc:
        # Keep what the reviewer typed: show the page again with the form filled in.
        messages.error(request, exc.message)
        return _render(request, submission, draft={"reason": reason, "comments": comments}, status=400)
    messages.success(request, _("%(cluster)s returned to its submitters.")
                     % {"cluster": submission.cluster.name})
    return redirect(reverse("review:queue", args=[submission.round_id]))
