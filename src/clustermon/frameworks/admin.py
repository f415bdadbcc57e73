"""Back office for schemes and their framework versions (stored documents are never edited here)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon.admin_base import ClustermonAdmin, ReadOnlyInline
from clustermon.frameworks.actions import import_scheme
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.web.errors import ActionRefused


class VersionInline(ReadOnlyInline):
    model = FrameworkVersion
    fields = ["group", "version", "content_hash", "reason", "created_by", "created_at"]
    readonly_fields = fields
    ordering = ["group", "-created_at"]


@admin.register(Scheme)
class SchemeAdmin(ClustermonAdmin):
    list_display = ["name", "code", "province", "name_en"]
    list_filter = ["province"]
    search_fields = ["name", "code", "name_en"]
    readonly_fields = ["code", "province", "manifest"]
    inlines = [VersionInline]
    actions = ["reimport"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # schemes come from the shipped files: `import_scheme`

    def has_delete_permission(self, request: HttpRequest, obj: Scheme | None = None) -> bool:
        return False

    @admin.action(description=_("Import the shipped scheme files again (new versions where they changed)"))
    def reimport(self, request: HttpRequest, queryset: QuerySet[Scheme]) -> None:
        for scheme in queryset:
            try:
                import_scheme(scheme.code, by=request.user, province=scheme.province)
            except ActionRefused as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, gettext("%(scheme)s imported.") % {"scheme": scheme.name})


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ClustermonAdmin):
    """Versions are immutable (H-Art.9): a change is a new version, made in the application."""

    readonly = True
    list_display = ["scheme", "group", "version", "short_hash", "created_by", "created_at"]
    list_filter = ["scheme", "group"]
    search_fields = ["version", "group", "reason", "content_hash"]
    list_select_related = ["scheme", "created_by"]
    fields = ["scheme", "group", "version", "content_hash", "previous", "reason", "created_by", "created_at",
              "document"]
    readonly_fields = fields

    @admin.display(description=_("content hash"))
    def short_hash(self, obj: FrameworkVersion) -> str:
        return obj.content_hash[:12]
