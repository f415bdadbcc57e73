"""Follow-up plans (H-Art.15): what a cluster owes after the results are published, and the plan
documents it hands in, version by version, with the city's and the province's decisions.

    PlanRequirement (round, cluster)  ── the kind comes from the published grade (plans.rules)
        └─ Plan version 1, 2, …       ── draft → at_city → at_province → accepted
               └─ PlanDecision          (returned → a new version)

The requirement keeps the status of its newest version (`not_started` before any) and the day
of the first hand-in, so that lists filter on missing and late plans without reading versions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanKind(models.TextChoices):
    IMPROVEMENT = "improvement", _("improvement plan")  # 提升方案 (excellent)
    CULTIVATION = "cultivation", _("cultivation improvement plan")  # 培育提升方案 (good, qualified)
    RECTIFICATION = "rectification", _("rectification plan")  # 整改方案 (unqualified)


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")  # a requirement without any version
    DRAFT = "draft", _("draft")
    AT_CITY = "at_city", _("at city review")
    AT_PROVINCE = "at_province", _("at province review")
    RETURNED = "returned", _("returned for revision")
    ACCEPTED = "accepted", pgettext_lazy("plan status", "accepted")


# The submitter holds the plan in these statuses (may save and submit).
WITH_SUBMITTER = frozenset({PlanStatus.NOT_STARTED, PlanStatus.DRAFT, PlanStatus.RETURNED})
# Handed in and waiting for a reviewer.
IN_REVIEW = frozenset({PlanStatus.AT_CITY, PlanStatus.AT_PROVINCE})


class PlanRequirement(models.Model):
    """The plan one cluster owes after one published round, and by when."""

    round = models.ForeignKey("rounds.Round", models.PROTECT, related_name="plan_requirements",
                              verbose_name=_("round"))
    cluster = models.ForeignKey("registry.Cluster", models.PROTECT, related_name="plan_requirements",
                                verbose_name=_("cluster"))
    result = models.ForeignKey("results.ClusterResult", models.PROTECT, related_name="+",
                               verbose_name=_("published result"))
    grade = models.CharField(_("grade"), max_length=20)
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    due = models.DateField(_("due date"), help_text=_("The last day on which the plan is on time."))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.NOT_STARTED)
    first_submitted_at = models.DateTimeField(_("first handed in at"), null=True, blank=True)
    first_submitted_on = models.DateField(_("first handed in on"), null=True, blank=True,
                                          help_text=_("The local date of the first hand-in (lateness)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("required by"))
    created_at = models.DateTimeField(_("required at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan requirement")
        verbose_name_plural = _("plan requirements")
        ordering = ["round", "cluster__code"]
        constraints = [models.UniqueConstraint(fields=["round", "cluster"], name="uniq_plan_requirement")]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.get_kind_display()}"


class Plan(models.Model):
    """One version of a cluster's plan: the document, and for improvement plans the timetable and
    roadmap; the focus indicators it addresses. The file is stored like evidence files (outside the
    web root, under `evidence/plans/<round>/<requirement>/`) and served by a scoped download."""

    requirement = models.ForeignKey(PlanRequirement, models.CASCADE, related_name="versions",
                                    verbose_name=_("plan requirement"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    name = models.CharField(_("file name"), max_length=120, blank=True)
    path = models.CharField(_("stored path"), max_length=400, blank=True,
                            help_text=_("Relative to MEDIA_ROOT; never shown to users."))
    content_type = models.CharField(_("detected type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    timetable = models.TextField(_("timetable"), blank=True,
                                 help_text=_("One milestone per line, starting with its date."))
    roadmap = models.TextField(_("roadmap"), blank=True)
    focus = models.JSONField(_("focus indicators"), default=list, blank=True)
    note = models.TextField(_("note to the reviewers"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("handed in by"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["requirement", "version"]
        constraints = [models.UniqueConstraint(fields=["requirement", "version"], name="uniq_plan_version")]

    def __str__(self) -> str:
        return f"{self.requirement} v{self.version}"

    @property
    def has_document(self) -> bool:
        return bool(self.path)


class PlanDecision(models.Model):
    """A reviewer's decision on one plan version: pass (the province's pass accepts) or return."""

    class Level(models.TextChoices):
        CITY = "city", pgettext_lazy("review level", "city")
        PROVINCE = "province", pgettext_lazy("review level", "province")

    class Decision(models.TextChoices):
        PASS = "pass", _("pass")
        RETURN = "return", _("return")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="decisions", verbose_name=_("plan"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan decision")
        verbose_name_plural = _("plan decisions")
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_decision_display()}"
