"""Review level by level (审核): decisions, comments per indicator, on-site checks and corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    COUNTY = "county", pgettext_lazy("review level", "county")
    CITY = "city", pgettext_lazy("review level", "city")
    PROVINCE = "province", pgettext_lazy("review level", "province")


class Decision(models.TextChoices):
    PASS = "pass", _("passed up")
    RETURN = "return", _("returned")


class ReviewDecision(models.Model):
    """One level's decision on a submission, with the values as they stood at that moment."""

    submission = models.ForeignKey("submissions.Submission", models.CASCADE, related_name="decisions",
                                   verbose_name=_("submission"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    snapshot = models.JSONField(_("values at that moment"), default=dict, blank=True)
    narratives_snapshot = models.JSONField(_("narratives at that moment"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version after the decision"))

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["submission", "at", "id"]
        indexes = [models.Index(fields=["submission", "decision"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_decision_display()}"


class ReviewComment(models.Model):
    """A reviewer's comment on one indicator, carried by a return."""

    decision = models.ForeignKey(ReviewDecision, models.CASCADE, related_name="comments",
                                 verbose_name=_("decision"))
    indicator = models.CharField(_("indicator"), max_length=40)
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["decision", "indicator", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.text}"


class SiteCheck(models.Model):
    """An on-site check (实地核查) recorded by the province."""

    submission = models.ForeignKey("submissions.Submission", models.CASCADE, related_name="site_checks",
                                   verbose_name=_("submission"))
    date = models.DateField(_("date of the check"))
    inspectors = models.CharField(_("inspectors"), max_length=300)
    findings = models.TextField(_("findings"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                           verbose_name=_("recorded by"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("on-site check")
        verbose_name_plural = _("on-site checks")
        ordering = ["submission", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} · {self.inspectors}"


class Correction(models.Model):
    """A value corrected by an on-site check. The submitted value stays in the submission."""

    site_check = models.ForeignKey(SiteCheck, models.CASCADE, related_name="corrections",
                                   verbose_name=_("on-site check"))
    indicator = models.CharField(_("indicator"), max_length=40)
    original_value = models.CharField(_("original value"), max_length=200, blank=True)
    corrected_value = models.CharField(_("corrected value"), max_length=200)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["site_check", "indicator", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site_check", "indicator"], name="uniq_correction_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.original_value} → {self.corrected_value}"


class LastSeen(models.Model):
    """The version of a submission a reviewer last looked at, for "changed since last seen"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    submission = models.ForeignKey("submissions.Submission", models.CASCADE, related_name="+",
                                   verbose_name=_("submission"))
    version = models.PositiveIntegerField(_("version"))
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("last seen")
        verbose_name_plural = _("last seen")
        constraints = [models.UniqueConstraint(fields=["user", "submission"], name="uniq_last_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.submission_id} · v{self.version}"
