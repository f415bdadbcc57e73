"""A small framework that asks for an enterprise list, on the `world` personas.

Framework (group provincial_amc):
  performance (weight 60): P1 sales increase, linear 0 → 1000 (万元), 50 points;
                           P2 employment increase, linear 0 → 100 (人), 50 points
  work (weight 40):        W1 expert grade A–D, 100 points
  enterprise_data:         sales (万元), employees (人, whole numbers); Σ sales → P1, Σ sales@prev →
                           P1@prev, Σ employees → P2, Σ employees@prev → P2@prev; checks ×3, z 3.5, 5 rows
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import pytest

from clustermon.enterprises.creditcode import with_check

GROUP = "provincial_amc"

FRAMEWORK = {
    "scheme": "ent-scheme", "group": GROUP, "version": "e1", "status": "draft",
    "parts": [
        {"code": "performance", "name": {"zh": "业绩指标", "en": "Performance"}, "weight": 60, "indicators": [
            {"code": "P1", "name": {"zh": "新增销售收入", "en": "New sales"}, "kind": "quantitative", "unit": "万元",
             "points": 50, "method": "growth",
             "params": {"mode": "increment", "score": "linear", "floor": 0, "target": 1000}, "required": True,
             "min": 0},
            {"code": "P2", "name": {"zh": "新增就业人数", "en": "New employment"}, "kind": "quantitative",
             "unit": "人", "points": 50, "method": "growth",
             "params": {"mode": "increment", "score": "linear", "floor": 0, "target": 100}, "required": True,
             "min": 0},
        ]},
        {"code": "work", "name": {"zh": "工作指标", "en": "Work"}, "weight": 40, "indicators": [
            {"code": "W1", "name": {"zh": "规划及组织实施", "en": "Planning"}, "kind": "qualitative", "points": 100,
             "method": "expert_grade", "params": {"grades": {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}}},
        ]},
    ],
    "enterprise_data": {
        "name": {"zh": "规模以上工业企业", "en": "Above-size enterprises"},
        "fields": [
            {"code": "sales", "name": {"zh": "销售收入", "en": "Sales revenue"}, "unit": "万元", "min": 0},
            {"code": "employees", "name": {"zh": "从业人员", "en": "Employees"}, "unit": "人", "integer": True,
             "min": 0},
        ],
        "feeds": [
            {"target": "P1", "field": "sales"}, {"target": "P1@prev", "field": "sales@prev"},
            {"target": "P2", "field": "employees"}, {"target": "P2@prev", "field": "employees@prev"},
        ],
        "checks": {"jump_ratio": 3, "robust_z": 3.5, "min_rows": 5},
    },
}


def code(n: int, division: str = "420115") -> str:
    """A valid credit code, different for each n (fictitious: organisation part starts with DM)."""
    return with_check(f"91{division}DM{n:07d}")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class EntWorld:
    world: object
    scheme: object
    version: object
    round: object
    subs: dict

    @property
    def users(self) -> dict:
        return self.world.users


def make_ent_round(world, *, year: int = 2026, status: str = "open", document: dict | None = None):  # noqa: ANN001, ANN201
    from clustermon import scoring
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.rounds.models import Deadline, Round, RoundFramework

    framework = scoring.parse_framework(copy.deepcopy(document or FRAMEWORK), source="test")
    scheme, _created = Scheme.objects.get_or_create(
        code="ent-scheme", defaults={"name": "企业数据测试方案", "province": world.province, "manifest": {
            "groups": [{"code": GROUP, "name": {"zh": "省级先进制造业集群", "en": "Provincial AMC"}}],
            "authority": {"zh": "测试省工业和信息化厅", "en": "Test department"},
            "rating_policy": {"stars": False, "labels": False}}})
    version, _created = FrameworkVersion.objects.get_or_create(
        scheme=scheme, group=GROUP, version=framework.version,
        defaults={"document": framework.to_dict(), "content_hash": framework.content_hash()})
    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}年度集群考核", status=status)
    RoundFramework.objects.create(round=round_, group=GROUP, framework_version=version)
    for level, (month, day) in {"submitter": (12, 31), "county": (12, 31), "city": (12, 31),
                                "province": (12, 31), "expert": (12, 31)}.items():
        Deadline.objects.create(round=round_, level=level, due=dt.date(2099, month, day))
    return scheme, version, round_


@pytest.fixture
def ent(world) -> EntWorld:
    """An open round of the enterprise framework with drafts for a1, a1b and b1."""
    from clustermon.submissions.models import Submission

    scheme, version, round_ = make_ent_round(world)
    subs = {key: Submission.objects.create(round=round_, cluster=world.clusters[key], group=GROUP)
            for key in ("a1", "a1b", "b1")}
    return EntWorld(world, scheme, version, round_, subs)
