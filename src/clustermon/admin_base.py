"""What every clustermon admin page shares: who may enter, province scoping, audit, read-only views.

The Django admin is a back office for province administrators and superusers only. Access is
decided by `clustermon.policy` (not by Django's per-model permissions): a province administrator
sees and edits the master data of their own province; a superuser sees everything. Computed or
lifecycle-driven data (rounds' statuses, submissions, expert scores, results, the audit trail) is
read-only here: it changes only through the actions of the web application. Every change made
through the admin writes an audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.audit.log import record
from clustermon.audit.queries import register_phrase

# How each model reaches its province; used to scope lists and dropdowns for province admins.
PROVINCE_PATHS: dict[str, str] = {
    "registry.province": "pk",
    "registry.city": "province",
    "registry.county": "city__province",
    "registry.park": "county__city__province",
    "registry.promotionorganisation": "county__city__province",
    "registry.cluster": "province",
    "accounts.user": "province",
    "frameworks.scheme": "province",
    "frameworks.frameworkversion": "scheme__province",
    "rounds.round": "scheme__province",
    "results.resultset": "round__scheme__province",
    "results.clusterresult": "result_set__round__scheme__province",
    "submissions.submission": "round__scheme__province",
    "submissions.claim": "submission__round__scheme__province",
    "experts.assignment": "round__scheme__province",
    "experts.expertscore": "assignment__round__scheme__province",
}


def may_use_admin(user: Any) -> bool:
    """Superusers, and staff accounts of province administrators."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.role == Role.PROVINCE_ADMIN


def _site_has_permission(request: HttpRequest) -> bool:
    return may_use_admin(request.user)


admin.site.has_permission = _site_has_permission
admin.site.site_header = _("Industrial cluster monitoring · administration")
admin.site.site_title = _("clustermon administration")
admin.site.index_title = _("Master data and records")

register_phrase("admin.added", _("%(actor)s added %(object)s in the back office"))
register_phrase("admin.changed", _("%(actor)s changed %(object)s in the back office"))
register_phrase("admin.deleted", _("%(actor)s deleted %(object)s in the back office"))


def scope_to_province(queryset: models.QuerySet, user: Any) -> models.QuerySet:
    """Everything for a superuser; otherwise the rows of the user's own province."""
    if user.is_superuser:
        return queryset
    path = PROVINCE_PATHS.get(queryset.model._meta.label_lower)
    if path is None or user.province_id is None:
        return queryset.none()
    return queryset.filter(**{path if path == "pk" else f"{path}_id": user.province_id})


class ClustermonAdmin(admin.ModelAdmin):
    """Province-scoped, audited admin. Subclasses set `readonly = True` for view-only models."""

    readonly = False
    list_per_page = 50

    def _allowed(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user) and policy.can_manage_registry(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not self.readonly and self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return not self.readonly and self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return not self.readonly and self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return scope_to_province(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        related = db_field.remote_field.model
        if related._meta.label_lower in PROVINCE_PATHS and "queryset" not in kwargs:
            kwargs["queryset"] = scope_to_province(related._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        fields = sorted(form.changed_data) if form is not None else []
        record("admin.changed" if change else "admin.added", obj, by=request.user,
               after={"fields": fields, "object": str(obj)})

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for gone in formset.deleted_forms:
            if gone.instance.pk is not None:
                record("admin.deleted", gone.instance, by=request.user, before={"object": str(gone.instance)})
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record("admin.added", obj, by=request.user, after={"fields": [], "object": str(obj)})
        for obj, fields in formset.changed_objects:
            record("admin.changed", obj, by=request.user, after={"fields": sorted(fields), "object": str(obj)})

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record("admin.deleted", obj, by=request.user, before={"object": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            record("admin.deleted", obj, by=request.user, before={"object": str(obj)})
        super().delete_queryset(request, queryset)


class ClustermonInline(admin.TabularInline):
    """An editable table of related rows, open to the same users as `ClustermonAdmin`."""

    extra = 0

    def _allowed(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user) and policy.can_manage_registry(request.user)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self._allowed(request)


class ReadOnlyInline(admin.TabularInline):
    """A view-only table of related rows."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may_use_admin(request.user) and policy.can_manage_registry(request.user)
