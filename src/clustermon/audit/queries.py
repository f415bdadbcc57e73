"""Reading the audit trail: events as readable sentences, per object, cluster or round.

    {% include "audit/_timeline.html" with timeline=timeline %}

with `timeline = timeline_for(submission)` in the view gives lines such as

    2026-03-02 14:05 浏阳市工信局 张三 将 监测材料 从「县级审核」退回，理由：……

An action is phrased by the template registered for it with `register_phrase` (in the acting
app's `AppConfig.ready`), else generically from its `status` before and after, else by its name.
The caller has fetched the object through `clustermon.policy`; nothing here checks scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent

Extra = Callable[[AuditEvent], Mapping[str, Any]]


@dataclass(frozen=True)
class Phrase:
    template: Promise | str  # %-format with actor, object, from, to and the keys `extra` gives
    extra: Extra | None = None
    details: bool = True  # also list the fields that changed under the sentence


PHRASES: dict[str, Phrase] = {}


def register_phrase(action: str, template: Promise | str, extra: Extra | None = None, *,
                    details: bool = True) -> None:
    """Phrase events of `action`: `template` is a lazy translated %-format string.

    Always available: %(actor)s (unit and name), %(object)s (what was changed), %(from)s and
    %(to)s (the status before and after, as labels). `extra(event)` may add more keys.
    `details=False` when the sentence says it all (no list of changed fields under it).
    """
    PHRASES[action] = Phrase(template, extra, details)


@dataclass(frozen=True)
class Detail:
    """One field that changed: its label and the two values as text."""

    label: str
    before: str
    after: str


@dataclass
class TimelineEntry:
    event: AuditEvent
    when: str
    sentence: str  # who did what, without time and reason
    reason: str
    details: list[Detail] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The whole line: time, sentence and reason."""
        line = f"{self.when} {self.sentence}"
        if self.reason:
            line = gettext("%(sentence)s, reason: %(reason)s") % {"sentence": line, "reason": self.reason}
        return line


# --- actors and objects --------------------------------------------------------------------------

def unit_of(user: Any) -> str:
    """The office a user acts for: the province department, a city or county bureau, a cluster, 专家."""
    if user is None:
        return gettext("the system")
    if user.role in (Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER) and user.province_id:
        return gettext("%(place)s department of industry and IT") % {"place": user.province.name}
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return gettext("%(place)s bureau of industry and IT") % {"place": user.city.name}
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return gettext("%(place)s bureau of industry and IT") % {"place": user.county.name}
    if user.role == Role.SUBMITTER and user.cluster_id:
        return user.cluster.name
    if user.role == Role.EXPERT:
        return gettext("expert")
    return ""


def person_name(user: Any) -> str:
    """Chinese order (family name first), else the user name."""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def actor_text(user: Any) -> str:
    if user is None:
        return gettext("the system")
    unit = unit_of(user)
    return f"{unit} {person_name(user)}" if unit else person_name(user)


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_text(event: AuditEvent) -> str:
    model = _model(event.object_type)
    return str(model._meta.verbose_name) if model else event.object_type


def _choice_label(model: type[Model] | None, name: str, value: Any) -> str:
    if model is None or value is None:
        return _plain(value)
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and relations alike
        return _plain(value)
    for key, label in getattr(model_field, "flatchoices", None) or ():
        if key == value:
            return str(label)
    return _plain(value)


def _field_label(model: type[Model] | None, name: str) -> str:
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001
            pass
    return name


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _status(side: Any) -> Any:
    return side.get("status") if isinstance(side, Mapping) else None


# --- sentences -----------------------------------------------------------------------------------

def sentence(event: AuditEvent) -> str:
    """Who did what, as one sentence in the active language."""
    model = _model(event.object_type)
    context: dict[str, Any] = {
        "actor": actor_text(event.actor),
        "object": object_text(event),
        "from": _choice_label(model, "status", _status(event.before)),
        "to": _choice_label(model, "status", _status(event.after)),
        "action": event.action,
    }
    phrase = PHRASES.get(event.action)
    if phrase is not None:
        if phrase.extra is not None:
            context.update(phrase.extra(event))
        try:
            return str(phrase.template) % context
        except (KeyError, TypeError, ValueError):
            pass
    if _status(event.before) is not None and _status(event.after) is not None:
        return gettext("%(actor)s moved %(object)s from “%(from)s” to “%(to)s”") % context
    if event.before is None and event.after is not None:
        return gettext("%(actor)s created %(object)s (%(action)s)") % context
    return gettext("%(actor)s changed %(object)s (%(action)s)") % context


def details(event: AuditEvent) -> list[Detail]:
    """The fields whose value differs between `before` and `after` (the status is in the sentence)."""
    phrase = PHRASES.get(event.action)
    if phrase is not None and not phrase.details:
        return []
    before = event.before if isinstance(event.before, Mapping) else {}
    after = event.after if isinstance(event.after, Mapping) else {}
    if not before or not after:
        return []
    model = _model(event.object_type)
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        if key == "status" or before.get(key) == after.get(key):
            continue
        out.append(Detail(_field_label(model, key), _choice_label(model, key, before.get(key)),
                          _choice_label(model, key, after.get(key))))
    return out


def entry(event: AuditEvent) -> TimelineEntry:
    when = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")
    return TimelineEntry(event, when, sentence(event), event.reason, details(event))


def entries(events: Iterable[AuditEvent]) -> list[TimelineEntry]:
    return [entry(e) for e in events]


# --- selections ----------------------------------------------------------------------------------

def with_related(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Everything a sentence needs, in the same query."""
    return events.select_related("actor__province", "actor__city", "actor__county", "actor__cluster",
                                 "round__scheme", "cluster")


def events_for(obj: Model | None = None, *, cluster: Any = None, round: Any = None) -> QuerySet[AuditEvent]:  # noqa: A002
    """The events about `obj`, oldest first.

    - an object with both `round_id` and `cluster_id` (a submission and what belongs to it): all
      events of that cluster in that round;
    - a cluster: all its events; a round: the round's own events (lifecycle, deadlines, frameworks);
    - any other object: the events recorded on it;
    - `cluster=` and/or `round=` instead of an object: the events matching both.
    """
    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round

    events = AuditEvent.objects.all()
    if obj is None:
        if cluster is None and round is None:
            return events.none()
        if cluster is not None:
            events = events.filter(cluster_id=getattr(cluster, "pk", cluster))
        if round is not None:
            events = events.filter(round_id=getattr(round, "pk", round))
    elif isinstance(obj, Round):
        own = Q(object_type__startswith="rounds.") | Q(object_type__startswith="frameworks.")
        events = events.filter(own, round_id=obj.pk)
    elif isinstance(obj, Cluster):
        events = events.filter(cluster_id=obj.pk)
    elif getattr(obj, "round_id", None) and getattr(obj, "cluster_id", None):
        events = events.filter(round_id=obj.round_id, cluster_id=obj.cluster_id)
    else:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return events.order_by("at", "id")


def timeline(events: QuerySet[AuditEvent]) -> list[TimelineEntry]:
    """Readable entries for an already selected (and scoped) set of events, oldest first."""
    return entries(with_related(events).order_by("at", "id"))


def timeline_for(obj: Model | None = None, *, cluster: Any = None, round: Any = None,  # noqa: A002
                 limit: int | None = None) -> list[TimelineEntry]:
    """The readable timeline of `obj` (see `events_for`), oldest first; the newest `limit` if given."""
    events = with_related(events_for(obj, cluster=cluster, round=round))
    if limit is not None:
        newest = list(events.order_by("-at", "-id")[:limit])
        return entries(reversed(newest))
    return entries(events)


# --- phrases of the rounds and frameworks apps ---------------------------------------------------

def _level(event: AuditEvent) -> dict[str, Any]:
    from clustermon.rounds.models import DeadlineLevel

    after = event.after or {}
    level = after.get("level", "")
    try:
        label = str(DeadlineLevel(level).label)
    except ValueError:
        label = level
    target = after.get("cluster") or after.get("city") or ""
    return {"level": label, "due": after.get("due", ""), "target": target,
            "previous": (event.before or {}).get("due") or "—"}


def _round_title(event: AuditEvent) -> dict[str, Any]:
    return {"round": event.round.title if event.round_id else ""}


def _framework(event: AuditEvent) -> dict[str, Any]:
    after, before = event.after or {}, event.before or {}
    group = after.get("group", "")
    if event.round_id and group:
        group = event.round.scheme.group_name(group) if event.round.scheme_id else group
    return {"group": group, "version": after.get("version", ""), "previous": before.get("version") or "—"}


register_phrase("round.created", _("%(actor)s created the round %(round)s"), _round_title)
register_phrase("round.transition", _("%(actor)s moved the round from “%(from)s” to “%(to)s”"))
register_phrase("round.deadline_set",
                _("%(actor)s set the deadline for %(level)s to %(due)s"), _level)
register_phrase("round.deadline_extended",
                _("%(actor)s extended the deadline for %(level)s for %(target)s to %(due)s"), _level,
                details=False)
register_phrase("framework.version_created",
                _("%(actor)s created framework version %(version)s (previous: %(previous)s)"), _framework,
                details=False)
register_phrase("round.framework_pinned",
                _("%(actor)s pinned framework version %(version)s for %(group)s (was %(previous)s)"),
                _framework, details=False)


def _scheme(event: AuditEvent) -> dict[str, Any]:
    after = event.after if isinstance(event.after, dict) else {}
    versions = after.get("versions")
    return {"scheme": after.get("scheme", ""), "count": len(versions) if isinstance(versions, dict) else 0}


register_phrase("scheme.imported",
                _("%(actor)s imported the scheme %(scheme)s (%(count)s framework version(s) stored)"), _scheme,
                details=False)
