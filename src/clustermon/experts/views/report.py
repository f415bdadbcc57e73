"""The province's follow-up of a round: progress per expert and per cluster, the spread."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.experts import queries
from clustermon.experts.spread import OUTLIER_DISTANCE, rule_label
from clustermon.experts.views.common import province_round


@require_GET
def progress(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    return render(request, "experts/progress.html", {"round": round_, **queries.progress(round_)})


@require_GET
def spread(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    return render(request, "experts/spread.html", {"round": round_, **queries.spread_overview(round_)})


@require_GET
def spread_cluster(request: HttpRequest, round_pk: int, cluster_pk: int) -> HttpResponse:
    round_ = province_round(request, round_pk)
    cluster = policy.get_cluster_for(request.user, cluster_pk)
    frameworks = queries.Frameworks(round_)
    return render(request, "experts/spread_cluster.html", {
        "round": round_, "cluster": cluster, "spreads": queries.cluster_spread(frameworks, cluster),
        "rule": rule_label(frameworks.policy(cluster.group)), "distance_percent": int(OUTLIER_DISTANCE * 100),
    })
