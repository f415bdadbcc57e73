"""Experts, their assignments to clusters and the scores they give to qualitative indicators.

`Assignment` and `ExpertScore` are read by the results computation (scores of submitted
assignments) and written directly by the demo data: their existing fields keep their names.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Industries are typed as one line: "装备制造、新材料, 电子信息".
INDUSTRY_SEPARATORS = re.compile(r"[,，、;；/\n]+")


def split_industries(text: str) -> list[str]:
    """The industries named in `text`, trimmed, without blanks or repeats, in order."""
    seen: dict[str, None] = {}
    for word in INDUSTRY_SEPARATORS.split(text or ""):
        word = word.strip()
        if word:
            seen.setdefault(word, None)
    return list(seen)


class ExpertProfile(models.Model):
    """An expert of the province's pool (the user's full name is kept on the user, first_name)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="expert_profile",
                                verbose_name=_("user"))
    field = models.CharField(_("field of expertise"), max_length=120, blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True,
                                  help_text=_("Industries the expert knows, matched against a cluster's "
                                              "leading industry."))
    home_city = models.ForeignKey("registry.City", models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("home city"))
    employer = models.CharField(_("employer"), max_length=160, blank=True)
    active = models.BooleanField(_("available for assignment"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class Affiliation(models.Model):
    """A declared tie between an expert and a cluster or a park: an assignment exclusion."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="affiliations",
                               verbose_name=_("expert"))
    cluster = models.ForeignKey("registry.Cluster", models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name=_("cluster"))
    park = models.ForeignKey("registry.Park", models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("park"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(cluster__isnull=False, park__isnull=True)
                           | models.Q(cluster__isnull=True, park__isnull=False)),
                name="affiliation_cluster_xor_park",
            )
        ]

    def __str__(self) -> str:
        return str(self.cluster or self.park)


class AssignmentStatus(models.TextChoices):
    NOT_OPENED = "not_opened", _("not opened")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")


class Assignment(models.Model):
    """An expert assigned to score one cluster in one round."""

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="assignments",
                              verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="+", verbose_name=_("cluster"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments",
                               verbose_name=_("expert"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Set when the expert first opens the cluster and declares no conflict of interest.
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "cluster", "expert"], name="uniq_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.cluster}"

    @property
    def status(self) -> AssignmentStatus:
        if self.submitted_at is not None:
            return AssignmentStatus.SUBMITTED
        if self.opened_at is not None:
            return AssignmentStatus.IN_PROGRESS
        return AssignmentStatus.NOT_OPENED

    def get_status_display(self) -> str:
        return self.status.label


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

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class ConflictKind(models.TextChoices):
    NONE = "none", _("no conflict of interest")
    EMPLOYMENT = "employment", _("employment (works or worked for the cluster, its park or its enterprises)")
    AFFILIATION = "affiliation", _("affiliation (adviser, shareholder, relative or other tie)")
    OTHER = "other", _("other conflict")


class ConflictDeclaration(models.Model):
    """What an expert declared on first opening a cluster. A conflict removed the assignment;
    the declaration stays as the record (round, cluster and expert are copied here)."""

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="+", verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="+", verbose_name=_("cluster"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("expert"))
    assignment = models.ForeignKey(Assignment, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("assignment"))
    kind = models.CharField(_("conflict of interest"), max_length=20, choices=ConflictKind.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_conflict(self) -> bool:
        return self.kind != ConflictKind.NONE


class AssignmentOverride(models.Model):
    """A manual change by the province to the automatic assignment, with its required reason."""

    class Action(models.TextChoices):
        ADD = "add", _("assigned")
        REMOVE = "remove", _("unassigned")

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="+", verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="+", verbose_name=_("cluster"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("expert"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment override")
        verbose_name_plural = _("assignment overrides")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.reason}"


class AssignmentRun(models.Model):
    """One run of the automatic assignment, with the panel size asked and what it could not do."""

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="+", verbose_name=_("round"))
    per_cluster = models.PositiveSmallIntegerField(_("experts per cluster"))
    report = models.JSONField(_("report"), default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} × {self.per_cluster}"


class Diagnosis(models.Model):
    """An expert asked to diagnose a cluster (集群诊断, H-Art.15) and the note they file."""

    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="+", verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="+", verbose_name=_("cluster"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="diagnoses",
                               verbose_name=_("expert"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    note = models.TextField(_("diagnosis note"), blank=True)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cluster diagnosis")
        verbose_name_plural = _("cluster diagnoses")
        ordering = ["-assigned_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cluster", "expert"], name="uniq_diagnosis")
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id} · {self.expert_id}"
