"""Results: a round's results in the caller's scope, and one result with its explanation.

Outside the province a round's results exist only once published (H-Art.14): before that the
round's results answer 404, as for an object out of scope, so that nothing about them leaks
(not even whether they were computed). The province reads every version (`?version=`).
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from clustermon import policy, scoring
from clustermon.api.schemas import Detail, ResultOut, ResultRow
from clustermon.results.explain import aggregation_rule
from clustermon.results.models import ClusterResult, ResultSet

router = Router(tags=["results"])

ERRORS = {401: Detail, 404: Detail}


class ResultFilters(Schema):
    version: int | None = None
    group: str | None = None


def _small(result_set: ResultSet, group: str, size: int) -> bool:
    stored = (result_set.recipe.get("grade_policies") or {}).get(group)
    grade_policy = scoring.GradePolicy.from_dict(stored) if stored else scoring.DEFAULT_GRADE_POLICY
    return scoring.quota(grade_policy.excellent_share, size, grade_policy.quota_rounding) == 0


def _row(r: ClusterResult, result_set: ResultSet, small: bool) -> dict[str, Any]:
    return {
        "result_id": r.pk, "cluster_id": r.cluster_id, "cluster": r.cluster.name, "code": r.cluster.code,
        "city": r.cluster.county.city.name, "county": r.cluster.county.name, "group": r.group,
        "total": f"{r.total:.2f}", "base": f"{r.base:.2f}", "bonus": f"{r.bonus:.2f}",
        "deduction": f"{r.deduction:.2f}", "rank": r.rank, "group_size": r.group_size, "small_group": small,
        "grade": r.grade, "stars": r.stars, "label": r.label, "version": result_set.number,
    }


@router.get("/rounds/{round_id}/results", response={200: list[ResultRow], **ERRORS}, url_name="round_results",
            summary="A round's results for the clusters in your scope",
            description="Once published for everyone in scope (a city its clusters, a county its clusters, a "
                        "submitter its cluster); the province also before publication, any version with "
                        "`?version=`. A round whose results you may not see answers 404.")
def round_results(request: HttpRequest, round_id: int, filters: Query[ResultFilters]):  # noqa: ANN201
    user = request.auth
    round_ = policy.get_round_for(user, round_id)
    if not policy.can_see_results(user, round_):
        raise Http404
    result_set = policy.result_set_shown(user, round_, filters.version)
    if result_set is None:
        if policy.is_province(user):
            return Status(200, [])
        raise Http404
    rows = policy.cluster_results_for(user, result_set).order_by("group", "rank", "cluster__code")
    if filters.group:
        rows = rows.filter(group=filters.group)
    sizes = result_set.recipe.get("clusters") or {}
    small = {group: _small(result_set, group, size) for group, size in sizes.items()}
    return Status(200, [_row(r, result_set, small.get(r.group, r.group_size < 5)) for r in rows])


def _without_experts(nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        _without_experts(node.get("children") or [])
        (node.get("experts") or {}).pop("expert_ids", None)


@router.get("/results/{cluster_result_id}", response={200: ResultOut, **ERRORS}, url_name="result",
            summary="One cluster's result with how each figure was obtained",
            description="The stored explanation of the computation. Outside the province only the published "
                        "version can be read, and experts are not named.")
def result(request: HttpRequest, cluster_result_id: int):  # noqa: ANN201
    user = request.auth
    r = policy.get_cluster_result_for(user, cluster_result_id)
    result_set = r.result_set
    explanation = r.explanation or {}
    if not policy.is_province(user):
        explanation = copy.deepcopy(explanation)
        for part in explanation.get("parts") or []:
            _without_experts(part.get("indicators") or [])
    return Status(200, {
        **_row(r, result_set, _small(result_set, r.group, r.group_size)),
        "round_id": result_set.round_id, "content_hash": result_set.content_hash, "status": result_set.status,
        "aggregation_rule": aggregation_rule(result_set.recipe, r.group), "explanation": explanation,
    })
