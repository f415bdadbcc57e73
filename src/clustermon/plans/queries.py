"""Reading plans: the framework behind a requirement's result, the focus table, and the lists
of a round with their filters and counts. Callers fetch requirements through `clustermon.policy`;
nothing here checks scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict

from clustermon.frameworks.models import FrameworkVersion
from clustermon.plans import rules
from clustermon.plans.models import PlanKind, PlanRequirement, PlanStatus
from clustermon.results.models import ClusterResult

# --- the result behind a requirement ------------------------------------------------------------------


def document_of(result: ClusterResult) -> dict | None:
    """The framework document the result was computed with (from the result set's recipe)."""
    version_id = (result.result_set.recipe or {}).get("frameworks", {}).get(result.group, {}).get("version_id")
    if not version_id:
        return None
    return FrameworkVersion.objects.filter(pk=version_id).values_list("document", flat=True).first()


def shares_of(requirement: PlanRequirement, lang: str = "zh") -> list[rules.IndicatorShare]:
    """Every leaf indicator's share of its points, weakest first, beside the group's mean share
    (two queries: the framework document and the group's points)."""
    result = requirement.result
    leaves = rules.leaves_of(document_of(result), lang)
    if not leaves:
        return []
    group = list(ClusterResult.objects.filter(result_set_id=result.result_set_id, group=result.group)
                 .values_list("node_points", flat=True))
    return rules.indicator_shares(leaves, result.node_points or {}, group)


# --- lists ------------------------------------------------------------------------------------------

MISSING = Q(first_submitted_on__isnull=True)


def late_q(today: dt.date) -> Q:
    """`rules.is_late` as a filter: handed in after the due date, or still missing past it."""
    return Q(first_submitted_on__gt=F("due")) | Q(first_submitted_on__isnull=True, due__lt=today)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ""
    city: int | None = None
    missing: bool = False
    late: bool = False

    @classmethod
    def from_query(cls, params: QueryDict) -> Filters:
        kind = params.get("kind", "")
        status = params.get("status", "")
        try:
            city = int(params["city"]) if params.get("city") else None
        except ValueError:
            city = None
        return cls(kind=kind if kind in PlanKind.values else "",
                   status=status if status in PlanStatus.values else "",
                   city=city, missing=params.get("missing") == "1", late=params.get("late") == "1")

    @property
    def active(self) -> bool:
        return bool(self.kind or self.status or self.city or self.missing or self.late)


def filtered(requirements: QuerySet[PlanRequirement], filters: Filters, today: dt.date) -> QuerySet[PlanRequirement]:
    if filters.kind:
        requirements = requirements.filter(kind=filters.kind)
    if filters.status:
        requirements = requirements.filter(status=filters.status)
    if filters.city:
        requirements = requirements.filter(cluster__county__city_id=filters.city)
    if filters.missing:
        requirements = requirements.filter(MISSING)
    if filters.late:
        requirements = requirements.filter(late_q(today))
    return requirements


def counts(requirements: QuerySet[PlanRequirement], today: dt.date) -> dict[str, int]:
    """How many plans are required, missing (never handed in), late, handed in, accepted: one query."""
    return requirements.order_by().aggregate(
        total=Count("pk"), missing=Count("pk", filter=MISSING), late=Count("pk", filter=late_q(today)),
        submitted=Count("pk", filter=~MISSING), accepted=Count("pk", filter=Q(status=PlanStatus.ACCEPTED)))


def counts_by_round(requirements: QuerySet[PlanRequirement], today: dt.date) -> dict[int, dict[str, Any]]:
    """`counts` per round, in one query."""
    rows = (requirements.order_by().values("round_id")
            .annotate(total=Count("pk"), missing=Count("pk", filter=MISSING), late=Count("pk", filter=late_q(today)),
                      submitted=Count("pk", filter=~MISSING),
                      accepted=Count("pk", filter=Q(status=PlanStatus.ACCEPTED))))
    return {row.pop("round_id"): row for row in rows}


@dataclass(frozen=True)
class Row:
    """A requirement as a list shows it."""

    requirement: PlanRequirement
    days_late: int

    @property
    def missing(self) -> bool:
        return rules.is_missing(self.requirement.first_submitted_on)


def rows(requirements: QuerySet[PlanRequirement], today: dt.date) -> list[Row]:
    ordered = requirements.select_related("cluster__county__city").order_by(
        "cluster__county__city__code", "cluster__county__code", "cluster__code")
    return [Row(r, rules.days_late(r.due, r.first_submitted_on, today)) for r in ordered]
