"""The landing page: what the user can do this year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clustermon import policy


def home(request: HttpRequest) -> HttpResponse:
    """Rounds of the user's province and the clusters in their scope."""
    rounds = policy.rounds_for(request.user).order_by("-year")
    clusters = policy.clusters_for(request.user).order_by("group", "name")[:50]
    return render(request, "web/home.html", {"rounds": rounds, "clusters": clusters})
