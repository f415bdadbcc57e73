"""Uncertainty and sensitivity of grades (pure Python + NumPy, no Django).

- `monte_carlo`: ranks and grades under perturbed weights and expert aggregations; per cluster
  the median rank, the 5–95% rank interval, each grade's probability and an `unstable` flag.
- `indicator_influence`: rank shifts and grade changes when one leaf is dropped.
- `indicator_correlations`: Spearman correlations between the leaves of each first-level
  indicator, flagging redundant and contrary pairs (H-Art.9 fine-tuning).
- `what_if`: the smallest change of one indicator that would give one cluster a better grade.

The official grades are always the engine's (`score_group`); these are analyses around them.
"""

from clustermon.scoring.robustness.influence import (
    CorrelationBlock,
    IndicatorInfluence,
    LeafPair,
    indicator_correlations,
    indicator_influence,
)
from clustermon.scoring.robustness.montecarlo import (
    ClusterRobustness,
    RobustnessResult,
    monte_carlo,
)
from clustermon.scoring.robustness.whatif import WHAT_IF_MESSAGES, WhatIf, what_if

__all__ = [
    "WHAT_IF_MESSAGES",
    "ClusterRobustness",
    "CorrelationBlock",
    "IndicatorInfluence",
    "LeafPair",
    "RobustnessResult",
    "WhatIf",
    "indicator_correlations",
    "indicator_influence",
    "monte_carlo",
    "what_if",
]
