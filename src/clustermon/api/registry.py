"""Clusters and rounds in the caller's scope."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from clustermon import policy
from clustermon.api.schemas import ClusterOut, RoundOut

router = Router(tags=["registry"])


@router.get("/clusters", response=list[ClusterOut], url_name="clusters", summary="Clusters in your scope")
def clusters(request: HttpRequest) -> list[dict]:
    rows = policy.clusters_for(request.auth).order_by("group", "code")
    return [
        {"id": c.pk, "code": c.code, "name": c.name, "group": c.group, "city": c.county.city.name,
         "county": c.county.name, "city_id": c.county.city_id, "county_id": c.county_id}
        for c in rows
    ]


@router.get("/rounds", response=list[RoundOut], url_name="rounds", summary="Rounds you can see")
def rounds(request: HttpRequest) -> list[dict]:
    return [
        {"id": r.pk, "year": r.year, "title": r.title, "scheme": r.scheme.code, "status": r.status}
        for r in policy.rounds_for(request.auth).order_by("-year", "scheme__code")
    ]
