"""Stars (星级, H-Art.16) and promotion-organisation labels (标级, H-Art.17) from two rounds.

Pairs are unordered (E then G and G then E both give four stars). A missing round (None) or an
unqualified grade in either round gives no star and no label (D6).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from clustermon.scoring.policy import DEFAULT_RATING_POLICY, RatingPolicy
from clustermon.scoring.types import Grade, Label

E, G, Q = Grade.EXCELLENT, Grade.GOOD, Grade.QUALIFIED

# Keyed by the unordered pair; anything not listed (incl. unqualified) gets nothing.
_STARS: dict[frozenset[Grade], int] = {
    frozenset({E}): 5,
    frozenset({E, G}): 4,
    frozenset({G}): 3,
    frozenset({E, Q}): 3,
    frozenset({G, Q}): 2,
    frozenset({Q}): 1,
}
_LABELS: dict[frozenset[Grade], Label] = {
    frozenset({E}): Label.GOLD,
    frozenset({E, G}): Label.SILVER,
    frozenset({E, Q}): Label.BRONZE,
    frozenset({G}): Label.BRONZE,
}

_WORDS: dict[str, Grade] = {
    "excellent": E,
    "good": G,
    "qualified": Q,
    "unqualified": Grade.UNQUALIFIED,
    "优秀": E,
    "良好": G,
    "合格": Q,
    "不合格": Grade.UNQUALIFIED,
    # one-letter short forms used in tables and on the command line
    "e": E,
    "g": G,
    "q": Q,
    "u": Grade.UNQUALIFIED,
}
_NO_GRADE_WORDS = frozenset({"", "-", "none", "null", "无", "缺"})


def parse_grade(word: str | Grade) -> Grade:
    """Read a grade word: excellent/good/qualified/unqualified (any case), 优秀/良好/合格/不合格,
    or the short forms E/G/Q/U. Raises ValueError naming the accepted words otherwise."""
    if isinstance(word, Grade):
        return word
    if isinstance(word, str):
        grade = _WORDS.get(word.strip().lower())
        if grade is not None:
            return grade
    raise ValueError(
        f"unknown grade {word!r}; expected excellent, good, qualified, unqualified "
        "(优秀, 良好, 合格, 不合格) or E, G, Q, U"
    )


def parse_optional_grade(word: str | Grade | None) -> Grade | None:
    """Like `parse_grade`, but None, "", "-" and "none" mean no grade that year (→ None)."""
    if word is None or (isinstance(word, str) and word.strip().lower() in _NO_GRADE_WORDS):
        return None
    return parse_grade(word)


# Every ordered pair, None included, looked up directly: rate_pairs runs this per cluster.
# A StrEnum hashes like its text, so plain "excellent" keys the same entry as Grade.EXCELLENT.
_ALL: tuple[Grade | None, ...] = (*Grade, None)
_STAR_TABLE = {
    (a, b): _STARS.get(frozenset({a, b}), 0) if a and b else 0 for a in _ALL for b in _ALL
}
_LABEL_TABLE = {
    (a, b): _LABELS.get(frozenset({a, b}), Label.NONE) if a and b else Label.NONE
    for a in _ALL
    for b in _ALL
}


def stars(prev: Grade | None, curr: Grade | None) -> int:
    """Stars from two consecutive rounds' grades (H-Art.16): E+E 5, E+G 4, G+G or E+Q 3, G+Q 2,
    Q+Q 1; 0 when a round is missing or either grade is unqualified (D6). Order does not matter.
    Raises ValueError for something that is not a grade."""
    try:
        return _STAR_TABLE[(prev, curr)]
    except (KeyError, TypeError):
        raise ValueError(f"not a pair of grades: {prev!r}, {curr!r}") from None


def label(prev: Grade | None, curr: Grade | None) -> Label:
    """Label from two consecutive rounds' grades (H-Art.17): E+E gold, E+G silver, E+Q or G+G
    bronze; Label.NONE otherwise, including a missing round or an unqualified grade (D6).
    Raises ValueError for something that is not a grade."""
    try:
        return _LABEL_TABLE[(prev, curr)]
    except (KeyError, TypeError):
        raise ValueError(f"not a pair of grades: {prev!r}, {curr!r}") from None


@dataclass(frozen=True)
class Rating:
    """Stars and label of one cluster; None where the scheme does not award that (RatingPolicy)."""

    stars: int | None
    label: Label | None


K = TypeVar("K", bound=Hashable)


def rate_pairs(
    prev: Mapping[K, Grade | None],
    curr: Mapping[K, Grade | None],
    policy: RatingPolicy = DEFAULT_RATING_POLICY,
    *,
    prev_label_grades: Mapping[K, Grade | None] | None = None,
    curr_label_grades: Mapping[K, Grade | None] | None = None,
) -> dict[K, Rating]:
    """Stars and labels for every cluster of the current round, keyed like `curr`.

    `prev` holds the previous (consecutive) round's grades; a cluster absent from it gets no star
    and no label. With `policy.label_basis == "activity"` labels come from `*_label_grades`
    (grades computed on the activity part alone, see `grade_part`), which are then required.
    """
    if policy.labels and policy.label_basis == "activity":
        if prev_label_grades is None or curr_label_grades is None:
            raise ValueError(
                "label_basis is 'activity': pass prev_label_grades and curr_label_grades "
                "(the activity part's grades of both rounds)"
            )
        label_prev, label_curr = prev_label_grades, curr_label_grades
    else:
        label_prev, label_curr = prev, curr
    out: dict[K, Rating] = {}
    for key, grade in curr.items():
        out[key] = Rating(
            stars=stars(prev.get(key), grade) if policy.stars else None,
            label=label(label_prev.get(key), label_curr.get(key)) if policy.labels else None,
        )
    return out
