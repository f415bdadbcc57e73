"""Rounds need a scheme with framework versions: a tiny hand-made framework per group.

Scheme `test-monitoring` of province P has two groups, `provincial_amc` (the group of every
`world` cluster) and `provincial_sme`; each has one stored version `2026.1`. The fixtures
`draft_round` and `open_round` are rounds of 2025 (created and moved by `admin`).
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

GROUPS = [
    {"code": "provincial_amc", "name": {"zh": "省级先进制造业集群", "en": "Provincial AMC"}},
    {"code": "provincial_sme", "name": {"zh": "省级中小企业特色产业集群", "en": "Provincial SME"}},
]

DUES = {"submitter": dt.date(2026, 3, 31), "county": dt.date(2026, 4, 10), "city": dt.date(2026, 4, 20),
        "province": dt.date(2026, 4, 30)}


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> None:
    """The `world` fixture makes seven users: hash their passwords quickly in these tests."""
    from django.conf import settings

    saved = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = saved


def tiny_framework(group: str = "provincial_amc", version: str = "2026.1",
                   scheme: str = "test-monitoring") -> dict:
    """A valid framework document: development (70) with D1 → D1.1, D1.2 and activity (30) with A1."""
    return copy.deepcopy({
        "scheme": scheme, "group": group, "version": version, "status": "draft",
        "parts": [
            {"code": "development", "name": {"zh": "发展水平", "en": "Development level"}, "weight": 70,
             "indicators": [
                 {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "children": [
                     {"code": "D1.1", "name": {"zh": "营业收入", "en": "Revenue"}, "kind": "quantitative",
                      "unit": "亿元", "points": 60, "method": "linear", "params": {"floor": 0, "target": 100},
                      "required": True},
                     {"code": "D1.2", "name": {"zh": "企业数量", "en": "Enterprises"}, "kind": "quantitative",
                      "unit": "家", "points": 40, "method": "count", "params": {"per_item": 4}},
                 ]},
             ]},
            {"code": "activity", "name": {"zh": "促进组织活跃度", "en": "Activity"}, "weight": 30,
             "indicators": [
                 {"code": "A1", "name": {"zh": "公共服务", "en": "Public services"}, "kind": "qualitative",
                  "points": 100, "method": "expert_grade",
                  "params": {"grades": {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}}},
             ]},
        ],
        "bonus": {"cap": 10, "items": [{"code": "B1", "name": {"zh": "产业链攻关", "en": "Chain tasks"},
                                        "max_points": 5}]},
        "deduction": {"cap": 10, "items": [{"code": "X1", "name": {"zh": "安全事故", "en": "Accidents"},
                                            "max_points": 10}]},
    })


def store_version(scheme, group: str, version: str = "2026.1", document: dict | None = None, **fields):  # noqa: ANN001, ANN201
    from clustermon.frameworks.models import FrameworkVersion
    from clustermon.frameworks.versions import content_hash
    from clustermon.scoring import parse_framework

    resolved = parse_framework(document or tiny_framework(group, version), source="test").to_dict()
    return FrameworkVersion.objects.create(scheme=scheme, group=group, version=version, document=resolved,
                                           content_hash=content_hash(resolved), **fields)


@pytest.fixture
def scheme(world):  # noqa: ANN001, ANN201
    from clustermon.frameworks.models import Scheme

    s = Scheme.objects.create(code="test-monitoring", name="测试监测", province=world.province,
                              manifest={"groups": GROUPS})
    for group in GROUPS:
        store_version(s, group["code"])
    return s


@pytest.fixture
def other_scheme(world):  # noqa: ANN001, ANN201
    """A scheme of the outsider's province Q, with a draft round of 2025 created there."""
    from clustermon.frameworks.models import Scheme
    from clustermon.rounds.models import Round, RoundStatus

    s = Scheme.objects.create(code="q-monitoring", name="外省监测", province=world.other_province,
                              manifest={"groups": GROUPS[:1]})
    store_version(s, "provincial_amc", document=tiny_framework(scheme="q-monitoring"))
    Round.objects.create(scheme=s, year=2025, title="外省2025", status=RoundStatus.OPEN)
    return s


def set_all_deadlines(round_, admin, dues: dict | None = None) -> None:  # noqa: ANN001
    from clustermon.rounds.actions import set_deadlines

    set_deadlines(round_, dues or DUES, by=admin)


def add_result_set(round_, admin, status: str = "approved"):  # noqa: ANN001, ANN201
    """A result set (approved by default: the results app's guard wants one before publishing)."""
    from clustermon.results.models import ResultSet

    number = round_.result_sets.count() + 1
    return ResultSet.objects.create(round=round_, number=number, recipe={}, content_hash="x" * 64,
                                    computed_by=admin, status=status)


MAIN_PATH = ["open", "review", "expert_review", "scoring", "approved", "published", "closed"]


def advance(round_, to: str, admin) -> None:  # noqa: ANN001
    """Walk the main path from the round's status up to `to`, meeting each guard on the way."""
    from clustermon.rounds.actions import transition

    for status in MAIN_PATH[MAIN_PATH.index(round_.status) + 1 if round_.status in MAIN_PATH else 0:]:
        if status == "open" and not round_.deadlines.exists():
            set_all_deadlines(round_, admin)
        if status == "approved" and not round_.result_sets.exists():
            add_result_set(round_, admin)
        transition(round_, status, by=admin)
        if status == to:
            return


@pytest.fixture
def draft_round(world, scheme):  # noqa: ANN001, ANN201
    from clustermon.rounds.actions import create_round

    return create_round(scheme, 2025, by=world.users["admin"])


@pytest.fixture
def open_round(world, draft_round):  # noqa: ANN001, ANN201
    advance(draft_round, "open", world.users["admin"])
    return draft_round
