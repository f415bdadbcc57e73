"""`{% unstable_clusters round result_set as ids %}`: the clusters whose grade the latest robustness
analysis of that result set flagged as unstable — for users who may see the analysis (the
province), else an empty set (no query)."""

from __future__ import annotations

from typing import Any

from django import template

from clustermon import policy
from clustermon.analysis.queries import unstable_cluster_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def unstable_clusters(context: dict[str, Any], round_: Any, result_set: Any = None) -> set[int]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or round_ is None or not policy.can_see_robustness(user):
        return set()
    return unstable_cluster_ids(round_, result_set)
