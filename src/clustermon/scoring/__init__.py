"""The scoring core of clustermon: pure Python + NumPy + PyYAML, no Django.

Import everything from here (`from clustermon.scoring import rank_and_grade`); the modules
behind it are private and may be reorganised.
"""

from clustermon.scoring.engine import (
    GroupInputs,
    GroupResult,
    aggregate,
    grade_part,
    score_group,
)
from clustermon.scoring.enterprise import EnterpriseData, EnterpriseField, Feed
from clustermon.scoring.framework import (
    Catalogue,
    CatalogueItem,
    Framework,
    GroupSpec,
    Indicator,
    Part,
    Rule,
    Scheme,
)
from clustermon.scoring.grading import (
    Grading,
    competition_ranks,
    quota,
    rank_and_grade,
    round_score,
)
from clustermon.scoring.loader import load_framework, parse_framework
from clustermon.scoring.methods import (
    METHODS,
    ParamProblem,
    ScoringMethod,
    apply_method,
    check_params,
    scoring_method,
)
from clustermon.scoring.policy import (
    DEFAULT_AGGREGATION_POLICY,
    DEFAULT_GRADE_POLICY,
    DEFAULT_RATING_POLICY,
    AggregationPolicy,
    GradePolicy,
    RatingPolicy,
)
from clustermon.scoring.ratings import (
    Rating,
    label,
    parse_grade,
    parse_optional_grade,
    rate_pairs,
    stars,
)
from clustermon.scoring.robustness import (
    WHAT_IF_MESSAGES,
    ClusterRobustness,
    CorrelationBlock,
    IndicatorInfluence,
    LeafPair,
    RobustnessResult,
    WhatIf,
    indicator_correlations,
    indicator_influence,
    monte_carlo,
    what_if,
)
from clustermon.scoring.schemes import benchmark_scheme, list_schemes, load_scheme
from clustermon.scoring.types import Grade, Label
from clustermon.scoring.validation import MESSAGES, FrameworkError, Issue

__all__ = [
    "DEFAULT_AGGREGATION_POLICY",
    "DEFAULT_GRADE_POLICY",
    "DEFAULT_RATING_POLICY",
    "MESSAGES",
    "METHODS",
    "AggregationPolicy",
    "Catalogue",
    "CatalogueItem",
    "EnterpriseData",
    "EnterpriseField",
    "Feed",
    "Framework",
    "FrameworkError",
    "Grade",
    "GradePolicy",
    "Grading",
    "GroupInputs",
    "GroupResult",
    "GroupSpec",
    "Indicator",
    "Issue",
    "Label",
    "ParamProblem",
    "Part",
    "Rating",
    "RatingPolicy",
    "Rule",
    "Scheme",
    "ScoringMethod",
    "aggregate",
    "apply_method",
    "check_params",
    "competition_ranks",
    "grade_part",
    "label",
    "benchmark_scheme",
    "list_schemes",
    "load_framework",
    "load_scheme",
    "parse_framework",
    "parse_grade",
    "parse_optional_grade",
    "quota",
    "rank_and_grade",
    "rate_pairs",
    "round_score",
    "score_group",
    "scoring_method",
    "stars",
    # uncertainty and sensitivity of grades (robustness)
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
