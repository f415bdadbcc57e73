"""Uncertainty and sensitivity of grades: Monte Carlo, indicator influence, correlations, what-if.

Expected figures are worked out by hand in the comments (shares × points, weights, quotas),
never copied from the code's output.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermon.cli.bench import synthetic_group
from clustermon.scoring import (
    WHAT_IF_MESSAGES,
    Grade,
    GroupInputs,
    indicator_correlations,
    indicator_influence,
    load_scheme,
    monte_carlo,
    parse_framework,
    score_group,
    what_if,
)
from clustermon.scoring.robustness._common import BAND, ranks_by_row
from clustermon.scoring.robustness.influence import average_ranks, spearman


def node(
    code: str, points: float, method: str, kind: str = "quantitative", **params: Any
) -> dict[str, Any]:
    return {
        "code": code,
        "name": {"en": code},
        "kind": kind,
        "points": points,
        "method": method,
        "params": params,
    }


def group(code: str, *children: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "name": {"en": code}, "children": list(children)}


def make(*parts: tuple[str, float, list[dict[str, Any]]], **top: Any) -> Any:
    doc = {
        "scheme": "t",
        "group": "g",
        "version": "1",
        "parts": [
            {"code": code, "name": {"en": code}, "weight": weight, "indicators": nodes}
            for code, weight, nodes in parts
        ],
        **top,
    }
    return parse_framework(doc)


def two_leaves(l1: dict[str, Any] | None = None) -> Any:
    """One part, L1 (40 points, linear 0→200 unless given) and L2 (60 points, linear 0→100)."""
    first = l1 or node("L1", 40, "linear", floor=0, target=200)
    return make(("p", 100, [first, node("L2", 60, "linear", floor=0, target=100)]))


# Ten clusters on two_leaves(): total = 40 × L1/200 + 60 × L2/100.
#   a 200/100 → 40 + 60 = 100    b 100/100 → 20 + 60 = 80    c 100/80 → 20 + 48 = 68
#   d 200/40  → 40 + 24 = 64     e 0/100   → 60              f 0/90   → 54
#   g 0/50 → 30   h 0/40 → 24   i 0/30 → 18   j 0/10 → 6
# N = 10: excellent quota 2, good quota 5. a, b excellent; c, d, e good; f…j below 60.
TEN = GroupInputs(
    list("abcdefghij"),
    values={
        "L1": [200, 100, 100, 200, 0, 0, 0, 0, 0, 0],
        "L2": [100, 100, 80, 40, 100, 90, 50, 40, 30, 10],
    },
)


def near_tie() -> tuple[Any, GroupInputs]:
    """Two leaves of 50 points (linear 0→100). A far ahead; B and C nearly tied at the
    excellent boundary with opposite profiles; the rest have equal shares on both leaves,
    so no weighting can move their totals.

    A 100/100 → 100; B 100/60 → 50 + 30 = 80; C 60/99.8 → 30 + 49.9 = 79.9;
    D 70/70 → 70 … J 40/40. N = 10: excellent quota 2 → A, B excellent; C good.
    """
    fw = make(
        (
            "p",
            100,
            [
                node("L1", 50, "linear", floor=0, target=100),
                node("L2", 50, "linear", floor=0, target=100),
            ],
        )
    )
    same = [70, 65, 60, 55, 50, 45, 40]
    inputs = GroupInputs(
        list("ABCDEFGHIJ"),
        values={"L1": [100, 100, 60, *same], "L2": [100, 60, 99.8, *same]},
    )
    return fw, inputs


@pytest.fixture(scope="module")
def hunan() -> tuple[Any, GroupInputs]:
    scheme = load_scheme("hunan-monitoring")
    return scheme.framework("provincial_amc"), synthetic_group(scheme, "provincial_amc", 60, seed=7)


# ------------------------------------------------------------------------------ Monte Carlo


def test_no_variation_reproduces_the_official_result(hunan: tuple[Any, GroupInputs]) -> None:
    fw, inputs = hunan
    official = score_group(fw, inputs)
    r = monte_carlo(fw, inputs, draws=40, weight_range=0, vary_aggregation=False)
    assert (r.draw_ranks == np.array(official.ranks)).all()
    bands = np.array([BAND[g] for g in official.grades])
    assert (r.draw_bands == bands).all()
    assert (r.official_probability == 1).all()
    assert not r.unstable.any() and r.unstable_ids() == []
    assert (r.median_rank == official.ranks).all()
    assert (r.rank_low == official.ranks).all() and (r.rank_high == official.ranks).all()
    assert r.official_grades == official.grades and r.official_totals == official.totals
    line = r.cluster(official.cluster_ids[0])
    assert line.probabilities[official.grades[0]] == 1.0
    assert sum(line.probabilities.values()) == 1.0


def test_far_ahead_is_stable_near_tie_is_unstable() -> None:
    fw, inputs = near_tie()
    r = monte_carlo(fw, inputs, draws=2000, weight_range=0.2, seed=3)
    a, b, c, d = (r.cluster(x) for x in "ABCD")
    assert (a.official_grade, a.official_probability, a.unstable) == (Grade.EXCELLENT, 1.0, False)
    assert (a.rank_low, a.median_rank, a.rank_high) == (1, 1.0, 1)
    # B − C = (0.4 × p1 − 0.398 × p2) / 100 with p1 + p2 = 100 and p1/p2 = u1/u2: B stays ahead
    # only when u1/u2 > 0.995, about half of the draws.
    assert b.official_grade is Grade.EXCELLENT and c.official_grade is Grade.GOOD
    assert 0.35 < b.official_probability < 0.65 and b.unstable
    assert 0.35 < c.official_probability < 0.65 and c.unstable
    assert b.probabilities[Grade.GOOD] == pytest.approx(1 - b.official_probability)
    assert (b.rank_low, b.rank_high) == (2, 3) and (c.rank_low, c.rank_high) == (2, 3)
    # Equal shares on both leaves: every weighting gives the same total, so D is always 4th.
    assert (d.official_probability, d.rank_low, d.rank_high) == (1.0, 4, 4)
    assert r.unstable_ids() == ["B", "C"]
    assert r.probabilities.sum(axis=1) == pytest.approx(np.ones(10))


def test_threshold_decides_the_flag() -> None:
    fw, inputs = near_tie()
    loose = monte_carlo(fw, inputs, draws=500, threshold=0.3, seed=3)
    assert loose.unstable_ids() == []
    with pytest.raises(ValueError, match="threshold"):
        monte_carlo(fw, inputs, threshold=0)


def test_seeded_determinism() -> None:
    fw, inputs = near_tie()
    one = monte_carlo(fw, inputs, draws=300, seed=11)
    two = monte_carlo(fw, inputs, draws=300, seed=11)
    other = monte_carlo(fw, inputs, draws=300, seed=12)
    assert np.array_equal(one.draw_ranks, two.draw_ranks)
    assert np.array_equal(one.probabilities, two.probabilities)
    assert not np.array_equal(one.draw_ranks, other.draw_ranks)


def test_aggregation_variation_alone() -> None:
    # L1 (50 points, linear 0→100) and E (50 points, experts give 0–50 points).
    # X: experts 50, 50, 50, 50, 0 → mean 40, trimmed (drop 50 and 0) 50.
    # Y: five experts at 45 → 45 either way. Both score L1 = 40 points (value 80).
    # Trimmed (the framework's): X 90 > Y 85; mean: X 80 < Y 85. A = 100 is first; the
    # others score 10 on L1 only. N = 10: excellent quota 2, so X and Y swap the second place.
    fw = make(
        (
            "p",
            100,
            [
                node("L1", 50, "linear", floor=0, target=100),
                node("E", 50, "expert_points", kind="qualitative"),
            ],
        ),
        aggregation={"method": "trimmed_mean", "trim_from": 5},
    )
    rest = [[]] * 7
    inputs = GroupInputs(
        ["A", "X", "Y", *"defghij"],
        values={"L1": [100, 80, 80, *[20] * 7]},
        expert_scores={"E": [[50] * 5, [50, 50, 50, 50, 0], [45] * 5, *rest]},
    )
    r = monte_carlo(fw, inputs, draws=100, weight_range=0, vary_aggregation=True)
    assert r.draw_trimmed.sum() == 50
    x, y = r.cluster("X"), r.cluster("Y")
    assert x.official_grade is Grade.EXCELLENT and y.official_grade is Grade.GOOD
    assert x.official_probability == 0.5 and y.official_probability == 0.5
    assert x.unstable and y.unstable
    assert r.settings["aggregation_changes_shares"] is True
    assert r.settings["aggregations"] == ["mean", "trimmed_mean"]
    fixed = monte_carlo(fw, inputs, draws=100, weight_range=0, vary_aggregation=False)
    assert fixed.unstable_ids() == [] and fixed.settings["aggregations"] == ["trimmed_mean"]


def test_part_weights_may_vary_too() -> None:
    # P (50) and Q (50) each with one leaf; S scores full on P only, T on Q only: 50 each.
    # Leaf perturbation alone cannot separate them (one leaf per part); part weights can.
    fw = make(
        ("P", 50, [node("L1", 100, "linear", floor=0, target=1)]),
        ("Q", 50, [node("L2", 100, "linear", floor=0, target=1)]),
    )
    inputs = GroupInputs(["S", "T"], values={"L1": [1, 0], "L2": [0, 1]})
    leaves_only = monte_carlo(fw, inputs, draws=200, weight_range=0.3)
    assert (leaves_only.draw_ranks == 1).all()
    both = monte_carlo(fw, inputs, draws=200, weight_range=0.3, part_weight_range=0.3)
    assert set(np.unique(both.draw_ranks)) == {1, 2}
    assert both.settings["part_weight_range"] == 0.3


def test_bonus_and_deduction_are_kept_in_every_draw() -> None:
    # S and T score the same base (60); S has a 5-point bonus, T a 3-point deduction.
    fw = make(
        ("p", 100, [node("L1", 100, "linear", floor=0, target=100)]),
        bonus={"cap": 10, "items": [{"code": "B1", "name": {"en": "b"}, "max_points": 5}]},
        deduction={"cap": 10, "items": [{"code": "X1", "name": {"en": "x"}, "max_points": 5}]},
    )
    inputs = GroupInputs(
        ["S", "T"], values={"L1": [60, 60]}, bonus={"B1": [5, 0]}, deduction={"X1": [0, 3]}
    )
    r = monte_carlo(fw, inputs, draws=50, weight_range=0.2)
    assert (r.draw_ranks[:, 0] == 1).all() and (r.draw_ranks[:, 1] == 2).all()
    # T at 57 is below the pass mark in every draw.
    assert r.cluster("T").probabilities[Grade.UNQUALIFIED] == 1.0


def test_bad_settings_are_refused() -> None:
    fw, inputs = near_tie()
    for kwargs in ({"draws": 0}, {"weight_range": 1.0}, {"weight_range": -0.1}, {"draws": 2.5}):
        with pytest.raises(ValueError):
            monte_carlo(fw, inputs, **kwargs)
    with pytest.raises(ValueError, match="no clusters"):
        monte_carlo(fw, GroupInputs([]))
    with pytest.raises(KeyError):
        monte_carlo(fw, inputs, draws=5).cluster("nobody")


def test_result_serialises_with_its_settings() -> None:
    fw, inputs = near_tie()
    r = monte_carlo(fw, inputs, draws=20, seed=5)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["settings"]["draws"] == 20 and data["settings"]["seed"] == 5
    assert data["settings"]["weight_range"] == 0.2
    assert data["settings"]["grade_policy"]["excellent_share"] == "1/5"
    assert [c["cluster_id"] for c in data["clusters"]] == list("ABCDEFGHIJ")
    assert data["clusters"][0]["official_grade"] == "excellent"


def test_ranks_by_row_is_competition_ranking() -> None:
    cents = np.array([[500, 700, 700, 100], [1, 1, 1, 1], [9, 8, 7, 6]])
    assert ranks_by_row(cents).tolist() == [[3, 1, 1, 4], [1, 1, 1, 1], [1, 2, 3, 4]]


small_groups = st.integers(min_value=1, max_value=14).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n),
        st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n),
        st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n),
    )
)


def three_leaves() -> Any:
    return make(
        (
            "dev",
            70,
            [
                node("L1", 60, "linear", floor=0, target=100),
                node("L2", 40, "linear", floor=0, target=100),
            ],
        ),
        ("act", 30, [node("L3", 100, "linear", floor=0, target=100)]),
    )


THREE = three_leaves()


@settings(max_examples=40, deadline=None)
@given(data=small_groups, seed=st.integers(0, 2**16), r=st.floats(0, 0.9))
def test_monte_carlo_properties(data: tuple[list[float], ...], seed: int, r: float) -> None:
    l1, l2, l3 = data
    n = len(l1)
    inputs = GroupInputs([f"c{k}" for k in range(n)], values={"L1": l1, "L2": l2, "L3": l3})
    res = monte_carlo(THREE, inputs, draws=30, weight_range=r, part_weight_range=r / 2, seed=seed)
    assert ((res.draw_ranks >= 1) & (res.draw_ranks <= n)).all()
    assert (res.rank_low <= res.median_rank).all() and (res.median_rank <= res.rank_high).all()
    assert ((res.probabilities >= 0) & (res.probabilities <= 1)).all()
    assert res.probabilities.sum(axis=1) == pytest.approx(np.ones(n))
    if n < 5:  # D2: no excellent in a group of fewer than five
        assert (res.probabilities[:, BAND[Grade.EXCELLENT]] == 0).all()
    fixed = monte_carlo(THREE, inputs, draws=3, weight_range=0, vary_aggregation=False)
    assert (fixed.draw_ranks == score_group(THREE, inputs).ranks).all()


# --------------------------------------------------------------------- indicator influence


def test_dropping_a_constant_leaf_shifts_no_rank_in_one_part() -> None:
    # C (20 points, yes for everyone) beside L1 (80 points): dropping C scales every total's
    # variable part by 100/80 and removes the same constant, which keeps the order.
    fw = make(
        (
            "p",
            100,
            [
                node("C", 20, "yes_no", kind="yes_no"),
                node("L1", 80, "linear", floor=0, target=100),
            ],
        )
    )
    inputs = GroupInputs(list("abcdef"), values={"C": [1] * 6, "L1": [90, 10, 55, 55, 70, 0]})
    c, l1 = indicator_influence(fw, inputs)
    assert c.code == "C" and c.droppable
    assert c.mean_abs_rank_shift == 0 and c.max_rank_shift == 0
    assert (c.rank_shifts == 0).all()
    # Dropping L1 leaves only C, on which all six tie at rank 1: f moves up from rank 6.
    assert l1.max_rank_shift == 5


def test_dropping_a_constant_leaf_reweights_its_part_against_the_others() -> None:
    # dev (70): C 10 points (yes for both), D1 90 points (linear 0→90, value = points);
    # act (30): E 100 points (linear 0→100).
    #   A: dev 10 + 70 = 80, act 50 → 56 + 15 = 71.00
    #   B: dev 10 + 60 = 70, act 75 → 49 + 22.5 = 71.50 → B 1st, A 2nd.
    # Drop C, D1 takes its 10 points (×100/90):
    #   A: dev 70 × 100/90 = 77.78 → 54.44 + 15 = 69.44
    #   B: dev 60 × 100/90 = 66.67 → 46.67 + 22.5 = 69.17 → A 1st, B 2nd.
    fw = make(
        (
            "dev",
            70,
            [
                node("C", 10, "yes_no", kind="yes_no"),
                node("D1", 90, "linear", floor=0, target=90),
            ],
        ),
        ("act", 30, [node("E", 100, "linear", floor=0, target=100)]),
    )
    inputs = GroupInputs(["A", "B"], values={"C": [1, 1], "D1": [70, 60], "E": [50, 75]})
    assert score_group(fw, inputs).ranks == [2, 1]
    by_code = {x.code: x for x in indicator_influence(fw, inputs)}
    c = by_code["C"]
    assert c.rank_shifts.tolist() == [-1, 1]
    assert (c.mean_abs_rank_shift, c.max_rank_shift) == (1.0, 1)
    # "neutral" replaces the leaf by the group's mean share instead: a constant leaf moves
    # nothing there.
    neutral = {x.code: x for x in indicator_influence(fw, inputs, mode="neutral")}
    assert neutral["C"].max_rank_shift == 0
    # E is the only leaf of its part: it cannot be dropped.
    e = by_code["E"]
    assert not e.droppable and e.note == "only_leaf_of_part" and e.max_rank_shift is None


def test_dropping_the_deciding_leaf_changes_grades() -> None:
    # near_tie() without L1, only L2 counts: A 100, C 99.8, D 70, E 65, then B and F tie
    # at 60 (rank 5). C: 3 → 2, excellent; B: 2 → 5, good; F: 6 → 5, qualified → good.
    fw, inputs = near_tie()
    l1, l2 = indicator_influence(fw, inputs)
    assert l1.changed_clusters == ("B", "C", "F") and l1.grade_changes == 3
    assert l1.rank_shifts.tolist()[:6] == [0, 3, -1, -1, -1, -1]
    # Without L2 only L1 counts: A and B tie at 100 (rank 1), D 70, E 65, C and F 60 (5).
    assert l2.rank_shifts.tolist()[:6] == [0, -1, 2, -1, -1, -1]
    assert json.loads(json.dumps(l1.to_dict()))["changed_clusters"] == ["B", "C", "F"]


def test_influence_mode_is_checked() -> None:
    fw, inputs = near_tie()
    with pytest.raises(ValueError, match="mode"):
        indicator_influence(fw, inputs, mode="remove")


# ---------------------------------------------------------------------------- correlations


def test_average_ranks_and_spearman_by_hand() -> None:
    assert average_ranks(np.array([1.0, 2, 2, 3])).tolist() == [1, 2.5, 2.5, 4]
    # x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4; centred: (−1.5, 0, 0, 1.5), (−1.5, .5, −.5,
    # 1.5); ρ = 4.5 / √(4.5 × 5) = 0.948683…
    rho = spearman(np.array([[1.0, 1], [2, 3], [2, 2], [3, 4]]))
    assert rho[0, 1] == pytest.approx(4.5 / math.sqrt(4.5 * 5))
    assert np.isnan(spearman(np.ones((2, 2)))).all()  # too few rows


def correlated() -> tuple[Any, GroupInputs]:
    # First-level G1 holds A, B (nested under G1.x) and K; G2 holds M and N; S stands alone.
    fw = make(
        (
            "p",
            100,
            [
                group(
                    "G1",
                    group(
                        "G1.x",
                        node("A", 10, "linear", floor=0, target=100),
                        node("B", 10, "linear", floor=0, target=1000),
                    ),
                    node("K", 10, "yes_no", kind="yes_no"),
                ),
                group(
                    "G2",
                    node("M", 20, "linear", floor=0, target=100),
                    node("N", 20, "linear", floor=0, target=100),
                ),
                node("S", 30, "linear", floor=0, target=100),
            ],
        )
    )
    inputs = GroupInputs(
        list("pqrstu"),
        values={
            "A": [10, 20, 30, 40, 50, 60],
            "B": [100, 200, 300, 400, 500, 600],  # B = 10 × A: the same order
            "K": [1] * 6,  # constant
            "M": [10, 20, 30, 40, 50, 60],
            "N": [50, 60, 10, 20, 30, 40],
            "S": [1, 2, 3, 4, 5, 6],
        },
    )
    return fw, inputs


def test_perfectly_correlated_leaves_are_redundant() -> None:
    fw, inputs = correlated()
    blocks = {b.code: b for b in indicator_correlations(fw, inputs)}
    assert set(blocks) == {"G1", "G2"}  # S alone has nothing to compare with
    g1 = blocks["G1"]
    assert g1.leaf_codes == ("A", "B", "K")
    pairs = {(p.a, p.b): p for p in g1.pairs}
    assert pairs["A", "B"].rho == pytest.approx(1.0) and pairs["A", "B"].flags == ("redundant",)
    assert math.isnan(pairs["A", "K"].rho) and pairs["A", "K"].flags == ()
    assert g1.constant == ("K",) and g1.notes == ("constant_leaves",)
    assert [(p.a, p.b) for p in g1.flagged] == [("A", "B")]
    # M ranks 1..6, N ranks 5, 6, 1, 2, 3, 4: d = −4, −4, 2, 2, 2, 2; Σd² = 48;
    # ρ = 1 − 6 × 48 / (6 × 35) = −0.371… → contrary, not redundant.
    (mn,) = blocks["G2"].pairs
    assert mn.rho == pytest.approx(1 - 6 * 48 / (6 * 35))
    assert mn.flags == ("contrary",)
    json.dumps([b.to_dict() for b in blocks.values()])


def test_strongly_opposed_leaves_are_both_redundant_and_contrary() -> None:
    fw, inputs = correlated()
    values = dict(inputs.values)
    values["N"] = [60, 50, 40, 30, 20, 10]  # exactly reversed M
    blocks = {
        b.code: b for b in indicator_correlations(fw, GroupInputs(inputs.cluster_ids, values))
    }
    (mn,) = blocks["G2"].pairs
    assert mn.rho == pytest.approx(-1.0) and mn.flags == ("redundant", "contrary")


def test_correlations_need_three_clusters() -> None:
    fw, inputs = correlated()
    two = GroupInputs(["p", "q"], values={k: v[:2] for k, v in inputs.values.items()})
    for block in indicator_correlations(fw, two):
        assert block.notes == ("too_few_clusters",)
        assert all(math.isnan(p.rho) and p.flags == () for p in block.pairs)


# -------------------------------------------------------------------------------- what-if


def test_what_if_linear_by_hand() -> None:
    # c (rank 3, good, total 68) needs rank 2, i.e. a tie with b at 80.00: a total of
    # 79.995 rounds half up to 80.00. c keeps L2 = 48 points, so L1 must give 31.995 points:
    # 40 × v / 200 = 31.995 → v = 159.975, a change of +59.975 from 100.
    w = what_if(two_leaves(), TEN, "c", "L1")
    assert w.possible and w.code == "possible"
    assert (w.current_grade, w.target_grade, w.new_grade) == (
        Grade.GOOD,
        Grade.EXCELLENT,
        Grade.EXCELLENT,
    )
    assert w.needed_value == pytest.approx(159.975, abs=1e-6)
    assert w.change == pytest.approx(59.975, abs=1e-6)
    assert (w.new_total, w.new_rank, w.strict) == (Decimal("80.00"), 2, False)
    assert w.direction == "higher" and w.input == "value"
    assert w.current_value == 100 and w.current_total == Decimal("68.00")
    assert "159.975" in w.message and "excellent instead of good" in w.message


def test_what_if_lower_is_better_by_hand() -> None:
    # L1 linear with floor 200 > target 0: share = (200 − v) / 200; c's 100 → 0.5 (20 points
    # as before). 31.995 points need share 0.799875 → v = 200 − 159.975 = 40.025.
    fw = two_leaves(node("L1", 40, "linear", floor=200, target=0))
    values = dict(TEN.values)
    values["L1"] = [200 - v for v in values["L1"]]  # mirror: the same shares as TEN
    w = what_if(fw, GroupInputs(TEN.cluster_ids, values), "c", "L1")
    assert w.direction == "lower"
    assert w.needed_value == pytest.approx(40.025, abs=1e-6)
    assert w.change == pytest.approx(-59.975, abs=1e-6)
    assert w.new_grade is Grade.EXCELLENT


def test_what_if_crossing_the_pass_mark_may_skip_a_grade() -> None:
    # f (54, rank 6, unqualified) needs 59.995: L1 must give 5.995 points → v = 29.975.
    # At 60.00 it ties e at rank 5, inside the good quota: good, not just qualified.
    w = what_if(two_leaves(), TEN, "f", "L1")
    assert w.needed_value == pytest.approx(29.975, abs=1e-6)
    assert w.target_grade is Grade.QUALIFIED
    assert (w.new_total, w.new_rank, w.new_grade) == (Decimal("60.00"), 5, Grade.GOOD)


def test_what_if_none_can() -> None:
    fw = two_leaves()
    excellent = what_if(fw, TEN, "a", "L1")
    assert not excellent.possible and excellent.reason == "already_excellent"
    assert excellent.message == WHAT_IF_MESSAGES["already_excellent"]
    # d has L1 at 200 = target: full points already (L2 could help, L1 cannot).
    full = what_if(fw, TEN, "d", "L1")
    assert (full.possible, full.reason) == (False, "at_full_points")
    assert "already gives the cluster its full points" in full.message
    assert what_if(fw, TEN, "d", "L2").new_grade is Grade.EXCELLENT
    # j (6 points): L1 at 200 gives 40 + 6 = 46 < 60, still unqualified.
    short = what_if(fw, TEN, "j", "L1")
    assert (short.possible, short.reason) == (False, "not_enough")
    assert (short.new_total, short.new_grade) == (Decimal("46.00"), Grade.UNQUALIFIED)
    assert "even with L1 at its best (200)" in short.message
    with pytest.raises(KeyError):
        what_if(fw, TEN, "nobody", "L1")
    with pytest.raises(KeyError):
        what_if(fw, TEN, "c", "NOPE")


def test_what_if_tiers_needs_a_tier_bound() -> None:
    # L1 tiers: 100 → 0.5, 150 → 0.8, 250 → 1 (of 40 points). c at 100 has 20 points, needs
    # 31.995: 0.8 × 40 = 32 is enough, so the bound 150 exactly (total 80.00, tie with b).
    tiers = [{"min": 100, "share": 0.5}, {"min": 250, "share": 1.0}, {"min": 150, "share": 0.8}]
    fw = two_leaves(node("L1", 40, "tiers", tiers=tiers))
    values = dict(TEN.values)
    values["L1"] = [250, 100, 100, 250, 0, 0, 0, 0, 0, 0]  # the same points as TEN
    w = what_if(fw, GroupInputs(TEN.cluster_ids, values), "c", "L1")
    assert (w.needed_value, w.change, w.new_total) == (150.0, 50.0, Decimal("80.00"))


def test_what_if_rank_method_must_pass_not_tie() -> None:
    # R (50 points, rank among values) and L (50 points, linear 0→100). N = 6, values
    # R 10, 9, 8, 4, 3, 2 → shares (6 − r)/5: 1, .8, .6, .4, .2, 0.
    #   a R 10 L 100 → 100; b R 9 L 50 → 40 + 25 = 65; c R 8 L 48 → 30 + 24 = 54 …
    # Excellent quota 1, good 3. c is good (rank 3) only if ≥ 60: 54 → unqualified.
    # A tie with b at 9 gives both (6 − 2)/5 = .8 → c 40 + 24 = 64: rank 3, good.
    fw = make(
        (
            "p",
            100,
            [
                node("R", 50, "rank", direction="higher"),
                node("L", 50, "linear", floor=0, target=100),
            ],
        )
    )
    inputs = GroupInputs(
        list("abcdef"), values={"R": [10, 9, 8, 4, 3, 2], "L": [100, 50, 48, 10, 10, 10]}
    )
    tie = what_if(fw, inputs, "c", "R")
    assert (tie.needed_value, tie.strict, tie.new_grade) == (9.0, False, Grade.GOOD)
    # b (65, rank 2, good) wants excellent: tie with a at 10 gives 50 + 25 = 75 < 100;
    # passing a gives b 50 and a 40 + 50 = 90; b 75 < 90: never.
    never = what_if(fw, inputs, "b", "R")
    assert never.reason == "not_enough"
    # With a's L at 40 instead: a = 50 + 20 = 70. A tie at 10 gives b 75 > 70: enough.
    values = dict(inputs.values)
    values["L"] = [40, 50, 48, 10, 10, 10]
    # Now b (9 → 40 + 25 = 65) is second to a (70); tie at 10: b 75 vs a 70 → b first alone.
    assert what_if(fw, GroupInputs(inputs.cluster_ids, values), "b", "R").needed_value == 10
    # If a's L is 60 (a = 80): a tie gives b 75 < 80; passing a gives b 50 + 25 = 75 and a
    # 40 + 30 = 70 → b first: a value beyond 10 is needed (strict).
    values["L"] = [60, 50, 48, 10, 10, 10]
    w = what_if(fw, GroupInputs(inputs.cluster_ids, values), "b", "R")
    assert (w.needed_value, w.strict, w.new_grade) == (10.0, True, Grade.EXCELLENT)
    assert w.code == "possible_strict" and "beyond 10" in w.message


def test_what_if_relative_to_best_looks_beyond_the_best() -> None:
    # R (50 points, value / best) and L (50 points, linear 0→100); N = 5, excellent quota 1.
    #   a R 10 (the best) L 60 → 50 + 30 = 80;  b R 8 L 70 → 40 + 35 = 75 (rank 2, good).
    # b needs 79.995: 50 × v/10 ≥ 44.995 → v = 8.999 (a stays the best).
    fw = make(
        (
            "p",
            100,
            [
                node("R", 50, "relative_to_best", direction="higher"),
                node("L", 50, "linear", floor=0, target=100),
            ],
        )
    )
    inputs = GroupInputs(list("abcde"), values={"R": [10, 8, 2, 1, 1], "L": [60, 70, 10, 10, 10]})
    w = what_if(fw, inputs, "b", "R")
    assert w.needed_value == pytest.approx(8.999, abs=1e-6) and w.new_grade is Grade.EXCELLENT
    # With L 55 (27.5 points) even equalling the best gives b 77.5 < 80. Beyond it b keeps
    # 50 and a falls to 50 × 10/v + 30, which must round to at most 77.50, i.e. stay below
    # 77.505: v > 500 / 47.505 = 10.5252…
    values = dict(inputs.values)
    values["L"] = [60, 55, 10, 10, 10]
    beyond = what_if(fw, GroupInputs(inputs.cluster_ids, values), "b", "R")
    assert beyond.needed_value == pytest.approx(500 / 47.505, abs=1e-6)
    assert (beyond.new_total, beyond.new_rank) == (Decimal("77.50"), 1)
    assert beyond.new_grade is Grade.EXCELLENT


def test_what_if_expert_leaf_searches_the_share() -> None:
    # E (60 points, experts' points 0–60) replaces L2 of TEN: shares are L2 / 100.
    fw = make(
        (
            "p",
            100,
            [
                node("L1", 40, "linear", floor=0, target=200),
                node("E", 60, "expert_points", kind="qualitative"),
            ],
        )
    )
    scores = [[0.6 * v] * 3 for v in TEN.values["L2"]]
    inputs = GroupInputs(TEN.cluster_ids, {"L1": TEN.values["L1"]}, {"E": scores})
    # c needs 79.995 − 20 = 59.995 points of 60 → share 0.9999166…
    w = what_if(fw, inputs, "c", "E")
    assert w.input == "share"
    assert w.current_value == pytest.approx(0.8)
    assert w.needed_value == pytest.approx(59.995 / 60, abs=1e-8)
    assert w.new_grade is Grade.EXCELLENT


def test_what_if_growth_without_last_year() -> None:
    fw = make(
        (
            "p",
            100,
            [
                node("G", 50, "growth", floor=0, target=0.5),
                node("L", 50, "linear", floor=0, target=100),
            ],
        )
    )
    inputs = GroupInputs(
        list("abcde"),
        values={
            "G": [120, 110, 100, 100, 100],
            "G@prev": [100, 100, None, 100, 100],
            "L": [100, 90, 80, 70, 60],
        },
    )
    w = what_if(fw, inputs, "c", "G")
    assert (w.possible, w.reason) == (False, "prev_missing")
    # a: growth 0.2 → 20 + 50 = 70; b: 0.1 → 10 + 45 = 55; c 40; d: growth 0 → 0 + 35 = 35,
    # unqualified. 59.995 needs 24.995 growth points: a rate of 0.5 × 24.995 / 50 = 0.24995
    # on last year's 100 → v = 124.995.
    d = what_if(fw, inputs, "d", "G")
    assert d.needed_value == pytest.approx(124.995, abs=1e-6)


def test_what_if_is_minimal_for_every_method(hunan: tuple[Any, GroupInputs]) -> None:
    """For clusters just below a grade boundary and every leaf: at the needed value the engine
    gives a better grade, a little short of it (or at the tie, when strict) it does not."""
    fw, inputs = hunan
    official = score_group(fw, inputs)
    ranks = np.array(official.ranks)
    picks = {official.cluster_ids[int(np.argmin(np.abs(ranks - r)))] for r in (13, 31)}
    totals = np.array([float(t) for t in official.totals])
    below = np.where(totals < 60, totals, -1)
    picks.add(official.cluster_ids[int(np.argmax(below))])
    seen: set[str] = set()
    for cid in sorted(picks):
        i = official.cluster_ids.index(cid)
        band = BAND[official.grades[i]]
        for leaf in fw.leaves():
            w = what_if(fw, inputs, cid, leaf.code)
            seen.add(w.code)
            if not w.possible:
                assert w.reason in (
                    "at_full_points",
                    "not_enough",
                    "already_excellent",
                    "prev_missing",
                )
                continue
            step = 1 if w.direction == "higher" else -1

            def grade_at(value: float, leaf: Any = leaf, i: int = i) -> int:
                values = dict(inputs.values)
                experts = dict(inputs.expert_scores)
                if leaf.code in experts:  # the share replaces the experts' scores
                    column = score_group(fw, inputs).shares[:, official.leaf_codes.index(leaf.code)]
                    del experts[leaf.code]
                else:
                    column = np.asarray(values[leaf.code], dtype=float)
                column = column.copy()
                column[i] = value
                values[leaf.code] = column
                new = GroupInputs(
                    inputs.cluster_ids, values, experts, inputs.bonus, inputs.deduction
                )
                return BAND[score_group(fw, new).grades[i]]

            needed = w.needed_value
            assert needed is not None
            at = math.nextafter(needed, step * math.inf) if w.strict else needed
            assert grade_at(at) < band, (cid, leaf.code, w)
            if w.strict:
                short = needed  # the tie is not enough
            elif leaf.method == "yes_no":
                short = 0.0  # any positive value is a yes
            else:
                short = needed - step * 1e-5 * max(1.0, abs(needed))
            assert grade_at(short) >= band, (cid, leaf.code, w)
    assert "possible" in seen


# ------------------------------------------------------------------------------- benchmark


def test_bench_robustness_prints_json_last(mini_scheme_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "1",
        "CLUSTERMON_LANG": "en",
        "DJANGO_SETTINGS_MODULE": "clustermon.settings",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clustermon",
            "bench",
            "robustness",
            "--clusters",
            "40",
            "--draws",
            "100",
            "--scheme",
            str(mini_scheme_dir),
            "--group",
            "big",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert (summary["clusters"], summary["draws"]) == (40, 100)
    assert summary["seconds"] > 0
    assert sum(summary["grades"].values()) == 40
    assert any("40 clusters" in line for line in lines[:-1])
