"""Enterprise-level data: the enterprises a cluster lists, with their figures for two years.

The framework a round pins says which figures are asked and which leaf values they feed
(`Framework.enterprise_data`); the rows here are what a cluster listed for one submission.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from clustermon.enterprises import creditcode


def validate_credit_code(value: str) -> None:
    if creditcode.problem(creditcode.normalise(value)) is not None:
        raise ValidationError(_("Not a valid unified social credit code."), code="credit_code")


class Enterprise(models.Model):
    """An enterprise of a province, known by its unified social credit code (统一社会信用代码)."""

    province = models.ForeignKey("registry.Province", models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    credit_code = models.CharField(_("unified social credit code"), max_length=18,
                                   validators=[validate_credit_code])
    name = models.CharField(_("name"), max_length=200)
    county = models.ForeignKey("registry.County", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("county"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["province", "credit_code"]
        constraints = [models.UniqueConstraint(fields=["province", "credit_code"], name="uniq_enterprise_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.credit_code})"


class EnterpriseFigure(models.Model):
    """One enterprise as a cluster listed it in a submission: this year's and last year's figures.

    `current` and `previous` map the framework's enterprise field codes to numbers as text (the
    same form as `Submission.values`); a figure not given yet is absent.
    """

    submission = models.ForeignKey("submissions.Submission", models.CASCADE, related_name="enterprise_figures",
                                   verbose_name=_("submission"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="figures",
                                   verbose_name=_("enterprise"))
    position = models.PositiveIntegerField(_("position"), default=0)
    current = models.JSONField(_("this year's figures"), default=dict, blank=True)
    previous = models.JSONField(_("last year's figures"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("enterprise figures")
        verbose_name_plural = _("enterprise figures")
        ordering = ["submission", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "enterprise"], name="uniq_enterprise_listing")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.submission_id}"
