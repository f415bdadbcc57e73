"""Schemes and their versioned frameworks (指标体系), stored as resolved documents."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from clustermon import scoring


class Scheme(models.Model):
    """A province's rules for one kind of exercise, shipped as a folder under `schemes/`."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    province = models.ForeignKey("registry.Province", models.PROTECT, related_name="schemes",
                                 verbose_name=_("province"))
    manifest = models.JSONField(_("manifest"), help_text=_("Groups and policies of the scheme."))

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def groups(self) -> list[dict]:
        return self.manifest.get("groups", [])

    def group_name(self, code: str, language: str = "zh") -> str:
        for group in self.groups:
            if group["code"] == code:
                return group["name"].get(language) or group["name"].get("zh") or code
        return code


class FrameworkVersion(models.Model):
    """One immutable version of a group's indicator framework (H-Art.9: changes make a new version)."""

    scheme = models.ForeignKey(Scheme, models.PROTECT, related_name="versions", verbose_name=_("scheme"))
    group = models.CharField(_("group"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    document = models.JSONField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    reason = models.TextField(_("reason for this version"), blank=True)
    previous = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("previous version"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["scheme", "group", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "group", "version"], name="uniq_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}/{self.group} {self.version}"

    @cached_property
    def framework(self) -> scoring.Framework:
        """The parsed core object (validated when the version was stored)."""
        from clustermon import scoring

        return scoring.parse_framework(self.document, source=str(self))
