"""The round lifecycle as data: which moves exist, who may make them, and what must hold first.

    draft → open → review → expert_review → scoring → approved → published → closed

with a few moves back (reopen submission, back to review or expert review, withdraw an approval,
reopen published results for a correction) that always need a reason. `MOVES` is the whole table;
`rounds.actions.transition` applies it.

Guards are small functions `guard(round) -> str | None` returning a translated message when the
move must wait. Other apps add their own with `register_guard` (from their `AppConfig.ready`):

    lifecycle.register_guard(RoundStatus.APPROVED, my_guard, name="results.computed")

A guard registered again under the same name replaces the earlier one. The rounds app guards the
opening (frameworks pinned, deadlines set); the results app guards approval and publication
(`results.approved`: an approved result set).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon.accounts.models import Role
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus

S = RoundStatus
PROVINCE_ADMIN = frozenset({Role.PROVINCE_ADMIN})

Guard = Callable[[Round], "str | None"]


@dataclass(frozen=True)
class Move:
    """One allowed edge of the lifecycle."""

    source: RoundStatus
    target: RoundStatus
    label: Promise  # the button text
    roles: frozenset[str] = PROVINCE_ADMIN
    reason_required: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


MOVES: tuple[Move, ...] = (
    Move(S.DRAFT, S.OPEN, _("Open for submission")),
    Move(S.OPEN, S.REVIEW, _("Close submission and start the review")),
    Move(S.REVIEW, S.OPEN, _("Reopen submission"), reason_required=True),
    Move(S.REVIEW, S.EXPERT_REVIEW, _("Start expert review")),
    Move(S.EXPERT_REVIEW, S.REVIEW, _("Back to review"), reason_required=True),
    Move(S.EXPERT_REVIEW, S.SCORING, _("Start scoring")),
    Move(S.SCORING, S.EXPERT_REVIEW, _("Back to expert review"), reason_required=True),
    Move(S.SCORING, S.APPROVED, _("Approve the results")),
    Move(S.APPROVED, S.SCORING, _("Withdraw the approval"), reason_required=True),
    Move(S.APPROVED, S.PUBLISHED, _("Publish the results")),
    Move(S.PUBLISHED, S.SCORING, _("Reopen the published results"), reason_required=True),
    Move(S.PUBLISHED, S.CLOSED, _("Close the round")),
)

_BY_KEY: dict[tuple[str, str], Move] = {m.key: m for m in MOVES}

# The order in which the statuses are shown (the stepper on the round page).
ORDER: tuple[RoundStatus, ...] = tuple(S)

# Levels whose deadline must be set before a round opens, in the order their dates must follow.
OPENING_DEADLINES: tuple[DeadlineLevel, ...] = (
    DeadlineLevel.SUBMITTER, DeadlineLevel.COUNTY, DeadlineLevel.CITY, DeadlineLevel.PROVINCE,
)


def move(source: str, target: str) -> Move | None:
    """The move from `source` to `target`, or None if the table has no such edge."""
    return _BY_KEY.get((source, target))


def moves_from(source: str) -> list[Move]:
    return [m for m in MOVES if m.source == source]


# --- guards -------------------------------------------------------------------------------------

_GUARDS: dict[str, dict[str, Guard]] = {}


def register_guard(target: str, guard: Guard, *, name: str) -> None:
    """Check `guard(round)` before any move into `target`; a non-empty return refuses the move."""
    _GUARDS.setdefault(target, {})[name] = guard


def unregister_guard(target: str, name: str) -> None:
    _GUARDS.get(target, {}).pop(name, None)


def guards_for(target: str) -> list[Guard]:
    return list(_GUARDS.get(target, {}).values())


def blockers(round_: Round, target: str) -> list[str]:
    """The messages of every guard that refuses a move of `round_` into `target` (empty: may go)."""
    return [msg for guard in guards_for(target) if (msg := guard(round_))]


def frameworks_pinned(round_: Round) -> str | None:
    """H-Art.9: every group of the scheme has its framework version pinned."""
    pinned = set(round_.frameworks.values_list("group", flat=True))
    missing = [g["code"] for g in round_.scheme.groups if g["code"] not in pinned]
    if not missing:
        return None
    names = "、".join(round_.scheme.group_name(code) for code in missing)
    return gettext("No framework version is pinned for: %(groups)s.") % {"groups": names}


def deadlines_set(round_: Round) -> str | None:
    """Submission and each review level have a deadline, in the order the work flows."""
    dues = dict(round_.deadlines.values_list("level", "due"))
    missing = [DeadlineLevel(level).label for level in OPENING_DEADLINES if level not in dues]
    if missing:
        return gettext("Set the deadlines first: %(levels)s.") % {"levels": "、".join(map(str, missing))}
    for earlier, later in zip(OPENING_DEADLINES, OPENING_DEADLINES[1:], strict=False):
        if dues[earlier] > dues[later]:
            return gettext("The deadline for %(earlier)s is after the one for %(later)s.") % {
                "earlier": DeadlineLevel(earlier).label, "later": DeadlineLevel(later).label}
    return None


register_guard(S.OPEN, frameworks_pinned, name="rounds.frameworks_pinned")
register_guard(S.OPEN, deadlines_set, name="rounds.deadlines_set")
