"""The pure evaluator of the quantitative conditions (and the call file parser). No database.

Expectations are worked out by hand from the shipped call file: C1 `sales > 20` (亿元, exception
flag `national_speciality`), C3.1 `core_enterprise_sales >= 1`, C5.1 `sales_growth >
region_sales_growth`, C6.1 `energy_intensity < local_energy_intensity`.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clustermon.applications.conditions import Outcome, evaluate, evaluate_condition, parse_number
from clustermon.applications.rules import CallError, parse_call
from tests.applications.factories import FAILING_SALES, PASSING, call_document

DOCUMENT = call_document()
RULES = parse_call(DOCUMENT)
FIELDS = RULES.field_map
BY_CODE = {c.code: c for c in RULES.conditions}


def one(code: str, **values: str):
    return evaluate_condition(BY_CODE[code], FIELDS, values)


# ------------------------------------------------------------------------------- the call file


def test_the_shipped_call_file_declares_the_notice() -> None:
    assert [c.code for c in RULES.checks] == ["C1", "C3.1", "C5.1", "C6.1"]
    assert [c.code for c in RULES.expert_conditions] == ["C2", "C3.2", "C4", "C5.2", "C6.2", "C7"]
    assert sorted({c.article for c in RULES.conditions}) == ["1", "2", "3", "4", "5", "6", "7"]
    assert [m.code for m in RULES.materials] == ["request_letter", "development_report", "application_form",
                                                 "development_plan", "supporting_documents"]
    assert all(m.required for m in RULES.materials)
    assert RULES.expert_total == 100 and RULES.expert.pass_mark == 60
    assert RULES.deadline == "04-30"
    assert (RULES.target_group, RULES.target_kind, RULES.target_level) == ("growth", "growth", "provincial")
    assert str(BY_CODE["C1"].check) == "sales > 20" and BY_CODE["C1"].exception.flag == "national_speciality"


def test_every_problem_of_a_broken_call_file_is_listed() -> None:
    doc = copy.deepcopy(DOCUMENT)
    doc["conditions"][0]["check"] = "sales >> 20"          # malformed
    doc["conditions"][2]["check"] = "turnover >= 1"         # unknown field
    doc["conditions"][0]["exception"]["flag"] = "sales"     # not a yes/no field
    doc["conditions"][1]["points"] = 10                     # expert points add up to 95
    doc["fields"][0]["pionts"] = 3                          # a typo
    with pytest.raises(CallError) as caught:
        parse_call(doc)
    places = [place for place, _ in caught.value.issues]
    assert "conditions[0].check" in places and "conditions[2].check" in places
    assert "conditions[0].exception.flag" in places and "fields[0].pionts" in places
    assert any("add up to 95" in message for _, message in caught.value.issues)


# ------------------------------------------------------------------------ hand-checked cases


def test_sales_above_twenty_pass_with_reason_and_figures() -> None:
    result = one("C1", sales="25")
    assert result.outcome == Outcome.PASS
    assert result.reason["zh"] == "集群年销售额 25亿元，高于20亿元：符合。"
    assert result.reason["en"] == "Cluster annual sales 25 亿元 is above 20 亿元: met."
    assert [(f.value, f.unit) for f in result.figures] == [("25", "亿元"), ("20", "亿元")]


def test_exactly_twenty_is_not_above_twenty() -> None:
    result = one("C1", sales="20.00")
    assert result.outcome == Outcome.FAIL
    assert result.reason["zh"] == "集群年销售额 20亿元，未高于20亿元（条件要求高于，恰好相等不算）：不符合。"
    assert "equal is not enough" in result.reason["en"]


def test_below_twenty_fails_without_the_equality_note() -> None:
    result = one("C1", sales="19.99")
    assert result.outcome == Outcome.FAIL
    assert result.reason["zh"] == "集群年销售额 19.99亿元，未高于20亿元：不符合。"


def test_a_declared_speciality_below_the_threshold_needs_judgement() -> None:
    result = one("C1", sales="15", national_speciality="1")
    assert result.outcome == Outcome.NEEDS_JUDGEMENT
    assert result.reason["zh"].startswith("集群年销售额 15亿元，未高于20亿元；申报单位声明属于")
    assert result.reason["zh"].endswith("由省经信厅研究决定：需研判。")
    assert result.figures[-1].code == "national_speciality"


def test_the_flag_does_not_change_a_pass() -> None:
    assert one("C1", sales="21", national_speciality="1").outcome == Outcome.PASS


def test_the_flag_unset_is_a_plain_fail() -> None:
    assert one("C1", sales="15", national_speciality="").outcome == Outcome.FAIL


def test_core_enterprise_at_least_one() -> None:
    assert one("C3.1", core_enterprise_sales="1").outcome == Outcome.PASS
    result = one("C3.1", core_enterprise_sales="0.99")
    assert result.outcome == Outcome.FAIL
    assert result.reason["zh"] == "核心企业年销售额 0.99亿元，低于1亿元：不符合。"


def test_growth_compared_with_the_region() -> None:
    result = one("C5.1", sales_growth="8", region_sales_growth="8")
    assert result.outcome == Outcome.FAIL
    assert result.reason["zh"] == ("集群销售收入增长率 8%，未高于本区域工业销售收入增长率 8%"
                                   "（条件要求高于，恰好相等不算）：不符合。")
    passed = one("C5.1", sales_growth="8.01", region_sales_growth="8")
    assert passed.outcome == Outcome.PASS
    assert passed.reason["en"] == "Cluster sales growth 8.01% is above the regional industrial sales growth 8%: met."


def test_energy_intensity_below_the_local_average() -> None:
    assert one("C6.1", energy_intensity="0.59", local_energy_intensity="0.6").outcome == Outcome.PASS
    equal = one("C6.1", energy_intensity="0.6", local_energy_intensity="0.60")
    assert equal.outcome == Outcome.FAIL and "未低于" in equal.reason["zh"]


def test_missing_figures_are_named() -> None:
    result = one("C5.1", sales_growth="8")
    assert result.outcome == Outcome.MISSING
    assert result.reason["zh"] == "未填写本区域工业销售收入增长率，无法判断。"
    assert result.figures == ()


def test_the_whole_form() -> None:
    assert [r.outcome for r in evaluate(RULES, PASSING)] == [Outcome.PASS] * 4
    assert [r.outcome for r in evaluate(RULES, FAILING_SALES)] == [Outcome.FAIL] + [Outcome.PASS] * 3


@pytest.mark.parametrize("raw, expected", [("２５", "25"), ("2,500", "2500"), (" 1e1 ", "10"), ("约20", None),
                                           ("NaN", None), ("", None), (True, None)])
def test_typed_numbers(raw, expected) -> None:
    number = parse_number(raw)
    assert (None if number is None else format(number.normalize(), "f")) == expected


# ------------------------------------------------------------------- boundaries (Hypothesis)

AMOUNTS = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2, allow_nan=False,
                      allow_infinity=False)


def rules_with(check: str, exception: bool = False):
    doc = {"code": "t", "name": {"zh": "测试"}, "target": {"group": "g", "kind": "k", "level": "l"},
           "fields": [{"code": "a", "name": {"zh": "甲", "en": "A"}, "unit": "亿元"},
                      {"code": "b", "name": {"zh": "乙", "en": "B"}, "unit": "亿元"},
                      {"code": "flag", "name": {"zh": "例外", "en": "Flag"}, "type": "boolean"}],
           "materials": [{"code": "m", "name": {"zh": "材料"}}],
           "conditions": [{"code": "C", "name": {"zh": "条件"}, "kind": "check", "check": check}]}
    if exception:
        doc["conditions"][0]["exception"] = {"flag": "flag", "text": {"zh": "省里定", "en": "the province decides"}}
    return parse_call(doc)


@given(x=AMOUNTS, t=AMOUNTS)
def test_strictly_above_a_number(x, t) -> None:
    rules = rules_with(f"a > {t}")
    [result] = evaluate(rules, {"a": str(x)})
    assert (result.outcome == Outcome.PASS) == (x > t)
    assert result.outcome in (Outcome.PASS, Outcome.FAIL)
    assert ("恰好相等不算" in result.reason["zh"]) == (x == t)


@given(x=AMOUNTS, t=AMOUNTS)
def test_at_least_a_number(x, t) -> None:
    [result] = evaluate(rules_with(f"a >= {t}"), {"a": str(x)})
    assert (result.outcome == Outcome.PASS) == (x >= t)
    assert "恰好相等不算" not in result.reason["zh"]


@given(a=AMOUNTS, b=AMOUNTS)
def test_field_comparisons_are_strict_and_antisymmetric(a, b) -> None:
    [above] = evaluate(rules_with("a > b"), {"a": str(a), "b": str(b)})
    [below] = evaluate(rules_with("a < b"), {"a": str(a), "b": str(b)})
    assert (above.outcome == Outcome.PASS) == (a > b)
    assert (below.outcome == Outcome.PASS) == (a < b)
    assert not (above.outcome == below.outcome == Outcome.PASS)
    if a == b:
        assert above.outcome == below.outcome == Outcome.FAIL


@given(x=AMOUNTS, t=AMOUNTS, flag=st.booleans())
def test_the_exception_only_turns_a_fail_into_needs_judgement(x, t, flag) -> None:
    [result] = evaluate(rules_with(f"a > {t}", exception=True), {"a": str(x), "flag": "1" if flag else ""})
    if x > t:
        assert result.outcome == Outcome.PASS
    else:
        assert result.outcome == (Outcome.NEEDS_JUDGEMENT if flag else Outcome.FAIL)


@given(x=AMOUNTS, zeros=st.integers(min_value=0, max_value=4))
def test_the_way_a_number_is_written_does_not_matter(x, zeros) -> None:
    rules = rules_with("a > 20")
    plain = format(x, "f")
    padded = plain + ("." if "." not in plain and zeros else "") + "0" * zeros
    [first] = evaluate(rules, {"a": plain})
    [second] = evaluate(rules, {"a": padded})
    assert first.outcome == second.outcome
