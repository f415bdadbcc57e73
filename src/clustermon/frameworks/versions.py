"""Framework versions (H-Art.9): a change within the year makes a new version with a reason.

`new_version` validates a document with the scoring core, stores it as the group's next version
and, for a round, pins it there. `diff_versions` lists the differences between two versions
indicator by indicator, for people to read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon import policy
from clustermon.audit.log import record
from clustermon.frameworks import display
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.rounds.models import Round, RoundFramework, RoundStatus
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.scoring import Issue

# A round's framework may be fine-tuned until its results are approved.
REPIN_STATUSES = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.REVIEW,
                            RoundStatus.EXPERT_REVIEW, RoundStatus.SCORING})


class FrameworkInvalid(ActionRefused):
    """The document does not pass the core's validation; `.issues` says where and why."""

    def __init__(self, message: str, issues: list[Issue]) -> None:
        super().__init__(message)
        self.issues = issues


def issue_text(issue: Issue) -> str:
    """The issue's message in the user's language (the same wording as `clustermon scheme validate`)."""
    from clustermon.cli.issues import message

    return message(issue)


def content_hash(document: Mapping[str, Any]) -> str:
    """The same canonical hash the core gives (`Framework.content_hash`)."""
    import hashlib

    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_version(scheme: Scheme, group: str) -> FrameworkVersion | None:
    """The group's newest stored version."""
    return (FrameworkVersion.objects.filter(scheme=scheme, group=group)
            .order_by("-created_at", "-id").first())


def _free_label(scheme: Scheme, group: str, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… when that label is already taken in the group."""
    taken = set(FrameworkVersion.objects.filter(scheme=scheme, group=group).values_list("version", flat=True))
    label, n = wanted, 1
    while label in taken:
        n += 1
        label = f"{wanted}-{n}"
    return label


def _validate(document: Any, scheme: Scheme, group: str, source: str) -> dict[str, Any]:
    """The resolved document, or FrameworkInvalid listing every issue the core found."""
    from clustermon.scoring import FrameworkError, parse_framework

    if not isinstance(document, Mapping):
        raise ActionRefused(gettext("The framework must be a YAML mapping (key: value)."))
    try:
        framework = parse_framework(dict(document), source=source)
    except FrameworkError as exc:
        raise FrameworkInvalid(gettext("The framework is not valid: %(count)s problem(s).")
                               % {"count": len(exc.issues)}, exc.issues) from None
    if framework.scheme != scheme.code or framework.group != group:
        raise ActionRefused(gettext("The document is for %(scheme)s / %(group)s, not %(expected)s.") % {
            "scheme": framework.scheme, "group": framework.group,
            "expected": f"{scheme.code} / {group}"})
    return framework.to_dict()


@transaction.atomic
def new_version(round_or_scheme: Round | Scheme, group: str, document: Mapping[str, Any], *,
                by: User, reason: str) -> FrameworkVersion:
    """Store `document` as the group's next framework version; in a round, pin it there.

    The previous version is the round's pinned one (or the group's newest for a scheme).
    Refused without a reason, when the document is invalid or unchanged, and once a round's
    results are approved.
    """
    round_ = round_or_scheme if isinstance(round_or_scheme, Round) else None
    if round_ is not None:
        round_ = Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round_.pk)
    scheme = round_.scheme if round_ is not None else round_or_scheme
    if not policy.can_manage_scheme(by, scheme):
        raise ActionRefused(gettext("Only the province administrator may do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(gettext("A new framework version needs a reason."))
    if group not in {g["code"] for g in scheme.groups}:
        raise ActionRefused(gettext("The scheme has no group %(group)s.") % {"group": group})
    if round_ is not None and round_.status not in REPIN_STATUSES:
        raise ActionRefused(gettext("The framework of a round can no longer change once its results "
                                    "are approved."))
    if round_ is not None:
        pinned = round_.frameworks.filter(group=group).select_related("framework_version").first()
        previous = pinned.framework_version if pinned else current_version(scheme, group)
    else:
        previous = current_version(scheme, group)
    resolved = _validate(document, scheme, group, source=f"{scheme.code}/{group}")
    if previous is not None and previous.document == resolved:
        raise ActionRefused(gettext("The document is the same as version %(version)s.")
                            % {"version": previous.version})
    label = _free_label(scheme, group, resolved["version"])
    resolved["version"] = label
    version = FrameworkVersion.objects.create(
        scheme=scheme, group=group, version=label, document=resolved, content_hash=content_hash(resolved),
        reason=reason, previous=previous, created_by=by,
    )
    record("framework.version_created", version, by=by, reason=reason,
           round_id=round_.pk if round_ is not None else None,
           before={"version": previous.version} if previous else None,
           after={"version": label, "group": group, "changes": len(diff_versions(previous, version))
                  if previous else None})
    if round_ is not None:
        pin_version(round_, version, by=by, reason=reason)
    return version


@transaction.atomic
def pin_version(round_: Round, version: FrameworkVersion, *, by: User, reason: str) -> RoundFramework:
    """Make `version` the one the round uses for its group (audited, with a reason)."""
    round_ = Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round_.pk)
    if not policy.can_manage_scheme(by, round_.scheme) or version.scheme_id != round_.scheme_id:
        raise ActionRefused(gettext("Only the province administrator may do this."))
    if round_.status not in REPIN_STATUSES:
        raise ActionRefused(gettext("The framework of a round can no longer change once its results "
                                    "are approved."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(gettext("Give a reason for changing the framework of a round."))
    pin = round_.frameworks.filter(group=version.group).select_related("framework_version").first()
    before = {"group": version.group, "version": pin.framework_version.version} if pin else None
    if pin is None:
        pin = RoundFramework.objects.create(round=round_, group=version.group, framework_version=version)
    elif pin.framework_version_id == version.pk:
        return pin
    else:
        pin.framework_version = version
        pin.save(update_fields=["framework_version"])
    record("round.framework_pinned", pin, by=by, reason=reason, round_id=round_.pk, before=before,
           after={"group": version.group, "version": version.version, "version_id": version.pk})
    return pin


# --- differences ---------------------------------------------------------------------------------

FIELD_LABELS: dict[str, Any] = {
    "name": _("name"), "points": _("points"), "method": _("scoring method"), "params": _("parameters"),
    "unit": _("unit"), "kind": _("kind"), "required": _("required"), "definition": _("definition"),
    "source": _("data source"), "note": _("note"), "min": _("minimum"), "max": _("maximum"),
    "yoy_warning": _("year-on-year warning"), "parent": _("position in the tree"), "weight": _("weight"),
    "cap": _("cap"), "max_points": _("maximum points"), "description": _("description"),
    "left": _("left side"), "op": _("comparison"), "right": _("right side"), "message": _("message"),
    "grade_policy": _("grade policy"), "aggregation": _("aggregation of expert scores"),
    "status": _("status"),
}

KIND_LABELS: dict[str, Any] = {
    "indicator": _("indicator"), "part": _("part"), "bonus": _("bonus item"),
    "deduction": _("deduction item"), "rule": _("cross-field rule"), "framework": _("framework"),
}

CHANGE_LABELS: dict[str, Any] = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


@dataclass(frozen=True)
class Change:
    """One difference: `kind` of element (indicator, part, bonus…), its code and what changed.

    `change` is added, removed or changed; for a change, `field` names the attribute and
    `before`/`after` hold the two values (as stored in the documents); for an indicator's
    parameters, `before_rule`/`after_rule` say each side's scoring rule in words.
    """

    kind: str
    code: str
    name: str
    change: str
    field: str = ""
    before: Any = None
    after: Any = None
    path: tuple[str, ...] = ()
    before_rule: str = ""
    after_rule: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))

    @property
    def before_text(self) -> str:
        return value_text(self.before, self.field)

    @property
    def after_text(self) -> str:
        return value_text(self.after, self.field)


def value_text(value: Any, field_name: str = "") -> str:
    """A value of a document as a short readable text (names in the user's language)."""
    if value is None:
        return "—"
    if field_name == "method" and value in display.METHOD_LABELS:
        return f"{display.METHOD_LABELS[value]} ({value})"
    if field_name == "kind" and value in display.KIND_LABELS:
        return str(display.KIND_LABELS[value])
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Mapping) and value and set(value) <= {"zh", "en"}:
        return display.text(value)
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _zh(name: Any) -> str:
    return display.text(name)


@dataclass
class _Element:
    kind: str
    code: str
    data: dict[str, Any]
    parent: str
    path: tuple[str, ...]


def _walk_nodes(nodes: list[Mapping[str, Any]], parent: str, path: tuple[str, ...]) -> Iterator[_Element]:
    for node in nodes or []:
        here = (*path, _zh(node.get("name")))
        attrs = {k: v for k, v in node.items() if k != "children"}
        yield _Element("indicator", str(node.get("code")), attrs, parent, path)
        yield from _walk_nodes(node.get("children") or [], str(node.get("code")), here)


def _elements(document: Mapping[str, Any]) -> dict[tuple[str, str], _Element]:
    """Every comparable element of a resolved document, keyed by (kind, code), in document order."""
    out: dict[tuple[str, str], _Element] = {}
    top = {k: document.get(k) for k in ("status", "grade_policy", "aggregation") if k in document}
    out[("framework", "")] = _Element("framework", "", top, "", ())
    for part in document.get("parts") or []:
        code = str(part.get("code"))
        out[("part", code)] = _Element("part", code, {k: part.get(k) for k in ("name", "weight")}, "", ())
        for element in _walk_nodes(part.get("indicators") or [], code, (_zh(part.get("name")),)):
            out[(element.kind, element.code)] = element
    for kind in ("bonus", "deduction"):
        catalogue = document.get(kind) or {}
        out[(kind, "")] = _Element(kind, "", {"cap": catalogue.get("cap")}, "", ())
        for item in catalogue.get("items") or []:
            out[(kind, str(item.get("code")))] = _Element(kind, str(item.get("code")), dict(item), "", ())
    for rule in document.get("rules") or []:
        out[("rule", str(rule.get("code")))] = _Element("rule", str(rule.get("code")), dict(rule), "", ())
    return out


def _field_order(key: str) -> int:
    order = list(FIELD_LABELS)
    return order.index(key) if key in order else len(order)


def diff_documents(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Change]:
    """The differences from document `a` to document `b`, element by element, in `b`'s order
    (removed elements at the end, in `a`'s order)."""
    old, new = _elements(a), _elements(b)
    changes: list[Change] = []
    for key, element in new.items():
        name = _zh(element.data.get("name"))
        if key not in old:
            changes.append(Change(element.kind, element.code, name, "added", path=element.path))
            continue
        before = old[key]
        for attr in sorted(set(before.data) | set(element.data), key=_field_order):
            if attr == "code" or before.data.get(attr) == element.data.get(attr):
                continue
            rules = (("", "") if attr != "params" or element.kind != "indicator"
                     else (display.rule_text(before.data), display.rule_text(element.data)))
            changes.append(Change(element.kind, element.code, name, "changed", attr,
                                  before.data.get(attr), element.data.get(attr), element.path, *rules))
        if before.parent != element.parent and element.kind == "indicator":
            changes.append(Change(element.kind, element.code, name, "changed", "parent",
                                  before.parent, element.parent, element.path))
    for key, element in old.items():
        if key not in new:
            changes.append(Change(element.kind, element.code, _zh(element.data.get("name")), "removed",
                                  path=element.path))
    return changes


def diff_versions(a: FrameworkVersion, b: FrameworkVersion) -> list[Change]:
    """What changed from version `a` to version `b`, indicator by indicator."""
    return diff_documents(a.document, b.document)
