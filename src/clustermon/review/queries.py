"""Read-side of the review: effective values, what changed since a return, history, reviewer lists.

`effective_values` is the entry point for the results computation: the values a submission was
scored on are its submitted values with the province's on-site corrections applied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from clustermon.review.models import Correction, Decision, LastSeen, ReviewDecision, SiteCheck
from clustermon.review.rules import LEVEL_OF_STATUS, STATUS_OF_LEVEL

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.rounds.models import Round
    from clustermon.submissions.models import Submission


# Values --------------------------------------------------------------------------------------------


def effective_values(submissions: Iterable[Submission]) -> dict[int, dict[str, Any]]:
    """{submission id: its values with on-site corrections applied}; two queries at most.

    Corrections apply in the order of their checks (date, then entry): a later check's correction of
    the same indicator wins. The submission's own values are never changed.
    """
    subs = list(submissions)
    result = {s.pk: dict(s.values or {}) for s in subs}
    corrections = (
        Correction.objects.filter(site_check__submission_id__in=list(result))
        .order_by("site_check__date", "site_check_id", "id")
        .values_list("site_check__submission_id", "indicator", "corrected_value")
    )
    for submission_id, indicator, value in corrections:
        result[submission_id][indicator] = value
    return result


def corrected_indicators(submission: Submission) -> dict[str, Correction]:
    """The latest correction per indicator of one submission."""
    latest: dict[str, Correction] = {}
    for c in (
        Correction.objects.filter(site_check__submission=submission)
        .select_related("site_check")
        .order_by("site_check__date", "site_check_id", "id")
    ):
        latest[c.indicator] = c
    return latest


# Indicators ------------------------------------------------------------------------------------------


def _leaves(nodes: Any) -> Iterable[dict]:
    for node in nodes or []:
        if not isinstance(node, dict):
            continue
        children = node.get("children")
        if children:
            yield from _leaves(children)
        else:
            yield node


def _name(name: Any, code: str) -> str:
    if isinstance(name, dict):
        lang = "en" if (get_language() or "zh").startswith("en") else "zh"
        return name.get(lang) or name.get("zh") or code
    return str(name or code)


def indicator_catalogue(round_: Round) -> dict[str, dict[str, str]]:
    """{group: {leaf code: name}} from the framework versions the round pins (one query)."""
    from clustermon.rounds.models import RoundFramework

    catalogue: dict[str, dict[str, str]] = {}
    pinned = RoundFramework.objects.filter(round=round_).select_related("framework_version")
    for rf in pinned:
        document = rf.framework_version.document or {}
        names: dict[str, str] = {}
        for part in document.get("parts", []):
            nodes = part.get("indicators") or part.get("children") or part.get("tree")
            for leaf in _leaves(nodes if isinstance(nodes, list) else []):
                code = str(leaf.get("code", ""))
                if code:
                    names[code] = _name(leaf.get("name"), code)
        catalogue[rf.group] = names
    return catalogue


def indicator_names(submission: Submission) -> dict[str, str]:
    """{code: name} of the indicators of the submission's group (empty if nothing is pinned)."""
    return indicator_catalogue(submission.round).get(submission.group, {})


# History and what changed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    indicator: str
    name: str
    before: Any
    after: Any


def last_return(submission: Submission) -> ReviewDecision | None:
    return (
        ReviewDecision.objects.filter(submission=submission, decision=Decision.RETURN)
        .select_related("by")
        .prefetch_related("comments")
        .order_by("-at", "-id")
        .first()
    )


def changes_since_return(submission: Submission, decision: ReviewDecision | None = None,
                         names: dict[str, str] | None = None) -> list[Change]:
    """Values and narratives that differ from the snapshot taken by the latest return."""
    decision = decision if decision is not None else last_return(submission)
    if decision is None:
        return []
    names = names or {}
    changes = _diff(decision.snapshot or {}, submission.values or {}, names)
    changes += _diff(decision.narratives_snapshot or {}, submission.narratives or {}, names)
    return changes


def _diff(before: dict, after: dict, names: dict[str, str]) -> list[Change]:
    codes = sorted(set(before) | set(after))
    return [
        Change(code, names.get(code, code), before.get(code), after.get(code))
        for code in codes
        if before.get(code) != after.get(code)
    ]


def decisions_of(submission: Submission) -> QuerySet[ReviewDecision]:
    return (
        ReviewDecision.objects.filter(submission=submission)
        .select_related("by")
        .prefetch_related("comments")
        .order_by("at", "id")
    )


def site_checks_of(submission: Submission) -> QuerySet[SiteCheck]:
    return (
        SiteCheck.objects.filter(submission=submission)
        .select_related("by")
        .prefetch_related(Prefetch("corrections", queryset=Correction.objects.order_by("indicator", "id")))
        .order_by("date", "id")
    )


def open_comments(submission: Submission, decision: ReviewDecision | None = None) -> dict[str, list[str]]:
    """The comments per indicator of the latest return, kept in place while the submitter corrects."""
    decision = decision if decision is not None else last_return(submission)
    comments: dict[str, list[str]] = defaultdict(list)
    if decision is not None:
        for c in decision.comments.all():
            comments[c.indicator].append(c.text)
    return dict(comments)


# Last seen -------------------------------------------------------------------------------------------


def mark_seen(user: User, submission: Submission) -> None:
    """Remember the version the reviewer has just looked at."""
    LastSeen.objects.update_or_create(user=user, submission=submission,
                                      defaults={"version": submission.version})


# Reviewer lists -------------------------------------------------------------------------------------


@dataclass
class QueueFilters:
    status: str = ""
    level: str = ""
    city: int | None = None
    county: int | None = None
    group: str = ""


def queue(round_: Round, base: QuerySet, user: User, filters: QueueFilters) -> QuerySet:
    """The round's submissions from `base` (already scoped by policy), filtered, with badges' data.

    One query whatever the number of rows: the last-seen version and the existence of a return are
    annotated, places are joined.
    """
    qs = base.filter(round=round_)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.level in STATUS_OF_LEVEL:
        qs = qs.filter(status=STATUS_OF_LEVEL[filters.level])
    if filters.city:
        qs = qs.filter(cluster__county__city_id=filters.city)
    if filters.county:
        qs = qs.filter(cluster__county_id=filters.county)
    if filters.group:
        qs = qs.filter(group=filters.group)
    seen = LastSeen.objects.filter(user=user, submission=OuterRef("pk")).values("version")[:1]
    returns = (
        ReviewDecision.objects.filter(submission=OuterRef("pk"), decision=Decision.RETURN)
        .order_by("-at", "-id")
        .values("id")[:1]
    )
    return qs.annotate(
        seen_version=Coalesce(Subquery(seen, output_field=IntegerField()), Value(0)),
        last_return_id=Subquery(returns, output_field=IntegerField()),
    ).order_by("cluster__county__city__code", "cluster__county__code", "cluster__code")


def level_of_submission(submission: Submission) -> str | None:
    return LEVEL_OF_STATUS.get(submission.status)


@dataclass
class Badges:
    warnings: list[str] = field(default_factory=list)
    outliers: list[str] = field(default_factory=list)
    enterprise: list[str] = field(default_factory=list)
    changed_since_seen: bool = False
    never_seen: bool = False
    resubmitted: bool = False

    @property
    def clean(self) -> bool:
        return not self.warnings and not self.outliers and not self.enterprise
