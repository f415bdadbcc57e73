"""Helpers shared by the review views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from clustermon import policy


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def require_reviewer(request: HttpRequest) -> str:
    """The user's review level; 403 for users who review nothing (submitters, experts)."""
    level = policy.review_level(request.user)
    if level is None:
        raise PermissionDenied
    return level
