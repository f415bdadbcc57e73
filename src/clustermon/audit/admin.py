"""The audit trail in the back office: read-only, like everywhere else (append-only)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from clustermon import policy
from clustermon.admin_base import ClustermonAdmin
from clustermon.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["at", "actor", "action", "object_type", "object_id", "round", "cluster", "reason"]
    list_filter = ["action", "object_type", "round"]
    search_fields = ["action", "object_type", "object_id", "reason", "actor__username", "actor__first_name"]
    list_select_related = ["actor", "round", "cluster"]
    date_hierarchy = "at"
    fields = ["at", "actor", "action", "object_type", "object_id", "round", "cluster", "before", "after",
              "reason"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        if request.user.is_superuser:
            return AuditEvent.objects.select_related("actor", "round", "cluster")
        return policy.audit_events_for(request.user).select_related("actor", "round", "cluster")

    def get_actions(self, request: HttpRequest) -> dict:
        return {}
