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
    from clustermon.accounts.models import User
    from clustermon.rounds.models import Round
    from clustermon.submissions.models import Submission


def badges_for(round_: Round, submissions: Sequence[Submission], viewer: User | None = None
               ) -> dict[int, Badges]:
    """Warnings, outliers, enterprise flags, "changed since last seen" and "resubmitted".

    The submissions need the annotations of `queries.queue` (`seen_version`, `last_return_id`).
    """
    warnings = _warnings(round_, submissions)
    outliers = _outliers(round_, submissions)
    enterprise = _enterprise(round_, submissions, viewer)
    badges: dict[int, Badges] = {}
    for s in submissions:
        seen = getattr(s, "seen_version", 0) or 0
        badges[s.pk] = Badges(
            warnings=warnings.get(s.pk, []),
            outliers=outliers.get(s.pk, []),
            enterprise=enterprise.get(s.pk, []),
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


def _enterprise(round_: Round, submissions: Sequence[Submission], viewer: User | None
                ) -> dict[int, list[str]]:
    """Enterprise-list flags (the same firm in two clusters, implausible jumps), as text."""
    if not submissions:
        return {}
    from clustermon.enterprises.flags import flags_for_round

    return {pk: [str(f) for f in flags] for pk, flags in flags_for_round(round_, viewer=viewer).items()}
