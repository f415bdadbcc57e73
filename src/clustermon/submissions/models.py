"""A cluster's data for a round (监测材料): values, narratives and claims."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AT_COUNTY = "at_county", _("at county review")
    AT_CITY = "at_city", _("at city review")
    AT_PROVINCE = "at_province", _("at province review")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted by the province")


class Submission(models.Model):
    round = models.ForeignKey("rounds.Round", models.PROTECT, related_name="submissions",
                              verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="submissions",
                                verbose_name=_("cluster"))
    group = models.CharField(_("group"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)
    values = models.JSONField(_("values"), default=dict, blank=True,
                              help_text=_("Indicator code → value as entered (text)."))
    narratives = models.JSONField(_("narratives"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Bumped on every change; guards concurrent edits."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["round", "cluster"], name="uniq_submission")]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.round}"


class Claim(models.Model):
    """A bonus or deduction item claimed for a cluster, accepted or rejected by the province (D8)."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("bonus")
        DEDUCTION = "deduction", _("deduction")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="claims",
                                   verbose_name=_("submission"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    item = models.CharField(_("item"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("reason"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices,
                                default=Decision.PENDING)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
