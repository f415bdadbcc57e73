"""New-cluster applications (申报): a call, the applications to it, their materials, the automatic
condition checks, the review chain, expert scores and the province's decisions.

A call's rules (form, materials checklist, conditions, expert scale) are data: the scheme's
`application-call.yaml`, copied into the call when it is created (`rules` + `rules_hash`), so a
later edit of the file never changes a running call.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clustermon.review.models import Decision, Level

if TYPE_CHECKING:
    from clustermon.applications.rules import CallRules


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for applications")
    REVIEW = "review", _("under review")
    EXPERT_REVIEW = "expert_review", _("expert review")
    DECIDED = "decided", _("approved")
    ANNOUNCED = "announced", _("announced")


CALL_ORDER = [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.REVIEW, CallStatus.EXPERT_REVIEW,
              CallStatus.DECIDED, CallStatus.ANNOUNCED]


class ApplicationCall(models.Model):
    """One year's call for applications of a scheme (申报通知)."""

    scheme = models.ForeignKey("frameworks.Scheme", models.PROTECT, related_name="application_calls",
                               verbose_name=_("scheme"))
    province = models.ForeignKey("registry.Province", models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=160)
    deadline = models.DateField(_("deadline"), help_text=_("The last day on which applications may be submitted."))
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    rules = models.JSONField(_("rules"), help_text=_("The call file as it was when the call was created."))
    rules_hash = models.CharField(_("rules hash"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    announcement_note = models.TextField(_("announcement note"), blank=True)
    recognised_at = models.DateTimeField(_("recognised at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-year", "scheme_id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="uniq_application_call_year")]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def parsed(self) -> CallRules:
        from clustermon.applications.rules import parse_call

        return parse_call(self.rules, source=str(self))


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AT_CITY = "at_city", _("at city review")
    AT_PROVINCE = "at_province", _("at province review")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted by the province")


EDITABLE_APPLICATION_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})


class Application(models.Model):
    """A county's or a city's application for one new cluster (申报表 and materials)."""

    call = models.ForeignKey(ApplicationCall, models.PROTECT, related_name="applications", verbose_name=_("call"))
    city = models.ForeignKey("registry.City", models.PROTECT, related_name="+", verbose_name=_("city"))
    county = models.ForeignKey("registry.County", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("county"), help_text=_("Empty when the city applies itself."))
    name = models.CharField(_("proposed cluster name"), max_length=160)
    leading_industry = models.CharField(_("leading industry"), max_length=120)
    core_park_name = models.CharField(_("core park"), max_length=120)
    park_county = models.ForeignKey("registry.County", models.PROTECT, related_name="+",
                                    verbose_name=_("county of the core park"))
    promotion_organisation_name = models.CharField(_("promotion organisation"), max_length=160, blank=True)
    values = models.JSONField(_("form values"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Bumped on every change; guards concurrent edits."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    cluster = models.OneToOneField("registry.Cluster", models.PROTECT, null=True, blank=True,
                                   related_name="application", verbose_name=_("recognised cluster"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call_id", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="uniq_application_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def applicant_level(self) -> str:
        return Level.COUNTY if self.county_id else Level.CITY

    @property
    def applicant(self) -> str:
        return self.county.name if self.county_id else self.city.name

    @property
    def is_with_applicant(self) -> bool:
        return self.status in EDITABLE_APPLICATION_STATUSES


class ApplicationMaterial(models.Model):
    """One uploaded file of a checklist item. Stored like evidence (outside the web root, under
    `MEDIA_ROOT/evidence/applications/<call>/<application>/`), served only by a scoped view."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="materials",
                                    verbose_name=_("application"))
    item = models.CharField(_("checklist item"), max_length=40)
    original_name = models.CharField(_("original name"), max_length=255)
    name = models.CharField(_("file name"), max_length=120)
    path = models.CharField(_("stored path"), max_length=400)
    content_type = models.CharField(_("detected type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        ordering = ["application_id", "item", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Judgement(models.TextChoices):
    ACCEPTED = "accepted", _("exception accepted")
    REJECTED = "rejected", _("exception rejected")


class ConditionResult(models.Model):
    """The automatic check of one quantitative condition, stored each time the form is saved."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="condition_results",
                                    verbose_name=_("application"))
    condition = models.CharField(_("condition"), max_length=40)
    outcome = models.CharField(_("outcome"), max_length=20)
    reason = models.JSONField(_("reason"), default=dict)
    figures = models.JSONField(_("figures"), default=list)
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)
    judgement = models.CharField(_("province's judgement"), max_length=20, choices=Judgement.choices, blank=True)
    judgement_reason = models.TextField(_("reason for the judgement"), blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("judged by"))
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("condition check")
        verbose_name_plural = _("condition checks")
        ordering = ["application_id", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "condition"], name="uniq_condition_result")]

    def __str__(self) -> str:
        return f"{self.condition}: {self.outcome}"

    @property
    def satisfied(self) -> bool:
        """Passed, or a "needs judgement" the province accepted."""
        return self.outcome == "pass" or (self.outcome == "needs_judgement"
                                          and self.judgement == Judgement.ACCEPTED)


class ApplicationReview(models.Model):
    """One level's decision on an application: pass up or return with a reason."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="reviews",
                                    verbose_name=_("application"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version after the decision"))

    class Meta:
        verbose_name = _("application review")
        verbose_name_plural = _("application reviews")
        ordering = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_decision_display()}"


class ApplicationAssignment(models.Model):
    """An expert assigned to score one application's qualitative conditions."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="assignments",
                                    verbose_name=_("application"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="application_assignments",
                               verbose_name=_("expert"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application expert assignment")
        verbose_name_plural = _("application expert assignments")
        ordering = ["application_id", "expert_id"]
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="uniq_application_expert")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.application}"


class ApplicationExpertScore(models.Model):
    """One expert's score on one qualitative condition (points or a grade letter, as text)."""

    assignment = models.ForeignKey(ApplicationAssignment, models.CASCADE, related_name="scores",
                                   verbose_name=_("assignment"))
    condition = models.CharField(_("condition"), max_length=40)
    score = models.CharField(_("score"), max_length=10)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("application expert score")
        verbose_name_plural = _("application expert scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "condition"], name="uniq_application_score")]

    def __str__(self) -> str:
        return f"{self.condition}: {self.score}"


class ApplicationDecision(models.Model):
    """The province's recommendation (推荐名单) and the approval (认定) of one application."""

    application = models.OneToOneField(Application, models.CASCADE, related_name="decision",
                                       verbose_name=_("application"))
    conditions_met = models.BooleanField(_("quantitative conditions met"))
    expert_mean = models.DecimalField(_("expert mean"), max_digits=6, decimal_places=2, null=True, blank=True)
    expert_count = models.PositiveSmallIntegerField(_("experts who scored"), default=0)
    recommended = models.BooleanField(_("recommended"))
    reason = models.TextField(_("reason"), blank=True)
    overridden = models.BooleanField(_("changed by the province"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now=True)
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application decision")
        verbose_name_plural = _("application decisions")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.recommended}/{self.approved}"
