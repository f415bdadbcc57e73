"""The demo's rounds: 2024 and 2025 run to publication, 2026 open with a few drafts.

Rounds are created, opened and moved through their lifecycle, and results computed, approved and
published, by the same actions the web application uses. What people would type or click in
between (submissions, reviews, expert scores, claim decisions) is written directly as its end
state: accepted submissions, submitted expert scores, decided claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.utils import timezone

from clustermon import scoring
from clustermon.demo.build import EXPERTS, SUBMITTER_CLUSTER, MasterData
from clustermon.demo.values import expert_score, leaf_shares, strengths, submission_values
from clustermon.experts.models import Assignment, ExpertScore
from clustermon.frameworks.models import Scheme
from clustermon.registry.models import Cluster
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ResultSet
from clustermon.rounds.actions import create_round, set_deadline, transition
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus
from clustermon.submissions.models import Claim, Submission, SubmissionStatus

S = RoundStatus
# Deadlines within the year after the monitored one (H-Art.11: the first half of the year).
DEADLINES = {DeadlineLevel.SUBMITTER: (3, 31), DeadlineLevel.COUNTY: (4, 15), DeadlineLevel.CITY: (4, 30),
             DeadlineLevel.PROVINCE: (5, 31), DeadlineLevel.EXPERT: (6, 15)}

# (round year, cluster code, kind, item, points, reason, decision)
CLAIMS: list[tuple[int, str, str, str, str, str, str]] = [
    (2024, "cs-construction-machinery", "bonus", "B1", "6", "集群龙头企业牵头承担国家重点产业链攻关任务2项。", "accepted"),
    (2024, "zz-rail-transit", "bonus", "B1", "4", "牵头承担产业基础再造工程项目1项、参与1项。", "accepted"),
    (2024, "cs-energy-storage", "bonus", "B2", "3", "引进百亿级新能源材料项目1个并开工建设。", "accepted"),
    (2024, "sd-hardware", "bonus", "B1", "4", "集群企业2项产品新入选“湖南名品”名单。", "accepted"),
    (2024, "yy-petrochemicals", "deduction", "X1", "3", "园区内企业发生一般(Ⅳ级)突发环境事件1起。", "accepted"),
    (2024, "hy-chemical-materials", "bonus", "B2", "3", "为当地千亿产业链提供关键配套。", "rejected"),
    (2025, "cs-construction-machinery", "bonus", "B2", "3", "新培育千亿级企业1家，助力“万千百”工程。", "accepted"),
    (2025, "hn-power-transmission", "bonus", "B1", "4", "牵头承担国家重点产业链“揭榜挂帅”项目1项、参与1项。",
     "accepted"),
    (2025, "ly-biomedicine", "bonus", "B1", "2", "集群企业1项产品新入选“湖南名品”名单。", "accepted"),
    (2025, "ah-dark-tea", "bonus", "B1", "4", "集群区域品牌获省级认定，1项产品入选“湖南名品”。", "accepted"),
    (2025, "cn-nonferrous", "deduction", "X2", "3", "集群企业发生一般生产安全事故1起。", "accepted"),
    (2025, "ly-fireworks", "deduction", "X2", "3", "集群企业发生一般生产安全事故1起(已整改)。", "accepted"),
]


@dataclass
class Simulation:
    """What the years share: each cluster's latent strength and stable per-leaf shares."""

    master: MasterData
    scheme: Scheme
    admin: object
    rng: np.random.Generator
    shares: dict[int, dict[str, float]] = field(default_factory=dict)
    last_values: dict[int, dict[str, str]] = field(default_factory=dict)

    def prepare(self) -> None:
        clusters = list(self.master.clusters.values())
        latent = strengths([c.level for c in clusters], [not c.is_fictitious for c in clusters], self.rng)
        frameworks = {g["code"]: self.framework(g["code"]) for g in self.scheme.groups}
        for cluster, strength in zip(clusters, latent, strict=True):
            self.shares[cluster.pk] = leaf_shares(float(strength), frameworks[cluster.group].leaves(), self.rng)

    def framework(self, group: str) -> scoring.Framework:
        version = self.scheme.versions.filter(group=group).order_by("-created_at", "-id").first()
        return version.framework


def _open(round_: Round, admin: object) -> None:
    for level, (month, day) in DEADLINES.items():
        set_deadline(round_, level, dt.date(round_.year + 1, month, day), by=admin)
    transition(round_, S.OPEN, by=admin)


def _monitored(master: MasterData, year: int) -> list[Cluster]:
    return [c for c in master.clusters.values() if c.is_monitored_in(year)]


def _frameworks(round_: Round) -> dict[str, scoring.Framework]:
    return {pin.group: pin.framework_version.framework
            for pin in round_.frameworks.select_related("framework_version")}


def _submissions(sim: Simulation, round_: Round, clusters: Sequence[Cluster], status: str, *,
                 drift: float, fill: float = 1.0) -> list[Submission]:
    frameworks = _frameworks(round_)
    rows = []
    for cluster in clusters:
        values = submission_values(frameworks[cluster.group], sim.shares[cluster.pk], drift, sim.rng,
                                   prev=sim.last_values.get(cluster.pk), fill=fill)
        rows.append(Submission(round=round_, cluster=cluster, group=cluster.group, status=status, values=values))
    return Submission.objects.bulk_create(rows)


def _claims(round_: Round, submissions: Sequence[Submission]) -> None:
    by_code = {s.cluster.code: s for s in submissions}
    Claim.objects.bulk_create(
        Claim(submission=by_code[code], kind=kind, item=item, points=Decimal(points), reason=reason,
              decision=decision)
        for year, code, kind, item, points, reason, decision in CLAIMS
        if year == round_.year and code in by_code
    )


def _expert_review(sim: Simulation, round_: Round, clusters: Sequence[Cluster], experts: Sequence[object]) -> None:
    frameworks = _frameworks(round_)
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, cluster=cluster, expert=expert, submitted_at=now)
        for cluster in clusters for expert in experts
    )
    scores = []
    for assignment in assignments:
        cluster = assignment.cluster
        for leaf in frameworks[cluster.group].leaves():
            if scoring.METHODS[leaf.method].experts:
                share = sim.shares[cluster.pk][leaf.code]
                scores.append(ExpertScore(assignment=assignment, indicator=leaf.code,
                                          score=expert_score(leaf, share, sim.rng)))
    ExpertScore.objects.bulk_create(scores, batch_size=1000)


def run_year(sim: Simulation, year: int, *, drift: float) -> tuple[Round, ResultSet]:
    """A round taken from creation to published results."""
    admin = sim.admin
    round_ = create_round(sim.scheme, year, by=admin, title=f"{year}年度湖南省产业集群监测")
    _open(round_, admin)
    clusters = _monitored(sim.master, year)
    submissions = _submissions(sim, round_, clusters, SubmissionStatus.ACCEPTED, drift=drift)
    sim.last_values = {s.cluster_id: s.values for s in submissions}
    _claims(round_, submissions)
    transition(round_, S.REVIEW, by=admin)
    transition(round_, S.EXPERT_REVIEW, by=admin)
    experts = [sim.master.users[username] for username, *_ in EXPERTS]
    _expert_review(sim, round_, clusters, experts)
    transition(round_, S.SCORING, by=admin)
    result_set = compute_round(round_, by=admin)
    approve_result_set(result_set, by=admin)
    publish_round(round_, by=admin)
    return round_, result_set


def open_year(sim: Simulation, year: int, *, share_of_drafts: float = 0.4) -> tuple[Round, int]:
    """A round open for submission, with partly filled drafts for some clusters."""
    round_ = create_round(sim.scheme, year, by=sim.admin, title=f"{year}年度湖南省产业集群监测")
    _open(round_, sim.admin)
    clusters = _monitored(sim.master, year)
    chosen = [c for c in clusters if c.code == SUBMITTER_CLUSTER or sim.rng.random() < share_of_drafts]
    _submissions(sim, round_, chosen, SubmissionStatus.DRAFT, drift=0.03, fill=0.6)
    return round_, len(chosen)
