"""`{% cluster_plans cluster %}`: the follow-up plans of a cluster the user may see, as links
(for the registry's cluster page). One query."""

from __future__ import annotations

from typing import Any

from django import template

from clustermon import policy

register = template.Library()


@register.inclusion_tag("plans/_cluster_plans.html", takes_context=True)
def cluster_plans(context: dict[str, Any], cluster: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.can_see_plans(user):
        return {"requirements": []}
    requirements = (policy.plan_requirements_for(user).filter(cluster_id=cluster.pk)
                    .order_by("-round__year"))
    return {"requirements": list(requirements)}
