"""The expert review on top of the `world` personas: a scheme and a round in expert review whose
`provincial_amc` framework has two expert-scored leaves, accepted submissions for the four
clusters of province P, and a small expert pool.

Pool (all of province P, experts of 装备制造 unless said):
- `expert`  (the world persona): home city B
- `x1`: home city A
- `x2`: no home city, 新材料
- `x3`: no home city, affiliated with cluster a2
- `x4`: no home city, 电子信息, affiliated with park P1, the core park of a1b
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import PASSWORD

GRADES = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}

DOCUMENT = {
    "scheme": "test-monitoring", "group": "provincial_amc", "version": "2025.1", "status": "draft",
    "aggregation": {"method": "trimmed_mean", "trim_from": 5},
    "parts": [
        {"code": "development", "name": {"zh": "发展水平", "en": "Development level"}, "weight": 100,
         "indicators": [
             {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "points": 85, "children": [
                 {"code": "D1.1", "name": {"zh": "营业收入", "en": "Revenue"}, "points": 85,
                  "kind": "quantitative", "unit": "亿元", "method": "linear",
                  "params": {"floor": 0, "target": 100}, "required": True},
             ]},
             {"code": "Q", "name": {"zh": "定性评价", "en": "Qualitative"}, "points": 15, "children": [
                 {"code": "Q1", "name": {"zh": "发展规划", "en": "Development plan"}, "points": 10,
                  "kind": "qualitative", "method": "expert_grade", "params": {"grades": GRADES},
                  "definition": {"zh": "规划的科学性", "en": "Soundness of the plan"}},
                 {"code": "Q2", "name": {"zh": "品牌建设", "en": "Brand"}, "points": 5,
                  "kind": "qualitative", "method": "expert_points", "params": {}},
             ]},
         ]},
    ],
    "bonus": {"cap": 10, "items": []}, "deduction": {"cap": 10, "items": []}, "rules": [],
}


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Hashing a dozen passwords with the production hasher costs seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Review:
    world: object
    round: object
    submissions: dict
    experts: dict  # name → user (includes "expert")
    park: object


@pytest.fixture
def review(world, django_user_model) -> Review:
    from clustermon.accounts.models import Role
    from clustermon.experts.models import Affiliation, ExpertProfile
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.registry.models import Park
    from clustermon.rounds.models import Round, RoundFramework, RoundStatus
    from clustermon.submissions.models import Submission, SubmissionStatus

    p = world.province
    scheme = Scheme.objects.create(
        code="test-monitoring", name="测试监测", province=p,
        manifest={"groups": [{"code": "provincial_amc", "name": {"zh": "省级先进制造业集群"}}],
                  "aggregation": {"method": "trimmed_mean", "trim_from": 5}},
    )
    version = FrameworkVersion.objects.create(scheme=scheme, group="provincial_amc", version="2025.1",
                                              document=DOCUMENT, content_hash="x" * 64)
    round_ = Round.objects.create(scheme=scheme, year=2025, title="2025年度监测", status=RoundStatus.EXPERT_REVIEW)
    RoundFramework.objects.create(round=round_, group="provincial_amc", framework_version=version)

    park = Park.objects.create(name="甲一高新区", county=world.counties["A1"])
    a1b = world.clusters["a1b"]
    a1b.core_park = park
    a1b.save(update_fields=["core_park"])

    submissions = {
        code: Submission.objects.create(round=round_, cluster=world.clusters[code], group="provincial_amc",
                                        status=SubmissionStatus.ACCEPTED,
                                        values={"D1.1": "120"}, narratives={"Q1": "规划完整"})
        for code in ("a1", "a1b", "a2", "b1")
    }

    def expert(name: str, city=None, industries=("装备制造",)) -> object:
        user = django_user_model.objects.create_user(username=name, password=PASSWORD, role=Role.EXPERT,
                                                     province=p, first_name=f"专家{name}")
        ExpertProfile.objects.create(user=user, field="产业经济", industries=list(industries), home_city=city)
        return user

    me = world.users["expert"]
    ExpertProfile.objects.create(user=me, field="产业经济", industries=["装备制造"], home_city=world.cities["B"])
    experts = {
        "expert": me,
        "x1": expert("x1", world.cities["A"]),
        "x2": expert("x2", industries=("新材料",)),
        "x3": expert("x3"),
        "x4": expert("x4", industries=("电子信息",)),
    }
    Affiliation.objects.create(expert=experts["x3"], cluster=world.clusters["a2"], note="顾问")
    Affiliation.objects.create(expert=experts["x4"], park=park, note="园区专家委员")
    return Review(world, round_, submissions, experts, park)


def make_assignment(review: Review, cluster: str, expert: str, *, opened: bool = True):  # noqa: ANN201
    from django.utils import timezone

    from clustermon.experts.models import Assignment

    return Assignment.objects.create(round=review.round, cluster=review.world.clusters[cluster],
                                     expert=review.experts[expert],
                                     opened_at=timezone.now() if opened else None)
