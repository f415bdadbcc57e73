"""Expert assignments and scores in the back office: read-only (experts score in the application)."""

from __future__ import annotations

from django.contrib import admin

from clustermon.admin_base import ClustermonAdmin, ReadOnlyInline
from clustermon.experts.models import Assignment, ExpertScore


class ScoreInline(ReadOnlyInline):
    model = ExpertScore
    fields = ["indicator", "score", "comment"]
    readonly_fields = fields


@admin.register(Assignment)
class AssignmentAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["expert", "cluster", "round", "submitted_at"]
    list_filter = ["round", "expert"]
    search_fields = ["cluster__name", "expert__username", "expert__first_name"]
    list_select_related = ["expert", "cluster", "round"]
    fields = ["round", "cluster", "expert", "submitted_at"]
    readonly_fields = fields
    inlines = [ScoreInline]


@admin.register(ExpertScore)
class ExpertScoreAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["assignment", "indicator", "score"]
    list_filter = ["assignment__round", "indicator"]
    search_fields = ["indicator", "assignment__cluster__name", "assignment__expert__username"]
    list_select_related = ["assignment__expert", "assignment__cluster"]
    fields = ["assignment", "indicator", "score", "comment"]
    readonly_fields = fields
