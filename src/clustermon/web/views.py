"""The landing page: what the user can do this year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clustermon import policy
from clustermon.results.display import language_key


def home(request: HttpRequest) -> HttpResponse:
    """Rounds of the user's province (with their results when visible) and the clusters in scope."""
    user = request.user
    rounds = [(r, policy.can_see_results(user, r)) for r in policy.rounds_for(user).order_by("-year")]
    lang = language_key()
    group_names = {g["code"]: scheme.group_name(g["code"], lang)
                   for scheme in policy.schemes_for(user) for g in scheme.groups}
    clusters = [(c, group_names.get(c.group, c.group))
                for c in policy.clusters_for(user).order_by("group", "county__city__code", "name")]
    return render(request, "web/home.html", {"rounds": rounds, "clusters": clusters})
