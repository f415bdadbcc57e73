"""A tiny scheme on the `world` province, with inputs whose results are computed by hand below.

Framework (group provincial_amc), two parts:
  development (weight 70): D1.1 linear 0→100, 60 points; D1.2 expert grade A/B/C/D, 40 points
  activity    (weight 30): A1 yes/no, 50 points; A2 growth rate, linear 0→0.2, 50 points
  bonus B1 (max 6, cap 10), deduction X1 (max 10, cap 10)

            D1.1  experts  A1  A2 (prev)   development  activity  base    claims       total
  a1         80   A, B     是  120 (100)   48+36=84     50+50=100  88.80  +4 bonus     92.80
  a2        100   A, A     是  105 (100)   60+40=100    50+12.5    88.75  (+5 rejected) 88.75
  b1         70   B, D     是  100 (100)   42+22=64     50+0=50    59.80               59.80
  a1b        50   C, C     否  110 (100)   30+24=54     0+25=25    45.30  −3 deduction 42.30

Ranks 1–4 in a group of 4: no excellent (⌊4/5⌋ = 0), good up to rank 2 (⌊4/2⌋ = 2); b1 and a1b
are below 60, so unqualified. An unsubmitted assignment (a D for a1) and a draft submission
(cluster a2b) must be ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

GROUP = "provincial_amc"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    """The personas' passwords are hashed with a fast hasher here (the default takes ~0.3 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


FRAMEWORK = {
    "scheme": "test-scheme", "group": GROUP, "version": "1", "status": "draft",
    "parts": [
        {"code": "development", "name": {"zh": "发展水平", "en": "Development"}, "weight": 70, "indicators": [
            {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "children": [
                {"code": "D1.1", "name": {"zh": "营业收入", "en": "Revenue"}, "kind": "quantitative", "unit": "亿元",
                 "points": 60, "method": "linear", "params": {"floor": 0, "target": 100}, "required": True},
                {"code": "D1.2", "name": {"zh": "协同创新", "en": "Co-innovation"}, "kind": "qualitative",
                 "points": 40, "method": "expert_grade",
                 "params": {"grades": {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}}},
            ]},
        ]},
        {"code": "activity", "name": {"zh": "促进组织活跃度", "en": "Activity"}, "weight": 30, "indicators": [
            {"code": "A1", "name": {"zh": "法人资格", "en": "Legal person"}, "kind": "yes_no", "points": 50,
             "method": "yes_no", "params": {}},
            {"code": "A2", "name": {"zh": "服务收入", "en": "Service income"}, "kind": "quantitative",
             "unit": "万元", "points": 50, "method": "growth",
             "params": {"mode": "rate", "score": "linear", "floor": 0, "target": 0.2}},
        ]},
    ],
    "bonus": {"cap": 10, "items": [{"code": "B1", "name": {"zh": "加分", "en": "Bonus"}, "max_points": 6}]},
    "deduction": {"cap": 10, "items": [{"code": "X1", "name": {"zh": "减分", "en": "Deduction"}, "max_points": 10}]},
}

VALUES = {
    "a1": {"D1.1": "80", "A1": "是", "A2": "120", "A2@prev": "100"},
    "a2": {"D1.1": "100", "A1": "是", "A2": "105", "A2@prev": "100"},
    "b1": {"D1.1": "70", "A1": "是", "A2": "100", "A2@prev": "100"},
    "a1b": {"D1.1": "50", "A1": "否", "A2": "110", "A2@prev": "100"},
}
EXPERT_GRADES = {"a1": ("A", "B"), "a2": ("A", "A"), "b1": ("B", "D"), "a1b": ("C", "C")}
EXPECTED_TOTALS = {"a1": Decimal("92.80"), "a2": Decimal("88.75"), "b1": Decimal("59.80"), "a1b": Decimal("42.30")}
EXPECTED_RANKS = {"a1": 1, "a2": 2, "b1": 3, "a1b": 4}
EXPECTED_GRADES = {"a1": "good", "a2": "good", "b1": "unqualified", "a1b": "unqualified"}


@dataclass
class Tiny:
    scheme: object
    version: object
    round: object
    submissions: dict


def make_scheme(world) -> tuple:
    from clustermon import scoring
    from clustermon.frameworks.models import FrameworkVersion, Scheme

    framework = scoring.parse_framework(FRAMEWORK, source="test")
    document = framework.to_dict()
    scheme = Scheme.objects.create(
        code="test-scheme", name="测试监测方案", province=world.province,
        manifest={"groups": [{"code": GROUP, "name": {"zh": "省级先进制造业集群", "en": "Provincial AMC"}}],
                  "rating_policy": {"stars": True, "labels": True, "label_basis": "overall"}},
    )
    version = FrameworkVersion.objects.create(scheme=scheme, group=GROUP, version="1", document=document,
                                              content_hash=framework.content_hash())
    return scheme, version


def make_round(scheme, version, year: int, status: str):
    from clustermon.rounds.models import Round, RoundFramework

    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}年度测试监测", status=status)
    RoundFramework.objects.create(round=round_, group=GROUP, framework_version=version)
    return round_


def fill_inputs(world, round_) -> dict:
    from clustermon.experts.models import Assignment, ExpertScore
    from clustermon.registry.models import Cluster
    from clustermon.submissions.models import Claim, Submission

    submissions = {}
    for code, values in VALUES.items():
        submissions[code] = Submission.objects.create(round=round_, cluster=world.clusters[code], group=GROUP,
                                                      status="accepted", values=values)
    draft_cluster = Cluster.objects.create(
        code="a2b", name="a2b产业集群", province=world.province, county=world.counties["A2"], kind="amc",
        level="provincial", group=GROUP, year_recognised=2020)
    Submission.objects.create(round=round_, cluster=draft_cluster, group=GROUP, status="draft",
                              values={"D1.1": "100", "A1": "是", "A2": "200", "A2@prev": "100"})
    experts = [world.users["expert"], _second_expert(world)]
    now = timezone.now()
    for code, grades in EXPERT_GRADES.items():
        for expert, grade in zip(experts, grades, strict=True):
            assignment = Assignment.objects.create(round=round_, cluster=world.clusters[code], expert=expert,
                                                   submitted_at=now)
            ExpertScore.objects.create(assignment=assignment, indicator="D1.2", score=grade)
    unsubmitted = Assignment.objects.create(round=round_, cluster=world.clusters["a1"], expert=_third_expert(world))
    ExpertScore.objects.create(assignment=unsubmitted, indicator="D1.2", score="D")
    Claim.objects.create(submission=submissions["a1"], kind="bonus", item="B1", points=Decimal("4"),
                         reason="牵头承担攻关任务", decision="accepted")
    Claim.objects.create(submission=submissions["a2"], kind="bonus", item="B1", points=Decimal("5"),
                         reason="材料不足", decision="rejected")
    Claim.objects.create(submission=submissions["a1b"], kind="deduction", item="X1", points=Decimal("3"),
                         reason="一般环境事件", decision="accepted")
    return submissions


def _expert_user(world, name: str):
    from clustermon.accounts.models import Role, User

    return User.objects.get_or_create(username=name, defaults={"role": Role.EXPERT, "province": world.province})[0]


def _second_expert(world):
    return _expert_user(world, "expert2")


def _third_expert(world):
    return _expert_user(world, "expert3")


@pytest.fixture
def tiny(world) -> Tiny:
    """The tiny scheme with its 2025 round in scoring and the inputs of the table above."""
    scheme, version = make_scheme(world)
    round_ = make_round(scheme, version, 2025, "scoring")
    return Tiny(scheme, version, round_, fill_inputs(world, round_))


@pytest.fixture
def published(world, tiny) -> Tiny:
    """The tiny round computed, approved and published through the actions."""
    from clustermon.results.actions import approve_result_set, compute_round, publish_round

    admin = world.users["admin"]
    approve_result_set(compute_round(tiny.round, by=admin), by=admin)
    publish_round(tiny.round, by=admin)
    tiny.round.refresh_from_db()
    return tiny


def add_result_rows(world, result_set, count: int) -> None:
    """`count` more clusters with results in the set (to show that query counts do not grow)."""
    from clustermon.registry.models import Cluster
    from clustermon.results.models import ClusterResult

    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"x{i}", name=f"x{i}产业集群", province=world.province,
                county=world.counties["A1" if i % 2 else "B1"], kind="amc", level="provincial", group=GROUP,
                year_recognised=2020)
        for i in range(count))
    ClusterResult.objects.bulk_create(
        ClusterResult(result_set=result_set, cluster=c, group=GROUP, total=70 - i / 10, base=70, bonus=0,
                      deduction=0, part_scores={"development": "70.00", "activity": "70.00"},
                      node_points={"D1": "40.00"}, rank=5 + i, group_size=4 + count, grade="qualified", stars=1,
                      label="none", explanation={})
        for i, c in enumerate(clusters))


# --- consecutive published years (stars, labels, registers) --------------------------------------

# 2024 differs from the table above in two clusters, computed by hand as above:
#   b1   D1.1 100 (60) + experts B, D (22) = 82 → 57.40; A1 是 50 + A2 120/100 (50) = 100 → 30.00: 87.40
#   a2   D1.1 80 (48) + experts A, A (40) = 88 → 61.60; A1 是 50 + A2 105/100 (12.5) = 62.5 → 18.75: 80.35
# 2024: a1 92.80 good (1), b1 87.40 good (2), a2 80.35 qualified (3), a1b 42.30 unqualified (4).
# 2025 (the table above): a1 good, a2 good, b1 unqualified, a1b unqualified. Hence in 2025
# (H-Art.16–17): a1 good + good → 3 stars, bronze; a2 qualified + good → 2 stars, no label;
# b1 good + unqualified and a1b unqualified twice → nothing (D6).
VALUES_2024 = {**VALUES, "b1": {**VALUES["b1"], "D1.1": "100", "A2": "120"}, "a2": {**VALUES["a2"], "D1.1": "80"}}
EXPECTED_2024 = {"a1": ("92.80", "good"), "b1": ("87.40", "good"), "a2": ("80.35", "qualified"),
                 "a1b": ("42.30", "unqualified")}
EXPECTED_RATINGS_2025 = {"a1": (3, "bronze"), "a2": (2, "none"), "b1": (0, "none"), "a1b": (0, "none")}


def fill_year(world, round_, values=VALUES) -> dict:
    """Accepted submissions, two experts' submitted grades and the claims of the table, for `round_`."""
    from clustermon.experts.models import Assignment, ExpertScore
    from clustermon.submissions.models import Claim, Submission

    submissions = {code: Submission.objects.create(round=round_, cluster=world.clusters[code], group=GROUP,
                                                   status="accepted", values=v) for code, v in values.items()}
    now = timezone.now()
    for code, grades in EXPERT_GRADES.items():
        for expert, grade in zip([world.users["expert"], _second_expert(world)], grades, strict=True):
            assignment = Assignment.objects.create(round=round_, cluster=world.clusters[code], expert=expert,
                                                   opened_at=now, submitted_at=now)
            ExpertScore.objects.create(assignment=assignment, indicator="D1.2", score=grade)
    Claim.objects.create(submission=submissions["a1"], kind="bonus", item="B1", points=Decimal("4"),
                         reason="牵头承担攻关任务", decision="accepted")
    Claim.objects.create(submission=submissions["a2"], kind="bonus", item="B1", points=Decimal("5"),
                         reason="材料不足", decision="rejected")
    Claim.objects.create(submission=submissions["a1b"], kind="deduction", item="X1", points=Decimal("3"),
                         reason="一般环境事件", decision="accepted")
    return submissions


def run_to_publication(world, round_) -> object:
    """compute → approve → publish through the actions; the approved result set."""
    from clustermon.results.actions import approve_result_set, compute_round, publish_round

    admin = world.users["admin"]
    result_set = approve_result_set(compute_round(round_, by=admin), by=admin)
    publish_round(round_, by=admin)
    round_.refresh_from_db()
    return result_set


@dataclass
class Years:
    scheme: object
    version: object
    rounds: dict


@pytest.fixture
def two_years(world) -> Years:
    """The tiny scheme's 2024 and 2025 rounds, each filled, computed, approved and published."""
    scheme, version = make_scheme(world)
    rounds = {}
    for year, values in ((2024, VALUES_2024), (2025, VALUES)):
        rounds[year] = make_round(scheme, version, year, "scoring")
        fill_year(world, rounds[year], values)
        run_to_publication(world, rounds[year])
    return Years(scheme, version, rounds)
