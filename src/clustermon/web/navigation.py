"""The top navigation: each role sees the rooms it works in, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from clustermon.accounts.models import Role

REVIEWERS = {Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER, Role.CITY_REVIEWER, Role.COUNTY_REVIEWER}
PROVINCE = {Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER}

# (url name, label, roles that see it; None = every signed-in user)
ITEMS: list[tuple[str, object, set | None]] = [
    ("rounds:list", _("Rounds"), None),
    ("submissions:index", _("Data submission"), {Role.SUBMITTER}),
    ("review:index", _("Review"), REVIEWERS),
    ("enterprises:index", _("Enterprise data"), REVIEWERS | {Role.SUBMITTER}),
    ("experts:index", _("Expert review"), PROVINCE | {Role.EXPERT}),
    ("plans:index", _("Follow-up plans"), REVIEWERS | {Role.SUBMITTER}),
    ("reports:index", _("Reports"), REVIEWERS | {Role.SUBMITTER}),
    ("results:registers", _("Star and label registers"), None),
    ("jobs:list", _("Background jobs"), REVIEWERS | {Role.SUBMITTER}),
    ("applications:index", _("Applications"), REVIEWERS | {Role.EXPERT, Role.SUBMITTER}),
    ("audit:list", _("Audit trail"), PROVINCE),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, object]:
    """Template context: `nav`, a list of (url, label, active) for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    visible: Callable[[set | None], bool] = lambda roles: roles is None or user.role in roles  # noqa: E731
    nav = []
    for name, label, roles in ITEMS:
        url = _url(name) if visible(roles) else None
        if url:
            nav.append((url, label, request.path.startswith(url)))
    if user.is_superuser or (user.is_staff and user.role == Role.PROVINCE_ADMIN):
        nav.append((reverse("admin:index"), _("Administration"), request.path.startswith("/admin/")))
    return {"nav": nav}
