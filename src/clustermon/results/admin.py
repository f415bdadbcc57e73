"""Back office for results: read-only. Results are computed, approved and published in the application."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clustermon.admin_base import ClustermonAdmin
from clustermon.results.models import ClusterResult, ResultSet


@admin.register(ResultSet)
class ResultSetAdmin(ClustermonAdmin):
    """No add or change; only a computed set that was never approved may be deleted."""

    list_display = ["round", "number", "status", "short_hash", "computed_by", "computed_at", "approved_by",
                    "approved_at"]
    list_filter = ["status", "round__scheme", "round__year"]
    search_fields = ["content_hash", "round__title"]
    list_select_related = ["round", "computed_by", "approved_by"]
    fields = ["round", "number", "status", "content_hash", "recipe", "computed_by", "computed_at",
              "approved_by", "approved_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ResultSet | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ResultSet | None = None) -> bool:
        if obj is not None and obj.status != ResultSet.Status.COMPUTED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        return {}  # bulk deletion would bypass the per-object check above

    @admin.display(description=_("content hash"))
    def short_hash(self, obj: ResultSet) -> str:
        return obj.content_hash[:12]


@admin.register(ClusterResult)
class ClusterResultAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["cluster", "group", "result_set", "total", "rank", "group_size", "grade", "stars", "label"]
    list_filter = ["result_set__round", "result_set__status", "group", "grade", "stars", "label"]
    search_fields = ["cluster__name", "cluster__code"]
    list_select_related = ["cluster", "result_set__round"]
    readonly_fields = ["result_set", "cluster", "group", "total", "base", "bonus", "deduction", "rank",
                       "group_size", "grade", "stars", "label", "part_scores", "node_points", "explanation"]
    fields = readonly_fields
