"""Rounds and submissions on top of the `world` personas, for review, API and matrix tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.rounds.models import Deadline, Round, RoundFramework, RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus

GROUP = "provincial_amc"

# A small valid framework (the core's resolved form): two quantitative leaves, D1.1 warns on a
# year-over-year move of more than 50 %.
FRAMEWORK = {
    "scheme": "test-scheme", "group": GROUP, "version": "t1", "status": "draft",
    "parts": [{
        "code": "development", "name": {"zh": "发展水平", "en": "Development level"}, "weight": 100,
        "indicators": [{
            "code": "D1", "name": {"zh": "规模", "en": "Scale"}, "points": 100, "children": [
                {"code": "D1.1", "name": {"zh": "营业收入", "en": "Revenue"}, "points": 60,
                 "kind": "quantitative", "unit": "亿元", "method": "linear",
                 "params": {"floor": 0, "target": 100}, "required": True, "min": 0, "yoy_warning": 0.5},
                {"code": "D1.2", "name": {"zh": "企业数", "en": "Enterprises"}, "points": 40,
                 "kind": "quantitative", "method": "linear", "params": {"floor": 0, "target": 50},
                 "required": False, "min": 0},
            ],
        }],
    }],
}

VALUES = {"D1.1": "50", "D1.2": "20"}


def make_scheme(world) -> Scheme:  # noqa: ANN001
    scheme, _created = Scheme.objects.get_or_create(
        code="test-scheme",
        defaults={"name": "测试监测", "province": world.province,
                  "manifest": {"groups": [{"code": GROUP, "name": {"zh": "省级先进制造业集群",
                                                                  "en": "Provincial AMC"}}]}},
    )
    return scheme


def make_round(world, *, year: int = 2026, status: str = RoundStatus.REVIEW,  # noqa: ANN001
               deadlines: dict[str, dt.date] | None = None) -> Round:
    scheme = make_scheme(world)
    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}年度监测", status=status)
    version, _created = FrameworkVersion.objects.get_or_create(
        scheme=scheme, group=GROUP, version="t1", defaults={"document": FRAMEWORK, "content_hash": "t1"})
    RoundFramework.objects.create(round=round_, group=GROUP, framework_version=version)
    for level, due in (deadlines or {}).items():
        Deadline.objects.create(round=round_, level=level, due=due)
    return round_


def make_submission(round_: Round, cluster, status: str = SubmissionStatus.AT_COUNTY,  # noqa: ANN001
                    values: dict | None = None) -> Submission:
    return Submission.objects.create(round=round_, cluster=cluster, group=cluster.group, status=status,
                                     values=dict(VALUES if values is None else values))


@dataclass
class ReviewWorld:
    world: object
    round: Round
    subs: dict[str, Submission]

    @property
    def users(self) -> dict:
        return self.world.users


def review_world(world, **round_kwargs) -> ReviewWorld:  # noqa: ANN001, ANN003
    """a1 at county, a1b in draft, a2 at city, b1 at province; the round under review."""
    round_ = make_round(world, **round_kwargs)
    c = world.clusters
    subs = {
        "a1": make_submission(round_, c["a1"], SubmissionStatus.AT_COUNTY),
        "a1b": make_submission(round_, c["a1b"], SubmissionStatus.DRAFT),
        "a2": make_submission(round_, c["a2"], SubmissionStatus.AT_CITY),
        "b1": make_submission(round_, c["b1"], SubmissionStatus.AT_PROVINCE),
    }
    return ReviewWorld(world, round_, subs)
