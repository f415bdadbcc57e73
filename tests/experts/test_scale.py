"""The scale read from a stored framework document."""

from decimal import Decimal

import pytest

from clustermon.experts.scale import (
    DEFAULT_GRADES,
    ScoreError,
    aggregation_policy,
    qualitative_leaves,
)
from clustermon.scoring import AggregationPolicy
from clustermon.scoring.methods import DEFAULT_EXPERT_GRADES
from tests.experts.conftest import DOCUMENT


def test_it_finds_the_expert_scored_leaves_in_order() -> None:
    leaves = qualitative_leaves(DOCUMENT)
    assert [(leaf.code, leaf.method, leaf.points) for leaf in leaves] == [
        ("Q1", "expert_grade", Decimal(10)), ("Q2", "expert_points", Decimal(5))]
    assert leaves[0].letters == ["A", "B", "C", "D"]
    assert qualitative_leaves(None) == []


def test_the_default_grades_are_the_cores() -> None:
    assert {k: float(v) for k, v in DEFAULT_GRADES.items()} == DEFAULT_EXPERT_GRADES
    leaf = {"code": "X", "points": 4, "method": "expert_grade", "params": {}}
    (found,) = qualitative_leaves({"parts": [{"indicators": [leaf]}]})
    assert found.share("c") == Decimal("0.6")


def test_shares() -> None:
    q1, q2 = qualitative_leaves(DOCUMENT)
    assert q1.share("B") == Decimal("0.8")
    assert q2.share("4.5") == Decimal("0.9")
    with pytest.raises(ScoreError):
        q2.share("Infinity")


def test_the_aggregation_policy_comes_from_the_framework_then_the_manifest() -> None:
    assert aggregation_policy(DOCUMENT, None) == AggregationPolicy("trimmed_mean", 5)
    assert aggregation_policy({}, {"aggregation": {"method": "mean"}}) == AggregationPolicy("mean", 5)
    assert aggregation_policy(None, None) == AggregationPolicy()
