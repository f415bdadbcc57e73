"""The engine on small hand-made frameworks whose expected points are worked out by hand here.

Expectations are written as the arithmetic a reviewer would do on paper (share × points, sums,
weights), never copied from the engine's output.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from clustermon.scoring import (
    AggregationPolicy,
    Grade,
    GradePolicy,
    GroupInputs,
    aggregate,
    grade_part,
    load_scheme,
    parse_framework,
    score_group,
)


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


def framework(trim: bool = True, **top: Any) -> Any:
    doc = {
        "scheme": "t",
        "group": "g",
        "version": "1",
        "parts": [
            {
                "code": "dev",
                "name": {"en": "Development"},
                "weight": 70,
                "indicators": [
                    node("L1", 40, "linear", floor=0, target=200),
                    {
                        "code": "N1",
                        "name": {"en": "Inner"},
                        "points": 60,
                        "children": [
                            node(
                                "L2",
                                30,
                                "tiers",
                                tiers=[{"min": 100, "share": 0.6}, {"min": 250, "share": 0.8}],
                            ),
                            node("L3", 30, "count", per_item=4),
                        ],
                    },
                ],
            },
            {
                "code": "activity",
                "name": {"en": "Activity"},
                "weight": 30,
                "indicators": [
                    node("L4", 50, "expert_points", kind="qualitative"),
                    node("L5", 50, "yes_no", kind="yes_no"),
                ],
            },
        ],
        "bonus": {
            "cap": 10,
            "items": [
                {"code": "B1", "name": {"en": "Chain task"}, "max_points": 5},
                {"code": "B2", "name": {"en": "Programme"}, "max_points": 8},
            ],
        },
        "deduction": {
            "cap": 10,
            "items": [{"code": "X1", "name": {"en": "Accident"}, "max_points": 10}],
        },
        "aggregation": {"method": "trimmed_mean" if trim else "mean", "trim_from": 5},
    }
    doc.update(top)
    return parse_framework(doc)


def test_points_worked_by_hand() -> None:
    inputs = GroupInputs(
        ["a", "b"],
        values={"L1": [50, 200], "L2": [300, 99], "L3": [5, None], "L5": ["是", "否"]},
        expert_scores={"L4": [[40, 50, 30, 20, 45], [50, 40]]},
        bonus={"B1": [7, 0], "B2": [8, 1]},
        deduction={"X1": [3, 0]},
    )
    r = score_group(framework(), inputs)
    # Cluster a:
    #   L1 linear 0→200: 50/200 = 0.25 × 40 = 10
    #   L2 tiers: 300 reaches min 250 → 0.8 × 30 = 24
    #   L3 count: 5 items × 4 = 20 of 30 points → 20
    #   N1 = 24 + 20 = 44; development = 10 + 44 = 54
    #   L4 five experts, trimmed: drop 50 and 20 → (40 + 30 + 45) / 3 = 38.333… of 50 points
    #   L5 是 → 50; activity = 88.333…
    #   base = 0.7 × 54 + 0.3 × 88.333… = 37.8 + 26.5 = 64.3
    #   bonus: B1 7 clipped to 5, B2 8 → 13, capped at 10; deduction 3
    #   total = 64.3 + 10 − 3 = 71.30
    # Cluster b:
    #   L1 = 40, L2 = 0 (below every tier), L3 missing = 0 → development 40
    #   L4 two experts (no trimming) → (50 + 40) / 2 = 45; L5 否 → 0; activity 45
    #   base = 28 + 13.5 = 41.5; bonus B2 1 → 1; total 42.50
    a, b = 0, 1
    assert r.node_points["L1"][a] == pytest.approx(10)
    assert r.node_points["N1"][a] == pytest.approx(44)
    assert r.part_scores["dev"][a] == pytest.approx(54)
    assert r.node_points["L4"][a] == pytest.approx(115 / 3)
    assert r.part_scores["activity"][a] == pytest.approx(50 + 115 / 3)
    assert r.base[a] == pytest.approx(64.3)
    assert (r.bonus[a], r.deduction[a]) == (10, 3)
    assert r.bonus_items["B1"][a] == 5
    assert r.totals == [Decimal("71.30"), Decimal("42.50")]
    assert r.part_scores["dev"][b] == pytest.approx(40)
    assert r.part_scores["activity"][b] == pytest.approx(45)
    # N = 2: no excellent (2/5 floors to 0), rank 1 good (2/2 = 1), b is below 60.
    assert r.ranks == [1, 2]
    assert r.grades == [Grade.GOOD, Grade.UNQUALIFIED]
    # L3 is required (quantitative default) and missing for b only (D9).
    assert r.missing_codes("b") == ["L3"]
    assert r.missing_codes("a") == []
    assert r.shares.shape == r.leaf_points.shape == (2, 5)
    assert r.leaf_codes == ("L1", "L2", "L3", "L4", "L5")


def test_mean_aggregation_does_not_trim() -> None:
    inputs = GroupInputs(["a"], expert_scores={"L4": [[40, 50, 30, 20, 45]]})
    r = score_group(framework(trim=False), inputs)
    assert r.node_points["L4"][0] == pytest.approx((40 + 50 + 30 + 20 + 45) / 5)


def test_expert_share_may_come_aggregated_in_values() -> None:
    r = score_group(framework(), GroupInputs(["a"], values={"L4": [0.5]}))
    assert r.node_points["L4"][0] == pytest.approx(25)


def test_expert_scores_as_a_matrix() -> None:
    scores = np.array([[40, 50, 30, 20, 45], [50, 40, np.nan, np.nan, np.nan]])
    r = score_group(framework(), GroupInputs(["a", "b"], expert_scores={"L4": scores}))
    assert r.node_points["L4"].tolist() == pytest.approx([115 / 3, 45])


@pytest.mark.parametrize(
    ("bonus", "deduction", "expected"),
    [
        ({"B1": 5, "B2": 8}, {}, "10"),  # 13 capped at 10
        ({"B1": 6}, {}, "5"),  # item clipped to its max 5
        ({"B1": -4}, {}, "0"),  # nothing negative counts as a bonus
        ({}, {"X1": 25}, "-10"),  # deduction clipped to its max 10
        ({"B1": 2, "B2": 3}, {"X1": 1}, "4"),
    ],
)
def test_bonus_and_deduction_caps(bonus: dict, deduction: dict, expected: str) -> None:
    inputs = GroupInputs(
        ["a"],
        values={"L1": [200], "L2": [300], "L3": [10], "L5": [1]},
        bonus={k: [v] for k, v in bonus.items()},
        deduction={k: [v] for k, v in deduction.items()},
    )
    r = score_group(framework(), inputs)
    # dev = 40 + 24 + 30 = 94; activity = 0 + 50 = 50; base = 65.8 + 15 = 80.8
    assert r.base[0] == pytest.approx(80.8)
    assert r.totals[0] == Decimal("80.80") + Decimal(expected)


def test_total_never_below_zero() -> None:
    # Only L5 "no" and L1 = 10 → L1 2 points, dev 2, base 1.4; deduction 10 → 0, not −8.6.
    inputs = GroupInputs(["a"], values={"L1": [10], "L5": ["否"]}, deduction={"X1": [10]})
    r = score_group(framework(), inputs)
    assert r.base[0] == pytest.approx(1.4)
    assert r.totals == [Decimal("0.00")]
    assert r.grades == [Grade.UNQUALIFIED]


def one_leaf() -> Any:
    parts = [
        {
            "code": "p",
            "name": {"en": "p"},
            "weight": 100,
            "indicators": [node("V", 100, "linear", floor=0, target=100)],
        }
    ]
    return parse_framework({"scheme": "t", "group": "g", "version": "1", "parts": parts})


@pytest.mark.parametrize(
    ("value", "total"),
    [
        (59.995, "60.00"),
        ("59.995", "60.00"),
        (59.994, "59.99"),
        (59.985, "59.99"),
        (0.005, "0.01"),
        # In binary these two come out as 59.904999999999994 and 60.01499999999999: only the snap
        # before rounding keeps them at the half-up result of the written decimal.
        (59.905, "59.91"),
        (60.015, "60.02"),
    ],
)
def test_total_rounds_half_up_as_written(value: Any, total: str) -> None:
    # One linear leaf 0→100 worth 100 points: the total equals the value.
    r = score_group(one_leaf(), GroupInputs(["a"], values={"V": [value]}))
    assert r.totals == [Decimal(total)]


def test_weighted_total_of_59_995_is_60() -> None:
    # dev 57.85 × 0.7 = 40.495 and activity 65 × 0.3 = 19.5: 59.995 on paper, whatever binary
    # arithmetic makes of it, so the total is 60.00 and the cluster passes (D1, D4).
    doc = {
        "scheme": "t",
        "group": "g",
        "version": "1",
        "parts": [
            {
                "code": "dev",
                "name": {"en": "d"},
                "weight": 70,
                "indicators": [node("D", 100, "linear", floor=0, target=100)],
            },
            {
                "code": "act",
                "name": {"en": "a"},
                "weight": 30,
                "indicators": [node("A", 100, "linear", floor=0, target=100)],
            },
        ],
    }
    r = score_group(parse_framework(doc), GroupInputs(["x"], values={"D": [57.85], "A": [65]}))
    assert r.totals == [Decimal("60.00")]
    # N = 1: both quotas floor to 0 (1/5, 1/2), so the one cluster is qualified, not unqualified.
    assert r.grades == [Grade.QUALIFIED]


def test_grading_uses_the_framework_policy_unless_given() -> None:
    fw = one_leaf()
    inputs = GroupInputs([f"c{i}" for i in range(5)], values={"V": [90, 80, 70, 65, 61]})
    # 5 clusters: excellent quota 1, good quota floor(2.5) = 2.
    assert score_group(fw, inputs).grades == [
        Grade.EXCELLENT,
        Grade.GOOD,
        Grade.QUALIFIED,
        Grade.QUALIFIED,
        Grade.QUALIFIED,
    ]
    ceil = GradePolicy(quota_rounding="ceil", pass_mark=Decimal("65"))
    # ceil: quotas 1 and 3; pass mark 65: 61 fails.
    assert score_group(fw, inputs, grade_policy=ceil).grades == [
        Grade.EXCELLENT,
        Grade.GOOD,
        Grade.GOOD,
        Grade.QUALIFIED,
        Grade.UNQUALIFIED,
    ]


def test_growth_reads_prev() -> None:
    doc = {
        "scheme": "t",
        "group": "g",
        "version": "1",
        "parts": [
            {
                "code": "p",
                "name": {"en": "p"},
                "weight": 100,
                "indicators": [node("G", 100, "growth", floor=0, target=0.2)],
            }
        ],
    }
    r = score_group(
        parse_framework(doc),
        GroupInputs(["a", "b", "c"], values={"G": [110, 120, 130], "G@prev": [100, 100, None]}),
    )
    # growth 10% of 20% → 50 points; 20% → 100; missing last year → 0 and flagged missing.
    assert r.node_points["G"].tolist() == pytest.approx([50, 100, 0])
    assert r.missing_codes("c") == ["G"]


def test_bad_inputs_are_refused() -> None:
    fw = framework()
    with pytest.raises(ValueError, match="unknown item"):
        score_group(fw, GroupInputs(["a"], bonus={"B9": [1]}))
    with pytest.raises(ValueError, match="unknown indicator code"):
        score_group(fw, GroupInputs(["a"], values={"L9": [1]}))
    with pytest.raises(ValueError, match="expected 2 values"):
        score_group(fw, GroupInputs(["a", "b"], values={"L1": [1]}))
    with pytest.raises(ValueError, match=r"values\[L1\]: entry 0: 'many' is not a number"):
        score_group(fw, GroupInputs(["a"], values={"L1": ["many"]}))
    with pytest.raises(ValueError, match="unique"):
        score_group(fw, GroupInputs(["a", "a"]))


def test_empty_inputs_score_zero() -> None:
    r = score_group(framework(), GroupInputs(["a", "b"]))
    assert r.totals == [Decimal("0.00")] * 2
    assert r.ranks == [1, 1]
    assert set(r.missing) == {"L1", "L2", "L3", "L5"}  # L4 is qualitative: not required by default


def test_aggregate_trims_only_from_trim_from() -> None:
    policy = AggregationPolicy("trimmed_mean", trim_from=5)
    shares = np.array([[1.0, 0.8, 0.6, 0.3, 1.0], [1.0, 0.2, 0.6, 0.3, np.nan], [np.nan] * 5])
    mean, count, trimmed = aggregate(shares, policy)
    # Row 0: drop 1.0 and 0.3 → (0.8 + 0.6 + 1.0)/3 = 0.8. Row 1: 4 experts, plain mean 0.525.
    assert mean.tolist() == pytest.approx([0.8, 0.525, 0.0])
    assert count.tolist() == [5, 4, 0]
    assert trimmed.tolist() == [True, False, False]


def test_explain_tells_how_each_figure_was_obtained() -> None:
    inputs = GroupInputs(
        ["a", "b"],
        values={"L1": [50, 200], "L2": [300, 99], "L3": [5, None], "L5": ["是", "否"]},
        expert_scores={"L4": [[40, 50, 30, 20, 45], [50, 40]]},
        bonus={"B1": [7, 0], "B2": [8, 1]},
        deduction={"X1": [3, 0]},
    )
    r = score_group(framework(), inputs)
    e = r.explain("a")
    dev, act = e["parts"]
    assert (dev["code"], dev["weight"], dev["score"], dev["weighted"]) == ("dev", 70, 54, 37.8)
    l1 = dev["indicators"][0]
    assert l1 == {
        **l1,
        "value": 50,
        "method": "linear",
        "share": 0.25,
        "points": 10,
        "max_points": 40,
        "missing": False,
        "params": {"floor": 0, "target": 200},
    }
    n1 = dev["indicators"][1]
    assert (n1["points"], [c["points"] for c in n1["children"]]) == (44, [24, 20])
    experts = act["indicators"][0]["experts"]
    assert experts["scores"] == [40, 50, 30, 20, 45]
    assert experts["trimmed"] is True and experts["aggregation"] == "trimmed_mean"
    assert act["indicators"][1]["value"] == 1
    assert e["bonus"]["items"][0] == {
        "code": "B1",
        "name": {"en": "Chain task"},
        "max_points": 5,
        "accepted": 7,
        "counted": 5,
    }
    assert (e["bonus"]["sum"], e["bonus"]["cap"], e["bonus"]["applied"]) == (13, 10, 10)
    assert e["deduction"]["applied"] == 3
    assert e["base"] == 64.3 and e["total"] == "71.30" and e["total_unrounded"] == 71.3
    assert (e["rank"], e["size"], e["grade"]) == (1, 2, "good")
    assert "good quota 1" in e["grade_rule"]
    assert e["grade_policy"]["excellent_quota"] == 0
    assert r.explain("b")["missing"] == ["L3"]
    assert r.explain("b")["parts"][0]["indicators"][1]["children"][1]["value"] is None
    json.dumps(e)  # JSON-friendly all the way down (raises otherwise)


def test_grade_part_for_activity_labels() -> None:
    # Activity part scores 95, 50, 75 → ranked 1, 3, 2 on their own; N = 3: good quota 1.
    inputs = GroupInputs(["a", "b", "c"], values={"L5": [1, 0, 1], "L4": [0.9, 1.0, 0.5]})
    r = score_group(framework(), inputs)
    g = grade_part(r, "activity")
    assert g.totals == [Decimal("95.00"), Decimal("50.00"), Decimal("75.00")]
    assert g.ranks == [1, 3, 2]
    assert g.grades == [Grade.GOOD, Grade.UNQUALIFIED, Grade.QUALIFIED]
    with pytest.raises(KeyError):
        grade_part(r, "nope")


def test_mini_scheme_every_method(mini_scheme_dir: Path) -> None:
    scheme = load_scheme(mini_scheme_dir)
    fw = scheme.framework("small")
    n = 4
    values = {
        "D1.1": [5, 10, 60, 200],
        "D1.2": [110, 100, 0, 50],
        "D1.2@prev": [100, 100, 0, 25],
        "D1.3": [10, 35, 60, 100],
        "D2.1": [1, 2, 4, None],
        "D2.2": [3, 1, 2, 2],
        "D2.3": [0, 2, 10, 4],
        "A1.1": ["是", "否", "是", "是"],
    }
    experts = {"A1.2": [["A"] * 5, ["B", "C"], ["D"], []], "A2": [[60], [30, 45], [0], None]}
    r = score_group(fw, GroupInputs([f"c{i}" for i in range(n)], values, experts))
    # D1.1 small-group tiers (override): 5 → 0, 10 → 0.6, 60 → 0.8, 200 → 1; × 20
    assert r.node_points["D1.1"].tolist() == pytest.approx([0, 12, 16, 20])
    # D1.2 growth 0→0.2: 10% → 0.5, 0% → 0, 0→0 → 0, 100% → 1; × 10
    assert r.node_points["D1.2"].tolist() == pytest.approx([5, 0, 0, 10])
    # D1.3 linear 10→60 (override): 0, 0.5, 1, 1; × 20
    assert r.node_points["D1.3"].tolist() == pytest.approx([0, 10, 20, 20])
    # D2.1 relative to best 4: 0.25, 0.5, 1, missing; × 20
    assert r.node_points["D2.1"].tolist() == pytest.approx([5, 10, 20, 0])
    # D2.2 rank, lower better: 1 → rank 1, 2 → rank 2 (twice), 3 → rank 4; (4 − r)/3 × 15
    assert r.node_points["D2.2"].tolist() == pytest.approx([0, 15, 10, 10])
    # D2.3 count 1.5 per item of 15: 0, 3, 15 (capped), 6
    assert r.node_points["D2.3"].tolist() == pytest.approx([0, 3, 15, 6])
    # A1.2 expert grade × 30: A → 1; B, C → 0.7; D → 0.3; nobody → 0
    assert r.node_points["A1.2"].tolist() == pytest.approx([30, 21, 9, 0])
    # A2 expert points of 60: 60, 37.5, 0, none
    assert r.node_points["A2"].tolist() == pytest.approx([60, 37.5, 0, 0])
    assert r.missing_codes("c3") == ["D2.1"]


def test_ten_thousand_clusters_six_groups_forty_leaves_is_fast() -> None:
    # 40 leaves mixing all value methods and expert grades, six groups of 1,667 clusters.
    methods = [
        ("linear", {"floor": 0, "target": 100}),
        ("relative_to_best", {}),
        ("rank", {}),
        ("tiers", {"tiers": [{"min": 30, "share": 0.5}, {"min": 70, "share": 1}]}),
        ("growth", {"floor": 0, "target": 0.2}),
        ("count", {"per_item": 0.5}),
    ]
    leaves = [
        node(f"Q{i}", 2.5, *methods[i % len(methods)][:1], **methods[i % len(methods)][1])
        for i in range(32)
    ]
    leaves += [node(f"E{i}", 2.5, "expert_grade", kind="qualitative") for i in range(8)]
    fw = parse_framework(
        {
            "scheme": "t",
            "group": "g",
            "version": "1",
            "parts": [{"code": "p", "name": {"en": "p"}, "weight": 100, "indicators": leaves}],
        }
    )
    rng = np.random.default_rng(1)
    groups = []
    for _ in range(6):
        n = 1667
        values = {
            leaf.code: rng.uniform(0, 120, n) for leaf in fw.leaves() if leaf.kind != "qualitative"
        }
        values.update({f"Q{i}@prev": rng.uniform(1, 100, n) for i in range(4, 32, 6)})
        experts = {
            f"E{i}": np.array(list("ABCD"), dtype=object)[rng.integers(0, 4, (n, 5))]
            for i in range(8)
        }
        groups.append(GroupInputs(list(range(n)), values, experts))
    start = time.perf_counter()
    results = [score_group(fw, g) for g in groups]
    elapsed = time.perf_counter() - start
    assert sum(len(r.totals) for r in results) == 10_002
    assert elapsed < 1.0, f"{elapsed:.2f} s"
