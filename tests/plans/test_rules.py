"""The pure rules: grade → plan (H-Art.15), timetables, missing and late, focus indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from clustermon.plans import rules
from clustermon.plans.models import PlanKind
from tests.plans.conftest import DOCUMENT, POINTS


@pytest.mark.parametrize(("grade", "kind"), [
    ("excellent", PlanKind.IMPROVEMENT),  # 优秀 → 提升方案
    ("good", PlanKind.CULTIVATION),  # 良好 → 培育提升方案
    ("qualified", PlanKind.CULTIVATION),  # 合格 → 培育提升方案
    ("unqualified", PlanKind.RECTIFICATION),  # 不合格 → 整改方案
])
def test_the_grade_decides_the_plan(grade: str, kind: PlanKind) -> None:
    assert rules.kind_for_grade(grade) == kind


@pytest.mark.parametrize("grade", ["", "Excellent", "优秀", "none", None])
def test_no_plan_for_anything_else(grade) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="no plan"):
        rules.kind_for_grade(grade)


def test_only_the_improvement_plan_needs_a_timetable_and_only_the_others_focus() -> None:
    assert [rules.requires_timetable(k) for k in PlanKind] == [True, False, False]
    assert [rules.requires_focus(k) for k in PlanKind] == [False, True, True]


def test_the_article_is_quoted_for_each_kind() -> None:
    assert "编制提升方案，明确时间表、路线图" in rules.ARTICLE_15[PlanKind.IMPROVEMENT]
    assert "针对性的培育提升方案" in rules.ARTICLE_15[PlanKind.CULTIVATION]
    assert "制定整改方案进行整改" in rules.ARTICLE_15[PlanKind.RECTIFICATION]


# --- timetables ------------------------------------------------------------------------------------

def test_milestones_in_every_accepted_date_form() -> None:
    text = ("2027-06-30 完成龙头企业技改\n"
            "\n"
            "2027/9/1：建成公共检测平台\n"
            "2028-02 引进配套企业10家\n"
            "2028年3月15日，发布集群品牌\n"
            "  2028年12月 达到千亿规模  \n")
    got = [(m.line, m.day, m.by_month, m.text, m.date_text) for m in rules.parse_milestones(text)]
    assert got == [
        (1, dt.date(2027, 6, 30), False, "完成龙头企业技改", "2027-06-30"),
        (3, dt.date(2027, 9, 1), False, "建成公共检测平台", "2027-09-01"),
        (4, dt.date(2028, 2, 29), True, "引进配套企业10家", "2028-02"),  # 2028 is a leap year
        (5, dt.date(2028, 3, 15), False, "发布集群品牌", "2028-03-15"),
        (6, dt.date(2028, 12, 31), True, "达到千亿规模", "2028-12"),
    ]


def test_an_empty_timetable_has_no_milestones() -> None:
    assert rules.parse_milestones("") == []
    assert rules.parse_milestones(" \n\n") == []


def test_every_bad_line_is_named() -> None:
    text = "2027-06-30 完成技改\n明年完成平台建设\n2027-02-30 不存在的日期\n2027-13 月份错误\n2027-08-01\n"
    with translation.override("en"), pytest.raises(rules.TimetableError) as caught:
        rules.parse_milestones(text)
    problems = caught.value.problems
    assert len(problems) == 4
    assert problems[0].startswith("Line 2 ") and "明年完成平台建设" in problems[0]
    assert problems[1].startswith("Line 3 ") and "2027-02-30" in problems[1]
    assert problems[2].startswith("Line 4 ")
    assert problems[3] == "Line 5 gives a date but not what is due by then."


# --- missing and late -------------------------------------------------------------------------------

DUE = dt.date(2026, 11, 20)


@pytest.mark.parametrize(("submitted", "today", "missing", "days"), [
    (None, dt.date(2026, 11, 19), True, 0),  # not yet due
    (None, dt.date(2026, 11, 20), True, 0),  # the due day itself is on time
    (None, dt.date(2026, 11, 21), True, 1),  # overdue by one day
    (None, dt.date(2026, 12, 1), True, 11),  # 10 days of November after the 20th + 1
    (dt.date(2026, 11, 20), dt.date(2026, 12, 31), False, 0),  # on the due day: on time for good
    (dt.date(2026, 11, 23), dt.date(2026, 12, 31), False, 3),  # three days late, whatever today is
    (dt.date(2026, 11, 1), dt.date(2026, 11, 2), False, 0),
])
def test_missing_and_late(submitted, today, missing, days) -> None:  # noqa: ANN001
    assert rules.is_missing(submitted) is missing
    assert rules.days_late(DUE, submitted, today) == days
    assert rules.is_late(DUE, submitted, today) is (days > 0)


# --- focus indicators ----------------------------------------------------------------------------------

def test_the_leaves_of_the_document_with_their_points() -> None:
    leaves = rules.leaves_of(DOCUMENT, "en")
    assert [(leaf.code, leaf.name, leaf.available) for leaf in leaves] == [
        ("D1.1", "Revenue", Decimal(40)), ("D1.2", "Enterprises", Decimal(20)),
        ("D2.1", "R&D", Decimal(25)), ("D2.2", "Platforms", Decimal(15))]
    assert rules.leaves_of(None) == []


def test_weakest_first_by_share_then_below_the_group_then_code() -> None:
    group = [points for _grade, points in POINTS.values()]
    shares = rules.indicator_shares(rules.leaves_of(DOCUMENT), POINTS["a1"][1], group)
    assert [(s.code, s.share, s.group_share) for s in shares] == [
        ("D2.2", Decimal("0.2"), Decimal("0.55")),  # 3/15; (3+15+9+6)/4/15
        ("D1.2", Decimal("0.25"), Decimal("0.625")),  # 5/20; (5+20+10+15)/4/20: 0.375 below the group
        ("D1.1", Decimal("0.25"), Decimal("0.5")),  # 10/40; (10+40+30+0)/4/40: 0.25 below
        ("D2.1", Decimal("0.8"), Decimal("0.75")),
    ]
    assert (shares[0].percent, shares[0].group_percent) == (Decimal("20.0"), Decimal("55.0"))
    assert rules.suggest_focus(shares) == ["D2.2", "D1.2", "D1.1"]
    assert rules.suggest_focus(shares, 1) == ["D2.2"]


def test_full_points_are_never_suggested() -> None:
    group = [points for _grade, points in POINTS.values()]
    shares = rules.indicator_shares(rules.leaves_of(DOCUMENT), POINTS["a1b"][1], group)
    assert [s.share for s in shares] == [Decimal(1)] * 4
    assert rules.suggest_focus(shares) == []


def test_indicators_without_points_are_left_out() -> None:
    shares = rules.indicator_shares(rules.leaves_of(DOCUMENT), {"D1.1": "10", "D2.2": ""}, [])
    assert [(s.code, s.group_share) for s in shares] == [("D1.1", None)]


def test_the_problems_in_chinese() -> None:
    with translation.override("zh-hans"), pytest.raises(rules.TimetableError) as caught:
        rules.parse_milestones("明年完成\n2027-06-30")
    assert caught.value.problems == ["第 1 行未以日期开头（如 2026-09-30）：明年完成",
                                     "第 2 行只有日期，未写明届时完成的事项。"]
