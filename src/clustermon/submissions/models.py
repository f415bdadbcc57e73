"""A cluster's data for a round (监测材料): values, narratives, explanations, claims and evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AT_COUNTY = "at_county", _("at county review")
    AT_CITY = "at_city", _("at city review")
    AT_PROVINCE = "at_province", _("at province review")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted by the province")


# The submitter holds (may edit and submit) a submission in these statuses.
EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


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
    explanations = models.JSONField(
        _("explanations"), default=dict, blank=True,
        help_text=_("Indicator code → why the value moved more than the framework's year-over-year share."),
    )
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Bumped on every change; guards concurrent edits."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["round", "cluster"], name="uniq_submission")]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.round}"

    @property
    def is_with_submitter(self) -> bool:
        return self.status in EDITABLE_STATUSES


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
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("claimed by"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["submission", "kind", "item", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item} ({self.points})"


class Evidence(models.Model):
    """A file supporting one indicator or one claim. The file lives outside the web root under
    `MEDIA_ROOT/evidence/<round>/<submission>/<sha256 prefix>_<name>` and is served only by a
    scoped download view (see `clustermon.submissions.evidence`)."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="evidence",
                                   verbose_name=_("submission"))
    indicator = models.CharField(_("indicator"), max_length=40, blank=True,
                                 help_text=_("The indicator code it supports; empty for a claim's evidence."))
    claim = models.ForeignKey(Claim, models.CASCADE, null=True, blank=True, related_name="evidence",
                              verbose_name=_("claim"))
    original_name = models.CharField(_("original name"), max_length=255)
    name = models.CharField(_("file name"), max_length=120)
    path = models.CharField(_("stored path"), max_length=400,
                            help_text=_("Relative to MEDIA_ROOT; never shown to users."))
    content_type = models.CharField(_("detected type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["submission", "indicator", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(indicator="") & models.Q(claim__isnull=True)),
                name="evidence_has_target",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EvidencePolicy(models.Model):
    """The size and type limits for evidence files, set by the province, optionally per round.

    A round's own policy wins over the province's (the row without a round); without either the
    defaults of `clustermon.submissions.evidence` apply.
    """

    province = models.ForeignKey("registry.Province", models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    round = models.ForeignKey("rounds.Round", models.CASCADE, null=True, blank=True, related_name="+",
                              verbose_name=_("round"))
    max_size_mb = models.PositiveIntegerField(
        _("maximum size (MB)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    allowed_types = models.JSONField(_("allowed types"), default=list,
                                     help_text=_("Type keys, e.g. pdf, png, jpeg, docx, xlsx, ofd."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evidence policy")
        verbose_name_plural = _("evidence policies")
        constraints = [
            models.UniqueConstraint(fields=["province"], condition=models.Q(round__isnull=True),
                                    name="uniq_evidence_policy_province"),
            models.UniqueConstraint(fields=["round"], condition=models.Q(round__isnull=False),
                                    name="uniq_evidence_policy_round"),
        ]

    def __str__(self) -> str:
        return f"{self.province} · {self.round or '—'}: {self.max_size_mb} MB"
