"""Monte Carlo over the weights and the expert aggregation: how stable is each cluster's grade?

Each draw perturbs every leaf's points by a factor U(1 − r, 1 + r) and renormalises them so each
part still totals 100 (optionally the part weights too, renormalised to 100), and scores the
group with either the mean or the trimmed mean of the experts (D10). The raw inputs and the
shares the engine computed from them are fixed; only how they are weighted changes. Totals of
all draws are one matrix product, then cents, competition ranks and grades per draw, vectorised.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from clustermon.scoring.engine import GroupInputs, score_group
from clustermon.scoring.framework import Framework
from clustermon.scoring.policy import AggregationPolicy, GradePolicy
from clustermon.scoring.robustness._common import (
    BAND,
    GRADE_ORDER,
    Quotas,
    extras,
    layout,
    ranks_by_row,
    totals_to_cents,
)
from clustermon.scoring.types import Grade

DEFAULT_THRESHOLD = 0.9
PERCENTILES = (5, 95)


@dataclass(frozen=True)
class ClusterRobustness:
    """One cluster's line of a Monte Carlo analysis.

    `rank_low`/`rank_high` bound the 5–95% rank interval (ranks actually drawn), `median_rank`
    is the median of the drawn ranks (it may end in .5); `probabilities` gives every grade's
    share of the draws; `unstable` is true when the official grade's share is below the
    threshold.
    """

    cluster_id: Hashable
    official_total: Decimal
    official_rank: int
    official_grade: Grade
    median_rank: float
    rank_low: int
    rank_high: int
    probabilities: dict[Grade, float]
    official_probability: float
    unstable: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "official_total": str(self.official_total),
            "official_rank": self.official_rank,
            "official_grade": str(self.official_grade),
            "median_rank": self.median_rank,
            "rank_low": self.rank_low,
            "rank_high": self.rank_high,
            "probabilities": {str(g): p for g, p in self.probabilities.items()},
            "official_probability": self.official_probability,
            "unstable": self.unstable,
        }


@dataclass
class RobustnessResult:
    """A Monte Carlo analysis of one group; arrays are in `cluster_ids` order.

    `probabilities` is clusters × 4 (columns excellent, good, qualified, unqualified).
    `settings` records what was varied and how, for stating next to the figures.
    `draw_ranks` / `draw_bands` (draws × clusters; band 0 = excellent … 3 = unqualified) and
    `draw_trimmed` (per draw: trimmed mean used) keep the raw draws for further analysis.
    """

    cluster_ids: tuple[Hashable, ...]
    draws: int
    settings: dict[str, Any]
    official_totals: list[Decimal]
    official_ranks: np.ndarray
    official_grades: list[Grade]
    median_rank: np.ndarray
    rank_low: np.ndarray
    rank_high: np.ndarray
    probabilities: np.ndarray
    official_probability: np.ndarray
    unstable: np.ndarray
    draw_ranks: np.ndarray = field(repr=False)
    draw_bands: np.ndarray = field(repr=False)
    draw_trimmed: np.ndarray = field(repr=False)

    def index(self, cluster_id: Hashable) -> int:
        try:
            return self.cluster_ids.index(cluster_id)
        except ValueError:
            raise KeyError(f"cluster {cluster_id!r} is not in this group") from None

    def cluster(self, cluster_id: Hashable) -> ClusterRobustness:
        """The line of one cluster; KeyError if it is not in the group."""
        return self._line(self.index(cluster_id))

    def clusters(self) -> list[ClusterRobustness]:
        """Every cluster's line, in input order."""
        return [self._line(i) for i in range(len(self.cluster_ids))]

    def unstable_ids(self) -> list[Hashable]:
        """The clusters whose official grade came out in fewer than `threshold` of the draws."""
        return [
            cid for cid, flag in zip(self.cluster_ids, self.unstable.tolist(), strict=True) if flag
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly: the settings and every cluster's line."""
        return {
            "settings": self.settings,
            "clusters": [line.to_dict() for line in self.clusters()],
        }

    def _line(self, i: int) -> ClusterRobustness:
        return ClusterRobustness(
            cluster_id=self.cluster_ids[i],
            official_total=self.official_totals[i],
            official_rank=int(self.official_ranks[i]),
            official_grade=self.official_grades[i],
            median_rank=float(self.median_rank[i]),
            rank_low=int(self.rank_low[i]),
            rank_high=int(self.rank_high[i]),
            probabilities={
                g: float(p)
                for g, p in zip(GRADE_ORDER, self.probabilities[i].tolist(), strict=True)
            },
            official_probability=float(self.official_probability[i]),
            unstable=bool(self.unstable[i]),
        )


def _factors(rng: np.random.Generator, draws: int, width: int, r: float) -> np.ndarray:
    if r == 0:
        return np.ones((draws, width))
    return rng.uniform(1.0 - r, 1.0 + r, size=(draws, width))


def _check(draws: int, weight_range: float, part_weight_range: float, threshold: float) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ValueError(f"draws must be a whole number of at least 1, got {draws!r}")
    for name, r in (("weight_range", weight_range), ("part_weight_range", part_weight_range)):
        if not 0 <= r < 1:
            raise ValueError(f"{name} must be at least 0 and below 1, got {r!r}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be above 0 and at most 1, got {threshold!r}")


def monte_carlo(
    framework: Framework,
    inputs: GroupInputs,
    *,
    draws: int = 1000,
    weight_range: float = 0.2,
    part_weight_range: float = 0.0,
    vary_aggregation: bool = True,
    seed: int | None = 0,
    threshold: float = DEFAULT_THRESHOLD,
    grade_policy: GradePolicy | None = None,
) -> RobustnessResult:
    """Rank and grade one group `draws` times under perturbed weights and expert aggregations.

    - Leaf points: each × U(1 − weight_range, 1 + weight_range), renormalised so that each part's
      leaves still total what they total in the framework (100).
    - Part weights: each × U(1 − part_weight_range, 1 + part_weight_range), renormalised to their
      total (100). Default 0: H-Art.7 fixes the 70/30 split.
    - Experts (D10): with `vary_aggregation` half of the draws use the mean and half the trimmed
      mean (trim_from as in the framework); otherwise every draw uses the framework's aggregation.
    - Shares, bonus and deduction stay as the engine computed them; total = max(0, base + bonus −
      deduction), rounded to cents as the engine does, competition ranks and grades per draw with
      the grade policy (default the framework's) and the core's quota rules.

    With weight_range = part_weight_range = 0 and no aggregation variation every draw reproduces
    the official result. The official figures are the engine's (`score_group`); the draws are an
    analysis, never a grade. `unstable` marks clusters whose official grade came out in fewer
    than `threshold` of the draws. Seeded: equal arguments give equal results.
    """
    _check(draws, weight_range, part_weight_range, threshold)
    policy = grade_policy or framework.grade_policy
    official = score_group(framework, inputs, grade_policy=policy)
    n = len(official.cluster_ids)
    if n == 0:
        raise ValueError("the group has no clusters")
    leaves = layout(framework)

    # Shares under each aggregation; only expert leaves differ between them.
    own = framework.aggregation
    trim_from = own.trim_from
    variants: dict[str, np.ndarray] = {own.method: official.shares}
    if vary_aggregation:
        for method in ("mean", "trimmed_mean"):
            if method not in variants:
                other = dataclasses.replace(
                    framework, aggregation=AggregationPolicy(method, trim_from)
                )
                variants[method] = score_group(other, inputs, grade_policy=policy).shares
        trimmed = np.arange(draws) % 2 == 1  # half and half, alternating
    else:
        trimmed = np.full(draws, own.method == "trimmed_mean")
    differs = bool(
        vary_aggregation and not np.array_equal(variants["mean"], variants["trimmed_mean"])
    )

    rng = np.random.default_rng(seed)
    points = leaves.points[None, :] * _factors(rng, draws, leaves.points.size, weight_range)
    # Renormalise within each part: Σ_part points = the part's total in the framework.
    membership = np.eye(len(leaves.part_codes))[leaves.part_of]  # leaves × parts, one-hot
    sums = points @ membership  # draws × parts
    points *= (leaves.part_totals()[None, :] / sums)[:, leaves.part_of]
    weights = leaves.part_weights[None, :] * _factors(
        rng, draws, leaves.part_weights.size, part_weight_range
    )
    weights *= leaves.part_weights.sum() / weights.sum(axis=1, keepdims=True)
    coefficients = points * weights[:, leaves.part_of] / 100.0  # draws × leaves

    base = np.empty((draws, n))
    for use_trim, method in ((False, "mean"), (True, "trimmed_mean")):
        rows = trimmed == use_trim
        if rows.any():
            shares = variants.get(method, official.shares)
            base[rows] = coefficients[rows] @ shares.T
    cents = totals_to_cents(base, extras(official)[None, :])
    ranks = ranks_by_row(cents)
    quotas = Quotas.of(policy, n)
    bands = quotas.bands(ranks, cents)

    counts = np.bincount(
        (bands.astype(np.int64) + 4 * np.arange(n)[None, :]).ravel(), minlength=4 * n
    ).reshape(n, 4)
    probabilities = counts / draws
    official_bands = np.array([BAND[g] for g in official.grades], dtype=np.int64)
    official_probability = probabilities[np.arange(n), official_bands]
    low, high = np.percentile(ranks, PERCENTILES, axis=0, method="inverted_cdf")
    median = np.median(ranks, axis=0)

    settings = {
        "draws": draws,
        "seed": seed,
        "weight_range": weight_range,
        "part_weight_range": part_weight_range,
        "vary_aggregation": vary_aggregation,
        "aggregations": ["mean", "trimmed_mean"] if vary_aggregation else [own.method],
        "official_aggregation": own.method,
        "trim_from": trim_from,
        "aggregation_changes_shares": differs,
        "threshold": threshold,
        "percentiles": list(PERCENTILES),
        "grade_policy": policy.to_dict(),
        "framework": {
            "scheme": framework.scheme,
            "group": framework.group,
            "version": framework.version,
        },
        "rounding": "engine float totals to cents (snap, half up); official grades: score_group",
    }
    return RobustnessResult(
        cluster_ids=official.cluster_ids,
        draws=draws,
        settings=settings,
        official_totals=list(official.totals),
        official_ranks=np.asarray(official.ranks, dtype=np.int64),
        official_grades=list(official.grades),
        median_rank=median,
        rank_low=low.astype(np.int64),
        rank_high=high.astype(np.int64),
        probabilities=probabilities,
        official_probability=official_probability,
        unstable=official_probability < threshold,
        draw_ranks=ranks,
        draw_bands=bands,
        draw_trimmed=trimmed,
    )


__all__ = ["ClusterRobustness", "RobustnessResult", "monte_carlo"]
