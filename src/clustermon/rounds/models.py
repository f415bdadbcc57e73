"""A round: one year's exercise of a scheme, with its lifecycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for submission")
    REVIEW = "review", _("under review")
    EXPERT_REVIEW = "expert_review", _("expert review")
    SCORING = "scoring", _("scoring")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class Round(models.Model):
    scheme = models.ForeignKey("frameworks.Scheme", models.PROTECT, related_name="rounds",
                               verbose_name=_("scheme"))
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year whose performance is monitored."))
    title = models.CharField(_("title"), max_length=160)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["scheme", "-year"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="uniq_round_year")]

    def __str__(self) -> str:
        return self.title

    def previous(self) -> Round | None:
        """The round of the same scheme one year earlier (stars and labels need consecutive years)."""
        return Round.objects.filter(scheme_id=self.scheme_id, year=self.year - 1).first()


class RoundFramework(models.Model):
    """The framework version a round pins for one group (H-Art.9)."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="frameworks", verbose_name=_("round"))
    group = models.CharField(_("group"), max_length=60)
    framework_version = models.ForeignKey("frameworks.FrameworkVersion", models.PROTECT, related_name="+",
                                          verbose_name=_("framework version"))

    class Meta:
        verbose_name = _("pinned framework")
        verbose_name_plural = _("pinned frameworks")
        constraints = [models.UniqueConstraint(fields=["round", "group"], name="uniq_round_group")]

    def __str__(self) -> str:
        return f"{self.group}: {self.framework_version_id}"


class RoundTransition(models.Model):
    """One step of a round's lifecycle, shown on its timeline."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="transitions", verbose_name=_("round"))
    from_status = models.CharField(_("from"), max_length=20, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RoundStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("round transition")
        verbose_name_plural = _("round transitions")
        ordering = ["round", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '·'} → {self.to_status}"


class DeadlineLevel(models.TextChoices):
    """Whose work a deadline bounds: the submitters', each review level's, the experts'."""

    SUBMITTER = "submitter", _("submission by clusters")
    COUNTY = "county", _("county review")
    CITY = "city", _("city review")
    PROVINCE = "province", _("province review")
    EXPERT = "expert", _("expert review")


class Deadline(models.Model):
    """The round's deadline for one level (the last day on which the work may be done)."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="deadlines", verbose_name=_("round"))
    level = models.CharField(_("level"), max_length=20, choices=DeadlineLevel.choices)
    due = models.DateField(_("due date"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["round", "due", "level"]
        constraints = [models.UniqueConstraint(fields=["round", "level"], name="uniq_round_deadline")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.due:%Y-%m-%d}"


class DeadlineExtension(models.Model):
    """A later date for one level granted to one city or one cluster, with the reason (append-only)."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="extensions", verbose_name=_("round"))
    level = models.CharField(_("level"), max_length=20, choices=DeadlineLevel.choices)
    city = models.ForeignKey("registry.City", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("cluster"))
    due = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["round", "-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(city__isnull=False, cluster__isnull=True)
                           | models.Q(city__isnull=True, cluster__isnull=False)),
                name="extension_city_xor_cluster",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} → {self.due:%Y-%m-%d} ({self.cluster or self.city})"
