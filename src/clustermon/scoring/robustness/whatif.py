"""What-if for one cluster: the smallest change of one indicator's value, everything else fixed,
that would move the cluster to a better grade — or why no change can.

The cluster's share of the leaf is monotone in the value (the methods' contract), and for
group-relative methods (relative_to_best, rank) a better value also lowers the others' shares,
so "is the grade better at value v" is monotone in v: the threshold is found by bisection
between the current value and a bound taken from the method's params (linear: target; count:
the count that gives full points; relative_to_best: the best of the others, then further out
because exceeding the best lowers the others' shares) or, for step methods (tiers, yes_no, rank,
growth from a zero base), by trying the steps in order. The answer is then checked by scoring
the group again with `score_group`, and the figures reported are that official computation's.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from clustermon.scoring.engine import PREV, GroupInputs, GroupResult, score_group, to_cents
from clustermon.scoring.framework import Framework, Indicator
from clustermon.scoring.methods import METHODS, to_values
from clustermon.scoring.policy import GradePolicy
from clustermon.scoring.robustness._common import (
    BAND,
    GRADE_ORDER,
    Quotas,
    extras,
    index_of,
    layout,
)
from clustermon.scoring.types import Grade

# One English format string per outcome code, so a UI translates by `reason` like the core's
# other messages. The args are in `WhatIf.args`.
WHAT_IF_MESSAGES: dict[str, str] = {
    "possible": (
        "{indicator} at {needed} instead of {current} (a change of {change}) would make the "
        "cluster {new_grade} instead of {grade}: total {total}, rank {rank} of {size}"
    ),
    "possible_strict": (
        "{indicator} beyond {needed} instead of {current} (a change of more than {change}) "
        "would make the cluster {new_grade} instead of {grade}: total {total}, rank {rank} of "
        "{size}"
    ),
    "possible_from_missing": (
        "{indicator} at {needed} (now missing) would make the cluster {new_grade} instead of "
        "{grade}: total {total}, rank {rank} of {size}"
    ),
    "possible_strict_from_missing": (
        "{indicator} beyond {needed} (now missing) would make the cluster {new_grade} instead "
        "of {grade}: total {total}, rank {rank} of {size}"
    ),
    "already_excellent": "the cluster is already excellent: there is no better grade",
    "at_full_points": (
        "{indicator} (value {current}) already gives the cluster its full points; no value of "
        "it alone can improve the grade {grade}"
    ),
    "not_enough": (
        "even with {indicator} at its best ({best}) the cluster would stay {grade}: total "
        "{total}, rank {rank} of {size}"
    ),
    "prev_missing": (
        "last year's value of {indicator} is missing, so its growth scores 0 whatever this "
        "year's value"
    ),
    "unsupported_method": "what-if cannot search the values of method {method}",
}

MAX_STEPS = 200  # bisection halvings: far more than float64 needs
REL_TOLERANCE = 1e-9  # of the search interval's magnitude
BEYOND_BEST = 1000.0  # how far past the best relative_to_best searches (others' shares → 0)


@dataclass(frozen=True)
class WhatIf:
    """The answer of `what_if`.

    `possible` says whether a value of the indicator alone reaches a better grade; if so
    `needed_value` is the smallest such value (beyond it when `strict`: the cluster must pass
    another cluster's value, a tie is not enough), `change` is needed − current (None when the
    current value is missing) and `new_*` are the official figures at that value. Otherwise
    `reason` is `already_excellent`, `at_full_points`, `not_enough` (then `new_*` describe the
    indicator at its best), `prev_missing` or `unsupported_method`. For expert leaves the
    value is the aggregated share (0–1). `message` is the English sentence; `args` fill
    `WHAT_IF_MESSAGES[code]` for translation.
    """

    cluster_id: Hashable
    indicator: str
    method: str
    direction: str  # "higher" or "lower": which way the value improves the score
    input: str  # "value", or "share" for expert leaves
    current_value: float | None
    current_share: float
    current_total: Decimal
    current_rank: int
    current_grade: Grade
    size: int
    possible: bool
    reason: str | None = None
    target_grade: Grade | None = None
    needed_value: float | None = None
    strict: bool = False
    change: float | None = None
    new_share: float | None = None
    new_total: Decimal | None = None
    new_rank: int | None = None
    new_grade: Grade | None = None
    args: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def code(self) -> str:
        """The key of `WHAT_IF_MESSAGES` that says this outcome."""
        if self.possible:
            code = "possible_strict" if self.strict else "possible"
            return code + "_from_missing" if self.current_value is None else code
        return self.reason or "not_enough"

    @property
    def message(self) -> str:
        return WHAT_IF_MESSAGES[self.code].format(**self.args)

    def to_dict(self) -> dict[str, Any]:
        def text(x: Any) -> Any:
            return None if x is None else str(x)

        return {
            "cluster_id": self.cluster_id,
            "indicator": self.indicator,
            "method": self.method,
            "direction": self.direction,
            "input": self.input,
            "current_value": self.current_value,
            "current_share": self.current_share,
            "current_total": str(self.current_total),
            "current_rank": self.current_rank,
            "current_grade": str(self.current_grade),
            "size": self.size,
            "possible": self.possible,
            "reason": self.reason,
            "target_grade": text(self.target_grade),
            "needed_value": self.needed_value,
            "strict": self.strict,
            "change": self.change,
            "new_share": self.new_share,
            "new_total": text(self.new_total),
            "new_rank": self.new_rank,
            "new_grade": text(self.new_grade),
            "code": self.code,
            "message": self.message,
        }


@dataclass
class _Plan:
    """How to search one leaf: direction (+1: higher values score more), an insufficient start,
    the value giving the cluster full points, an optional value further out for group methods,
    or the candidate steps (value, strict) in order."""

    direction: int
    start: float = math.nan
    full: float = math.nan
    extreme: float | None = None
    candidates: list[tuple[float, bool]] | None = None
    max_share: float = 1.0
    group: bool = False


class _Probe:
    """Scores the group with the cluster's value of the leaf replaced, everything else fixed."""

    def __init__(self, result: GroupResult, leaf: Indicator, inputs: GroupInputs, i: int) -> None:
        self.result, self.leaf, self.i = result, leaf, i
        self.spec = METHODS[leaf.method]  # type: ignore[index]
        n = len(result.cluster_ids)
        self.j = result.leaf_codes.index(leaf.code)
        lay = layout(result.framework)
        self.coefficient = float(lay.coefficients[self.j])
        self.old = result.shares[:, self.j]
        self.extra = extras(result)
        self.quotas = Quotas.of(result.grading.policy, n)
        self.band = BAND[result.grades[i]]
        self.prev: np.ndarray | None = None
        if self.spec.experts:  # search over the aggregated share
            self.column = self.old.copy()
            self.current = float(self.old[i])
        else:
            raw = inputs.values.get(leaf.code)
            self.column = (
                np.full(n, np.nan)
                if raw is None
                else to_values(raw, n, yes_no_words=self.spec.yes_no_input).astype(float)
            )
            self.current = float(self.column[i])
            if self.spec.uses_prev:
                raw_prev = inputs.values.get(leaf.code + PREV)
                self.prev = (
                    np.full(n, np.nan) if raw_prev is None else to_values(raw_prev, n).astype(float)
                )

    def column_with(self, value: float) -> np.ndarray:
        column = self.column.copy()
        column[self.i] = value
        return column

    def shares(self, value: float) -> np.ndarray:
        column = self.column_with(value)
        if self.spec.experts:
            return np.nan_to_num(np.clip(column, 0.0, 1.0), nan=0.0)
        shares = self.spec.score(column, self.leaf.params, points=self.leaf.points, prev=self.prev)
        return np.nan_to_num(np.clip(shares, 0.0, 1.0), nan=0.0)

    def band_at(self, value: float) -> int:
        base = self.result.base + self.coefficient * (self.shares(value) - self.old)
        cents = to_cents(np.maximum(0.0, base + self.extra))
        rank = 1 + int((cents > cents[self.i]).sum())
        return int(self.quotas.bands(np.array([rank]), cents[self.i : self.i + 1])[0])

    def better(self, value: float) -> bool:
        return self.band_at(value) < self.band

    def inputs_with(self, inputs: GroupInputs, value: float) -> GroupInputs:
        values = dict(inputs.values)
        values[self.leaf.code] = self.column_with(value)
        experts = {k: v for k, v in inputs.expert_scores.items() if k != self.leaf.code}
        return GroupInputs(inputs.cluster_ids, values, experts, inputs.bonus, inputs.deduction)


def _others(probe: _Probe, values: np.ndarray) -> np.ndarray:
    mask = np.ones(values.size, dtype=bool)
    mask[probe.i] = False
    return values[mask]


def _growth_plan(probe: _Probe, params: dict[str, Any]) -> _Plan | str:
    assert probe.prev is not None
    p = float(probe.prev[probe.i])
    if math.isnan(p):
        return "prev_missing"
    rate = params.get("mode", "rate") == "rate"
    score = params.get("score", "linear")
    lower = params.get("direction", "higher") == "lower"
    if score == "relative_to_best" and lower:
        return "unsupported_method"  # best / growth is not monotone around a zero growth

    def value_at(change: float) -> float:
        return p + change * abs(p) if rate else p + change

    current = probe.current
    if score == "linear":
        floor, target = float(params["floor"]), float(params["target"])
        d = 1 if target > floor else -1
        if rate and p == 0:  # any rise from a zero base is +inf, any fall −inf
            return _Plan(d, candidates=[(0.0, True)])
        start = current if not math.isnan(current) else value_at(floor)
        return _Plan(d, start=start, full=value_at(target))
    # relative_to_best on growth, higher is better: compare with the others' growth.
    if rate and p == 0:
        return _Plan(1, candidates=[(0.0, True)], group=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        changes = (
            (probe.column - probe.prev) / np.abs(probe.prev) if rate else probe.column - probe.prev
        )
    others = _others(probe, changes)
    others = others[(others > 0) & ~np.isnan(others)]
    if others.size == 0:  # any growth makes it the best
        return _Plan(1, candidates=[(p, True)], group=True)
    best = float(others.max())
    start = current if not math.isnan(current) else p
    if math.isinf(best):  # another cluster grew from zero: no finite growth can match it
        return _Plan(1, start=start, full=start, group=True)
    mine = (current - p) / abs(p) if rate else current - p
    reach = max(best, mine if not math.isnan(mine) else best)
    return _Plan(
        1, start=start, full=value_at(best), extreme=value_at(reach * BEYOND_BEST), group=True
    )


def _plan(probe: _Probe) -> _Plan | str:
    leaf, spec = probe.leaf, probe.spec
    params = leaf.params
    current = probe.current
    missing = math.isnan(current)
    if spec.experts:
        return _Plan(1, start=0.0 if missing else current, full=1.0)
    method = leaf.method
    lower = params.get("direction", "higher") == "lower"
    d = -1 if lower else 1
    if method == "linear":
        floor, target = float(params["floor"]), float(params["target"])
        return _Plan(1 if target > floor else -1, start=floor if missing else current, full=target)
    if method == "count":
        full = float(leaf.points) / float(params["per_item"])
        return _Plan(1, start=0.0 if missing else current, full=full)
    if method == "yes_no":
        return _Plan(1, candidates=[(1.0, False)])
    if method == "tiers":
        key = "max" if lower else "min"
        own = float(probe.old[probe.i])
        steps = sorted(
            (float(t[key]), float(t["share"])) for t in params["tiers"] if t["share"] > own
        )
        if lower:
            steps.reverse()  # from the loosest bound to the tightest
        return _Plan(
            d,
            candidates=[(bound, False) for bound, _ in steps],
            max_share=max(float(t["share"]) for t in params["tiers"]),
        )
    if method == "relative_to_best":
        others = _others(probe, probe.column)
        others = others[others > 0]
        if others.size == 0:  # any positive value is the best (either direction)
            return _Plan(1, candidates=[(0.0, True)], group=True)
        best = float(others.min() if lower else others.max())
        reach = best if missing or current <= 0 else (min if lower else max)(best, current)
        if lower:
            start = best * BEYOND_BEST**2 if missing or current <= 0 else current
            return _Plan(-1, start=start, full=best, extreme=reach / BEYOND_BEST, group=True)
        start = 0.0 if missing or current <= 0 else current
        return _Plan(1, start=start, full=best, extreme=reach * BEYOND_BEST, group=True)
    if method == "rank":
        others = _others(probe, probe.column)
        others = np.unique(others[~np.isnan(others)])
        if not missing:
            others = others[others >= current] if d > 0 else others[others <= current]
        ordered = sorted(others.tolist(), reverse=d < 0)
        candidates: list[tuple[float, bool]] = [] if ordered or not missing else [(0.0, False)]
        for u in ordered:
            if missing or u != current:
                candidates.append((u, False))  # tie with it
            candidates.append((u, True))  # pass it
        return _Plan(d, candidates=candidates, group=True)
    if method == "growth":
        return _growth_plan(probe, params)
    return "unsupported_method"


def _bisect(probe: _Probe, lo: float, hi: float) -> float:
    """The smallest value (in the improving direction) at which the grade is better, to within
    a relative tolerance: `better(lo)` is false, `better(hi)` true."""
    for _ in range(MAX_STEPS):
        if abs(hi - lo) <= REL_TOLERANCE * max(1.0, abs(lo), abs(hi)):
            break
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if probe.better(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "missing"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.6f}".rstrip("0").rstrip(".") if abs(x) < 1e15 else f"{x:g}"


def _beyond(value: float, direction: int) -> float:
    return math.nextafter(value, math.inf if direction > 0 else -math.inf)


def what_if(
    framework: Framework,
    inputs: GroupInputs,
    cluster_id: Hashable,
    indicator_code: str,
    *,
    grade_policy: GradePolicy | None = None,
) -> WhatIf:
    """The smallest change of one leaf's value for one cluster (all other values and clusters
    fixed) that would give the cluster a better grade than it has, or why none can.

    Raises KeyError for an unknown cluster or indicator and ValueError for an inner node.
    """
    policy = grade_policy or framework.grade_policy
    result = score_group(framework, inputs, grade_policy=policy)
    i = index_of(result, cluster_id)
    leaf = framework.indicator(indicator_code)
    if not leaf.is_leaf:
        raise ValueError(f"{indicator_code} is not a leaf indicator: only leaves have values")
    probe = _Probe(result, leaf, inputs, i)
    grade = result.grades[i]
    base_args = {
        "indicator": leaf.code,
        "method": leaf.method,
        "grade": str(grade),
        "current": _fmt(probe.current),
        "size": len(result.cluster_ids),
    }

    def answer(plan: _Plan | None, **kwargs: Any) -> WhatIf:
        args = {**base_args, **kwargs.pop("args", {})}
        direction = plan.direction if plan is not None else 1
        return WhatIf(
            cluster_id=cluster_id,
            indicator=leaf.code,
            method=str(leaf.method),
            direction="higher" if direction > 0 else "lower",
            input="share" if probe.spec.experts else "value",
            current_value=None if math.isnan(probe.current) else probe.current,
            current_share=float(probe.old[i]),
            current_total=result.totals[i],
            current_rank=result.ranks[i],
            current_grade=grade,
            size=len(result.cluster_ids),
            args=args,
            **kwargs,
        )

    if grade is Grade.EXCELLENT:
        return answer(None, possible=False, reason="already_excellent")
    target = GRADE_ORDER[probe.band - 1]
    plan = _plan(probe)
    if isinstance(plan, str):
        return answer(None, possible=False, reason=plan, target_grade=target)

    found: tuple[float, bool] | None = None  # (value, strict)
    best: float | None = None  # the best value tried, for "not enough"
    if plan.candidates is not None:
        for value, strict in plan.candidates:
            best = _beyond(value, plan.direction) if strict else value
            if probe.better(best):
                found = (value, strict)
                break
    else:
        start, full = plan.start, plan.full
        improves = (full - start) * plan.direction > 0
        best = full if improves else start
        if improves and probe.better(full):
            found = (start if probe.better(start) else _bisect(probe, start, full), False)
        elif plan.extreme is not None and probe.better(plan.extreme):
            lo = full if improves else start
            found = (_bisect(probe, lo, plan.extreme), False)
        elif plan.extreme is not None:
            best = plan.extreme

    if found is None:
        if best is None or float(probe.old[i]) >= plan.max_share - 1e-12:
            # No step improves the cluster's share, or it already has the leaf's full points
            # (for group methods: and outdoing the others further does not help either).
            return answer(plan, possible=False, reason="at_full_points", target_grade=target)
        at_best = score_group(framework, probe.inputs_with(inputs, best), grade_policy=policy)
        return answer(
            plan,
            possible=False,
            reason="not_enough",
            target_grade=target,
            new_share=float(at_best.shares[i, probe.j]),
            new_total=at_best.totals[i],
            new_rank=at_best.ranks[i],
            new_grade=at_best.grades[i],
            args={
                "best": _fmt(best),
                "total": str(at_best.totals[i]),
                "rank": at_best.ranks[i],
            },
        )

    value, strict = found
    probe_value = _beyond(value, plan.direction) if strict else value
    checked = score_group(framework, probe.inputs_with(inputs, probe_value), grade_policy=policy)
    nudge = REL_TOLERANCE * max(1.0, abs(value))
    for _ in range(30):  # binary noise at the threshold: step on until the engine agrees
        if BAND[checked.grades[i]] < probe.band:
            break
        probe_value += plan.direction * nudge
        nudge *= 2
        value = probe_value
        checked = score_group(
            framework, probe.inputs_with(inputs, probe_value), grade_policy=policy
        )
    change = None if math.isnan(probe.current) else value - probe.current
    return answer(
        plan,
        possible=True,
        target_grade=target,
        needed_value=value,
        strict=strict,
        change=change,
        new_share=float(checked.shares[i, probe.j]),
        new_total=checked.totals[i],
        new_rank=checked.ranks[i],
        new_grade=checked.grades[i],
        args={
            "needed": _fmt(value),
            "change": None if change is None else f"{change:+.6g}",
            "new_grade": str(checked.grades[i]),
            "total": str(checked.totals[i]),
            "rank": checked.ranks[i],
        },
    )


__all__ = ["WHAT_IF_MESSAGES", "WhatIf", "what_if"]
