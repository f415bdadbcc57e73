"""Stored robustness analyses of a round's grades (an analysis around the official results,
never a grade)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RobustnessRun(models.Model):
    """One Monte Carlo analysis of every group of a round, against one result set.

    `settings` is what the user chose (weight range, draws, aggregation varied, threshold, seed);
    `data` is `{group: RobustnessResult.to_dict()}`: per cluster the median rank, the 5–95 % rank
    interval, each grade's probability and `unstable`. `unstable` lists the flagged cluster ids
    of all groups. `matches_results` says whether the analysis's official figures (scored from
    the inputs when it ran) equal the result set's stored grades and totals.
    """

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="robustness_runs",
                              verbose_name=_("round"))
    result_set = models.ForeignKey("results.ResultSet", models.CASCADE, related_name="robustness_runs",
                                   verbose_name=_("result set"))
    settings = models.JSONField(_("settings"))
    data = models.JSONField(_("figures"))
    unstable = models.JSONField(_("clusters with an unstable grade"), default=list)
    matches_results = models.BooleanField(_("matches the stored results"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    job = models.ForeignKey("jobs.Job", models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name=_("background job"))

    class Meta:
        verbose_name = _("robustness analysis")
        verbose_name_plural = _("robustness analyses")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["round", "-created"], name="robustness_round_created")]

    def __str__(self) -> str:
        return f"{self.round} · {self.created:%Y-%m-%d %H:%M}"
