"""Small rounds for the analysis and job tests: a framework, accepted submissions, computed results.

`near_tie` (group provincial_amc, quotas for 4 clusters: no excellent, good up to rank 2, pass 60):

    development (weight 70): D1.1 linear 0→100, 60 points; D1.2 linear 0→100, 40 points
    activity    (weight 30): A1   linear 0→100, 50 points; A2   linear 0→100, 50 points

              D1.1  D1.2  A1   A2    development   activity   total   rank  grade
    a1         90    90   90   90    90            90         90.00   1     good
    a2         85    85   85   85    85            85         85.00   2     good
    b1         70    55  100    0    42+22 = 64    50         59.80   3     unqualified
    a1b        40    40   40   40    40            40         40.00   4     unqualified

a1, a2 and a1b score the same share on every leaf, so no re-weighting moves their totals; b1
sits 0.20 below the pass mark and moves about ±3 points when the weights vary by ±20 %: its
grade is the one unstable grade (the planted near-tie).

`correlated` (one part, weight 100, first-level D1 with three leaves):

              D1.1 (0→100, 40)  D1.2 (0→10, 30)  D1.3 (0→10, 30)
    a1         10                1                3
    a2         20                2                4
    b1         30                3                1
    a1b        40                4                2

ρ(D1.1, D1.2) = 1 (redundant); ρ(D1.1, D1.3) = ρ(D1.2, D1.3) = 1 − 6·16/(4·15) = −0.6 (contrary).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GROUP = "provincial_amc"


def leaf(code: str, points: int, target: int, name: str) -> dict[str, Any]:
    return {"code": code, "name": {"zh": name, "en": code}, "kind": "quantitative", "points": points,
            "method": "linear", "params": {"floor": 0, "target": target}, "required": True}


NEAR_TIE = {
    "scheme": "ana-tie", "group": GROUP, "version": "1", "status": "draft",
    "parts": [
        {"code": "development", "name": {"zh": "发展水平", "en": "Development"}, "weight": 70, "indicators": [
            {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "children": [
                leaf("D1.1", 60, 100, "营业收入"), leaf("D1.2", 40, 100, "研发投入")]},
        ]},
        {"code": "activity", "name": {"zh": "促进组织活跃度", "en": "Activity"}, "weight": 30, "indicators": [
            leaf("A1", 50, 100, "服务活动"), leaf("A2", 50, 100, "服务收入")]},
    ],
}
NEAR_TIE_VALUES = {
    "a1": {"D1.1": "90", "D1.2": "90", "A1": "90", "A2": "90"},
    "a2": {"D1.1": "85", "D1.2": "85", "A1": "85", "A2": "85"},
    "b1": {"D1.1": "70", "D1.2": "55", "A1": "100", "A2": "0"},
    "a1b": {"D1.1": "40", "D1.2": "40", "A1": "40", "A2": "40"},
}

CORRELATED = {
    "scheme": "ana-corr", "group": GROUP, "version": "1", "status": "draft",
    "parts": [
        {"code": "development", "name": {"zh": "发展水平", "en": "Development"}, "weight": 100, "indicators": [
            {"code": "D1", "name": {"zh": "产业规模", "en": "Scale"}, "children": [
                leaf("D1.1", 40, 100, "营业收入"), leaf("D1.2", 30, 10, "规上企业数"),
                leaf("D1.3", 30, 10, "亩均税收")]},
        ]},
    ],
}
CORRELATED_VALUES = {
    "a1": {"D1.1": "10", "D1.2": "1", "D1.3": "3"},
    "a2": {"D1.1": "20", "D1.2": "2", "D1.3": "4"},
    "b1": {"D1.1": "30", "D1.2": "3", "D1.3": "1"},
    "a1b": {"D1.1": "40", "D1.2": "4", "D1.3": "2"},
}


@dataclass
class Made:
    round: Any
    result_set: Any


def make_round(world, document: dict, values: dict[str, dict[str, str]], *, year: int = 2025,  # noqa: ANN001
               compute: bool = True) -> Made:
    """A scheme of its own for `document`, its round in scoring with the values accepted, and (by
    default) the results computed by the province administrator."""
    from clustermon import scoring
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.results.actions import compute_round
    from clustermon.rounds.models import Round, RoundFramework
    from clustermon.submissions.models import Submission

    framework = scoring.parse_framework(document, source="test")
    scheme = Scheme.objects.create(
        code=document["scheme"], name="分析测试方案", province=world.province,
        manifest={"groups": [{"code": GROUP, "name": {"zh": "省级先进制造业集群", "en": "Provincial AMC"}}]})
    version = FrameworkVersion.objects.create(scheme=scheme, group=GROUP, version="1",
                                              document=framework.to_dict(), content_hash=framework.content_hash())
    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}年度分析测试", status="scoring")
    RoundFramework.objects.create(round=round_, group=GROUP, framework_version=version)
    for code, vals in values.items():
        Submission.objects.create(round=round_, cluster=world.clusters[code], group=GROUP, status="accepted",
                                  values=vals)
    result_set = compute_round(round_, by=world.users["admin"]) if compute else None
    return Made(round_, result_set)
