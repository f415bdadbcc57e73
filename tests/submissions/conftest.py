"""A small framework covering every kind of leaf, a round pinning it, last year's round and a
draft submission of cluster a1 (the `world` personas)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
import pytest

from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.rounds.models import Round, RoundFramework, RoundStatus
from clustermon.scoring import parse_framework
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.conftest import PASSWORD

GROUP = "provincial_amc"


def text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


FRAMEWORK = {
    "scheme": "sub-test", "group": GROUP, "version": "s1", "status": "draft",
    "parts": [
        {"code": "development", "name": text("发展水平", "Development level"), "weight": 70, "indicators": [
            {"code": "S1", "name": text("产业规模", "Scale"), "children": [
                {"code": "S1.1", "name": text("集群营业收入", "Cluster revenue"), "kind": "quantitative",
                 "unit": "亿元", "points": 30, "method": "linear", "params": {"floor": 0, "target": 1000},
                 "required": True, "min": 0, "max": 100000, "yoy_warning": 0.5,
                 "definition": text("集群内企业营业收入合计", "Total revenue of the cluster's firms")},
                {"code": "S1.2", "name": text("中小企业产值", "SME output"), "kind": "quantitative",
                 "unit": "亿元", "points": 20, "method": "linear", "params": {"floor": 0, "target": 500},
                 "required": True, "min": 0},
                {"code": "S1.3", "name": text("规上企业数", "Enterprises above size"), "kind": "quantitative",
                 "unit": "家", "points": 20, "method": "linear", "params": {"floor": 0, "target": 100},
                 "required": False, "min": 0},
            ]},
            {"code": "S2", "name": text("创新能力", "Innovation"), "children": [
                {"code": "S2.1", "name": text("研发投入强度", "R&D intensity"), "kind": "quantitative",
                 "unit": "%", "points": 15, "method": "linear", "params": {"floor": 0, "target": 5},
                 "min": 0, "max": 100},
                {"code": "S2.2", "name": text("建有国家级创新平台", "National innovation platform"),
                 "kind": "yes_no", "points": 15, "method": "yes_no"},
            ]},
        ]},
        {"code": "activity", "name": text("促进组织活跃度", "Activity"), "weight": 30, "indicators": [
            {"code": "P1", "name": text("自身建设", "Own capacity"), "children": [
                {"code": "P1.1", "name": text("促进组织工作情况", "Work of the organisation"),
                 "kind": "qualitative", "points": 100, "method": "expert_grade", "required": True},
            ]},
        ]},
    ],
    "bonus": {"cap": 10, "items": [
        {"code": "B1", "name": text("承担国家重点产业链攻关任务", "National chain tasks"), "max_points": 6}]},
    "deduction": {"cap": 10, "items": [
        {"code": "X1", "name": text("环境污染或安全生产事故", "Pollution or safety accident"), "max_points": 10}]},
    "rules": [{"code": "R1", "left": "S1.2", "op": "<=", "right": "S1.1",
               "message": text("中小企业产值不得高于集群营业收入", "SME output cannot exceed the cluster's revenue")}],
}
LEAVES = ["S1.1", "S1.2", "S1.3", "S2.1", "S2.2", "P1.1"]
UNITS = {"S1.1": "亿元", "S1.2": "亿元", "S1.3": "家", "S2.1": "%"}
LAST_YEAR = {"S1.1": "100", "S1.2": "40", "S1.3": "25", "S2.1": "2", "S2.2": "1"}
COMPLETE = {"S1.1": "120", "S1.2": "50", "S1.3": "30", "S2.1": "2.5", "S2.2": "1"}
NARRATIVE = {"P1.1": "举办对接活动12场。"}


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def framework():
    return parse_framework(FRAMEWORK, source="test")


@dataclass
class EntryWorld:
    world: object
    round: Round
    last_round: Round
    sub: Submission  # a1's draft
    version: FrameworkVersion

    @property
    def users(self) -> dict:
        return self.world.users

    @property
    def clusters(self) -> dict:
        return self.world.clusters

    def submission(self, code: str, **fields) -> Submission:
        cluster = self.clusters[code]
        return Submission.objects.create(round=self.round, cluster=cluster, group=cluster.group, **fields)


def pin(scheme: Scheme, framework) -> FrameworkVersion:  # noqa: ANN001
    return FrameworkVersion.objects.create(scheme=scheme, group=GROUP, version=framework.version,
                                           document=framework.to_dict(), content_hash=framework.content_hash())


@pytest.fixture
def ew(world, framework) -> EntryWorld:
    scheme = Scheme.objects.create(code="sub-test", name="测试监测", province=world.province, manifest={
        "groups": [{"code": GROUP, "name": text("省级先进制造业集群", "Provincial AMC")}]})
    version = pin(scheme, framework)
    last = Round.objects.create(scheme=scheme, year=2025, title="2025年度监测", status=RoundStatus.CLOSED)
    this = Round.objects.create(scheme=scheme, year=2026, title="2026年度监测", status=RoundStatus.OPEN)
    for r in (last, this):
        RoundFramework.objects.create(round=r, group=GROUP, framework_version=version)
    for code in ("a1", "a1b", "a2", "b1"):
        c = world.clusters[code]
        Submission.objects.create(round=last, cluster=c, group=GROUP, status=SubmissionStatus.ACCEPTED,
                                  values=dict(LAST_YEAR))
    sub = Submission.objects.create(round=this, cluster=world.clusters["a1"], group=GROUP)
    return EntryWorld(world, this, last, sub, version)


def login(client, user) -> None:  # noqa: ANN001
    assert client.login(username=user.username, password=PASSWORD)


def xlsx_bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
