"""Badges for reviewer lists: validation warnings and outliers, computed by the submissions app.

This module only adapts the submissions app's functions to the shape the review lists need:
{submission id: Badges}. It never re-implements a check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from clustermon.review.queries import Badges
from clustermon.review.rules import IN_REVIEW

if TYPE_CHECKING:
    from clustermon.rounds.models import Round
    from clustermon.submissions.models import Submission


def badges_for(round_: Round, submissions: Sequence[Submission]) -> dict[int, Badges]:
    """Warnings, outliers, "changed since last seen" and "resubmitted" for each submission.

    The submissions need the annotations of `queries.queue` (`seen_version`, `last_return_id`).
    """
    warnings = _warnings(round_, submissions)
    outliers = _outliers(round_, submissions)
    badges: dict[int, Badges] = {}
    for s in submissions:
        seen = getattr(s, "seen_version", 0) or 0
        badges[s.pk] = Badges(
            warnings=warnings.get(s.pk, []),
            outliers=outliers.get(s.pk, []),
            changed_since_seen=bool(seen) and seen < s.version,
            never_seen=not seen,
            resubmitted=getattr(s, "last_return_id", None) is not None and s.status in IN_REVIEW,
        )
    return badges


def _warnings(round_: Round, submissions: Sequence[Submission]) -> dict[int, list[str]]:
    if not submissions:
        return {}
    from clustermon.submissions.queries import warnings_for

    return warnings_for(round_, submissions)


def _outliers(round_: Round, submissions: Sequence[Submission]) -> dict[int, list[str]]:
    if not submissions:
        return {}
    from clustermon.submissions.outliers import flags_for_round

    return flags_for_round(round_)
