"""Enterprises in the back office: read-only, scoped to the province (the lists change through
the web application's actions, which audit every change)."""

from __future__ import annotations

from django.contrib import admin

from clustermon.admin_base import PROVINCE_PATHS, ClustermonAdmin
from clustermon.enterprises.models import Enterprise, EnterpriseFigure

PROVINCE_PATHS.setdefault("enterprises.enterprise", "province")
PROVINCE_PATHS.setdefault("enterprises.enterprisefigure", "submission__round__scheme__province")


@admin.register(Enterprise)
class EnterpriseAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["credit_code", "name", "county", "created_at"]
    search_fields = ["credit_code", "name"]


@admin.register(EnterpriseFigure)
class EnterpriseFigureAdmin(ClustermonAdmin):
    readonly = True
    list_display = ["enterprise", "submission", "position", "updated_at"]
    list_select_related = ["enterprise", "submission__cluster", "submission__round"]
