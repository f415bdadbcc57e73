"""Scoring methods: one contract for every registered method, then hand-worked examples.

The contract (as textdistance applies one to every algorithm): shares lie in [0, 1]; a missing
value (NaN) scores 0; improving one cluster's value never lowers its share (in the method's
declared direction); permuting the clusters permutes the shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermon.scoring import MESSAGES, METHODS, apply_method, check_params

NAN = math.nan
LETTERS = ["D", "C", "B", "A"]  # worst to best


@dataclass(frozen=True)
class Case:
    method: str
    params: dict[str, Any]
    points: float = 10.0
    direction: int = 1  # +1: a higher value scores at least as much; -1: lower is better
    values: str = "any"  # "any" numbers, "positive" numbers, "letters" (expert grades)

    def __str__(self) -> str:
        return f"{self.method}{self.params}"


CASES = [
    Case("tiers", {"tiers": [{"min": 10, "share": 0.5}, {"min": 50, "share": 1.0}]}),
    Case(
        "tiers",
        {"direction": "lower", "tiers": [{"max": 5, "share": 1.0}, {"max": 20, "share": 0.4}]},
        direction=-1,
    ),
    Case("linear", {"floor": 0, "target": 100}),
    Case("linear", {"floor": 100, "target": 20}, direction=-1),
    Case("relative_to_best", {}),
    # Documented exception: with "lower", non-positive values score 0, so only positives are monotone.
    Case("relative_to_best", {"direction": "lower"}, direction=-1, values="positive"),
    Case("rank", {}),
    Case("rank", {"direction": "lower"}, direction=-1),
    Case("growth", {"floor": 0, "target": 0.2}),
    Case("growth", {"mode": "increment", "score": "relative_to_best"}),
    Case("yes_no", {}),
    Case("count", {"per_item": 1.5}, points=6),
    Case("expert_grade", {}, values="letters"),
    Case("expert_points", {}, points=20),
]

numbers = st.one_of(
    st.sampled_from([0.0, 1.0, 5.0, 10.0, 20.0, 50.0, 100.0, NAN]),
    st.floats(-1000, 1000, allow_nan=False),
)
positives = st.one_of(st.sampled_from([0.5, 5.0, 50.0, NAN]), st.floats(0.01, 1000))
letters = st.sampled_from([*LETTERS, ""])


def column(case: Case) -> st.SearchStrategy[list[Any]]:
    item = {"any": numbers, "positive": positives, "letters": letters}[case.values]
    return st.lists(item, min_size=1, max_size=15)


def shares_of(case: Case, values: list[Any], prev: list[float] | None) -> np.ndarray:
    data: Any = np.array(values, dtype=object) if case.values == "letters" else values
    if case.values != "letters" and METHODS[case.method].experts:
        data = np.array(values, dtype=float)
    uses_prev = METHODS[case.method].uses_prev
    return apply_method(
        case.method, data, case.params, points=case.points, prev=prev if uses_prev else None
    )


def improved(case: Case, value: Any, step: float) -> Any:
    """A better value than `value` in the method's direction (missing becomes present)."""
    if case.values == "letters":
        return LETTERS[min(LETTERS.index(value) + 1, 3)] if value else "D"
    if value != value:  # NaN: any value is at least as good as missing
        return 1.0
    if case.direction > 0:
        return value + step
    if case.values == "positive" and value - step <= 0:
        return value / 2  # stay positive
    return value - step


def test_every_method_has_a_contract_case() -> None:
    assert {case.method for case in CASES} == set(METHODS)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_params_of_the_cases_are_valid(case: Case) -> None:
    assert check_params(case.method, case.params, case.points) == []


@pytest.mark.parametrize("case", CASES, ids=str)
@settings(deadline=None)  # timing varies on a shared machine; correctness does not
@given(data=st.data())
def test_contract(case: Case, data: st.DataObject) -> None:
    values = data.draw(column(case))
    prev = data.draw(st.lists(numbers, min_size=len(values), max_size=len(values)))
    shares = shares_of(case, values, prev)

    # shares in [0, 1], finite
    assert shares.shape == (len(values),)
    assert np.all((shares >= 0) & (shares <= 1))

    # missing → 0
    for v, s in zip(values, shares, strict=True):
        if v == "" or (isinstance(v, float) and math.isnan(v)):
            assert s == 0

    # monotone for one cluster's own share
    i = data.draw(st.integers(0, len(values) - 1))
    step = data.draw(st.floats(0.01, 500))
    better = list(values)
    better[i] = improved(case, values[i], step)
    assert shares_of(case, better, prev)[i] >= shares[i]

    # order independent: permuting clusters permutes shares
    order = data.draw(st.permutations(range(len(values))))
    permuted = shares_of(case, [values[k] for k in order], [prev[k] for k in order])
    assert np.array_equal(permuted, shares[list(order)])


# -------------------------------------------------------------------- hand-worked examples


def run(
    method: str,
    values: list[Any],
    params: dict[str, Any],
    points: float = 10,
    prev: list[float] | None = None,
) -> list[float]:
    return [round(x, 9) for x in apply_method(method, values, params, points=points, prev=prev)]


def test_tiers_best_tier_reached() -> None:
    params = {"tiers": [{"min": 50, "share": 1.0}, {"min": 10, "share": 0.5}]}  # any order
    assert run("tiers", [5, 10, 49, 50, 1000, None], params) == [0, 0.5, 0.5, 1, 1, 0]
    lower = {"direction": "lower", "tiers": [{"max": 5, "share": 1.0}, {"max": 20, "share": 0.4}]}
    assert run("tiers", [1, 5, 6, 20, 21], lower) == [1, 1, 0.4, 0.4, 0]


def test_linear_both_directions() -> None:
    assert run("linear", [20, 70, 150, 0, None], {"floor": 20, "target": 120}) == [0, 0.5, 1, 0, 0]
    # floor 100 > target 20: lower is better; 60 is halfway.
    assert run("linear", [100, 60, 20, 5, 200], {"floor": 100, "target": 20}) == [0, 0.5, 1, 1, 0]


def test_relative_to_best() -> None:
    assert run("relative_to_best", [50, 100, 0, -5, None], {}) == [0.5, 1, 0, 0, 0]
    assert run("relative_to_best", [50, 100, 25], {"direction": "lower"}) == [0.5, 0.25, 1]
    assert run("relative_to_best", [0, None], {}) == [0, 0]


def test_rank_competition() -> None:
    # Values present: 10, 20, 20, 5 (N = 4). Ranks 3, 1, 1, 4 → (4 − r) / 3.
    assert run("rank", [10, 20, 20, 5, None], {}) == [round(1 / 3, 9), 1, 1, 0, 0]
    assert run("rank", [10, 20, 5], {"direction": "lower"}) == [0.5, 0, 1]
    assert run("rank", [7, None], {}) == [1, 0]


def test_growth_rate_and_increment() -> None:
    prev = [100, 100, 0, 0, -50, None]
    now = [110, 80, 5, 0, -25, 10]
    # rates: 0.1, −0.2, +inf (from zero), 0 (no change), (−25 + 50)/50 = 0.5, missing
    assert run("growth", now, {"floor": 0, "target": 0.2}, prev=prev) == [0.5, 0, 1, 0, 1, 0]
    # increments 10, −20, 5, 0, 25, missing; best 25
    assert run("growth", now, {"mode": "increment", "score": "relative_to_best"}, prev=prev) == [
        0.4,
        0,
        0.2,
        0,
        1,
        0,
    ]


def test_yes_no_words() -> None:
    values = ["是", "否", "yes", "no", 1, 0, None, "", "true"]
    assert run("yes_no", values, {}) == [1, 0, 1, 0, 1, 0, 0, 0, 1]


def test_count_caps_at_points() -> None:
    # 1.5 points per item, leaf worth 6: 2 items → 3 points → 0.5; 4 or more → full.
    assert run("count", [0, 2, 4, 10, None, -3], {"per_item": 1.5}, points=6) == [
        0,
        0.5,
        1,
        1,
        0,
        0,
    ]


def test_expert_methods_per_expert() -> None:
    letters = np.array(["A", "b", "C", "D", ""], dtype=object)
    assert run("expert_grade", letters, {}) == [1, 0.8, 0.6, 0.3, 0]
    assert run("expert_grade", letters[:2], {"grades": {"A": 1, "B": 0.5}}) == [1, 0.5]
    with pytest.raises(ValueError, match="unknown expert grade"):
        apply_method("expert_grade", np.array(["E"], dtype=object), {}, points=10)
    assert run("expert_points", np.array([5, 12, -1, NAN]), {}, points=10) == [0.5, 1, 0, 0]


def test_unreadable_values_name_the_entry() -> None:
    with pytest.raises(ValueError, match="entry 1: 'lots' is not a number"):
        apply_method("linear", [1, "lots"], {"floor": 0, "target": 1}, points=1)
    assert run("linear", ["1,000", " 500 "], {"floor": 0, "target": 1000}) == [1, 0.5]


# ------------------------------------------------------------------------- param checking

PARAM_PROBLEMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("linear", {"floor": 0}, "missing_param", "target"),
    ("linear", {"floor": 5, "target": 5}, "floor_equals_target", "target"),
    ("linear", {"floor": "0", "target": 5}, "param_not_a_number", "floor"),
    ("linear", {"floor": 0, "target": 5, "cap": 1}, "unknown_param", "cap"),
    ("tiers", {}, "missing_param", "tiers"),
    ("tiers", {"tiers": []}, "tiers_not_a_list", "tiers"),
    ("tiers", {"tiers": [{"min": 1, "share": 1.5}]}, "share_out_of_range", "tiers[0].share"),
    ("tiers", {"tiers": [{"max": 1, "share": 1}]}, "tier_shape", "tiers[0]"),
    ("tiers", {"tiers": [{"min": 1, "share": 1}, {"min": 1, "share": 0.5}]},
     "tier_bound_repeated", "tiers[1].min"),
    ("tiers", {"direction": "up", "tiers": [{"min": 1, "share": 1}]},
     "param_not_a_choice", "direction"),
    ("rank", {"direction": "sideways"}, "param_not_a_choice", "direction"),
    ("growth", {"mode": "ratio", "floor": 0, "target": 1}, "param_not_a_choice", "mode"),
    ("growth", {}, "missing_param", "floor"),
    ("growth", {"score": "relative_to_best", "floor": 0}, "param_not_used", "floor"),
    ("growth", {"floor": 0, "target": 1, "direction": "lower"}, "param_not_used", "direction"),
    ("count", {"per_item": 0}, "param_not_positive", "per_item"),
    ("count", {}, "missing_param", "per_item"),
    ("yes_no", {"x": 1}, "unknown_param", "x"),
    ("expert_grade", {"grades": {"A": 2}}, "share_out_of_range", "grades.A"),
    ("expert_grade", {"grades": []}, "grades_not_a_mapping", "grades"),
    ("expert_grade", {"grades": {"": 1}}, "bad_grade_word", "grades."),
    ("linear", [1, 2], "params_not_a_mapping", "params"),  # type: ignore[list-item]
    ("median", {}, "unknown_method", "method"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "params", "code", "param"), PARAM_PROBLEMS)
def test_param_problems(method: str, params: dict[str, Any], code: str, param: str) -> None:
    problems = check_params(method, params, 10)
    assert (code, param) in [(p.code, p.param) for p in problems], problems
    assert all(p.text() == MESSAGES[p.code].format(**p.args) for p in problems)


def test_registering_a_method_is_one_function() -> None:
    from clustermon.scoring.methods import METHODS as registry
    from clustermon.scoring.methods import scoring_method

    @scoring_method("always_half", check=lambda params, points: [])
    def always_half(values: np.ndarray, params: dict, **_: Any) -> np.ndarray:
        return np.where(np.isnan(values), 0.0, 0.5)

    try:
        assert run("always_half", [1, None], {}) == [0.5, 0]
        assert check_params("always_half", {}, 1) == []
    finally:
        del registry["always_half"]
