"""Experts and the scores they give to qualitative indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """An expert assigned to score one cluster in one round."""

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="assignments",
                              verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="+", verbose_name=_("cluster"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments",
                               verbose_name=_("expert"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "cluster", "expert"], name="uniq_assignment")
        ]


class ExpertScore(models.Model):
    """One expert's score on one qualitative indicator (a grade letter or points, as text)."""

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="scores",
                                   verbose_name=_("assignment"))
    indicator = models.CharField(_("indicator"), max_length=40)
    score = models.CharField(_("score"), max_length=10)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="uniq_expert_score")
        ]
