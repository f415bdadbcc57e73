"""Spread between experts, outliers and the D10 aggregation, hand-computed."""

from decimal import Decimal

from clustermon.experts.scale import qualitative_leaves
from clustermon.experts.spread import aggregate, indicator_spread, median, outliers, rule_label
from clustermon.scoring import AggregationPolicy
from tests.experts.conftest import DOCUMENT

D = Decimal
TRIMMED = AggregationPolicy("trimmed_mean", 5)
MEAN = AggregationPolicy("mean", 5)
Q1, Q2 = qualitative_leaves(DOCUMENT)  # Q1: letters A–D over 10 points; Q2: 0..5 points


def scores(*values: str) -> list[tuple]:
    return [(i, f"e{i}", v, "") for i, v in enumerate(values, start=1)]


def test_median_of_odd_and_even() -> None:
    assert median([D(3), D(1), D(2)]) == 2
    assert median([D("0.3"), D(1), D("0.8"), D(1)]) == D("0.9")


def test_trimmed_mean_from_five_experts() -> None:
    # A A B A D → shares 1, 1, 0.8, 1, 0.3. Trimmed: drop 0.3 and one 1 → (0.8 + 1 + 1) / 3.
    spread = indicator_spread(Q1, scores("A", "A", "B", "A", "D"), TRIMMED)
    assert spread.aggregate.trimmed and spread.aggregate.used == 3
    assert spread.aggregate_points == D("9.33")
    # Mean of all five: 4.1 / 5 = 0.82 → 8.2 points.
    assert spread.mean_points == D("8.20")
    assert (spread.min_points, spread.max_points) == (D("3.00"), D("10.00"))
    # Population std: deviations 0.18 ×3, −0.02, −0.52 → √(0.368 / 5) = 0.2713 → 2.71 points.
    assert spread.std_points == D("2.71")
    assert indicator_spread(Q1, scores("A", "A", "B", "A", "D"), MEAN).aggregate_points == D("8.20")


def test_below_five_experts_the_trimmed_scheme_takes_the_plain_mean() -> None:
    # A A B D → (1 + 1 + 0.8 + 0.3) / 4 = 0.775 → 7.75 points.
    spread = indicator_spread(Q1, scores("A", "A", "B", "D"), TRIMMED)
    assert not spread.aggregate.trimmed
    assert spread.aggregate_points == D("7.75")


def test_trimming_drops_one_of_equal_extremes_only() -> None:
    result = aggregate([D(1), D(1), D(1), D(0), D(0)], TRIMMED)
    # 0 0 1 1 1: one 0 and one 1 dropped → (0 + 1 + 1) / 3.
    assert result.share.quantize(D("0.0001")) == D("0.6667") and result.used == 3 and result.trimmed
    assert aggregate([], TRIMMED) is None


def test_the_far_expert_is_flagged() -> None:
    spread = indicator_spread(Q1, scores("A", "A", "B", "A", "D"), TRIMMED)
    # The median of 1, 1, 0.8, 1, 0.3 is 1: D (0.3) is 0.7 from it, B (0.8) only 0.2.
    assert [v.outlier for v in spread.values] == [False, False, False, False, True]
    assert spread.has_outlier


def test_the_distance_must_exceed_the_threshold() -> None:
    # Points 5 3.5 3.5 3.5 0 of 5 → shares 1, .7, .7, .7, 0; median .7. The 0 is .7 away: flagged.
    # The 5 is exactly .3 away: not flagged (strictly more than .3).
    spread = indicator_spread(Q2, scores("5", "3.5", "3.5", "3.5", "0"), TRIMMED)
    assert [v.outlier for v in spread.values] == [False, False, False, False, True]
    assert [v.points for v in spread.values] == [D("5.00"), D("3.50"), D("3.50"), D("3.50"), D("0.00")]
    assert spread.aggregate_points == D("3.50")  # 0 and 5 dropped: (.7 + .7 + .7) / 3 × 5
    # Points 5 4 4 3 0 → shares 1, .8, .8, .6, 0: trimmed (.8 + .8 + .6) / 3 × 5 = 3.67.
    assert indicator_spread(Q2, scores("5", "4", "4", "3", "0"), TRIMMED).aggregate_points == D("3.67")


def test_two_experts_are_never_outliers() -> None:
    assert outliers([D(1), D(0)]) == [False, False]
    # Three experts: A, A, D → the median is A; only D is far.
    assert outliers([D(1), D(1), D("0.3")]) == [False, False, True]


def test_scores_off_the_scale_are_left_out() -> None:
    spread = indicator_spread(Q1, scores("A", "Z", "C"), MEAN)
    assert [v.score for v in spread.values] == ["A", "C"]
    assert spread.aggregate_points == D("8.00")


def test_the_rule_is_stated() -> None:
    assert "5" in rule_label(TRIMMED)
    assert rule_label(TRIMMED) != rule_label(MEAN)
