"""Pieces shared by the robustness analyses: leaf coefficients, totals → cents → ranks → grade
bands for many scenarios at once (one row per scenario), and grade bookkeeping.

A scenario is a row of leaf coefficients: a leaf's share × its coefficient is the points it adds
to the base, so the base of every cluster in every scenario is one matrix product
`coefficients @ shares.T` (scenarios × clusters). Totals are then rounded to integer cents with
the engine's own rule (`to_cents`: snap to a millionth of a cent, then half up), ranked by
competition ranking per row and graded with the core's quota rules (`quota`), so a scenario that
changes nothing reproduces the engine's ranks and grades exactly.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from clustermon.scoring.engine import GroupResult, to_cents
from clustermon.scoring.framework import Framework
from clustermon.scoring.grading import pass_threshold_cents, quota
from clustermon.scoring.policy import GradePolicy
from clustermon.scoring.types import Grade

# Band index → grade; band 0 is the best. Probability arrays use this column order.
GRADE_ORDER: tuple[Grade, ...] = (
    Grade.EXCELLENT,
    Grade.GOOD,
    Grade.QUALIFIED,
    Grade.UNQUALIFIED,
)
BAND: dict[Grade, int] = {grade: k for k, grade in enumerate(GRADE_ORDER)}


@dataclass(frozen=True)
class LeafLayout:
    """Where each leaf (in `Framework.leaves()` order) sits: its points, part and coefficient.

    `coefficients[j] = points[j] × weight(part) / 100`: the base points a share of 1 gives.
    """

    codes: tuple[str, ...]
    points: np.ndarray  # leaf points (each part's leaves total 100)
    part_of: np.ndarray  # part index per leaf
    part_codes: tuple[str, ...]
    part_weights: np.ndarray
    first_level: tuple[str, ...]  # the first-level indicator each leaf belongs to

    @property
    def coefficients(self) -> np.ndarray:
        return self.points * self.part_weights[self.part_of] / 100.0

    def part_totals(self) -> np.ndarray:
        """Each part's leaf points summed (100 for a valid framework)."""
        return np.bincount(self.part_of, weights=self.points, minlength=len(self.part_codes))


def layout(framework: Framework) -> LeafLayout:
    codes: list[str] = []
    points: list[float] = []
    part_of: list[int] = []
    first: list[str] = []
    for p, part in enumerate(framework.parts):
        for top in part.indicators:
            for node in top.walk():
                if node.is_leaf:
                    codes.append(node.code)
                    points.append(float(node.points))
                    part_of.append(p)
                    first.append(top.code)
    return LeafLayout(
        codes=tuple(codes),
        points=np.array(points, dtype=float),
        part_of=np.array(part_of, dtype=np.int64),
        part_codes=tuple(part.code for part in framework.parts),
        part_weights=np.array([float(part.weight) for part in framework.parts]),
        first_level=tuple(first),
    )


def extras(result: GroupResult) -> np.ndarray:
    """bonus − deduction per cluster (already clipped and capped by the engine)."""
    return np.asarray(result.bonus, dtype=float) - np.asarray(result.deduction, dtype=float)


def totals_to_cents(base: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """max(0, base + bonus − deduction) → integer cents, rows = scenarios (D1, D8)."""
    return to_cents(np.maximum(0.0, base + extra))


def ranks_by_row(cents: np.ndarray) -> np.ndarray:
    """Competition ranks (1, 2, 2, 4) within each row of a scenarios × clusters array."""
    cents = np.asarray(cents, dtype=np.int64)
    rows, n = cents.shape
    if n == 0:
        return np.zeros((rows, 0), dtype=np.int64)
    order = np.argsort(-cents, axis=1, kind="stable")
    ordered = np.take_along_axis(cents, order, axis=1)
    starts = np.ones((rows, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    # Position of the first member of each run of equal totals = the run's competition rank − 1.
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0), axis=1)
    ranks = np.empty((rows, n), dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks


@dataclass(frozen=True)
class Quotas:
    """The grade rule for a group of `size` clusters under one policy (D2, D4)."""

    size: int
    excellent: int
    good: int
    pass_cents: int

    @classmethod
    def of(cls, policy: GradePolicy, size: int) -> Quotas:
        return cls(
            size=size,
            excellent=quota(policy.excellent_share, size, policy.quota_rounding),
            good=quota(policy.good_share, size, policy.quota_rounding),
            pass_cents=pass_threshold_cents(policy),
        )

    def bands(self, ranks: np.ndarray, cents: np.ndarray) -> np.ndarray:
        """Grade band per entry (0 excellent … 3 unqualified), as `grade_cents` decides it."""
        band = np.where(ranks <= self.excellent, 0, np.where(ranks <= self.good, 1, 2))
        return np.where(cents >= self.pass_cents, band, 3).astype(np.int8)


def index_of(result: GroupResult, cluster_id: Hashable) -> int:
    try:
        return result.index(cluster_id)
    except KeyError:
        raise KeyError(f"cluster {cluster_id!r} is not in this group") from None
