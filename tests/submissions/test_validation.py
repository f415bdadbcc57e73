"""The pure validation: required, types, ranges, cross-field rules, year-over-year warnings."""

from decimal import Decimal

import pytest
from django.utils import translation

from clustermon.submissions.validation import fields_of, normalise, parse_number, validate
from tests.submissions.conftest import COMPLETE, LAST_YEAR, LEAVES, NARRATIVE


def kinds(report, code: str) -> list[str]:
    return [m.kind for m in report.errors.get(code, [])]


def test_it_lists_every_leaf_in_order(framework) -> None:
    assert [f.code for f in fields_of(framework)] == LEAVES
    s11 = fields_of(framework)[0]
    assert (s11.unit, s11.min, s11.max, s11.yoy_warning) == ("亿元", Decimal(0), Decimal(100000), Decimal("0.5"))


def test_a_complete_submission_passes(framework) -> None:
    report = validate(framework, COMPLETE, LAST_YEAR, narratives=NARRATIVE)
    assert report.ok and not report.warnings


def test_a_draft_may_be_partial_but_a_submission_may_not(framework) -> None:
    partial = {"S1.1": "120"}
    assert validate(framework, partial, LAST_YEAR, complete=False).ok
    report = validate(framework, partial, LAST_YEAR, complete=True)
    # S1.2 and S2.2 are required (S2.2 by the D9 default of yes/no leaves), P1.1 declared required;
    # S1.3 is declared optional and S2.1 has no `required`: quantitative leaves default to required.
    assert set(report.errors) == {"S1.2", "S2.1", "S2.2", "P1.1"}
    assert kinds(report, "S1.2") == ["required"]


def test_messages_are_chinese_by_default(framework) -> None:
    report = validate(framework, {"S1.1": "约100"}, complete=False)
    assert [m.text for m in report.errors["S1.1"]] == ["不是数字。"]
    with translation.override("en"):
        report = validate(framework, {"S1.1": "约100"}, complete=False)
    assert [m.text for m in report.errors["S1.1"]] == ["Not a number."]


@pytest.mark.parametrize(("raw", "ok"), [
    ("1234.5", True), ("１，２３４.５", True), ("1,234", True), ("-0", True), (" 12 ", True),
    ("约100", False), ("12%", False), ("NaN", False), ("Infinity", False), ("1e20", False), ("", True),
])
def test_it_reads_numbers_as_people_type_them(framework, raw: str, ok: bool) -> None:
    report = validate(framework, {"S1.3": raw}, complete=False)
    assert report.ok is ok


def test_numbers_are_stored_plainly(framework) -> None:
    f = fields_of(framework)[0]
    assert normalise(f, "１，２３４.50") == ("1234.5", None)
    assert normalise(f, "1E+2") == ("100", None)
    assert parse_number(True) is None


def test_yes_no_accepts_chinese_and_english_words(framework) -> None:
    f = {x.code: x for x in fields_of(framework)}["S2.2"]
    assert [normalise(f, w)[0] for w in ("是", "否", "yes", "NO", "1", "0", "有")] == ["1", "0", "1", "0", "1", "0", "1"]
    assert normalise(f, "也许")[1] == "请填写“是”或“否”。"


def test_ranges_come_from_min_and_max(framework) -> None:
    report = validate(framework, {"S1.1": "-1", "S2.1": "101"}, complete=False)
    assert [m.text for m in report.errors["S1.1"]] == ["不能小于 0。"]
    assert [m.text for m in report.errors["S2.1"]] == ["不能大于 100。"]


def test_cross_field_rule_is_shown_next_to_its_left_field(framework) -> None:
    report = validate(framework, {**COMPLETE, "S1.2": "130"}, LAST_YEAR, narratives=NARRATIVE)
    assert [m.text for m in report.errors["S1.2"]] == ["中小企业产值不得高于集群营业收入"]
    assert set(report.errors) == {"S1.2"}
    # Equal is allowed by "<=".
    assert validate(framework, {**COMPLETE, "S1.2": "120"}, LAST_YEAR, narratives=NARRATIVE).ok


def test_a_rule_with_a_missing_side_is_left_to_the_required_check(framework) -> None:
    assert validate(framework, {"S1.2": "130"}, complete=False).ok


def test_a_large_move_from_last_year_warns_and_needs_an_explanation(framework) -> None:
    values = {**COMPLETE, "S1.1": "151"}  # +51 % from 100, the limit is 50 %
    draft = validate(framework, values, LAST_YEAR, narratives=NARRATIVE, complete=False)
    assert draft.ok
    assert [m.text for m in draft.warnings["S1.1"]] == ["较上年值 100 变动 51%，超过 50%，请说明原因。"]
    final = validate(framework, values, LAST_YEAR, narratives=NARRATIVE)
    assert kinds(final, "S1.1") == ["explanation"]
    explained = validate(framework, values, LAST_YEAR, narratives=NARRATIVE,
                         explanations={"S1.1": "新引进龙头企业一家"})
    assert explained.ok and explained.warnings


def test_exactly_the_declared_share_does_not_warn(framework) -> None:
    report = validate(framework, {**COMPLETE, "S1.1": "50"}, LAST_YEAR, narratives=NARRATIVE)
    assert "S1.1" not in report.warnings  # −50 % exactly
    assert "S1.1" in validate(framework, {**COMPLETE, "S1.1": "49.9"}, LAST_YEAR, narratives=NARRATIVE).warnings


def test_no_warning_without_last_year(framework) -> None:
    assert not validate(framework, {**COMPLETE, "S1.1": "5000"}, {}, narratives=NARRATIVE).warnings


def test_prev_references_in_rules(framework) -> None:
    from clustermon.scoring import parse_framework
    from tests.submissions.conftest import FRAMEWORK

    doc = {**FRAMEWORK, "rules": [{"code": "R2", "left": "S1.3", "op": ">=", "right": "S1.3@prev",
                                   "message": {"zh": "企业数不应减少", "en": "no fewer firms"}}]}
    fw = parse_framework(doc, source="t")
    assert [m.text for m in validate(fw, {"S1.3": "20"}, {"S1.3": "25"}, complete=False).errors["S1.3"]] == [
        "企业数不应减少"]
    assert validate(fw, {"S1.3": "25"}, {"S1.3": "25"}, complete=False).ok


def test_prev_stated_in_the_submission_wins_over_last_years_round(framework) -> None:
    """Totals of an enterprise list carry their own last-year figure (CODE@prev): rules read it."""
    from clustermon.scoring import parse_framework
    from tests.submissions.conftest import FRAMEWORK

    doc = {**FRAMEWORK, "rules": [{"code": "R2", "left": "S1.3", "op": ">=", "right": "S1.3@prev",
                                   "message": {"zh": "企业数不应减少", "en": "no fewer firms"}}]}
    fw = parse_framework(doc, source="t")
    stated = {"S1.3": "20", "S1.3@prev": "25"}
    assert [m.text for m in validate(fw, stated, {}, complete=False).errors["S1.3"]] == ["企业数不应减少"]
    assert validate(fw, {**stated, "S1.3@prev": "18"}, {"S1.3": "25"}, complete=False).ok
