"""Results pages: a round's ranking per group, and the province's compute / approve / publish steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy, scoring
from clustermon.results import actions, publication
from clustermon.results.display import (
    GRADE_NAMES,
    GRADE_ORDER,
    LABEL_ORDER,
    grade_name,
    label_name,
    language_key,
    star_text,
)
from clustermon.results.explain import aggregation_rule
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round, RoundStatus
from clustermon.web.errors import ActionRefused

# Each column sorts in its natural order first (best first); "-column" reverses it.
SORT_KEYS: dict[str, Callable[[ClusterResult], Any]] = {
    "rank": lambda r: r.rank,
    "cluster": lambda r: r.cluster.name,
    "city": lambda r: r.cluster.county.city.code,  # codes are pinyin: the order people expect
    "county": lambda r: r.cluster.county.code,
    "total": lambda r: -r.total,
    "grade": lambda r: GRADE_ORDER.get(r.grade, len(GRADE_ORDER)),
    "stars": lambda r: -r.stars,
    "label": lambda r: LABEL_ORDER.get(r.label, len(LABEL_ORDER)),
}
COLUMNS = [
    ("rank", _("Rank")), ("cluster", _("Cluster")), ("city", _("City")), ("county", _("County")),
    ("total", _("Total")), ("grade", _("Grade")), ("stars", _("Stars")), ("label", _("Label")),
]


def _number(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _sorted(rows: list[ClusterResult], sort: str) -> tuple[list[ClusterResult], str]:
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        key, sort = "rank", "rank"
    ordered = sorted(rows, key=lambda r: (r.rank, r.cluster.name))
    return sorted(ordered, key=SORT_KEYS[key], reverse=sort.startswith("-")), sort


def _columns(params: QueryDict, sort: str) -> list[dict[str, Any]]:
    out = []
    for key, title in COLUMNS:
        query = params.copy()
        query["sort"] = f"-{key}" if sort == key else key
        arrow = "▲" if sort == key else "▼" if sort == f"-{key}" else ""
        out.append({"key": key, "title": title, "href": "?" + query.urlencode(), "arrow": arrow,
                    "numeric": key in ("rank", "total")})
    return out


def _groups(round_: Round, result_set: ResultSet | None, user: Any) -> list[dict[str, Any]]:
    """The scheme's groups with the user's count of results in each and the group's full size
    (from the set's recipe), flagged when too small for an excellent grade (D2)."""
    counts: dict[str, int] = {}
    if result_set is not None:
        counts = dict(policy.cluster_results_for(user, result_set).order_by().values_list("group")
                      .annotate(n=Count("pk")))
    sizes = (result_set.recipe.get("clusters") or {}) if result_set is not None else {}
    lang = language_key()
    return [{"code": g["code"], "name": round_.scheme.group_name(g["code"], lang), "count": counts.get(g["code"], 0),
             "size": sizes.get(g["code"], 0),
             "small": bool(sizes.get(g["code"])) and _small_group(result_set, g["code"], sizes[g["code"]])}
            for g in round_.scheme.groups]


def _small_group(result_set: ResultSet, group: str, size: int) -> bool:
    """True when the group is too small for any excellent grade under its grade policy (D2)."""
    stored = (result_set.recipe.get("grade_policies") or {}).get(group)
    grade_policy = scoring.GradePolicy.from_dict(stored) if stored else scoring.DEFAULT_GRADE_POLICY
    return scoring.quota(grade_policy.excellent_share, size, grade_policy.quota_rounding) == 0


def _reopened_note(round_: Round, user: Any, result_set: ResultSet | None) -> bool:
    """Outside the province: the round was reopened after publication (the published set is shown)."""
    return (result_set is not None and not policy.is_province(user)
            and round_.status not in publication.VISIBLE_STATUSES)


@require_GET
def round_results(request: HttpRequest, round_id: int) -> HttpResponse:
    """One group's ranking in a round: sortable by column, filterable by city and grade."""
    user = request.user
    round_ = policy.get_round_for(user, round_id)
    visible = policy.can_see_results(user, round_)
    result_set = policy.result_set_shown(user, round_, _number(request.GET.get("set"))) if visible else None
    groups = _groups(round_, result_set, user)
    codes = [g["code"] for g in groups]
    group = request.GET.get("group")
    if group not in codes:
        group = next((g["code"] for g in groups if g["count"]), codes[0] if codes else "")
    rows = list(policy.cluster_results_for(user, result_set).filter(group=group)) if result_set else []
    size = rows[0].group_size if rows else 0
    cities = sorted({r.cluster.county.city for r in rows}, key=lambda c: c.code)
    city, grade = request.GET.get("city", ""), request.GET.get("grade", "")
    shown = [r for r in rows if (not city or r.cluster.county.city.code == city) and (not grade or r.grade == grade)]
    shown, sort = _sorted(shown, request.GET.get("sort", "rank"))
    can_manage = policy.can_manage_results(user, round_)
    published = publication.publication(round_) if result_set is not None else None
    context = {
        "round": round_, "visible": visible, "result_set": result_set, "groups": groups, "group": group,
        "group_name": round_.scheme.group_name(group, language_key()) if group else "",
        "rows": [{"r": r, "grade": grade_name(r.grade), "stars": star_text(r.stars), "label": label_name(r.label)}
                 for r in shown],
        "total_rows": len(rows), "group_size": size,
        "small_group": bool(result_set and rows and _small_group(result_set, group, size)),
        "columns": _columns(request.GET, sort), "sort": sort,
        "cities": cities, "city": city, "grades": list(GRADE_NAMES.items()), "grade": grade,
        "can_manage": can_manage,
        "sets": list(policy.result_sets_visible(user, round_).select_related("computed_by", "approved_by")
                     .order_by("-number")) if can_manage else [],
        "can_compute": can_manage and round_.status == RoundStatus.SCORING,
        "can_publish": can_manage and round_.status == RoundStatus.APPROVED
        and result_set is not None and result_set.status == ResultSet.Status.APPROVED,
        "can_reopen": can_manage and round_.status in actions.REOPENABLE,
        "can_see_versions": policy.can_see_result_versions(user),
        "aggregation_rule": aggregation_rule(result_set.recipe, group) if result_set is not None and group else "",
        "published": published,
        "is_published_set": bool(published and result_set and published.result_set_id == result_set.pk),
        "reopened_note": _reopened_note(round_, user, result_set),
    }
    return render(request, "results/round.html", context)


def _managed_round(request: HttpRequest, round_id: int) -> Round:
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_manage_results(request.user, round_):
        raise PermissionDenied
    return round_


def _back(round_: Round, number: int | None = None) -> HttpResponse:
    url = reverse("results:round", args=[round_.pk])
    return redirect(f"{url}?set={number}" if number else url)


@require_POST
def compute(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    try:
        result_set = actions.compute_round(round_, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return _back(round_)
    messages.success(request, gettext("Results computed: version %(number)s.") % {"number": result_set.number})
    return _back(round_, result_set.number)


@require_POST
def approve(request: HttpRequest, round_id: int, number: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    result_set = policy.result_set_shown(request.user, round_, number)
    try:
        actions.approve_result_set(result_set, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Version %(number)s of the results is approved.") % {"number": number})
    return _back(round_, number)


@require_POST
def publish(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    try:
        actions.publish_round(round_, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("The results are published."))
    return _back(round_)


@require_POST
def reopen(request: HttpRequest, round_id: int) -> HttpResponse:
    """Back to scoring with a reason; the approved version is kept (see `actions.reopen_results`)."""
    round_ = _managed_round(request, round_id)
    try:
        actions.reopen_results(round_, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("The results are reopened: compute them again to make a new version."))
    return _back(round_)
