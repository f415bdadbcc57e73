"""Who may see and do what. Every view, API operation, export and download asks here.

Objects outside a user's scope are reported as missing (404), never as forbidden, so that their
existence does not leak. Views never fetch protected models any other way than through the
`*_for` / `get_*_for` helpers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from clustermon.accounts.models import Role
from clustermon.registry.models import Cluster
from clustermon.rounds.models import Round, RoundStatus

if TYPE_CHECKING:
    from clustermon.accounts.models import User

# Results become visible outside the province once published (H-Art.14).
VISIBLE_RESULT_STATUSES = frozenset({RoundStatus.PUBLISHED, RoundStatus.CLOSED})


def is_province(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER)


def is_province_admin(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PROVINCE_ADMIN


def cluster_scope(user: User) -> Q:
    """A filter on Cluster selecting what the user may see. Nothing for unknown roles."""
    if not user.is_authenticated or user.province_id is None:
        return Q(pk__in=[])
    in_province = Q(province_id=user.province_id)
    if user.role in (Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER):
        return in_province
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return in_province & Q(county__city_id=user.city_id)
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return in_province & Q(county_id=user.county_id)
    if user.role == Role.SUBMITTER and user.cluster_id:
        return in_province & Q(pk=user.cluster_id)
    if user.role == Role.EXPERT:
        return in_province & Q(pk__in=_assigned_cluster_ids(user))
    return Q(pk__in=[])


def _assigned_cluster_ids(user: User) -> QuerySet:
    from clustermon.experts.models import Assignment

    return Assignment.objects.filter(expert=user).values("cluster_id")


def clusters_for(user: User) -> QuerySet[Cluster]:
    """The clusters the user may see, with their places loaded in the same query."""
    return Cluster.objects.filter(cluster_scope(user)).select_related("county__city", "province")


def get_cluster_for(user: User, pk: int) -> Cluster:
    try:
        return clusters_for(user).get(pk=pk)
    except (Cluster.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def rounds_for(user: User) -> QuerySet[Round]:
    """Rounds of the user's province; drafts only for the province."""
    if not user.is_authenticated or user.province_id is None:
        return Round.objects.none()
    rounds = Round.objects.filter(scheme__province_id=user.province_id).select_related("scheme")
    if not is_province(user):
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return rounds


def get_round_for(user: User, pk: int) -> Round:
    try:
        return rounds_for(user).get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see_results(user: User, round_: Round) -> bool:
    """The province sees results as soon as they are computed; others once published."""
    return is_province(user) or round_.status in VISIBLE_RESULT_STATUSES


def can_manage_registry(user: User) -> bool:
    return is_province_admin(user) or user.is_superuser
