"""The scoring core of clustermon: pure Python + NumPy, no Django.

Import everything from here (`from clustermon.scoring import rank_and_grade`); the modules
behind it are private and may be reorganised.
"""

from clustermon.scoring.grading import (
    Grading,
    competition_ranks,
    quota,
    rank_and_grade,
    round_score,
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
from clustermon.scoring.types import Grade, Label

__all__ = [
    "DEFAULT_AGGREGATION_POLICY",
    "DEFAULT_GRADE_POLICY",
    "DEFAULT_RATING_POLICY",
    "AggregationPolicy",
    "Grade",
    "GradePolicy",
    "Grading",
    "Label",
    "Rating",
    "RatingPolicy",
    "competition_ranks",
    "label",
    "parse_grade",
    "parse_optional_grade",
    "quota",
    "rank_and_grade",
    "rate_pairs",
    "round_score",
    "stars",
]
