"""The figures the reports show, checked against the hand computations of tests/reports/conftest.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.http import Http404
from django.utils import translation
from tests.reports.conftest import TOTALS_2024, TOTALS_2025, result_of

from clustermon import scoring
from clustermon.reports import data

D = Decimal


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def lines_by_code(report) -> dict:
    return {line.code: line for line in report.indicators}


def test_the_years_are_as_computed_by_hand(world, years) -> None:
    from clustermon.results.models import ClusterResult

    for year, totals in ((years.round_2024, TOTALS_2024), (years.round_2025, TOTALS_2025)):
        rows = ClusterResult.objects.filter(result_set__round=year, result_set__status="approved")
        assert {r.cluster.code: r.total for r in rows} == totals
    a1 = result_of(years, world, "a1")
    assert (a1.rank, a1.grade, a1.stars, a1.label) == (1, "good", 3, "bronze")


def test_every_indicator_against_the_group(world, years, django_assert_max_num_queries) -> None:
    user = world.users["province"]
    with django_assert_max_num_queries(9):  # + the latest robustness run
        report = data.cluster_report(user, result_of(years, world, "a1"))
    lines = lines_by_code(report)
    assert [(x.code, x.depth, x.is_leaf) for x in report.indicators] == [
        ("D1", 0, False), ("D1.1", 1, True), ("D1.2", 1, True), ("A1", 0, True), ("A2", 0, True)]
    expected = {  # points, full marks, group average, group best
        "D1": ("84.00", "100.00", "75.50", "100.00"), "D1.1": ("48.00", "60.00", "45.00", "60.00"),
        "D1.2": ("36.00", "40.00", "30.50", "40.00"), "A1": ("50.00", "50.00", "37.50", "50.00"),
        "A2": ("50.00", "50.00", "21.88", "50.00"),
    }
    for code, (points, full, average, best) in expected.items():
        line = lines[code]
        assert (line.points, line.max_points, line.average, line.best) == (D(points), D(full), D(average), D(best))
    assert lines["D1.1"].gap_average == D("3.00") and lines["D1.1"].gap_best == D("-12.00")
    assert (lines["D1.1"].value, lines["D1.1"].unit, lines["D1.1"].submitted) == ("80", "亿元", "80")
    assert lines["D1.2"].experts == "A, B" and lines["D1.2"].value == ""
    assert lines["A1"].value == "是" and lines["A1"].unit == ""
    assert [x.name for x in report.first_level] == ["产业规模", "法人资格", "服务收入"]


def test_parts_totals_and_the_result(world, years) -> None:
    report = data.cluster_report(world.users["province"], result_of(years, world, "a1"))
    assert [(p.code, p.score, p.average, p.best) for p in report.parts] == [
        ("development", D("84.00"), D("75.50"), D("100.00")), ("activity", D("100.00"), D("59.38"), D("100.00"))]
    assert (report.average_total, report.best_total) == (D("70.91"), D("92.80"))
    assert report.group_name == "省级先进制造业集群"
    assert (report.grade_name, report.stars_text, report.label_name) == ("良好", "★★★", "铜标")
    assert [(c.name, c.points) for c in report.bonus] == [("加分", D("4.00"))]
    assert report.grade_policy["good_quota"] == 2 and report.grade_policy["excellent_quota"] == 0
    assert report.stability is None  # filled once clustermon.scoring.robustness exists


def test_strengths_weaknesses_and_priorities_of_a_strong_cluster(world, years) -> None:
    report = data.cluster_report(world.users["province"], result_of(years, world, "a1"))
    # percentage points of full marks: A2 100 − 43.76, A1 100 − 75, D1.2 90 − 76.25, D1.1 80 − 75
    assert [(x.code, x.lead) for x in report.strengths] == [
        ("A2", D("56.24")), ("A1", D("25.00")), ("D1.2", D("13.75")), ("D1.1", D("5.00"))]
    assert report.weaknesses == []
    # the plans' suggestion: the lowest shares of full marks (D1.1 80 %, D1.2 90 %), not the full ones
    assert [(x.code, x.gain) for x in report.priorities] == [("D1.1", D("12.00")), ("D1.2", D("4.00"))]
    assert report.plan_kind == "培育提升方案" and report.plan_article.startswith("监测结果为良好和合格的")


def test_strengths_weaknesses_and_priorities_of_an_unqualified_cluster(world, years) -> None:
    report = data.cluster_report(world.users["province"], result_of(years, world, "b1"))
    assert [(x.code, x.lead) for x in report.strengths] == [("A1", D("25.00"))]
    assert [(x.code, x.lead) for x in report.weaknesses] == [
        ("A2", D("-43.76")), ("D1.2", D("-21.25")), ("D1.1", D("-5.00"))]
    # the lowest shares first: A2 0 %, D1.2 55 %, D1.1 70 % (three at most)
    assert [(x.code, x.gain) for x in report.priorities] == [
        ("A2", D("50.00")), ("D1.2", D("18.00")), ("D1.1", D("18.00"))]
    assert report.plan_kind == "整改方案" and "整改" in report.plan_text


def test_the_trend_over_the_rounds(world, years) -> None:
    report = data.cluster_report(world.users["province"], result_of(years, world, "a1"))
    assert [(p.year, p.total, p.rank, p.size, p.grade, p.average, p.best, p.current) for p in report.trend] == [
        (2024, D("75.70"), 2, 4, "good", D("65.18"), D("76.20"), False),  # (75.70+75.20+76.20+33.60)/4
        (2025, D("92.80"), 1, 4, "good", D("70.91"), D("92.80"), True),
    ]


def test_a_city_sees_the_group_average_of_the_whole_group(world, years) -> None:
    """Out-of-scope clusters count in the average and best, though the city cannot see them."""
    user = world.users["city_a"]
    result = data.cluster_result(user, data.shown_result_set(user, years.round_2025.pk), world.clusters["a1"].pk)
    report = data.cluster_report(user, result)
    assert report.average_total == D("70.91") and lines_by_code(report)["D1.1"].average == D("45.00")


def test_scope_and_publication(world, years) -> None:
    from tests.reports.conftest import fill_2024
    from tests.results.conftest import make_round

    from clustermon.results.actions import compute_round

    city = world.users["city_a"]
    shown = data.shown_result_set(city, years.round_2025.pk)
    with pytest.raises(Http404):
        data.cluster_result(city, shown, world.clusters["b1"].pk)
    with pytest.raises(Http404):
        data.shown_result_set(world.users["outsider"], years.round_2025.pk)
    round_2026 = make_round(years.scheme, years.version, 2026, "scoring")
    fill_2024(world, round_2026)
    compute_round(round_2026, by=world.users["admin"])
    with pytest.raises(Http404):  # computed, not published: the province only
        data.shown_result_set(city, round_2026.pk)
    assert data.shown_result_set(world.users["province"], round_2026.pk).status == "computed"


def test_the_province_summary(world, years, django_assert_max_num_queries) -> None:
    user = world.users["province"]
    with django_assert_max_num_queries(9):  # + the latest robustness run
        report = data.summary_report(user, years.set_2025)
    assert not report.scoped
    [group] = report.groups
    assert (group.code, group.name, group.size) == ("provincial_amc", "省级先进制造业集群", 4)
    assert [row.cluster.code for row in group.rows] == ["a1", "a2", "b1", "a1b"]
    assert group.distribution == {"excellent": 0, "good": 2, "qualified": 0, "unqualified": 2}
    assert (group.excellent_quota, group.good_quota, group.small, group.min_size_for_excellent) == (0, 2, True, 5)
    assert report.small_groups == [group]
    assert report.starred == 2  # a1 three stars, a2 two
    cities = {c.city.code: c for c in report.cities}
    assert set(cities) == {"a", "b"}  # the province's cities (not Q's)
    assert (cities["a"].count, cities["a"].average_total, cities["a"].starred) == (3, D("74.62"), 2)
    assert cities["a"].grades == {"excellent": 0, "good": 2, "qualified": 0, "unqualified": 1}
    assert (cities["b"].count, cities["b"].average_total) == (1, D("59.80"))


def test_the_movers(world, years) -> None:
    report = data.summary_report(world.users["province"], years.set_2025)
    assert report.previous_set.round_id == years.round_2024.pk
    assert [(m.result.cluster.code, m.delta) for m in report.risers] == [
        ("a1", D("17.10")), ("a2", D("13.55")), ("a1b", D("8.70"))]
    assert [(m.result.cluster.code, m.delta, m.previous.rank, m.result.rank) for m in report.fallers] == [
        ("b1", D("-16.40"), 1, 3)]


def test_a_city_summary_is_its_scope(world, years) -> None:
    report = data.summary_report(world.users["city_a"], years.set_2025)
    assert report.scoped
    assert [row.cluster.code for row in report.rows] == ["a1", "a2", "a1b"]
    assert [c.city.code for c in report.cities] == ["a"]
    assert report.groups[0].size == 4  # the whole group's size: ranks are within it
    assert report.fallers == [] and [m.result.cluster.code for m in report.risers] == ["a1", "a2", "a1b"]


def test_no_movers_without_a_previous_year(world, years) -> None:
    report = data.summary_report(world.users["province"], years.round_2024.result_sets.get())
    assert report.previous_set is None and report.risers == report.fallers == []


@pytest.mark.parametrize(("share", "rounding", "size"), [
    (Fraction(1, 5), "floor", 5), (Fraction(1, 5), "round_half_up", 3), (Fraction(1, 5), "ceil", 1),
    (Fraction(1, 10), "floor", 10)])
def test_the_smallest_group_with_an_excellent_grade(share, rounding, size) -> None:
    policy = scoring.GradePolicy(excellent_share=share, quota_rounding=rounding)
    assert data.min_size_for_excellent(policy) == size


def test_raw_values_as_submitted(world, years) -> None:
    user = world.users["province"]
    raw = data.raw_values(user, years.set_2025, [c.pk for c in world.clusters.values()])
    a1 = [(r.code, r.name, r.unit, r.value) for r in raw if r.submission.cluster.code == "a1"]
    assert a1 == [("D1.1", "营业收入", "亿元", "80"), ("A1", "法人资格", "", "是"), ("A2", "服务收入", "万元", "120"),
                  ("A2@prev", "服务收入（上年）", "万元", "100")]


@pytest.mark.parametrize(("value", "text"), [(13.0, "13"), (35.85, "35.85"), (None, ""), ("是", "是"), (7, "7")])
def test_value_text(value, text) -> None:
    assert data.value_text(value) == text
