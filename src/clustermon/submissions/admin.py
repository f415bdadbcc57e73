"""Submissions in the back office: read-only (they change through submission, review and site checks)."""

from __future__ import annotations

from django.contrib import admin

from clustermon.admin_base import ClustermonAdmin, ReadOnlyInline
from clustermon.submissions.models import Claim, Submission


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["kind", "item", "points", "reason", "decision"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["cluster", "round", "group", "status", "version", "updated_at"]
    list_filter = ["round", "status", "group", "cluster__county__city"]
    search_fields = ["cluster__name", "cluster__code"]
    list_select_related = ["cluster", "round"]
    fields = ["round", "cluster", "group", "status", "version", "updated_at", "values", "narratives"]
    readonly_fields = fields
    inlines = [ClaimInline]


@admin.register(Claim)
class ClaimAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["submission", "kind", "item", "points", "decision"]
    list_filter = ["kind", "decision", "submission__round"]
    search_fields = ["item", "reason", "submission__cluster__name"]
    list_select_related = ["submission__cluster", "submission__round"]
    fields = ["submission", "kind", "item", "points", "reason", "decision"]
    readonly_fields = fields
