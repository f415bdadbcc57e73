"""Which result set of a round is published, and since when (H-Art.14).

The round's lifecycle is the record of publication: each move into `published` is a
`RoundTransition`. A round reaches `published` only with an approved result set (the
`results.approved` guard) and approved sets change only while the round is in scoring or
approved, so the set published by a move is the one approved last before it. When the province
reopens published results (published → scoring, with a reason), the published version stays in
force for the cities, counties and clusters until the corrected results are published again.

A round moved to `published` without a recorded transition (data loaded by hand) counts as
publishing its approved set, with no known date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from clustermon.results.models import ResultSet
from clustermon.rounds.models import Round, RoundStatus, RoundTransition

VISIBLE_STATUSES = frozenset({RoundStatus.PUBLISHED, RoundStatus.CLOSED})


@dataclass(frozen=True)
class Publication:
    """The result set in force for a round, and when its results were published."""

    round_id: int
    result_set_id: int
    first_at: dt.datetime | None  # the round's first publication
    last_at: dt.datetime | None  # the publication that put `result_set_id` in force

    @property
    def republished(self) -> bool:
        return self.first_at is not None and self.last_at != self.first_at


def publications(round_ids: Iterable[int]) -> dict[int, Publication]:
    """{round id: its publication} for the rounds whose results were published, in three queries."""
    ids = list(set(round_ids))
    if not ids:
        return {}
    moves: dict[int, list[dt.datetime]] = {}
    for round_id, at in (RoundTransition.objects.filter(round_id__in=ids, to_status=RoundStatus.PUBLISHED)
                         .order_by("at", "id").values_list("round_id", "at")):
        moves.setdefault(round_id, []).append(at)
    statuses = dict(Round.objects.filter(pk__in=ids).values_list("pk", "status"))
    sets: dict[int, list[tuple[dt.datetime | None, int, str]]] = {}
    for round_id, pk, approved_at, status in (
            ResultSet.objects.filter(round_id__in=ids, status__in=(ResultSet.Status.APPROVED,
                                                                  ResultSet.Status.SUPERSEDED))
            .order_by("approved_at", "number").values_list("round_id", "pk", "approved_at", "status")):
        sets.setdefault(round_id, []).append((approved_at, pk, status))
    out: dict[int, Publication] = {}
    for round_id in ids:
        candidates = sets.get(round_id, [])
        times = moves.get(round_id)
        if times:
            before = [pk for approved_at, pk, _ in candidates if approved_at is not None and approved_at <= times[-1]]
            if before:
                out[round_id] = Publication(round_id, before[-1], times[0], times[-1])
        elif statuses.get(round_id) in VISIBLE_STATUSES:
            approved = [pk for _, pk, status in candidates if status == ResultSet.Status.APPROVED]
            if approved:
                out[round_id] = Publication(round_id, approved[-1], None, None)
    return out


def publication(round_: Round) -> Publication | None:
    return publications([round_.pk]).get(round_.pk)


def was_published(round_: Round) -> bool:
    """Has the round's result ever been published? One query at most (none for a published round)."""
    if round_.status in VISIBLE_STATUSES:
        return True
    if round_.status in (RoundStatus.DRAFT,):
        return False
    return RoundTransition.objects.filter(round=round_, to_status=RoundStatus.PUBLISHED).exists()
