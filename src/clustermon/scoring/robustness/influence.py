"""Which indicators matter: rank shifts when a leaf is dropped, and Spearman correlations
between the leaves of each first-level indicator (for a province fine-tuning its framework,
H-Art.9: redundant or contrary indicators).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clustermon.scoring.engine import GroupInputs, score_group
from clustermon.scoring.framework import Framework
from clustermon.scoring.policy import GradePolicy
from clustermon.scoring.robustness._common import (
    BAND,
    Quotas,
    extras,
    layout,
    ranks_by_row,
    totals_to_cents,
)
from clustermon.scoring.types import Text

INFLUENCE_MODES = ("redistribute", "neutral")
REDUNDANT_ABOVE = 0.9
CONTRARY_BELOW = -0.3
MIN_CLUSTERS = 3


@dataclass(frozen=True)
class IndicatorInfluence:
    """What dropping one leaf would do to the group's ranks and grades.

    `rank_shifts` (per cluster, in input order) is the new rank minus the official one: positive
    means a worse rank. `changed_clusters` are those whose grade would change. When the leaf
    cannot be dropped (`droppable` false, the only leaf of its part with points) the figures are
    None and `note` says why (`only_leaf_of_part`).
    """

    code: str
    name: Text
    part: str
    first_level: str
    points: float
    droppable: bool
    mean_abs_rank_shift: float | None
    max_rank_shift: int | None
    grade_changes: int | None
    changed_clusters: tuple[Hashable, ...] = ()
    note: str | None = None
    rank_shifts: np.ndarray | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": dict(self.name),
            "part": self.part,
            "first_level": self.first_level,
            "points": self.points,
            "droppable": self.droppable,
            "mean_abs_rank_shift": self.mean_abs_rank_shift,
            "max_rank_shift": self.max_rank_shift,
            "grade_changes": self.grade_changes,
            "changed_clusters": list(self.changed_clusters),
            "note": self.note,
        }


def indicator_influence(
    framework: Framework,
    inputs: GroupInputs,
    *,
    mode: str = "redistribute",
    grade_policy: GradePolicy | None = None,
) -> list[IndicatorInfluence]:
    """For each leaf (framework order), how ranks and grades would change without it.

    mode "redistribute" (default): the leaf's points go to the other leaves of its part in
    proportion to their points (the part still totals 100), as a province dropping the
    indicator would do. This also re-weights the part against the other parts, so even a leaf
    on which every cluster scores the same can move ranks when the framework has several parts
    or when bonus and deduction points differ. mode "neutral": every cluster gets the group's
    mean share of the leaf, so only the leaf's power to separate clusters is removed (a leaf
    that is constant across the group then moves nothing). Shares, bonus and deduction are the
    engine's; ranks and grades follow the grade policy (default the framework's).
    """
    if mode not in INFLUENCE_MODES:
        raise ValueError(f"mode must be one of {', '.join(INFLUENCE_MODES)}, got {mode!r}")
    policy = grade_policy or framework.grade_policy
    official = score_group(framework, inputs, grade_policy=policy)
    n = len(official.cluster_ids)
    leaves = layout(framework)
    count = len(leaves.codes)
    shares = official.shares
    coefficients = leaves.coefficients
    droppable = np.ones(count, dtype=bool)
    if mode == "redistribute":
        totals = leaves.part_totals()
        rows = np.tile(leaves.points, (count, 1))
        for j in range(count):
            p = leaves.part_of[j]
            rest = totals[p] - leaves.points[j]
            if rest <= 0:
                droppable[j] = False
                continue
            same = leaves.part_of == p
            rows[j, same] *= totals[p] / rest
            rows[j, j] = 0.0
        scenario = rows * leaves.part_weights[leaves.part_of][None, :] / 100.0
        base = scenario @ shares.T  # leaves × clusters
    else:
        mean = shares.mean(axis=0) if n else np.zeros(count)
        base = official.base[None, :] - (coefficients[:, None] * (shares.T - mean[:, None]))
    cents = totals_to_cents(base, extras(official)[None, :])
    ranks = ranks_by_row(cents)
    bands = Quotas.of(policy, n).bands(ranks, cents)
    official_ranks = np.asarray(official.ranks, dtype=np.int64)
    official_bands = np.array([BAND[g] for g in official.grades], dtype=np.int8)

    out: list[IndicatorInfluence] = []
    leaf_nodes = framework.leaves()
    for j, leaf in enumerate(leaf_nodes):
        common = {
            "code": leaf.code,
            "name": leaf.name,
            "part": leaves.part_codes[leaves.part_of[j]],
            "first_level": leaves.first_level[j],
            "points": float(leaf.points),
        }
        if not droppable[j]:
            out.append(
                IndicatorInfluence(
                    **common,
                    droppable=False,
                    mean_abs_rank_shift=None,
                    max_rank_shift=None,
                    grade_changes=None,
                    note="only_leaf_of_part",
                )
            )
            continue
        shift = ranks[j] - official_ranks
        changed = np.flatnonzero(bands[j] != official_bands)
        out.append(
            IndicatorInfluence(
                **common,
                droppable=True,
                mean_abs_rank_shift=float(np.abs(shift).mean()) if n else 0.0,
                max_rank_shift=int(np.abs(shift).max()) if n else 0,
                grade_changes=int(changed.size),
                changed_clusters=tuple(official.cluster_ids[i] for i in changed.tolist()),
                rank_shifts=shift,
            )
        )
    return out


# ------------------------------------------------------------------------------ correlations


@dataclass(frozen=True)
class LeafPair:
    """Spearman's ρ between two leaves' shares across the group's clusters.

    `flags` holds "redundant" when |ρ| is above the redundancy threshold and "contrary" when
    ρ is below the contrary threshold (a strongly negative pair carries both). ρ is NaN when
    either leaf is constant across the group or the group is too small.
    """

    a: str
    b: str
    rho: float
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "rho": None if np.isnan(self.rho) else self.rho,
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class CorrelationBlock:
    """The leaves of one first-level indicator and their pairwise Spearman correlations.

    `matrix` is leaves × leaves in `leaf_codes` order (NaN where undefined); `constant` lists
    leaves every cluster scores the same on (no correlation can be computed); `notes` are
    stable codes: `constant_leaves`, `too_few_clusters`.
    """

    part: str
    code: str
    name: Text
    leaf_codes: tuple[str, ...]
    matrix: np.ndarray = field(repr=False, compare=False)
    pairs: tuple[LeafPair, ...]
    constant: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def flagged(self) -> list[LeafPair]:
        """The pairs flagged redundant or contrary."""
        return [pair for pair in self.pairs if pair.flags]

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "code": self.code,
            "name": dict(self.name),
            "leaf_codes": list(self.leaf_codes),
            "pairs": [pair.to_dict() for pair in self.pairs],
            "constant": list(self.constant),
            "notes": list(self.notes),
        }


def average_ranks(column: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties sharing the mean of their positions (as Spearman's ρ needs)."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    starts = np.ones(column.size, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    run = np.cumsum(starts) - 1
    sizes = np.bincount(run)
    first = np.cumsum(sizes) - sizes
    ranks = np.empty(column.size)
    ranks[order] = (first + (sizes - 1) / 2.0 + 1.0)[run]
    return ranks


def spearman(matrix: np.ndarray) -> np.ndarray:
    """Spearman's ρ between the columns of a clusters × variables matrix (NaN for a constant
    column or fewer than 3 rows)."""
    rows, cols = matrix.shape
    if rows < MIN_CLUSTERS:
        return np.full((cols, cols), np.nan)
    ranks = np.column_stack([average_ranks(matrix[:, k]) for k in range(cols)])
    centred = ranks - ranks.mean(axis=0)
    norm = np.sqrt((centred**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (centred.T @ centred) / np.outer(norm, norm)
    rho[~np.isfinite(rho)] = np.nan
    return np.clip(rho, -1.0, 1.0)


def indicator_correlations(
    framework: Framework,
    inputs: GroupInputs,
    *,
    redundant_above: float = REDUNDANT_ABOVE,
    contrary_below: float = CONTRARY_BELOW,
) -> list[CorrelationBlock]:
    """Spearman correlations between the leaves of each first-level indicator, on the shares
    the engine computed (what the score uses; a missing value counts as share 0, D9).

    Pairs with |ρ| > `redundant_above` are flagged "redundant" (they measure much the same
    thing), pairs with ρ < `contrary_below` "contrary" (they pull clusters apart in opposite
    directions). A leaf that every cluster scores the same on has no correlation (NaN) and is
    listed in `constant`. First-level indicators with fewer than two leaves are left out.
    """
    result = score_group(framework, inputs)
    n = len(result.cluster_ids)
    column = {code: j for j, code in enumerate(result.leaf_codes)}
    blocks: list[CorrelationBlock] = []
    for part in framework.parts:
        for top in part.indicators:
            codes = tuple(node.code for node in top.walk() if node.is_leaf)
            if len(codes) < 2:
                continue
            data = result.shares[:, [column[c] for c in codes]]
            rho = spearman(data)
            constant = tuple(
                c for k, c in enumerate(codes) if n and np.all(data[:, k] == data[0, k])
            )
            notes = []
            if n < MIN_CLUSTERS:
                notes.append("too_few_clusters")
            elif constant:
                notes.append("constant_leaves")
            pairs = []
            for a in range(len(codes)):
                for b in range(a + 1, len(codes)):
                    value = float(rho[a, b])
                    flags = []
                    if not np.isnan(value):
                        if abs(value) > redundant_above:
                            flags.append("redundant")
                        if value < contrary_below:
                            flags.append("contrary")
                    pairs.append(LeafPair(codes[a], codes[b], value, tuple(flags)))
            blocks.append(
                CorrelationBlock(
                    part=part.code,
                    code=top.code,
                    name=top.name,
                    leaf_codes=codes,
                    matrix=rho,
                    pairs=tuple(pairs),
                    constant=constant,
                    notes=tuple(notes),
                )
            )
    return blocks


__all__ = [
    "CorrelationBlock",
    "IndicatorInfluence",
    "LeafPair",
    "indicator_correlations",
    "indicator_influence",
]
