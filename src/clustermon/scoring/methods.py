"""Scoring methods: each turns one leaf's inputs for a whole group into shares in [0, 1].

A method is one function `fn(values, params, *, points, prev) -> shares` over NumPy arrays
(one entry per cluster, NaN = missing), plus a parameter checker used by the framework loader.
Missing values score 0 (D9). Register a new method with `@scoring_method(...)`: that one
function and its row in docs/framework-format.md are all it takes.

Expert methods (`expert_grade`, `expert_points`) score each expert's raw score separately; the
engine then combines the experts' shares per the AggregationPolicy (D10).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from clustermon.scoring.grading import competition_ranks

Params = Mapping[str, Any]
ScoreFn = Callable[..., np.ndarray]


@dataclass(frozen=True)
class ParamProblem:
    """One problem with a leaf's params: a stable `code`, the param concerned and the message.

    `message` is a format string filled from `args`, so a UI can translate it by `code`.
    """

    code: str
    param: str
    message: str
    args: Mapping[str, Any]

    def text(self) -> str:
        return self.message.format(**self.args)


# One English format string per problem code, merged into the framework loader's MESSAGES, so
# a UI translates parameter problems by code like every other issue.
PARAM_MESSAGES: dict[str, str] = {
    "missing_param": "parameter {param!r} is required",
    "unknown_param": "unknown parameter {param!r}; expected {expected}",
    "param_not_used": "parameter {param!r} is only used with score: {score}",
    "param_not_a_number": "{param} must be a number, got {value!r}",
    "param_not_positive": "{param} must be positive, got {value!r}",
    "param_not_a_choice": "{param} must be one of {choices}, got {value!r}",
    "params_not_a_mapping": "params must be a mapping, got {value!r}",
    "floor_equals_target": "floor and target must differ (both are {value})",
    "tiers_not_a_list": "{param} must be a non-empty list of {{{bound}: x, share: s}}",
    "tier_shape": "{param} must be a mapping with exactly {bound} and share",
    "tier_bound_repeated": "{param} repeats the bound {value}",
    "share_out_of_range": "{param} must be a number between 0 and 1, got {value!r}",
    "grades_not_a_mapping": "{param} must map grade letters to shares, e.g. {{A: 1.0, B: 0.8}}",
    "bad_grade_word": "grade {value!r} must be a letter or word",
    "unknown_method": "unknown scoring method {value!r}; known: {known}",
}


def _problem(code: str, param: str, **args: Any) -> ParamProblem:
    return ParamProblem(code, param, PARAM_MESSAGES[code], {"param": param, **args})


@dataclass(frozen=True)
class ScoringMethod:
    """A registered method: its function, its parameter checker and what inputs it reads."""

    name: str
    score: ScoreFn
    check: Callable[[Params, float], list[ParamProblem]]
    experts: bool = False  # inputs are the experts' scores, one share per expert
    uses_prev: bool = False  # reads last year's value "CODE@prev"
    group: bool = False  # a cluster's share depends on the other clusters of its group
    yes_no_input: bool = False  # accepts 是/否, yes/no, true/false as values
    letter_input: bool = False  # expert scores are words (A–D), not numbers


METHODS: dict[str, ScoringMethod] = {}


def scoring_method(
    name: str,
    *,
    check: Callable[[Params, float], list[ParamProblem]],
    experts: bool = False,
    uses_prev: bool = False,
    group: bool = False,
    yes_no_input: bool = False,
    letter_input: bool = False,
) -> Callable[[ScoreFn], ScoreFn]:
    """Register the decorated function as scoring method `name`."""

    def register(fn: ScoreFn) -> ScoreFn:
        METHODS[name] = ScoringMethod(
            name, fn, check, experts, uses_prev, group, yes_no_input, letter_input
        )
        return fn

    return register


# ---------------------------------------------------------------- parameter checking helpers


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _check_keys(
    params: Params, required: Sequence[str], optional: Sequence[str] = ()
) -> list[ParamProblem]:
    problems = [_problem("missing_param", key) for key in required if key not in params]
    allowed = set(required) | set(optional)
    problems += [
        _problem("unknown_param", str(key), expected=", ".join(sorted(allowed)) or "none")
        for key in params
        if key not in allowed
    ]
    return problems


def _check_numbers(params: Params, keys: Sequence[str]) -> list[ParamProblem]:
    return [
        _problem("param_not_a_number", key, value=params[key])
        for key in keys
        if key in params and not _is_number(params[key])
    ]


def _check_choice(params: Params, key: str, choices: Sequence[str]) -> list[ParamProblem]:
    if key in params and params[key] not in choices:
        return [_problem("param_not_a_choice", key, choices=", ".join(choices), value=params[key])]
    return []


def _check_floor_target(params: Params) -> list[ParamProblem]:
    problems = _check_numbers(params, ("floor", "target"))
    if (
        not problems
        and "floor" in params
        and "target" in params
        and params["floor"] == params["target"]
    ):
        problems.append(_problem("floor_equals_target", "target", value=params["floor"]))
    return problems


# ---------------------------------------------------------------------------- value methods


def _check_tiers(params: Params, points: float) -> list[ParamProblem]:
    problems = _check_keys(params, ("tiers",), ("direction",))
    problems += _check_choice(params, "direction", ("higher", "lower"))
    tiers = params.get("tiers")
    if "tiers" not in params:
        return problems
    bound = "max" if params.get("direction", "higher") == "lower" else "min"
    if not isinstance(tiers, list) or not tiers:
        return [*problems, _problem("tiers_not_a_list", "tiers", bound=bound)]
    seen: set[float] = set()
    for i, tier in enumerate(tiers):
        where = f"tiers[{i}]"
        if not isinstance(tier, Mapping) or set(tier) != {bound, "share"}:
            problems.append(_problem("tier_shape", where, bound=bound))
            continue
        if not _is_number(tier[bound]):
            problems.append(_problem("param_not_a_number", f"{where}.{bound}", value=tier[bound]))
        elif tier[bound] in seen:
            problems.append(_problem("tier_bound_repeated", f"{where}.{bound}", value=tier[bound]))
        else:
            seen.add(tier[bound])
        if not _is_number(tier["share"]) or not 0 <= tier["share"] <= 1:
            problems.append(_problem("share_out_of_range", f"{where}.share", value=tier["share"]))
    return problems


@scoring_method("tiers", check=_check_tiers)
def tiers(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """Share of the best tier the value reaches, else 0.

    direction "higher" (default): a tier `{min: x, share: s}` is reached when value >= x;
    direction "lower": a tier `{max: x, share: s}` is reached when value <= x. The best tier is
    the one with the largest share among those reached, so the share never falls as the value
    improves, whatever order the tiers are written in.
    """
    lower = params.get("direction", "higher") == "lower"
    shares = np.zeros(values.shape)
    with np.errstate(invalid="ignore"):  # NaN compares False: missing reaches no tier
        for tier in params["tiers"]:
            reached = values <= tier["max"] if lower else values >= tier["min"]
            shares = np.where(reached, np.maximum(shares, tier["share"]), shares)
    return shares


def _check_linear(params: Params, points: float) -> list[ParamProblem]:
    return _check_keys(params, ("floor", "target")) + _check_floor_target(params)


@scoring_method("linear", check=_check_linear)
def linear(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """(value − floor) / (target − floor), clamped to [0, 1].

    With floor > target lower values are better (e.g. energy use per unit of value added).
    """
    floor, target = float(params["floor"]), float(params["target"])
    with np.errstate(invalid="ignore"):
        shares = np.clip((values - floor) / (target - floor), 0.0, 1.0)
    return np.nan_to_num(shares, nan=0.0)


def _check_direction_only(params: Params, points: float) -> list[ParamProblem]:
    return _check_keys(params, (), ("direction",)) + _check_choice(
        params, "direction", ("higher", "lower")
    )


@scoring_method("relative_to_best", check=_check_direction_only, group=True)
def relative_to_best(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """value / best of the group (direction "higher") or best / value ("lower").

    Only positive values take part: a non-positive or missing value scores 0 and is never the
    best. An infinite value (a growth rate from a zero base) is the best and scores 1; the
    others then score 0.
    """
    lower = params.get("direction", "higher") == "lower"
    with np.errstate(invalid="ignore"):
        positive = values > 0  # False for NaN
    if not positive.any():
        return np.zeros(values.shape)
    candidates = values[positive]
    best = candidates.min() if lower else candidates.max()
    shares = np.zeros(values.shape)
    if math.isinf(best):  # only reachable for "higher"
        shares[values == best] = 1.0
        return shares
    # Tiny positive values overflow the ratio to inf; the clip below makes that a share of 1.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = best / values if lower else values / best
    shares[positive] = ratio[positive]
    return np.clip(shares, 0.0, 1.0)


@scoring_method("rank", check=_check_direction_only, group=True)
def rank(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """(N − r) / (N − 1) with r the competition rank among the N clusters that have a value.

    Rank 1 is the highest value (direction "higher", default) or the lowest ("lower"); the only
    cluster with a value scores 1; missing values score 0 and do not count in N.
    """
    lower = params.get("direction", "higher") == "lower"
    present = ~np.isnan(values)
    n = int(present.sum())
    shares = np.zeros(values.shape)
    if n == 0:
        return shares
    if n == 1:
        shares[present] = 1.0
        return shares
    keyed = -values[present] if lower else values[present]
    r = competition_ranks(keyed)
    shares[present] = (n - r) / (n - 1)
    return shares


def _check_growth(params: Params, points: float) -> list[ParamProblem]:
    problems = _check_keys(params, (), ("mode", "score", "floor", "target", "direction"))
    problems += _check_choice(params, "mode", ("rate", "increment"))
    problems += _check_choice(params, "score", ("linear", "relative_to_best"))
    if params.get("score", "linear") == "linear":
        problems += _check_keys(
            {k: v for k, v in params.items() if k in ("floor", "target")}, ("floor", "target")
        )
        problems += _check_floor_target(params)
        if "direction" in params:
            problems.append(_problem("param_not_used", "direction", score="relative_to_best"))
    else:
        problems += _check_choice(params, "direction", ("higher", "lower"))
        problems += [
            _problem("param_not_used", key, score="linear")
            for key in ("floor", "target")
            if key in params
        ]
    return problems


@scoring_method("growth", check=_check_growth, uses_prev=True)
def growth(
    values: np.ndarray, params: Params, *, prev: np.ndarray | None = None, **_: Any
) -> np.ndarray:
    """Growth from last year's value `CODE@prev`, then scored by `score` (linear by default).

    mode "rate" (default): (v − p) / |p|; from a zero base the rate is +inf for a rise (full
    marks under linear, the best under relative_to_best), 0 for no change and −inf for a fall.
    mode "increment": v − p. A missing value in either year scores 0.
    """
    if prev is None:
        prev = np.full(values.shape, np.nan)
    if params.get("mode", "rate") == "increment":
        change = values - prev
    else:
        # Division by zero, overflow and NaN are all handled below or score 0: no warnings.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            change = (values - prev) / np.abs(prev)
            zero_base = prev == 0
            change[zero_base] = np.sign(values[zero_base] - prev[zero_base]) * np.inf
        change[zero_base & (values == prev)] = 0.0
    if params.get("score", "linear") == "relative_to_best":
        return relative_to_best(change, {"direction": params.get("direction", "higher")})
    with np.errstate(invalid="ignore"):
        return linear(change, params)


def _check_none(params: Params, points: float) -> list[ParamProblem]:
    return _check_keys(params, ())


@scoring_method("yes_no", check=_check_none, yes_no_input=True)
def yes_no(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """1 for yes (any positive value; 是/yes/true are read as 1), 0 for no or missing."""
    with np.errstate(invalid="ignore"):
        return (values > 0).astype(float)


def _check_count(params: Params, points: float) -> list[ParamProblem]:
    problems = _check_keys(params, ("per_item",)) + _check_numbers(params, ("per_item",))
    if not problems and params["per_item"] <= 0:
        problems.append(_problem("param_not_positive", "per_item", value=params["per_item"]))
    return problems


@scoring_method("count", check=_check_count)
def count(values: np.ndarray, params: Params, *, points: float, **_: Any) -> np.ndarray:
    """min(value × per_item, points) / points: `per_item` points per counted item, up to the leaf's points."""
    if points <= 0:
        return np.zeros(values.shape)
    with np.errstate(invalid="ignore"):
        shares = np.clip(values * float(params["per_item"]) / points, 0.0, 1.0)
    return np.nan_to_num(shares, nan=0.0)


# --------------------------------------------------------------------------- expert methods

DEFAULT_EXPERT_GRADES: dict[str, float] = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}


def _check_expert_grade(params: Params, points: float) -> list[ParamProblem]:
    problems = _check_keys(params, (), ("grades",))
    grades = params.get("grades", DEFAULT_EXPERT_GRADES)
    if not isinstance(grades, Mapping) or not grades:
        return [*problems, _problem("grades_not_a_mapping", "grades")]
    for letter, share in grades.items():
        if not isinstance(letter, str) or not letter.strip():
            problems.append(_problem("bad_grade_word", f"grades.{letter}", value=letter))
        if not _is_number(share) or not 0 <= share <= 1:
            problems.append(
                _problem("share_out_of_range", f"grades.{letter}", grade=letter, value=share)
            )
    return problems


def expert_grade_shares(letters: np.ndarray, params: Params) -> np.ndarray:
    """Map expert grade letters (any case, blank = no score → NaN) to shares from `grades`;
    unknown letters raise ValueError."""
    if letters.dtype.kind in "fiu":  # already shares (a numeric array): use as they are
        return np.clip(letters.astype(float), 0.0, 1.0)
    table = {
        str(k).strip().upper(): float(v)
        for k, v in params.get("grades", DEFAULT_EXPERT_GRADES).items()
    }
    # Only a few distinct words occur: look each up once, then index (fast for 10^5 scores).
    words, where = np.unique(letters.astype(str), return_inverse=True)
    mapped = np.full(words.shape, np.nan)
    unknown = []
    for k, word in enumerate(words.tolist()):
        key = word.strip().upper()
        if key in table:
            mapped[k] = table[key]
        elif key not in ("", "NONE", "NAN", "-"):
            unknown.append(key)
    if unknown:
        raise ValueError(
            f"unknown expert grade(s) {sorted(unknown)}; expected one of {', '.join(table)}"
        )
    return mapped[where.reshape(letters.shape)]


# Expert methods score one expert's score at a time and keep NaN for "this expert gave none":
# the engine's aggregation must skip those, not count them as 0.


@scoring_method("expert_grade", check=_check_expert_grade, experts=True, letter_input=True)
def expert_grade(values: np.ndarray, params: Params, **_: Any) -> np.ndarray:
    """Each expert's letter grade (A–D by default) → its share from `grades` (NaN if blank);
    the engine then aggregates the experts' shares (mean or trimmed mean, D10)."""
    return expert_grade_shares(values, params)


@scoring_method("expert_points", check=_check_none, experts=True)
def expert_points(values: np.ndarray, params: Params, *, points: float, **_: Any) -> np.ndarray:
    """Each expert's points (0..leaf points) / leaf points, clamped to [0, 1] (NaN if blank);
    then aggregated by the engine."""
    numbers = values.astype(float)  # the engine hands over numbers (blank = NaN)
    if points <= 0:
        return np.where(np.isnan(numbers), np.nan, 0.0)
    return np.clip(numbers / points, 0.0, 1.0)  # clip keeps NaN


# ------------------------------------------------------------------------------ public helpers


def apply_method(
    name: str, values: Any, params: Params, *, points: float, prev: Any = None
) -> np.ndarray:
    """Shares in [0, 1] for one leaf, NaN → 0. For expert methods `values` holds one expert's
    score per cluster (the engine itself aggregates several experts)."""
    spec = METHODS[name]
    n = len(values)
    raw = (
        np.asarray(values) if spec.experts else to_values(values, n, yes_no_words=spec.yes_no_input)
    )
    before = None if prev is None else to_values(prev, n)
    shares = spec.score(raw, params, points=points, prev=before)
    return np.nan_to_num(np.clip(shares, 0.0, 1.0), nan=0.0)


def check_params(method: str, params: Params, points: float) -> list[ParamProblem]:
    """Problems with `params` for `method` (empty when fine); an unknown method is one problem."""
    spec = METHODS.get(method)
    if spec is None:
        return [
            _problem("unknown_method", "method", value=method, known=", ".join(sorted(METHODS)))
        ]
    if not isinstance(params, Mapping):
        return [_problem("params_not_a_mapping", "params", value=params)]
    return spec.check(params, points)


YES_WORDS = frozenset({"1", "yes", "y", "true", "是", "有"})
NO_WORDS = frozenset({"0", "no", "n", "false", "否", "无"})


def to_values(raw: Any, n: int, *, yes_no_words: bool = False) -> np.ndarray:
    """Raw inputs (a float array, or a sequence of numbers / None / text) → float array, NaN = missing.

    Empty text and None are missing. With `yes_no_words`, 是/否, yes/no, true/false read as 1/0.
    Raises ValueError for text that is not a number (naming the offending entry) or a wrong length.
    """
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "fiub":
        out = raw.astype(float, copy=False)
    else:
        out = np.full(len(raw), np.nan)
        for i, item in enumerate(raw):
            out[i] = _one_value(item, i, yes_no_words)
    if out.shape != (n,):
        raise ValueError(
            f"expected {n} values, one per cluster, got {out.shape[0] if out.ndim else 1}"
        )
    return out


def _one_value(item: Any, i: int, yes_no_words: bool) -> float:
    if item is None:
        return math.nan
    if isinstance(item, bool):
        return float(item)
    if isinstance(item, int | float | np.number):
        return float(item)
    text = str(item).strip()
    if not text:
        return math.nan
    if yes_no_words:
        if text.lower() in YES_WORDS:
            return 1.0
        if text.lower() in NO_WORDS:
            return 0.0
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"entry {i}: {item!r} is not a number") from None
