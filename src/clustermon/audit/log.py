"""Write audit events. Call `record` inside the same transaction as the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models

from clustermon.audit.models import AuditEvent


def record(
    action: str,
    obj: models.Model,
    *,
    by: Any,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    round_id: int | None = None,
    cluster_id: int | None = None,
) -> AuditEvent:
    """Append one event: `by` did `action` on `obj`, changing `before` into `after`, because `reason`."""
    if round_id is None and obj._meta.label_lower == "rounds.round":
        round_id = obj.pk
    return AuditEvent.objects.create(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actor=by if getattr(by, "pk", None) else None,
        before=before,
        after=after,
        reason=reason,
        round_id=round_id if round_id is not None else getattr(obj, "round_id", None),
        cluster_id=cluster_id if cluster_id is not None else getattr(obj, "cluster_id", None),
    )
