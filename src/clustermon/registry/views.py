"""Registry pages: a cluster's profile with its results year by year."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.registry.models import Cluster
from clustermon.results.display import grade_name, label_name, language_key, star_text
from clustermon.results.models import ClusterResult


def _text(names: dict[str, str] | None, lang: str) -> str:
    names = names or {}
    return names.get(lang) or names.get("zh") or next(iter(names.values()), "")


def _parts(result: ClusterResult, document: dict[str, Any] | None, lang: str) -> list[dict[str, Any]]:
    """Points obtained / available per first-level indicator, part by part (each part out of 100)."""
    if not document:
        return []
    return [{
        "code": part["code"], "name": _text(part["name"], lang), "weight": part["weight"],
        "score": result.part_scores.get(part["code"]),
        "indicators": [{"code": node["code"], "name": _text(node["name"], lang),
                        "points": result.node_points.get(node["code"]), "available": node["points"]}
                       for node in part["indicators"]],
    } for part in document.get("parts", [])]


@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cluster: Cluster = policy.get_cluster_for(user, pk)
    results = list(policy.approved_results_of(user, cluster).select_related("result_set__round__scheme"))
    version_ids = {r.result_set.recipe.get("frameworks", {}).get(r.group, {}).get("version_id") for r in results}
    documents = dict(policy.framework_versions_for(user).filter(pk__in=version_ids - {None})
                     .values_list("pk", "document"))
    lang = language_key()
    years = []
    for r in results:
        version_id = r.result_set.recipe.get("frameworks", {}).get(r.group, {}).get("version_id")
        years.append({"r": r, "round": r.result_set.round, "grade": grade_name(r.grade), "stars": star_text(r.stars),
                      "label": label_name(r.label), "parts": _parts(r, documents.get(version_id), lang)})
    scheme = next((s for s in policy.schemes_for(user) if any(g["code"] == cluster.group for g in s.groups)), None)
    context = {
        "cluster": cluster, "years": years,
        "group_name": scheme.group_name(cluster.group, lang) if scheme else cluster.group,
    }
    return render(request, "registry/cluster.html", context)
