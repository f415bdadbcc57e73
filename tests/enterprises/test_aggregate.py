"""Enterprise rows → leaf values, and the single-enterprise checks, computed by hand."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.utils import translation

from clustermon.enterprises.aggregate import Row, field_totals, jumps, parse_figure, totals
from clustermon.scoring import parse_framework
from tests.enterprises.conftest import FRAMEWORK


def spec(**checks):  # noqa: ANN003, ANN201
    document = copy.deepcopy(FRAMEWORK)
    document["enterprise_data"]["checks"].update(checks)
    return parse_framework(document, source="t").enterprise_data


ROWS = [
    Row("A", "甲公司", {"sales": "1200", "employees": "100"}, {"sales": "1000", "employees": "90"}),
    Row("B", "乙公司", {"sales": "800.5", "employees": "50"}, {"sales": "700", "employees": "50"}),
]


def test_sums_by_hand() -> None:
    # P1 = 1200 + 800.5 = 2000.5; P1@prev = 1000 + 700 = 1700; P2 = 150; P2@prev = 140.
    assert totals(spec(), ROWS) == {"P1": "2000.5", "P1@prev": "1700", "P2": "150", "P2@prev": "140"}


def test_no_float_drift() -> None:
    rows = [Row(str(i), "x", {"sales": "0.1", "employees": "1"}, {"sales": "0.2", "employees": "1"})
            for i in range(3)]
    assert totals(spec(), rows)["P1"] == "0.3" and totals(spec(), rows)["P1@prev"] == "0.6"


def test_a_row_lacking_a_figure_leaves_that_sum_empty() -> None:
    rows = [*ROWS, Row("C", "丙公司", {"sales": "10"}, {"sales": "", "employees": "3"})]
    result = totals(spec(), rows)
    assert result["P1"] == "2010.5"       # every row has this year's sales
    assert result["P1@prev"] == ""        # C has no sales last year
    assert result["P2"] == ""             # C has no employees this year
    assert result["P2@prev"] == "143"
    assert totals(spec(), []) == {"P1": "", "P1@prev": "", "P2": "", "P2@prev": ""}


def test_count_feed_counts_rows_with_the_figure() -> None:
    document = copy.deepcopy(FRAMEWORK)
    document["enterprise_data"]["feeds"][2] = {"target": "P2", "op": "count", "field": "employees"}
    counting = parse_framework(document, source="t").enterprise_data
    rows = [*ROWS, Row("C", "丙公司", {"sales": "10"}, {})]
    assert totals(counting, rows)["P2"] == "2"


def test_field_totals_increase_and_rate() -> None:
    sales, employees = field_totals(spec(), ROWS)
    assert (sales.current, sales.previous, sales.increment) == (Decimal("2000.5"), Decimal("1700"), Decimal("300.5"))
    assert sales.rate == Decimal("300.5") / Decimal("1700")
    assert employees.increment == 10 and employees.missing == 0


def test_parse_figure_checks_the_field() -> None:
    s = spec()
    employees, sales = s.field_named("employees"), s.field_named("sales")
    with translation.override("en"):
        assert parse_figure(sales, "１，２３４.５０") == ("1234.5", None)
        assert parse_figure(sales, "") == ("", None)
        assert parse_figure(sales, "约100")[1] == "Not a number."
        assert parse_figure(sales, "-1")[1] == "Must not be below 0."
        assert parse_figure(employees, "12.5")[1] == "Must be a whole number."
        assert parse_figure(employees, 12.0) == ("12", None)
        assert parse_figure(sales, True)[1] == "Not a number."


def test_jumps_beyond_three_times_or_below_a_third() -> None:
    rows = [
        Row("A", "甲", {"sales": "3100", "employees": "10"}, {"sales": "1000", "employees": "10"}),  # ×3.1
        Row("B", "乙", {"sales": "3000", "employees": "10"}, {"sales": "1000", "employees": "10"}),  # ×3.0: fine
        Row("C", "丙", {"sales": "300", "employees": "0"}, {"sales": "1000", "employees": "10"}),   # ×0.3, ×0
        Row("D", "丁", {"sales": "500", "employees": "5"}, {"sales": "0", "employees": "5"}),       # from 0: no ratio
    ]
    found = [(j.row, j.field.code, j.kind) for j in jumps(spec(), rows)]
    assert found == [(0, "sales", "ratio"), (2, "sales", "ratio"), (2, "employees", "ratio")]
    assert jumps(spec(), rows)[0].ratio == 3.1


def test_growth_far_from_the_other_enterprises() -> None:
    # Eight firms grow 4–6 %; one grows 150 % (within ×3, so only the spread check sees it).
    growth = ["1.04", "1.05", "1.06", "1.05", "1.04", "1.06", "1.05", "1.05", "2.5"]
    rows = [Row(str(i), f"企业{i}", {"sales": str(Decimal(1000) * Decimal(g)), "employees": "10"},
                {"sales": "1000", "employees": "10"}) for i, g in enumerate(growth)]
    found = jumps(spec(), rows)
    assert [(j.row, j.field.code, j.kind) for j in found] == [(8, "sales", "spread")]
    assert found[0].z > 3.5
    # With fewer enterprises than min_rows the spread is not assessed.
    assert jumps(spec(min_rows=20), rows) == []
