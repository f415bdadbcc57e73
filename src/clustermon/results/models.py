"""Computed results: one versioned result set per computation, one row per cluster."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("result set")
        verbose_name_plural = _("result sets")
        ordering = ["round", "-number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="uniq_result_set")]

    def __str__(self) -> str:
        return f"{self.round} · #{self.number}"


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

    class Meta:
        verbose_name = _("cluster result")
        verbose_name_plural = _("cluster results")
        ordering = ["result_set", "group", "rank", "cluster_id"]
        constraints = [
            models.UniqueConstraint(fields=["result_set", "cluster"], name="uniq_cluster_result")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.result_set}"
