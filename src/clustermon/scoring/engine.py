"""The scoring engine: one group's raw inputs → shares → points → subtotals → parts → base →
bonus/deduction → totals → ranks and grades, vectorised over the group's clusters.

Arithmetic runs in float64 arrays (fast for 10,000 clusters). Before a total is rounded half up
to cents it is snapped to a millionth of a cent, which removes binary representation noise:
a total that is 59.995 on paper becomes 60.00 as `round_score("59.995")` would give (D1).
Ranks and grades then work on exact integer cents.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any

import numpy as np

from clustermon.scoring.framework import Catalogue, Framework, Indicator
from clustermon.scoring.grading import Grading, cents_to_decimals, grade_cents
from clustermon.scoring.methods import METHODS, to_values
from clustermon.scoring.policy import AggregationPolicy, GradePolicy
from clustermon.scoring.types import Grade

PREV = "@prev"


@dataclass
class GroupInputs:
    """One group's inputs, one entry per cluster in `cluster_ids` order.

    - `values[code]`: a leaf's values (numbers, None/"" for missing, 是/否 for yes_no); for
      growth leaves also `values["CODE@prev"]`; for expert leaves optionally an
      already-aggregated share in [0, 1] instead of `expert_scores`.
    - `expert_scores[code]`: per cluster the list of the experts' raw scores (letters for
      expert_grade, numbers for expert_points), or a 2-D array clusters × experts with
      NaN / "" where an expert gave none.
    - `bonus[item]`, `deduction[item]`: the accepted points per cluster (0 if not accepted).
    Arrays (NumPy) are used as they are; other sequences are converted.
    """

    cluster_ids: Sequence[Hashable]
    values: Mapping[str, Any] = field(default_factory=dict)
    expert_scores: Mapping[str, Any] = field(default_factory=dict)
    bonus: Mapping[str, Any] = field(default_factory=dict)
    deduction: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class _Experts:
    """What an expert leaf was computed from, kept for explanations."""

    raw: Any  # the input as given (ragged lists or a 2-D array)
    shares: np.ndarray  # clusters × experts, NaN where no score
    count: np.ndarray  # experts who scored, per cluster
    trimmed: np.ndarray  # bool: highest and lowest dropped


@dataclass
class GroupResult:
    """Everything computed for one group; arrays are in `cluster_ids` order.

    `shares` and `leaf_points` are clusters × leaves matrices (columns in `leaf_codes` order);
    `node_points[code]` covers every node, leaves included; `part_scores[code]` is out of 100.
    `missing[code]` flags, for required leaves with a gap, the clusters whose input is missing.
    `bonus_items[item]` / `deduction_items[item]` are the points counted per item (accepted
    points clipped to the item's max_points); `bonus` / `deduction` the capped sums.
    """

    framework: Framework
    cluster_ids: tuple[Hashable, ...]
    leaf_codes: tuple[str, ...]
    shares: np.ndarray
    leaf_points: np.ndarray
    node_points: dict[str, np.ndarray]
    part_scores: dict[str, np.ndarray]
    base: np.ndarray
    bonus_items: dict[str, np.ndarray]
    deduction_items: dict[str, np.ndarray]
    bonus: np.ndarray
    deduction: np.ndarray
    total_unrounded: np.ndarray
    totals: list[Decimal]
    grading: Grading
    missing: dict[str, np.ndarray]
    _values: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    _experts: dict[str, _Experts] = field(repr=False, default_factory=dict)
    _claims: dict[str, dict[str, np.ndarray]] = field(repr=False, default_factory=dict)
    _index: dict[Hashable, int] = field(repr=False, default_factory=dict)

    @property
    def ranks(self) -> list[int]:
        return self.grading.ranks

    @property
    def grades(self) -> list[Grade]:
        return self.grading.grades

    def index(self, cluster_id: Hashable) -> int:
        """Position of a cluster; KeyError if it is not in this group."""
        if not self._index:
            self._index.update((cid, i) for i, cid in enumerate(self.cluster_ids))
        return self._index[cluster_id]

    def missing_codes(self, cluster_id: Hashable) -> list[str]:
        """Codes of the required leaves whose input is missing for this cluster (D9)."""
        i = self.index(cluster_id)
        return [code for code, flags in self.missing.items() if flags[i]]

    def explain(self, cluster_id: Hashable) -> dict[str, Any]:
        """How each figure of one cluster was obtained, as a JSON-friendly dict."""
        from clustermon.scoring.explain import explain

        return explain(self, self.index(cluster_id))


def _column(raw: Any, n: int, what: str, *, yes_no_words: bool = False) -> np.ndarray:
    try:
        return to_values(raw, n, yes_no_words=yes_no_words)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _expert_matrix(raw: Any, n: int, code: str, letters: bool) -> np.ndarray:
    """Experts' raw scores as a clusters × experts array (ragged lists are padded).

    Numbers come back as floats with NaN where an expert gave none; letters (expert_grade) as an
    object array with "" there.
    """
    if isinstance(raw, np.ndarray):
        if raw.ndim != 2 or raw.shape[0] != n:
            raise ValueError(
                f"expert_scores[{code}]: expected a {n} × experts array, got {raw.shape}"
            )
        return (
            raw
            if letters or raw.dtype.kind in "fiu"
            else _numbers(raw.ravel(), code).reshape(raw.shape)
        )
    if len(raw) != n:
        raise ValueError(
            f"expert_scores[{code}]: expected {n} lists, one per cluster, got {len(raw)}"
        )
    lengths = np.fromiter((len(s) if s is not None else 0 for s in raw), dtype=np.int64, count=n)
    width = int(lengths.max()) if n else 0
    flat = list(chain.from_iterable(s for s in raw if s is not None))
    if letters:
        matrix = np.full((n, width), "", dtype=object)
        column = np.array(["" if x is None else x for x in flat], dtype=object)
    else:
        matrix = np.full((n, width), np.nan)
        column = _numbers(flat, code)
    # Scatter the flat scores into their rows: row i gets lengths[i] scores from column 0.
    rows = np.repeat(np.arange(n), lengths)
    cols = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    matrix[rows, cols] = column
    return matrix


def _numbers(flat: Any, code: str) -> np.ndarray:
    return _column(list(flat), len(flat), f"expert_scores[{code}]")


def aggregate(
    shares: np.ndarray, policy: AggregationPolicy
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Combine experts' shares (clusters × experts, NaN = no score) per the policy (D10).

    Returns (share, count, trimmed): the mean share (0 where nobody scored), how many experts
    scored and whether the highest and lowest were dropped (trimmed_mean with count >= trim_from).
    """
    present = ~np.isnan(shares)
    count = present.sum(axis=1)
    total = np.where(present, shares, 0.0).sum(axis=1)
    trimmed = np.zeros(count.shape, dtype=bool)
    if policy.method == "trimmed_mean" and shares.shape[1] >= policy.trim_from:
        trimmed = count >= policy.trim_from
        # Shares lie in [0, 1], so -1 and 2 stand for "no score" without disturbing max/min.
        high = np.where(present, shares, -1.0).max(axis=1)
        low = np.where(present, shares, 2.0).min(axis=1)
        total = np.where(trimmed, total - high - low, total)
    used = count - 2 * trimmed
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(used > 0, total / np.maximum(used, 1), 0.0)
    return np.clip(mean, 0.0, 1.0), count, trimmed


def _leaf_shares(
    leaf: Indicator,
    inputs: GroupInputs,
    n: int,
    aggregation: AggregationPolicy,
    values: dict[str, np.ndarray],
    experts: dict[str, _Experts],
) -> tuple[np.ndarray, np.ndarray]:
    """(shares, missing flags) of one leaf for the whole group."""
    spec = METHODS[leaf.method]  # type: ignore[index]
    code = leaf.code
    if spec.experts and code in inputs.expert_scores:
        raw = inputs.expert_scores[code]
        matrix = _expert_matrix(raw, n, code, spec.letter_input)
        try:
            per_expert = spec.score(matrix, leaf.params, points=leaf.points)
        except ValueError as exc:
            raise ValueError(f"expert_scores[{code}]: {exc}") from None
        share, count, trimmed = aggregate(np.asarray(per_expert, dtype=float), aggregation)
        experts[code] = _Experts(raw, per_expert, count, trimmed)
        return share, count == 0
    if spec.experts:  # an already aggregated share, or nothing
        value = (
            _column(inputs.values[code], n, f"values[{code}]")
            if code in inputs.values
            else np.full(n, np.nan)
        )
        values[code] = value
        return np.nan_to_num(np.clip(value, 0.0, 1.0), nan=0.0), np.isnan(value)
    value = (
        _column(inputs.values[code], n, f"values[{code}]", yes_no_words=spec.yes_no_input)
        if code in inputs.values
        else np.full(n, np.nan)
    )
    values[code] = value
    missing = np.isnan(value)
    prev = None
    if spec.uses_prev:
        key = code + PREV
        prev = (
            _column(inputs.values[key], n, f"values[{key}]")
            if key in inputs.values
            else np.full(n, np.nan)
        )
        values[key] = prev
        missing = missing | np.isnan(prev)
    shares = spec.score(value, leaf.params, points=leaf.points, prev=prev)
    return np.nan_to_num(np.clip(shares, 0.0, 1.0), nan=0.0), missing


def _claims(
    catalogue: Catalogue, claimed: Mapping[str, Any], n: int, what: str
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Accepted points per item clipped to [0, max_points]; their sum capped at the cap (D8)."""
    known = {item.code: item for item in catalogue.items}
    unknown = sorted(set(claimed) - set(known))
    if unknown:
        raise ValueError(
            f"{what}: unknown item(s) {', '.join(unknown)}; "
            f"the catalogue has {', '.join(known) or 'none'}"
        )
    accepted: dict[str, np.ndarray] = {}
    counted: dict[str, np.ndarray] = {}
    for code, raw in claimed.items():
        accepted[code] = np.nan_to_num(_column(raw, n, f"{what}[{code}]"), nan=0.0)
        counted[code] = np.clip(accepted[code], 0.0, float(known[code].max_points))
    total = sum(counted.values(), np.zeros(n))
    return accepted, counted, np.minimum(total, float(catalogue.cap))


def to_cents(x: np.ndarray) -> np.ndarray:
    """Scores → integer cents, half up, after snapping away binary noise (see module doc)."""
    return np.floor(np.round(np.asarray(x, dtype=float) * 100, 6) + 0.5).astype(np.int64)


def score_group(
    framework: Framework, inputs: GroupInputs, *, grade_policy: GradePolicy | None = None
) -> GroupResult:
    """Score, rank and grade one group of clusters with one framework.

    leaf shares → leaf points (share × points) → every inner node's subtotal → part scores (each
    out of 100) → base = Σ weight × part / 100 → bonus and deduction (each item clipped to its
    max_points, the sum capped at the catalogue cap) → total = max(0, base + bonus − deduction)
    rounded half up to cents → competition ranks and grades (H-Art.7, H-Art.10, D1–D5, D8–D10).
    `grade_policy` defaults to the framework's. Raises ValueError for inputs of the wrong length,
    unknown codes or unreadable values.
    """
    ids = tuple(inputs.cluster_ids)
    n = len(ids)
    if len(set(ids)) != n:
        raise ValueError("cluster_ids must be unique within a group")
    leaves = framework.leaves()
    leaf_codes = tuple(leaf.code for leaf in leaves)
    known = set(leaf_codes) | {code + PREV for code in leaf_codes}
    for what, codes in (("values", inputs.values), ("expert_scores", inputs.expert_scores)):
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(f"{what}: unknown indicator code(s) {', '.join(unknown)}")

    shares = np.zeros((n, len(leaves)))
    values: dict[str, np.ndarray] = {}
    experts: dict[str, _Experts] = {}
    missing: dict[str, np.ndarray] = {}
    for j, leaf in enumerate(leaves):
        shares[:, j], gap = _leaf_shares(leaf, inputs, n, framework.aggregation, values, experts)
        if leaf.required and gap.any():
            missing[leaf.code] = gap
    leaf_points = shares * np.array([float(leaf.points) for leaf in leaves])

    node_points: dict[str, np.ndarray] = {
        code: leaf_points[:, j] for j, code in enumerate(leaf_codes)
    }

    def subtotal(node: Indicator) -> np.ndarray:
        if node.is_leaf:
            return node_points[node.code]
        node_points[node.code] = sum((subtotal(child) for child in node.children), np.zeros(n))
        return node_points[node.code]

    part_scores = {
        part.code: sum((subtotal(node) for node in part.indicators), np.zeros(n))
        for part in framework.parts
    }
    base = sum(
        (float(part.weight) * part_scores[part.code] / 100 for part in framework.parts), np.zeros(n)
    )
    bonus_claims, bonus_items, bonus = _claims(framework.bonus, inputs.bonus, n, "bonus")
    deduction_claims, deduction_items, deduction = _claims(
        framework.deduction, inputs.deduction, n, "deduction"
    )
    total = np.maximum(0.0, base + bonus - deduction)
    cents = to_cents(total)
    grading = grade_cents(cents, grade_policy or framework.grade_policy, cents_to_decimals(cents))
    return GroupResult(
        framework=framework,
        cluster_ids=ids,
        leaf_codes=leaf_codes,
        shares=shares,
        leaf_points=leaf_points,
        node_points=node_points,
        part_scores=part_scores,
        base=base,
        bonus_items=bonus_items,
        deduction_items=deduction_items,
        bonus=bonus,
        deduction=deduction,
        total_unrounded=total,
        totals=grading.totals,
        grading=grading,
        missing=missing,
        _values=values,
        _experts=experts,
        _claims={"bonus": bonus_claims, "deduction": deduction_claims},
    )


def grade_part(result: GroupResult, part: str, policy: GradePolicy | None = None) -> Grading:
    """Rank and grade one part's score on its own (out of 100), e.g. the promotion-organisation
    activity part when labels are based on it (RatingPolicy.label_basis == "activity", D7)."""
    if part not in result.part_scores:
        raise KeyError(f"no part {part!r}; parts: {', '.join(result.part_scores)}")
    cents = to_cents(result.part_scores[part])
    return grade_cents(cents, policy or result.framework.grade_policy, cents_to_decimals(cents))
