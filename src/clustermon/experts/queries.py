"""Read-only views of the expert review for the pages: tables, progress and spread.

Callers pass objects already fetched through `clustermon.policy`; nothing here decides access.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from clustermon.experts.actions import expert_pool, pinned_document, round_clusters
from clustermon.experts.models import (
    Assignment,
    AssignmentOverride,
    AssignmentRun,
    ConflictDeclaration,
    ConflictKind,
    ExpertScore,
)
from clustermon.experts.scale import (
    Leaf,
    aggregation_policy,
    indicator_names,
    localised,
    qualitative_leaves,
)
from clustermon.experts.spread import IndicatorSpread, indicator_spread, rule_label
from clustermon.registry.models import Cluster
from clustermon.rounds.actions import effective_deadlines
from clustermon.rounds.models import DeadlineLevel, Round, RoundFramework
from clustermon.scoring import AggregationPolicy


def expert_name(user: Any) -> str:
    return user.get_full_name() or user.username


class Frameworks:
    """The round's pinned framework documents by group, read once per page."""

    def __init__(self, round_: Round) -> None:
        self.round = round_
        self.documents = {rf.group: rf.framework_version.document
                          for rf in RoundFramework.objects.filter(round=round_).select_related("framework_version")}
        self._leaves: dict[str, list[Leaf]] = {}

    def leaves(self, group: str) -> list[Leaf]:
        if group not in self._leaves:
            self._leaves[group] = qualitative_leaves(self.documents.get(group))
        return self._leaves[group]

    def policy(self, group: str) -> AggregationPolicy:
        return aggregation_policy(self.documents.get(group), self.round.scheme.manifest)


# --- the expert's own list -----------------------------------------------------------------------

def with_deadlines(assignments: list[Assignment]) -> list[Assignment]:
    """Set `deadline` on each assignment (two queries per round)."""
    by_round: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_round[a.round_id].append(a)
    for items in by_round.values():
        dues = effective_deadlines(items[0].round, DeadlineLevel.EXPERT, [a.cluster for a in items])
        for a in items:
            a.deadline = dues.get(a.cluster_id)
    return assignments


# --- the assignment table ------------------------------------------------------------------------

@dataclass
class PanelRow:
    cluster: Cluster
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.assignments)


def panel(round_: Round) -> dict[str, Any]:
    """Clusters of the review × their experts, the pool with loads, the last run, overrides."""
    clusters = round_clusters(round_)
    rows = {c.pk: PanelRow(c) for c in clusters}
    assignments = list(Assignment.objects.filter(round=round_).select_related("expert", "cluster__county__city")
                       .order_by("cluster__code", "expert__username"))
    for a in assignments:
        if a.cluster_id not in rows:  # assigned by hand, submission not (or no longer) accepted
            rows[a.cluster_id] = PanelRow(a.cluster)
        rows[a.cluster_id].assignments.append(a)
    manual = set(AssignmentOverride.objects.filter(round=round_, action=AssignmentOverride.Action.ADD)
                 .values_list("cluster_id", "expert_id"))
    for a in assignments:
        a.is_override = (a.cluster_id, a.expert_id) in manual
    loads: dict[int, int] = defaultdict(int)
    for a in assignments:
        loads[a.expert_id] += 1
    pool = expert_pool(round_.scheme.province_id)
    for expert in pool:
        expert.load = loads.get(expert.pk, 0)
    last_run = AssignmentRun.objects.filter(round=round_).select_related("by").first()
    short = []
    if last_run is not None:
        short = [row for row in rows.values() if row.size < last_run.per_cluster]
    overrides = list(AssignmentOverride.objects.filter(round=round_).select_related("cluster", "expert", "by")[:50])
    return {"rows": sorted(rows.values(), key=lambda r: r.cluster.code), "pool": pool, "last_run": last_run,
            "short": short, "overrides": overrides, "clusters": clusters}


# --- progress ------------------------------------------------------------------------------------

@dataclass
class Tally:
    label: str
    assigned: int = 0
    not_opened: int = 0
    in_progress: int = 0
    submitted: int = 0
    scored: int = 0  # indicators with a score, over all assignments
    to_score: int = 0  # indicators to score, over all assignments
    deadline: Any = None  # per cluster: the expert deadline that applies


def progress(round_: Round) -> dict[str, Any]:
    frameworks = Frameworks(round_)
    assignments = list(
        Assignment.objects.filter(round=round_).select_related("expert", "cluster__county")
        .annotate(scored=Count("scores", filter=~Q(scores__score="")))
        .order_by("cluster__code", "expert__username"))
    by_expert: dict[int, Tally] = {}
    by_cluster: dict[int, Tally] = {}
    for a in assignments:
        for key, label, table in ((a.expert_id, expert_name(a.expert), by_expert),
                                  (a.cluster_id, a.cluster.name, by_cluster)):
            tally = table.setdefault(key, Tally(label))
            tally.assigned += 1
            setattr(tally, a.status.value, getattr(tally, a.status.value) + 1)
            tally.scored += a.scored
            tally.to_score += len(frameworks.leaves(a.cluster.group))
    clusters = {a.cluster_id: a.cluster for a in assignments}
    dues = effective_deadlines(round_, DeadlineLevel.EXPERT, clusters.values())
    for cluster_id, tally in by_cluster.items():
        tally.deadline = dues.get(cluster_id)
    conflicts = list(ConflictDeclaration.objects.filter(round=round_).exclude(kind=ConflictKind.NONE)
                     .select_related("cluster", "expert"))
    return {"by_expert": sorted(by_expert.values(), key=lambda t: t.label),
            "by_cluster": sorted(by_cluster.values(), key=lambda t: t.label),
            "conflicts": conflicts, "total": len(assignments),
            "submitted": sum(1 for a in assignments if a.submitted_at)}


# --- spread --------------------------------------------------------------------------------------

def _submitted_scores(round_: Round, cluster_ids: list[int] | None = None):  # noqa: ANN202
    scores = ExpertScore.objects.filter(assignment__round=round_, assignment__submitted_at__isnull=False)
    if cluster_ids is not None:
        scores = scores.filter(assignment__cluster_id__in=cluster_ids)
    return (scores.select_related("assignment__expert")
            .order_by("assignment__cluster_id", "indicator", "assignment__expert__username"))


def cluster_spread(frameworks: Frameworks, cluster: Cluster, scores=None) -> list[IndicatorSpread]:  # noqa: ANN001
    """Per qualitative leaf of the cluster's framework: the submitted experts' spread."""
    if scores is None:
        scores = _submitted_scores(frameworks.round, [cluster.pk])
    by_indicator: dict[str, list[tuple]] = defaultdict(list)
    for s in scores:
        expert = s.assignment.expert
        by_indicator[s.indicator].append((expert.pk, expert_name(expert), s.score, s.comment))
    policy = frameworks.policy(cluster.group)
    return [indicator_spread(leaf, by_indicator.get(leaf.code, []), policy)
            for leaf in frameworks.leaves(cluster.group)]


def spread_overview(round_: Round) -> dict[str, Any]:
    """Per cluster with submitted scores: how many experts, and the indicators with an outlier."""
    frameworks = Frameworks(round_)
    by_cluster: dict[int, list] = defaultdict(list)
    for s in _submitted_scores(round_):
        by_cluster[s.assignment.cluster_id].append(s)
    clusters = Cluster.objects.filter(pk__in=by_cluster).order_by("code")
    rows = []
    for cluster in clusters:
        spreads = cluster_spread(frameworks, cluster, by_cluster[cluster.pk])
        experts = {s.assignment.expert_id for s in by_cluster[cluster.pk]}
        rows.append({"cluster": cluster, "experts": len(experts),
                     "outliers": [sp.leaf.code for sp in spreads if sp.has_outlier]})
    labels = sorted({rule_label(frameworks.policy(group)) for group in frameworks.documents}
                    or {rule_label(aggregation_policy(None, round_.scheme.manifest))})
    return {"rows": rows, "rules": labels}


# --- the scoring page ----------------------------------------------------------------------------

def evidence_url(evidence: Any) -> str:
    """The submissions app's scoped download view; it checks the reader's scope itself (an
    expert reaches the cluster through `policy.cluster_scope` once they declared)."""
    return reverse("submissions:evidence", args=[evidence.pk])


def dossier(assignment: Assignment, submission: Any) -> dict[str, Any]:
    """What the expert reads: the submission's values and narratives labelled from the framework,
    and its evidence files."""
    document = pinned_document(assignment.round, assignment.cluster.group)
    names = indicator_names(document)

    def label(code: str) -> str:
        node = names.get(code)
        return f"{code} {localised(node.get('name'), code)}" if node else code

    values, narratives, evidence = [], [], []
    if submission is not None:
        for code, value in (submission.values or {}).items():
            unit = (names.get(code) or {}).get("unit") or ""
            values.append({"code": code, "label": label(code), "value": value, "unit": unit})
        for code, text in (submission.narratives or {}).items():
            narratives.append({"code": code, "label": label(code), "text": text})
        evidence = list(submission.evidence.all())
        for item in evidence:
            item.url = evidence_url(item)
    return {"values": values, "narratives": narratives, "evidence": evidence,
            "leaves": qualitative_leaves(document),
            "policy": aggregation_policy(document, assignment.round.scheme.manifest)}
