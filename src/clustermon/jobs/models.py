"""Background jobs: one row per job a user started (a zip of reports, a large export, an analysis).

The row is the job's state that pages and the command line read: status, progress (done of
total) and a message, the file it produced (a path relative to MEDIA_ROOT, under `jobs/`,
outside the web root, served only through the scoped download view) and the id of the
django_tasks result that ran it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED})


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    round = models.ForeignKey("rounds.Round", models.CASCADE, related_name="jobs", verbose_name=_("round"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="jobs",
                                     verbose_name=_("requested by"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_path = models.CharField(_("result file"), max_length=300, blank=True,
                                   help_text=_("Relative to MEDIA_ROOT, under jobs/."))
    result_name = models.CharField(_("download name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    task_id = models.CharField(_("task result id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created"], name="job_user_created")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished_ok(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.result_path)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        """0–100, whole percent; 100 once done."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))
