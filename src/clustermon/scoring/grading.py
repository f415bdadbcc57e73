"""Totals → ranks → grades inside one group (H-Art.10 with decisions D1–D5).

Ranks are competition ranks ("1, 2, 2, 4") on totals rounded half up to cents, compared as
integers so that no binary fraction can split a tie (D1). The grade bands are decided in exact
`Fraction` arithmetic (D2), ties share the grade of their rank (D3) and the pass mark applies to
every band (D4, D5).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np

from clustermon.scoring.policy import DEFAULT_GRADE_POLICY, GradePolicy
from clustermon.scoring.types import Grade

CENT = Decimal("0.01")

ScoreLike = str | int | Decimal | float


def to_decimal(x: Any) -> Decimal:
    """Read a number as an exact Decimal: text as written, floats through their shortest repr.

    Going through the text form means 59.995 is read as the decimal 59.995 the user typed,
    not as the binary double 59.99499999999999744…, so half-up rounding does what people expect.
    """
    if isinstance(x, bool):
        raise TypeError(f"a score must be a number, not {x!r}")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, numbers.Integral):  # int and NumPy integers
        value = Decimal(int(x))
    elif isinstance(x, numbers.Real):  # float, NumPy floats: float() is exact, repr shortest
        value = Decimal(repr(float(x)))
    elif isinstance(x, str):
        try:
            value = Decimal(x.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {x!r}") from None
    else:
        raise TypeError(f"a score must be text, int, Decimal or float, not {type(x).__name__}")
    if not value.is_finite():
        raise ValueError(f"a score must be finite, got {x!r}")
    return value


def round_score(x: ScoreLike) -> Decimal:
    """Round a score half up to 2 decimal places (D1): `round_score("59.995") == Decimal("60.00")`.

    Accepts text, int, Decimal or float; floats are read through `repr`, never through binary
    arithmetic. Raises ValueError for text that is not a finite number.
    """
    return to_decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def competition_ranks(cents: np.ndarray) -> np.ndarray:
    """Competition ranks, 1 for the highest: 1 + how many values are strictly greater (1, 2, 2, 4).

    Vectorised: one sort and one binary search, O(N log N).
    """
    values = np.asarray(cents)
    ascending = np.sort(values)
    greater = values.size - np.searchsorted(ascending, values, side="right")
    return (greater + 1).astype(np.int64)


def quota(share: Fraction, size: int, rounding: str = "floor") -> int:
    """The number of ranks a band covers: share × size rounded by `rounding`, exactly (D2).

    `quota(Fraction(1, 5), 12) == 2` (2.4 floored); with "round_half_up" 2.5 → 3; "ceil" 2.4 → 3.
    """
    exact = Fraction(share) * size
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "round_half_up":
        return math.floor(exact + Fraction(1, 2))
    raise ValueError(f"quota_rounding must be floor, round_half_up or ceil, got {rounding!r}")


def pass_threshold_cents(policy: GradePolicy) -> int:
    """The lowest total in cents that passes: ceil(pass_mark×100), or one more when exclusive."""
    mark = Fraction(policy.pass_mark) * 100
    if policy.pass_inclusive:
        return math.ceil(mark)  # total >= mark
    return math.floor(mark) + 1  # total > mark


@dataclass(frozen=True)
class Grading:
    """Ranks and grades of one group, in input order.

    `excellent_quota` and `good_quota` are the last ranks inside each band, `pass_cents` the
    lowest passing total in cents: the numbers an explanation shows.
    """

    ranks: list[int]
    grades: list[Grade]
    size: int
    totals: list[Decimal]
    excellent_quota: int
    good_quota: int
    pass_cents: int
    policy: GradePolicy

    def rule(self, index: int) -> str:
        """A sentence saying which rule gave the grade at `index`."""
        rank, total = self.ranks[index], self.totals[index]
        grade = self.grades[index]
        mark = self.policy.pass_mark
        cmp = ">=" if self.policy.pass_inclusive else ">"
        if grade is Grade.UNQUALIFIED:
            return f"total {total} is not {cmp} pass mark {mark}: unqualified whatever the rank"
        if grade is Grade.EXCELLENT:
            return (
                f"rank {rank} of {self.size} <= excellent quota {self.excellent_quota} "
                f"({self.policy.quota_rounding} of {self.policy.excellent_share} × {self.size})"
                f" and total {total} {cmp} {mark}"
            )
        if grade is Grade.GOOD:
            return (
                f"rank {rank} of {self.size} > excellent quota {self.excellent_quota} and "
                f"<= good quota {self.good_quota} ({self.policy.quota_rounding} of "
                f"{self.policy.good_share} × {self.size}) and total {total} {cmp} {mark}"
            )
        return (
            f"rank {rank} of {self.size} > good quota {self.good_quota} and total {total} "
            f"{cmp} {mark}"
        )


def rank_and_grade(
    totals: Sequence[ScoreLike], policy: GradePolicy = DEFAULT_GRADE_POLICY
) -> Grading:
    """Rank the totals of one group and grade them (H-Art.10, D1–D5); input order is kept.

    Each total is rounded half up to cents first (`round_score`). Rank r is excellent iff
    r <= quota(excellent_share × N), good iff r <= quota(good_share × N), otherwise qualified;
    a total below the pass mark is unqualified whatever its rank.
    """
    rounded = [round_score(t) for t in totals]
    cents = np.fromiter((int(t * 100) for t in rounded), dtype=np.int64, count=len(rounded))
    return grade_cents(cents, policy, rounded)


def cents_to_decimals(cents: np.ndarray) -> list[Decimal]:
    """Integer cents → Decimals with two places (6000 → Decimal("60.00"))."""
    return [Decimal(c).scaleb(-2) for c in cents.tolist()]


def grade_cents(
    cents: np.ndarray, policy: GradePolicy | None = None, rounded: list[Decimal] | None = None
) -> Grading:
    """`rank_and_grade` for totals already rounded to integer cents (the engine's fast path)."""
    policy = policy or DEFAULT_GRADE_POLICY
    cents = np.asarray(cents, dtype=np.int64)
    size = int(cents.size)
    ranks = competition_ranks(cents)
    excellent_q = quota(policy.excellent_share, size, policy.quota_rounding)
    good_q = quota(policy.good_share, size, policy.quota_rounding)
    pass_cents = pass_threshold_cents(policy)
    # Band index 0..3 per cluster, then one lookup into the enum: vectorised for large groups.
    band = np.where(ranks <= excellent_q, 0, np.where(ranks <= good_q, 1, 2))
    band = np.where(cents >= pass_cents, band, 3)
    order = (Grade.EXCELLENT, Grade.GOOD, Grade.QUALIFIED, Grade.UNQUALIFIED)
    return Grading(
        ranks=ranks.tolist(),
        grades=[order[b] for b in band.tolist()],
        size=size,
        totals=rounded if rounded is not None else cents_to_decimals(cents),
        excellent_quota=excellent_q,
        good_quota=good_q,
        pass_cents=pass_cents,
        policy=policy,
    )
