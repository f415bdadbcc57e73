"""The sentences of the explanation page (in Chinese, the default language)."""

from __future__ import annotations

import pytest
from django.utils import translation

from clustermon.results import explain as words


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(("method", "params", "points", "unit", "expected"), [
    ("linear", {"floor": 0, "target": 100}, 60, "亿元",
     "线性计分：不高于 0 亿元 得 0 分，不低于 100 亿元 得满分 60 分，其间按比例计分。"),
    ("linear", {"floor": 1.2, "target": 0.6}, 5, "吨标准煤/万元",
     "线性计分：数值越低越好：不低于 1.2 吨标准煤/万元 得 0 分，不高于 0.6 吨标准煤/万元 得满分 5 分，其间按比例计分。"),
    ("tiers", {"tiers": [{"min": 10, "share": 0.4}, {"min": 40, "share": 1}]}, 7, "%",
     "分档计分（达到档位得满分 7 分的相应比例）：不低于 10%：40.00%；不低于 40%：100.00%。"),
    ("growth", {"mode": "rate", "score": "linear", "floor": 0, "target": 0.15}, 6, "万元",
     "按较上年增长率：(本年 − 上年) ÷ |上年|计算；不高于 0.00% 得 0 分，不低于 15.00% 得满分 6 分，其间按比例计分。"),
    ("count", {"per_item": 1.25}, 5, "个", "每项 1.25 分，最高 5 分。"),
    ("relative_to_best", {"direction": "higher"}, 4, "", "与组内最优值比较：本集群数值 ÷ 组内最高值 × 4 分。"),
    ("expert_points", {}, 5, "", "每位专家打 0 至 5 分。"),
    ("yes_no", {}, 4.0, "", "“是”得满分 4 分，“否”得 0 分。"),
])
def test_methods_in_words(method, params, points, unit, expected) -> None:
    assert words.method_words(method, params, points, unit) == expected


def grading(grade: str, rank: int, size: int, eq: int, gq: int, total: str = "75.00") -> dict:
    return {"grade": grade, "rank": rank, "size": size, "total": total,
            "grade_policy": {"excellent_share": "1/5", "good_share": "1/2", "quota_rounding": "floor",
                             "pass_mark": "60", "pass_inclusive": True, "excellent_quota": eq, "good_quota": gq}}


def test_grade_rules() -> None:
    # 14 clusters: ⌊14/5⌋ = 2 excellent, ⌊14/2⌋ = 7 good
    assert words.grade_rule(grading("excellent", 2, 14, 2, 7)) == (
        "组内 14 个集群中排名第 2，在优秀名额 2 个以内（14 的前 20%，向下取整），且总分 75.00 达到合格线 60 分：优秀。")
    assert words.grade_rule(grading("qualified", 8, 14, 2, 7)) == (
        "组内 14 个集群中排名第 8，超出良好名额 7 个（14 的前 50%，向下取整），且总分 75.00 达到合格线 60 分：合格。")
    assert words.grade_rule(grading("unqualified", 1, 14, 2, 7, total="59.99")) == (
        "总分 59.99 低于合格线 60 分：不论排名，均为不合格（D5）。")


def test_trimmed_experts_are_marked_even_when_tied() -> None:
    assert words._dropped([1.0, 0.8, 0.8, 1.0, 1.0], True) == {0, 1}
    assert words._dropped([1.0, 1.0, 1.0, 1.0, 1.0], True) == {0, 1}  # all equal: still two dropped
    assert words._dropped([0.6, 0.8], True) == set()
    assert words._dropped([1.0, 0.8, 0.6, 0.8, 1.0], False) == set()


def test_ratings_in_words() -> None:
    assert words.rating_rule("excellent", "good", 2024, 4, "silver") == (
        "上年（2024）良好，本年优秀：4 星（H-Art.16），银标（H-Art.17）。")
    assert words.rating_rule("good", "unqualified", 2024, 0, "none") == (
        "上年（2024）不合格，本年良好：该组合不评星级、不评标级（H-Art.16–17）。")
