"""Computed results: one versioned result set per computation, one row per cluster.

An approved result set is an immutable snapshot (H-Art.14): its figures, its hash and its rows can
never change or be deleted, by `save()`, `delete()` or a queryset's `update()` / `delete()`. The one
change allowed is its status going from approved to superseded when a later version is approved.
A computed (not yet approved) set is a working copy and is not guarded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenResultError(RuntimeError):
    """Raised when code tries to change or delete approved results."""


# Statuses of a set that was approved once: frozen for good.
FROZEN = ("approved", "superseded")


class ResultSetQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003 - Django's signature
        superseding = set(kwargs) == {"status"} and kwargs["status"] == "superseded"
        if not superseding and self.filter(status__in=FROZEN).exists():
            raise FrozenResultError("approved results cannot be changed")
        if superseding and self.exclude(status__in=FROZEN).exists():
            raise FrozenResultError("only approved results can be superseded")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status__in=FROZEN).exists():
            raise FrozenResultError("approved results cannot be deleted")
        return super().delete()


class ClusterResultQuerySet(models.QuerySet):
    def _frozen(self) -> bool:
        return self.filter(result_set__status__in=FROZEN).exists()

    def update(self, **kwargs):  # noqa: ANN003 - Django's signature
        if self._frozen():
            raise FrozenResultError("approved results cannot be changed")
        return super().update(**kwargs)

    def delete(self):
        if self._frozen():
            raise FrozenResultError("approved results cannot be deleted")
        return super().delete()


class ResultSet(models.Model):
    """The results of one computation of a round. Approved sets are frozen (content hash)."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("computed")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded")

    round = models.ForeignKey("rounds.Round", models.PROTECT, related_name="result_sets",
                              verbose_name=_("round"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.COMPUTED)
    recipe = models.JSONField(_("recipe"), help_text=_("Framework hashes, policies and input hash."))
    content_hash = models.CharField(_("content hash"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("computed by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))

    objects = ResultSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("result set")
        verbose_name_plural = _("result sets")
        ordering = ["round", "-number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="uniq_result_set")]

    def __str__(self) -> str:
        return f"{self.round} · #{self.number}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None:
            self._check_change()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003
        if type(self).objects.filter(pk=self.pk, status__in=FROZEN).exists():
            raise FrozenResultError("approved results cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def frozen(self) -> bool:
        return self.status in FROZEN

    def _check_change(self) -> None:
        """Once approved, only the status may move on (approved → superseded)."""
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or stored.status not in FROZEN:
            return
        changed = [f.attname for f in self._meta.concrete_fields
                   if f.attname != "status" and getattr(stored, f.attname) != getattr(self, f.attname)]
        superseding = self.status == stored.status or (stored.status, self.status) == ("approved", "superseded")
        if changed or not superseding:
            raise FrozenResultError("approved results cannot be changed")


class ClusterResult(models.Model):
    result_set = models.ForeignKey(ResultSet, models.CASCADE, related_name="results",
                                   verbose_name=_("result set"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="results",
                                verbose_name=_("cluster"))
    group = models.CharField(_("group"), max_length=60)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    base = models.DecimalField(_("base score"), max_digits=6, decimal_places=2)
    bonus = models.DecimalField(_("bonus"), max_digits=5, decimal_places=2)
    deduction = models.DecimalField(_("deduction"), max_digits=5, decimal_places=2)
    part_scores = models.JSONField(_("part scores"))
    node_points = models.JSONField(_("points by indicator"))
    rank = models.PositiveIntegerField(_("rank"))
    group_size = models.PositiveIntegerField(_("group size"))
    grade = models.CharField(_("grade"), max_length=20)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0)
    label = models.CharField(_("label"), max_length=10, default="none")
    explanation = models.JSONField(_("explanation"))

    objects = ClusterResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster result")
        verbose_name_plural = _("cluster results")
        ordering = ["result_set", "group", "rank", "cluster_id"]
        constraints = [
            models.UniqueConstraint(fields=["result_set", "cluster"], name="uniq_cluster_result")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.result_set}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None and self._in_frozen_set():
            raise FrozenResultError("approved results cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003
        if self._in_frozen_set():
            raise FrozenResultError("approved results cannot be deleted")
        return super().delete(*args, **kwargs)

    def _in_frozen_set(self) -> bool:
        return ResultSet.objects.filter(pk=self.result_set_id, status__in=FROZEN).exists()
