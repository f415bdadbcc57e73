"""How the audit timeline phrases the events of follow-up plans."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from clustermon.audit.models import AuditEvent
from clustermon.audit.queries import register_phrase
from clustermon.plans.models import PlanKind
from clustermon.results.display import grade_name


def _kind(code: Any) -> str:
    try:
        return str(PlanKind(code).label)
    except ValueError:
        return str(code or "—")


def _requirement(event: AuditEvent) -> dict[str, Any]:
    after, before = event.after or {}, event.before or {}
    return {"kind": _kind(after.get("kind")), "grade": grade_name(after.get("grade", "")),
            "due": after.get("due", ""), "previous": before.get("due") or "—",
            "old_kind": _kind(before.get("kind")), "old_grade": grade_name(before.get("grade", ""))}


def _version(event: AuditEvent) -> dict[str, Any]:
    after = event.after or {}
    return {"version": after.get("version", "?"), "document": after.get("document") or "—",
            "days": after.get("days_late", 0)}


register_phrase("plans.required", _("%(actor)s required a %(kind)s (grade: %(grade)s), due %(due)s"),
                _requirement, details=False)
register_phrase("plans.regraded", _("%(actor)s changed the required plan to a %(kind)s after corrected results "
                                    "(grade: %(old_grade)s → %(grade)s)"), _requirement, details=False)
register_phrase("plans.due_set", _("%(actor)s moved the due date of the plan from %(previous)s to %(due)s"),
                _requirement, details=False)
register_phrase("plans.saved", _("%(actor)s saved a draft of version %(version)s"), _version, details=False)
register_phrase("plans.submitted", _("%(actor)s handed in version %(version)s (%(document)s)"), _version,
                details=False)
register_phrase("plans.passed", _("%(actor)s passed version %(version)s on to the province"), _version,
                details=False)
register_phrase("plans.accepted", _("%(actor)s accepted version %(version)s"), _version, details=False)
register_phrase("plans.returned", _("%(actor)s returned version %(version)s to the submitters"), _version,
                details=False)
