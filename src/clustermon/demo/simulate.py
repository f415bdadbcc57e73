"""The demo's rounds: 2024 and 2025 run to publication, 2026 open with a few drafts.

Rounds are created, opened and moved through their lifecycle, and results computed, approved and
published, by the same actions the web application uses. So are the reviews (each county, city and
the province pass every submission up with `review.actions.pass_up`) and the expert review (the
province's `auto_assign` of five experts per cluster; each expert declares no conflict, saves and
submits the scores with `experts.actions`). What the submitters type is written directly as
handed-in submissions, and the province's decisions on bonus and deduction claims as decided
claims. The expert deadline of a past round is set once its experts have scored (the demo runs
after that date; the deadline only bounds scoring, and scoring is then over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from clustermon import scoring
from clustermon.demo.build import SUBMITTER_CLUSTER, MasterData, reviewers_by_place
from clustermon.demo.values import expert_score, leaf_shares, strengths, submission_values
from clustermon.experts import actions as experts
from clustermon.experts.models import Assignment, ConflictKind
from clustermon.frameworks.models import Scheme
from clustermon.registry.models import Cluster
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ResultSet
from clustermon.review.actions import pass_up
from clustermon.rounds.actions import create_round, set_deadline, transition
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus
from clustermon.submissions.models import Claim, Submission, SubmissionStatus

S = RoundStatus
# Deadlines within the year after the monitored one (H-Art.11: the first half of the year).
DEADLINES = {DeadlineLevel.SUBMITTER: (3, 31), DeadlineLevel.COUNTY: (4, 15), DeadlineLevel.CITY: (4, 30),
             DeadlineLevel.PROVINCE: (5, 31), DeadlineLevel.EXPERT: (6, 15)}
EXPERTS_PER_CLUSTER = 5

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


def _deadline(round_: Round, level: str, admin: object) -> None:
    month, day = DEADLINES[level]
    set_deadline(round_, level, dt.date(round_.year + 1, month, day), by=admin)


def _open(round_: Round, admin: object, *, expert_deadline: bool = True) -> None:
    for level in DEADLINES:
        if level != DeadlineLevel.EXPERT or expert_deadline:
            _deadline(round_, level, admin)
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


def _review(sim: Simulation, submissions: Sequence[Submission]) -> None:
    """Every handed-in submission passed up by its county, its city and the province (accepted)."""
    cities, counties = reviewers_by_place(sim.master.users)
    for submission in submissions:
        county = submission.cluster.county
        version = submission.version
        for reviewer in (counties[county.pk], cities[county.city_id], sim.admin):
            version = pass_up(submission, by=reviewer, expected_version=version).version


def _expert_review(sim: Simulation, round_: Round) -> None:
    """Five experts per accepted cluster by the automatic assignment; each expert declares no
    conflict, saves their scores and submits them."""
    experts.auto_assign(round_, EXPERTS_PER_CLUSTER, by=sim.admin)
    frameworks = _frameworks(round_)
    assignments = (Assignment.objects.filter(round=round_)
                   .select_related("round__scheme", "cluster__county", "expert").order_by("cluster__code", "expert_id"))
    for assignment in assignments:
        expert, cluster = assignment.expert, assignment.cluster
        experts.declare_conflict(assignment, ConflictKind.NONE, by=expert)
        entries = {leaf.code: (expert_score(leaf, sim.shares[cluster.pk][leaf.code], sim.rng), "")
                   for leaf in frameworks[cluster.group].leaves() if scoring.METHODS[leaf.method].experts}
        experts.save_scores(assignment, entries, by=expert)
        experts.submit_scores(assignment, by=expert)


def run_year(sim: Simulation, year: int, *, drift: float) -> tuple[Round, ResultSet]:
    """A round taken from creation to published results."""
    admin = sim.admin
    round_ = create_round(sim.scheme, year, by=admin, title=f"{year}年度湖南省产业集群监测")
    _open(round_, admin, expert_deadline=False)
    clusters = _monitored(sim.master, year)
    submissions = _submissions(sim, round_, clusters, SubmissionStatus.AT_COUNTY, drift=drift)
    sim.last_values = {s.cluster_id: s.values for s in submissions}
    _claims(round_, submissions)
    transition(round_, S.REVIEW, by=admin)
    _review(sim, submissions)
    transition(round_, S.EXPERT_REVIEW, by=admin)
    _expert_review(sim, round_)
    _deadline(round_, DeadlineLevel.EXPERT, admin)
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
