"""Policy settings of the scoring core (decisions D1–D10), as frozen, validated dataclasses.

Every setting a province may change is a named field with the default of the brief, so the
behaviour is visible and testable. Values coming from YAML are usually text ("1/5", "60");
`from_dict` converts them, the constructors validate them and raise `ValueError` with a
message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

QUOTA_ROUNDINGS = ("floor", "round_half_up", "ceil")
LABEL_BASES = ("overall", "activity")
AGGREGATION_METHODS = ("mean", "trimmed_mean")


def _fraction(name: str, value: Any) -> Fraction:
    # Shares are exact fractions so that "r <= 0.2 N" is decided without binary rounding (D2).
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a fraction such as '1/5' or '0.2', got {value!r}")
    try:
        if isinstance(value, float):
            return Fraction(repr(value))  # 0.2 means 1/5, not the binary double nearest 0.2
        return Fraction(value if not isinstance(value, str) else value.strip())
    except (ValueError, TypeError, ZeroDivisionError):
        raise ValueError(
            f"{name} must be a fraction such as '1/5' or '0.2', got {value!r}"
        ) from None


def _decimal(name: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number such as '60', got {value!r}")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{name} must be a number such as '60', got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _unknown_keys(cls: type, data: Mapping[str, Any]) -> None:
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(
            f"unknown {cls.__name__} setting(s): {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )


@dataclass(frozen=True)
class GradePolicy:
    """How totals become grades inside a group (H-Art.10 with D1–D5).

    Rank r (competition rank on the total rounded to cents) is excellent iff
    r <= quota(excellent_share × N) and good iff r <= quota(good_share × N), where quota rounds
    the exact product by `quota_rounding`. A total below `pass_mark` (or equal to it when
    `pass_inclusive` is false) is unqualified whatever its rank.
    """

    excellent_share: Fraction = Fraction(1, 5)
    good_share: Fraction = Fraction(1, 2)
    quota_rounding: str = "floor"
    pass_mark: Decimal = Decimal("60")
    pass_inclusive: bool = True

    def __post_init__(self) -> None:
        # Frozen: normalise the field types through object.__setattr__ once, here.
        excellent = _fraction("excellent_share", self.excellent_share)
        good = _fraction("good_share", self.good_share)
        object.__setattr__(self, "excellent_share", excellent)
        object.__setattr__(self, "good_share", good)
        object.__setattr__(self, "pass_mark", _decimal("pass_mark", self.pass_mark))
        if not 0 <= excellent <= 1:
            raise ValueError(f"excellent_share must be between 0 and 1, got {excellent}")
        if not 0 <= good <= 1:
            raise ValueError(f"good_share must be between 0 and 1, got {good}")
        if excellent > good:
            raise ValueError(
                f"excellent_share ({excellent}) cannot exceed good_share ({good}): "
                "the good band includes the excellent one"
            )
        if self.quota_rounding not in QUOTA_ROUNDINGS:
            raise ValueError(
                f"quota_rounding must be one of {', '.join(QUOTA_ROUNDINGS)}, "
                f"got {self.quota_rounding!r}"
            )
        if self.pass_mark < 0:
            raise ValueError(f"pass_mark cannot be negative, got {self.pass_mark}")
        if not isinstance(self.pass_inclusive, bool):
            raise ValueError(f"pass_inclusive must be true or false, got {self.pass_inclusive!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> GradePolicy:
        """Build from a manifest's `grade_policy:` mapping; missing keys keep their defaults."""
        data = dict(data or {})
        _unknown_keys(cls, data)
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Plain, YAML/JSON friendly form (fractions and decimals as text)."""
        return {
            "excellent_share": str(self.excellent_share),
            "good_share": str(self.good_share),
            "quota_rounding": self.quota_rounding,
            "pass_mark": str(self.pass_mark),
            "pass_inclusive": self.pass_inclusive,
        }


@dataclass(frozen=True)
class RatingPolicy:
    """Stars (H-Art.16) and labels (H-Art.17) from two consecutive rounds (D6–D7).

    `label_basis` "overall" labels from the cluster's overall grade (as H-Art.17 is written);
    "activity" labels from a grade computed on the part named `activity_part` alone.
    """

    stars: bool = True
    labels: bool = True
    label_basis: str = "overall"
    activity_part: str = "activity"

    def __post_init__(self) -> None:
        for name in ("stars", "labels"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r}")
        if self.label_basis not in LABEL_BASES:
            raise ValueError(
                f"label_basis must be one of {', '.join(LABEL_BASES)}, got {self.label_basis!r}"
            )
        if not isinstance(self.activity_part, str) or not self.activity_part:
            raise ValueError(f"activity_part must be a part code, got {self.activity_part!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> RatingPolicy:
        """Build from a manifest's `rating_policy:` mapping; missing keys keep their defaults."""
        data = dict(data or {})
        _unknown_keys(cls, data)
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stars": self.stars,
            "labels": self.labels,
            "label_basis": self.label_basis,
            "activity_part": self.activity_part,
        }


@dataclass(frozen=True)
class AggregationPolicy:
    """How several experts' scores on one indicator combine (D10).

    "mean" averages; "trimmed_mean" drops one highest and one lowest score when there are at
    least `trim_from` experts, and averages the rest (a plain mean below that).
    """

    method: str = "mean"
    trim_from: int = 5

    def __post_init__(self) -> None:
        if self.method not in AGGREGATION_METHODS:
            raise ValueError(
                f"aggregation method must be one of {', '.join(AGGREGATION_METHODS)}, "
                f"got {self.method!r}"
            )
        if isinstance(self.trim_from, bool) or not isinstance(self.trim_from, int):
            raise ValueError(f"trim_from must be a whole number, got {self.trim_from!r}")
        # Dropping two scores must leave at least one to average.
        if self.trim_from < 3:
            raise ValueError(f"trim_from must be at least 3, got {self.trim_from}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AggregationPolicy:
        """Build from a manifest's `aggregation:` mapping; missing keys keep their defaults."""
        data = dict(data or {})
        _unknown_keys(cls, data)
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "trim_from": self.trim_from}


DEFAULT_GRADE_POLICY = GradePolicy()
DEFAULT_RATING_POLICY = RatingPolicy()
DEFAULT_AGGREGATION_POLICY = AggregationPolicy()

__all__ = [
    "AGGREGATION_METHODS",
    "DEFAULT_AGGREGATION_POLICY",
    "DEFAULT_GRADE_POLICY",
    "DEFAULT_RATING_POLICY",
    "LABEL_BASES",
    "QUOTA_ROUNDINGS",
    "AggregationPolicy",
    "GradePolicy",
    "RatingPolicy",
]
