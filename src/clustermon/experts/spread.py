"""How far experts agree on each indicator, and how their scores combine (D10).

All arithmetic is on shares (the score as a fraction of the leaf's full marks, in [0, 1]), so
letters and points are treated alike; points = share × the leaf's points.

**Outlier rule.** With at least `MIN_EXPERTS_FOR_OUTLIERS` (3) experts on an indicator, an
expert is flagged when their share is more than `OUTLIER_DISTANCE` (0.3, i.e. 30% of the
scale) away from the median of all the experts' shares on that indicator. The median is not
pulled by one far score (with A, A, D the D is flagged, the As are not; a mean would put the
As 0.23 away too). With two experts the median is their midpoint and neither can be told to be
the far one: nobody is flagged.

**Aggregation (D10).** `mean`: the average of all shares. `trimmed_mean`: from `trim_from`
experts up (5 by default), one highest and one lowest share are dropped and the rest averaged;
below that, the plain average. The combination is the scoring core's `aggregate`, the one the
results use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from clustermon import scoring
from clustermon.experts.scale import Leaf
from clustermon.scoring import AggregationPolicy

OUTLIER_DISTANCE = Decimal("0.3")
MIN_EXPERTS_FOR_OUTLIERS = 3
SHOWN = Decimal("0.01")


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def std(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation (divided by n)."""
    centre = mean(values)
    return (sum(((v - centre) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def outliers(shares: Sequence[Decimal], distance: Decimal = OUTLIER_DISTANCE) -> list[bool]:
    """For each share: is it more than `distance` from the median of all of them?"""
    if len(shares) < MIN_EXPERTS_FOR_OUTLIERS:
        return [False] * len(shares)
    centre = median(shares)
    return [abs(share - centre) > distance for share in shares]


@dataclass(frozen=True)
class Aggregate:
    """The combined share of several experts and the rule that produced it."""

    share: Decimal
    trimmed: bool  # one highest and one lowest were dropped
    used: int  # how many scores were averaged


def aggregate(shares: Sequence[Decimal], policy: AggregationPolicy) -> Aggregate | None:
    """D10 by the scoring core's own `aggregate` (so pages show what results compute): mean, or
    trimmed mean from `policy.trim_from` experts up. None without scores."""
    if not shares:
        return None
    share, count, trimmed = scoring.aggregate(np.array([[float(s) for s in shares]]), policy)
    used = int(count[0]) - 2 * int(trimmed[0])
    return Aggregate(Decimal(repr(float(share[0]))), bool(trimmed[0]), used)


def rule_label(policy: AggregationPolicy) -> str:
    """The sentence every page that shows combined expert scores states (D10)."""
    if policy.method == "trimmed_mean":
        return _("Expert scores combined by: the average after dropping one highest and one lowest "
                 "score (%(n)s or more experts); with fewer experts, the plain average.") % {
                     "n": policy.trim_from}
    return _("Expert scores combined by: the average of all experts' scores.")


@dataclass(frozen=True)
class ExpertValue:
    expert_id: int
    expert_name: str
    score: str
    comment: str
    share: Decimal
    points: Decimal  # share × the leaf's points, to the cent
    outlier: bool


@dataclass(frozen=True)
class IndicatorSpread:
    leaf: Leaf
    values: list[ExpertValue]
    aggregate: Aggregate | None

    @property
    def shares(self) -> list[Decimal]:
        return [v.share for v in self.values]

    def _points(self, share: Decimal) -> Decimal:
        return (share * self.leaf.points).quantize(SHOWN)

    @property
    def mean_points(self) -> Decimal | None:
        return self._points(mean(self.shares)) if self.values else None

    @property
    def min_points(self) -> Decimal | None:
        return self._points(min(self.shares)) if self.values else None

    @property
    def max_points(self) -> Decimal | None:
        return self._points(max(self.shares)) if self.values else None

    @property
    def std_points(self) -> Decimal | None:
        return self._points(std(self.shares)) if self.values else None

    @property
    def aggregate_points(self) -> Decimal | None:
        return self._points(self.aggregate.share) if self.aggregate else None

    @property
    def has_outlier(self) -> bool:
        return any(v.outlier for v in self.values)


def indicator_spread(leaf: Leaf, scores: Sequence[tuple[int, str, str, str]],
                     policy: AggregationPolicy) -> IndicatorSpread:
    """`scores` are (expert id, expert name, score text, comment) for one indicator; scores off
    the scale (e.g. written before the framework changed) are left out."""
    rows = []
    for expert_id, name, score, comment in scores:
        try:
            rows.append((expert_id, name, score, comment, leaf.share(score)))
        except ValueError:
            continue
    flags = outliers([row[4] for row in rows])
    values = [ExpertValue(e, n, s, c, share, (share * leaf.points).quantize(SHOWN), flag)
              for (e, n, s, c, share), flag in zip(rows, flags, strict=True)]
    return IndicatorSpread(leaf, values, aggregate([v.share for v in values], policy))
