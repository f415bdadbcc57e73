"""Back office for rounds. The status moves only through the lifecycle (`rounds.actions.transition`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from clustermon.admin_base import ClustermonAdmin, ReadOnlyInline
from clustermon.rounds.models import Round, RoundFramework, RoundTransition


class PinnedFrameworkInline(ReadOnlyInline):
    model = RoundFramework
    fields = ["group", "framework_version"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = RoundTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields


@admin.register(Round)
class RoundAdmin(ClustermonAdmin):
    list_display = ["title", "scheme", "year", "status", "created_at"]
    list_filter = ["scheme", "status", "year"]
    search_fields = ["title"]
    list_select_related = ["scheme"]
    readonly_fields = ["scheme", "year", "status", "created_at"]
    inlines = [PinnedFrameworkInline, TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created in the application, which pins the framework versions

    def has_delete_permission(self, request: HttpRequest, obj: Round | None = None) -> bool:
        return False
