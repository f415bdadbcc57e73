"""Helpers shared by the expert pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from clustermon import policy
from clustermon.rounds.models import Round


def province_round(request: HttpRequest, pk: int) -> Round:
    """A round of the user's province, for the province only (404 for anyone else)."""
    if not policy.can_manage_experts(request.user):
        raise Http404
    return policy.get_round_for(request.user, pk)


def require_pool_manager(request: HttpRequest) -> None:
    if not policy.can_manage_experts(request.user):
        raise Http404
