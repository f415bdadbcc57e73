"""Everything that changes a round: creation, lifecycle moves, deadlines and their extensions.

Each action is atomic, takes the acting user as `by`, writes its audit event in the same
transaction and raises `ActionRefused` (changing nothing) when a rule refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from clustermon import policy
from clustermon.audit.log import record
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.rounds import lifecycle
from clustermon.rounds.models import (
    Deadline,
    DeadlineExtension,
    DeadlineLevel,
    Round,
    RoundFramework,
    RoundStatus,
    RoundTransition,
)
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.registry.models import City, Cluster

# Deadlines may be set or extended until scoring starts.
DEADLINE_STATUSES = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.REVIEW,
                               RoundStatus.EXPERT_REVIEW})


def _require_admin(user: User, scheme: Scheme) -> None:
    if not policy.can_manage_scheme(user, scheme):
        raise ActionRefused(gettext("Only the province administrator may do this."))


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round_.pk)


# --- creation ------------------------------------------------------------------------------------

def latest_versions(scheme: Scheme) -> dict[str, FrameworkVersion]:
    """The newest stored framework version of each group of the scheme (groups without one left out)."""
    codes = [g["code"] for g in scheme.groups]
    latest: dict[str, FrameworkVersion] = {}
    versions = FrameworkVersion.objects.filter(scheme=scheme, group__in=codes).order_by("-created_at", "-id")
    for version in versions.only("id", "group", "version", "created_at"):
        latest.setdefault(version.group, version)
    return latest


@transaction.atomic
def create_round(scheme: Scheme, year: int, *, by: User, title: str | None = None) -> Round:
    """A draft round of `scheme` for `year`, pinning the latest framework version of each group."""
    _require_admin(by, scheme)
    if not 2000 <= int(year) <= 2100:
        raise ActionRefused(gettext("The year must be between 2000 and 2100."))
    if Round.objects.filter(scheme=scheme, year=year).exists():
        raise ActionRefused(gettext("A round of this scheme for %(year)s already exists.") % {"year": year})
    title = (title or "").strip() or gettext("%(year)s %(scheme)s") % {"year": year, "scheme": scheme.name}
    try:
        with transaction.atomic():
            round_ = Round.objects.create(scheme=scheme, year=year, title=title)
    except IntegrityError:  # created meanwhile by someone else
        raise ActionRefused(
            gettext("A round of this scheme for %(year)s already exists.") % {"year": year}) from None
    pinned = latest_versions(scheme)
    RoundFramework.objects.bulk_create(
        RoundFramework(round=round_, group=group, framework_version=version)
        for group, version in pinned.items()
    )
    RoundTransition.objects.create(round=round_, from_status="", to_status=RoundStatus.DRAFT, by=by)
    record("round.created", round_, by=by, round_id=round_.pk,
           after={"year": round_.year, "title": title, "status": RoundStatus.DRAFT,
                  "frameworks": {group: v.version for group, v in sorted(pinned.items())}})
    return round_


# --- lifecycle -----------------------------------------------------------------------------------

@transaction.atomic
def transition(round_: Round, to: str, *, by: User, reason: str = "") -> RoundTransition:
    """Move the round to status `to`, if the lifecycle table, the user's role and the guards allow it."""
    locked = _lock(round_)
    source = locked.status
    step = lifecycle.move(source, to)
    if step is None:
        raise ActionRefused(gettext("A round cannot go from “%(from)s” to “%(to)s”.") % {
            "from": _status_label(source), "to": _status_label(to)})
    if by.role not in step.roles or not policy.can_manage_scheme(by, locked.scheme):
        raise ActionRefused(gettext("Only the province administrator may do this."))
    reason = (reason or "").strip()
    if step.reason_required and not reason:
        raise ActionRefused(gettext("Give a reason for this step."))
    problems = lifecycle.blockers(locked, to)
    if problems:
        raise ActionRefused(" ".join(problems))
    locked.status = to
    locked.save(update_fields=["status"])
    step_row = RoundTransition.objects.create(round=locked, from_status=source, to_status=to, by=by,
                                              reason=reason)
    record("round.transition", locked, by=by, round_id=locked.pk, reason=reason,
           before={"status": source}, after={"status": to})
    round_.status = to
    return step_row


def _status_label(status: str) -> str:
    try:
        return str(RoundStatus(status).label)
    except ValueError:
        return status


def allowed_moves(round_: Round, user: User) -> list[tuple[lifecycle.Move, list[str]]]:
    """The moves `user` may make from the round's status, each with what still blocks it."""
    if not policy.can_manage_scheme(user, round_.scheme):
        return []
    return [(m, lifecycle.blockers(round_, m.target))
            for m in lifecycle.moves_from(round_.status) if user.role in m.roles]


# --- deadlines -----------------------------------------------------------------------------------

def _check_deadline_status(round_: Round) -> None:
    if round_.status not in DEADLINE_STATUSES:
        raise ActionRefused(gettext("Deadlines can no longer be changed once scoring has started."))


def _check_level(level: str) -> DeadlineLevel:
    try:
        return DeadlineLevel(level)
    except ValueError:
        raise ActionRefused(gettext("Unknown deadline level.")) from None


@transaction.atomic
def set_deadline(round_: Round, level: str, due: dt.date, *, by: User, reason: str = "") -> Deadline:
    """Set (or move) the round's deadline for `level`. Once the round is open, a change needs a reason."""
    locked = _lock(round_)
    _require_admin(by, locked.scheme)
    _check_deadline_status(locked)
    level = _check_level(level)
    reason = (reason or "").strip()
    current = Deadline.objects.filter(round=locked, level=level).first()
    if current is not None and current.due == due:
        return current
    if current is not None and locked.status != RoundStatus.DRAFT and not reason:
        raise ActionRefused(gettext("Give a reason for changing a deadline of an open round."))
    before = {"level": level.value, "due": current.due.isoformat()} if current else None
    if current is None:
        current = Deadline.objects.create(round=locked, level=level, due=due)
    else:
        current.due = due
        current.save(update_fields=["due"])
    record("round.deadline_set", current, by=by, reason=reason, before=before,
           after={"level": level.value, "due": due.isoformat()})
    return current


@transaction.atomic
def extend_deadline(
    round_: Round,
    level: str,
    due: dt.date,
    *,
    by: User,
    reason: str,
    city: City | None = None,
    cluster: Cluster | None = None,
) -> DeadlineExtension:
    """Give one city or one cluster a later deadline for `level`. The reason is required."""
    locked = _lock(round_)
    _require_admin(by, locked.scheme)
    _check_deadline_status(locked)
    level = _check_level(level)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(gettext("An extension needs a reason."))
    if (city is None) == (cluster is None):
        raise ActionRefused(gettext("Choose either one city or one cluster."))
    province_id = locked.scheme.province_id
    if city is not None and city.province_id != province_id:
        raise ActionRefused(gettext("This city is not in the round's province."))
    if cluster is not None and cluster.province_id != province_id:
        raise ActionRefused(gettext("This cluster is not in the round's province."))
    base = Deadline.objects.filter(round=locked, level=level).first()
    if base is None:
        raise ActionRefused(gettext("Set the round's deadline for this level first."))
    if due <= base.due:
        raise ActionRefused(gettext("The new date must be after the round's deadline (%(due)s).") % {
            "due": base.due.isoformat()})
    if cluster is not None:
        before_due = effective_deadline(locked, cluster, level)
    else:
        before_due = (_latest_extensions(locked, level).filter(city=city).values_list("due", flat=True).first()
                      or base.due)
    extension = DeadlineExtension.objects.create(round=locked, level=level, city=city, cluster=cluster,
                                                 due=due, reason=reason, by=by)
    record("round.deadline_extended", extension, by=by, reason=reason, round_id=locked.pk,
           cluster_id=cluster.pk if cluster else None,
           before={"level": level.value, "due": _iso(before_due)},
           after={"level": level.value, "due": due.isoformat(),
                  "city": city.name if city else None, "cluster": cluster.name if cluster else None})
    return extension


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _latest_extensions(round_: Round, level: str) -> Iterable[DeadlineExtension]:
    """The round's extensions for `level`, newest first."""
    return DeadlineExtension.objects.filter(round=round_, level=level).order_by("-at", "-id")


def effective_deadline(round_: Round, cluster: Cluster, level: str) -> dt.date | None:
    """The date that applies to `cluster`: its latest own extension, else its city's latest, else the round's.

    None when the round has no deadline for the level.
    """
    extensions = _latest_extensions(round_, level)
    own = extensions.filter(cluster_id=cluster.pk).values_list("due", flat=True).first()
    if own is not None:
        return own
    city = extensions.filter(city_id=cluster.county.city_id).values_list("due", flat=True).first()
    if city is not None:
        return city
    return Deadline.objects.filter(round=round_, level=level).values_list("due", flat=True).first()


def effective_deadlines(round_: Round, level: str, clusters: Iterable[Cluster]) -> dict[int, dt.date | None]:
    """`effective_deadline` for many clusters at once, in two queries (clusters need `county` loaded)."""
    by_cluster: dict[int, dt.date] = {}
    by_city: dict[int, dt.date] = {}
    for ext in _latest_extensions(round_, level).only("cluster_id", "city_id", "due"):
        if ext.cluster_id is not None:
            by_cluster.setdefault(ext.cluster_id, ext.due)
        else:
            by_city.setdefault(ext.city_id, ext.due)
    base = Deadline.objects.filter(round=round_, level=level).values_list("due", flat=True).first()
    return {c.pk: by_cluster.get(c.pk) or by_city.get(c.county.city_id) or base for c in clusters}


@transaction.atomic
def set_deadlines(round_: Round, dues: dict[str, dt.date], *, by: User, reason: str = "") -> list[Deadline]:
    """`set_deadline` for several levels at once: all are set, or none."""
    return [set_deadline(round_, level, due, by=by, reason=reason) for level, due in dues.items()]
