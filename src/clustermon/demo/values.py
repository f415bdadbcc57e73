"""Plausible raw values and expert scores for the demo, read off each framework's own rules.

Every cluster has a latent strength in [0, 1] (national clusters stronger than cultivation
targets); every leaf gets a stable per-cluster "share" around it, which is turned back into a raw
value the leaf's scoring method would award roughly that share for. Values stay within the leaf's
min/max, respect the framework's cross-field rules, and move little from one year to the next.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

import numpy as np

from clustermon import scoring

INTEGER_UNITS = frozenset({"家", "个", "件", "项", "次", "人", "份", "家次"})
# For methods that only compare clusters (relative_to_best, rank): a typical range per unit.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "亿元": (5, 120), "万元": (2000, 60000), "家": (20, 400), "家次": (200, 3000), "件/亿元": (0.5, 8),
    "%": (5, 80), "个": (2, 40), "项": (2, 40),
}
LEVEL_STRENGTH = {"national": 0.74, "provincial": 0.62, "cultivation": 0.54}
# Clusters shown under their real names are kept clear of the bottom: their figures are generated.
REAL_NAME_FLOOR = 0.64
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def strengths(levels: list[str], real: list[bool], rng: np.random.Generator) -> np.ndarray:
    """One latent strength per cluster, by recognition level plus noise."""
    base = np.array([LEVEL_STRENGTH.get(level, 0.5) for level in levels])
    drawn = np.clip(base + rng.normal(0, 0.14, len(levels)), 0.05, 0.98)
    return np.where(real, np.maximum(drawn, REAL_NAME_FLOOR), drawn)


def leaf_shares(strength: float, leaves: list[scoring.Indicator], rng: np.random.Generator) -> dict[str, float]:
    """A stable target share per leaf for one cluster (drawn once, reused every year)."""
    noise = rng.normal(0, 0.18, len(leaves))
    return {leaf.code: float(np.clip(strength + noise[i], 0.02, 1.05)) for i, leaf in enumerate(leaves)}


def _clamp(leaf: scoring.Indicator, value: float) -> float:
    if leaf.min is not None:
        value = max(value, float(leaf.min))
    if leaf.max is not None:
        value = min(value, float(leaf.max))
    return value


def _text(leaf: scoring.Indicator, value: float) -> str:
    value = _clamp(leaf, value)
    if leaf.unit in INTEGER_UNITS:
        return str(round(value))
    return f"{value:.2f}"


def _tiers(params: Mapping[str, Any], share: float) -> float:
    bounds = [float(t.get("min", t.get("max", 0))) for t in params["tiers"]]
    low, high = min(bounds), max(bounds)
    low = low * 0.7 if low > 0 else low - 0.3 * (high - low)
    high = high * 1.25 if high > 0 else high + 0.3 * (high - low)
    if params.get("direction", "higher") == "lower":
        return high - share * (high - low)
    return low + share * (high - low)


def _linear(params: Mapping[str, Any], share: float) -> float:
    floor, target = float(params["floor"]), float(params["target"])
    return floor + (share * 1.3 - 0.15) * (target - floor)


def raw_value(leaf: scoring.Indicator, share: float, rng: np.random.Generator) -> dict[str, str]:
    """The leaf's value (and `CODE@prev` for growth leaves) as a submitter would type it."""
    method, params = leaf.method, leaf.params
    if method == "yes_no":
        return {leaf.code: "是" if share > 0.3 else "否"}
    if method == "tiers":
        return {leaf.code: _text(leaf, _tiers(params, share))}
    if method == "linear":
        return {leaf.code: _text(leaf, _linear(params, share))}
    if method == "count":
        full = float(leaf.points) / float(params["per_item"])
        return {leaf.code: str(max(0, round(share * full * 1.2)))}
    if method == "growth":
        low, high = UNIT_RANGES.get(leaf.unit or "", (10, 500))
        prev = low + (0.3 + 0.7 * share) * (high - low)
        rate = _linear(params, share) if params.get("score", "linear") == "linear" else share * 0.2
        if params.get("mode", "rate") == "increment":
            return {leaf.code: _text(leaf, prev + rate), leaf.code + "@prev": _text(leaf, prev)}
        return {leaf.code: _text(leaf, prev * (1 + rate)), leaf.code + "@prev": _text(leaf, prev)}
    low, high = UNIT_RANGES.get(leaf.unit or "", (1, 100))  # relative_to_best, rank
    share = share if params.get("direction", "higher") == "higher" else 1.05 - share
    return {leaf.code: _text(leaf, low + share * (high - low) * (0.9 + 0.2 * rng.random()))}


def _number(values: Mapping[str, str], side: Any) -> float | None:
    if isinstance(side, int | float):
        return float(side)
    text = values.get(side)
    return float(text) if text not in (None, "", "是", "否") else None


def apply_rules(framework: scoring.Framework, values: dict[str, str]) -> None:
    """Bring values that break a cross-field rule (`left op right`) just inside it."""
    for rule in framework.rules:
        check = OPS.get(rule.op)
        left, right = _number(values, rule.left), _number(values, rule.right)
        if check is None or left is None or right is None or check(left, right):
            continue
        fixed = {"<=": right, ">=": right, "<": right * 0.9, ">": right * 1.1 + 1}[rule.op]
        leaf = framework.indicator(rule.left.removesuffix("@prev"))
        values[rule.left] = _text(leaf, fixed)


def submission_values(framework: scoring.Framework, shares: Mapping[str, float], drift: float,
                      rng: np.random.Generator, *, prev: Mapping[str, str] | None = None,
                      fill: float = 1.0) -> dict[str, str]:
    """A cluster's quantitative values for one year; `fill` < 1 leaves some blank (a draft).

    With `prev` (last year's values), a growth leaf's `CODE@prev` is last year's value.
    """
    values: dict[str, str] = {}
    for leaf in framework.leaves():
        if scoring.METHODS[leaf.method].experts or rng.random() > fill:
            continue
        share = float(np.clip(shares[leaf.code] + drift + rng.normal(0, 0.04), 0.0, 1.05))
        entered = raw_value(leaf, share, rng)
        if prev is not None and leaf.code + "@prev" in entered and prev.get(leaf.code):
            entered[leaf.code + "@prev"] = prev[leaf.code]
        values.update(entered)
    apply_rules(framework, values)
    return values


def expert_score(leaf: scoring.Indicator, share: float, rng: np.random.Generator) -> str:
    """One expert's score on a qualitative leaf: a grade letter or points, as text."""
    judged = float(np.clip(share + rng.normal(0, 0.1), 0.0, 1.0))
    if leaf.method == "expert_points":
        return f"{float(leaf.points) * (0.4 + 0.6 * judged):.1f}"
    letters = sorted(leaf.params.get("grades", {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}).items(),
                     key=lambda item: -item[1])
    for letter, worth in letters:
        if judged >= worth - 0.12:
            return letter
    return letters[-1][0]
