"""A published round on the `world` province with results chosen by hand, and its plans required.

Framework (group provincial_amc), one part of weight 100, leaves and available points:
  D1.1 40, D1.2 20 (under D1), D2.1 25, D2.2 15 (under D2)

           grade        plan           D1.1  D1.2  D2.1  D2.2
  a1       unqualified  rectification   10     5    20     3
  a1b      excellent    improvement     40    20    25    15
  a2       good         cultivation     30    10    20     9
  b1       qualified    cultivation      0    15    10     6
  group mean share                      0.5  0.625 0.75  0.55   (e.g. D1.1: (10+40+30+0)/4/40)

a1's shares: D2.2 3/15 = 0.2; D1.2 5/20 = 0.25 (0.375 below the mean); D1.1 10/40 = 0.25 (0.25
below); D2.1 0.8. Weakest first: D2.2, D1.2, D1.1, D2.1 — the three suggested: D2.2, D1.2, D1.1.
a1b has full points everywhere: nothing is suggested.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD

GROUP = "provincial_amc"


def _leaf(code: str, zh: str, en: str, points: int) -> dict:
    return {"code": code, "name": {"zh": zh, "en": en}, "kind": "quantitative", "unit": "亿元", "points": points,
            "method": "linear", "params": {"floor": 0, "target": 100}}


DOCUMENT = {
    "scheme": "plan-test", "group": GROUP, "version": "p1", "status": "draft",
    "parts": [{"code": "development", "name": {"zh": "发展水平", "en": "Development"}, "weight": 100, "indicators": [
        {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "points": 60, "children": [
            _leaf("D1.1", "营业收入", "Revenue", 40), _leaf("D1.2", "规上企业数", "Enterprises", 20)]},
        {"code": "D2", "name": {"zh": "创新能力", "en": "Innovation"}, "points": 40, "children": [
            _leaf("D2.1", "研发投入", "R&D", 25), _leaf("D2.2", "创新平台", "Platforms", 15)]},
    ]}],
}

POINTS = {
    "a1": ("unqualified", {"D1.1": "10", "D1.2": "5", "D2.1": "20", "D2.2": "3"}),
    "a1b": ("excellent", {"D1.1": "40", "D1.2": "20", "D2.1": "25", "D2.2": "15"}),
    "a2": ("good", {"D1.1": "30", "D1.2": "10", "D2.1": "20", "D2.2": "9"}),
    "b1": ("qualified", {"D1.1": "0", "D1.2": "15", "D2.1": "10", "D2.2": "6"}),
}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class PlansWorld:
    world: object
    round: object
    result_set: object
    version: object
    requirements: dict  # cluster code → PlanRequirement
    due: dt.date

    @property
    def users(self) -> dict:
        return self.world.users

    def req(self, code: str):  # noqa: ANN201
        from clustermon.plans.models import PlanRequirement

        return PlanRequirement.objects.select_related("round__scheme", "cluster__county__city",
                                                      "result__result_set").get(pk=self.requirements[code].pk)


def make_published_round(world, *, year: int = 2025):  # noqa: ANN001, ANN201 - (Round, ResultSet, FrameworkVersion)
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.results.models import ClusterResult, ResultSet
    from clustermon.rounds.models import Round, RoundFramework, RoundStatus

    scheme, _ = Scheme.objects.get_or_create(
        code="plan-test", defaults={"name": "测试监测", "province": world.province,
                                    "manifest": {"groups": [{"code": GROUP, "name": {"zh": "省级先进制造业集群"}}]}})
    version, _ = FrameworkVersion.objects.get_or_create(scheme=scheme, group=GROUP, version="p1",
                                                        defaults={"document": DOCUMENT, "content_hash": "p" * 64})
    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}年度监测", status=RoundStatus.PUBLISHED)
    RoundFramework.objects.create(round=round_, group=GROUP, framework_version=version)
    result_set = ResultSet.objects.create(
        round=round_, number=1, status=ResultSet.Status.APPROVED, content_hash="r" * 64,
        recipe={"frameworks": {GROUP: {"version_id": version.pk, "version": "p1"}}}, approved_at=timezone.now())
    for rank, (code, (grade, points)) in enumerate(POINTS.items(), start=1):
        total = sum(Decimal(v) for v in points.values())
        ClusterResult.objects.create(
            result_set=result_set, cluster=world.clusters[code], group=GROUP, total=total, base=total,
            bonus=Decimal(0), deduction=Decimal(0), part_scores={"development": str(total)},
            node_points={**points, "D1": str(Decimal(points["D1.1"]) + Decimal(points["D1.2"])),
                         "D2": str(Decimal(points["D2.1"]) + Decimal(points["D2.2"]))},
            rank=rank, group_size=4, grade=grade, explanation={})
    return round_, result_set, version


@pytest.fixture
def pw(world) -> PlansWorld:
    from clustermon.plans.actions import require_plans

    round_, result_set, version = make_published_round(world)
    due = timezone.localdate() + dt.timedelta(days=30)
    done = require_plans(round_, by=world.users["admin"], due=due)
    return PlansWorld(world, round_, result_set, version, {r.cluster.code: r for r in done.created}, due)


@pytest.fixture
def submitter_a1b(world, django_user_model):  # noqa: ANN201
    from clustermon.accounts.models import Role

    return django_user_model.objects.create_user(username="submitter_a1b", password=PASSWORD, role=Role.SUBMITTER,
                                                 province=world.province, cluster=world.clusters["a1b"])


@pytest.fixture
def city_b(world, django_user_model):  # noqa: ANN201
    from clustermon.accounts.models import Role

    return django_user_model.objects.create_user(username="city_b", password=PASSWORD, role=Role.CITY_REVIEWER,
                                                  province=world.province, city=world.cities["B"])


def upload(content: bytes = PDF, name: str = "整改方案.pdf"):  # noqa: ANN201
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
