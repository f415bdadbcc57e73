"""Back office for officials: their role and scope next to Django's usual user fields."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clustermon.accounts.models import User
from clustermon.admin_base import ClustermonAdmin

# Only a superuser may grant powers beyond the roles of the platform.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(ClustermonAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "role", "province", "city", "county", "cluster", "is_active",
                    "is_staff", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "province", "city"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["province", "city", "county", "cluster"]
    autocomplete_fields = ["city", "county", "cluster"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Name and contact"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role and scope"), {"fields": ["role", "province", "city", "county", "cluster"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Role and scope"), {"fields": ["first_name", "role", "province", "city", "county", "cluster"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
