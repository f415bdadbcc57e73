"""Reviewer lists: rounds to review, the round's submissions with filters and badges, bulk pass."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy
from clustermon.registry.models import City, County
from clustermon.review import actions, flags, queries
from clustermon.review.models import Level
from clustermon.review.rules import REVIEW_ROUND_STATUSES, STATUS_OF_LEVEL
from clustermon.review.views.common import int_or_none, require_reviewer
from clustermon.submissions.models import SubmissionStatus
from clustermon.web.errors import ActionRefused

FILTER_KEYS = ("status", "level", "city", "county", "group")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The rounds the reviewer can work on, with how many submissions wait at their level."""
    level = require_reviewer(request)
    waiting_status = STATUS_OF_LEVEL[level]
    scoped = policy.submissions_for(request.user)
    rounds = (
        policy.rounds_for(request.user)
        .annotate(
            waiting=Count("submissions", filter=Q(submissions__status=waiting_status,
                                                  submissions__in=scoped.values("pk"))),
            returned=Count("submissions", filter=Q(submissions__status=SubmissionStatus.RETURNED,
                                                   submissions__in=scoped.values("pk"))),
        )
        .order_by("-year", "scheme__code")
    )
    return render(request, "review/index.html", {
        "rounds": rounds, "level": Level(level), "can_see_progress": policy.can_see_progress(request.user),
    })


def _filters(request: HttpRequest, level: str) -> queries.QueueFilters:
    get = request.GET
    status = get.get("status") if "status" in get else STATUS_OF_LEVEL[level]
    if status not in SubmissionStatus.values:
        status = ""
    return queries.QueueFilters(
        status=status,
        level=get.get("level", "") if get.get("level") in Level.values else "",
        city=int_or_none(get.get("city")),
        county=int_or_none(get.get("county")),
        group=get.get("group", "")[:60],
    )


@require_GET
def queue(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's submissions in the reviewer's scope: filters, badges, checkboxes for bulk pass."""
    round_ = policy.get_round_for(request.user, round_id)
    level = require_reviewer(request)
    filters = _filters(request, level)
    rows = list(queries.queue(round_, policy.submissions_for(request.user), request.user, filters))
    badges = flags.badges_for(round_, rows, request.user)
    in_review = round_.status in REVIEW_ROUND_STATUSES
    my_status = STATUS_OF_LEVEL[level]
    scope = policy.clusters_for(request.user)
    cities = City.objects.filter(counties__clusters__in=scope).distinct().order_by("code")
    counties = County.objects.filter(clusters__in=scope).select_related("city").distinct().order_by(
        "city__code", "code")
    items = [
        {"s": s, "badges": badges[s.pk], "passable": in_review and s.status == my_status}
        for s in rows
    ]
    return render(request, "review/queue.html", {
        "round": round_, "items": items, "filters": filters, "level": Level(level),
        "statuses": SubmissionStatus.choices, "levels": Level.choices, "cities": cities,
        "counties": counties, "groups": round_.scheme.groups,
        "filter_query": _filter_query(request),
        "any_passable": any(i["passable"] and i["badges"].clean for i in items),
        "can_see_progress": policy.can_see_progress(request.user),
    })


def _filter_query(request: HttpRequest) -> str:
    return urlencode([(k, request.GET[k]) for k in FILTER_KEYS if k in request.GET])


def _parse_picks(values: list[str]) -> dict[int, int]:
    """Checkbox values "id:version" → {id: version}; malformed values are ignored."""
    picks: dict[int, int] = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        pk_i, version_i = int_or_none(pk), int_or_none(version)
        if pk_i is not None and version_i is not None:
            picks[pk_i] = version_i
    return picks


@require_POST
def bulk_pass(request: HttpRequest, round_id: int) -> HttpResponse:
    """Pass the checked submissions, each at the version shown; all or nothing."""
    round_ = policy.get_round_for(request.user, round_id)
    require_reviewer(request)
    picks = _parse_picks(request.POST.getlist("pick"))
    back = reverse("review:queue", args=[round_.pk])
    query = urlencode([(k, request.POST[k]) for k in FILTER_KEYS if k in request.POST])
    if query:
        back += "?" + query
    subs = list(
        queries.queue(round_, policy.submissions_for(request.user).filter(pk__in=list(picks)),
                      request.user, queries.QueueFilters())
    )
    if len(subs) != len(picks):
        messages.error(request, _("Some of the selected submissions are not in your scope."))
        return redirect(back)
    for s in subs:
        s.version = picks[s.pk]
    try:
        decisions = actions.bulk_pass(subs, by=request.user, flags=flags.badges_for(round_, subs, request.user))
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, ngettext("%(n)d submission passed.", "%(n)d submissions passed.",
                                       len(decisions)) % {"n": len(decisions)})
    return redirect(back)
