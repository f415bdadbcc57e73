"""Starting and running background jobs.

    enqueue(kind, by=…, round=…, params=…)   create the Job row and queue `run_job` (django_tasks:
                                            the database queue that `clustermon db_worker` works
                                            off; at once in tests)
    create(kind, by=…, round=…, params=…)    only the row (the command line then calls `execute`)
    execute(job_id, hook=None)              run it here: status, progress, result file, errors

Progress is written with a conditional UPDATE (only while the job is running, at most every
half second unless a step's message changes or the job reaches its total), so a job with
thousands of steps costs few writes. A failure leaves the job `failed` with a message for the
user; the traceback goes to the log only.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from clustermon.audit.log import record
from clustermon.jobs.models import Job, JobStatus
from clustermon.jobs.registry import JobContext, get_kind, jobs_root
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.rounds.models import Round

logger = logging.getLogger(__name__)

MIN_INTERVAL = 0.5  # seconds between progress writes of the same message
Hook = Callable[[int, int, str], None]


class JobFailed(RuntimeError):
    """Raised by the task after the job was marked failed, so django_tasks records a failure too."""


@transaction.atomic
def create(kind: str, *, by: User, round: Round, params: dict[str, Any] | None = None) -> Job:  # noqa: A002
    """The Job row of a new job (queued), its parameters checked; refused with ActionRefused."""
    spec = get_kind(kind)
    if not spec.may_start(by, round):
        raise ActionRefused(gettext("You may not start this job for this round."))
    params = spec.prepare(by, round, dict(params or {}))
    params.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
    job = Job.objects.create(kind=kind, round=round, requested_by=by, params=params)
    record("jobs.started", job, by=by, round_id=round.pk, after={"kind": kind, "params": params})
    return job


def enqueue(kind: str, *, by: User, round: Round, params: dict[str, Any] | None = None) -> Job:  # noqa: A002
    """Create the job and queue it; returns the row as it is after queueing (with the immediate
    backend of the tests the job has already run)."""
    job = create(kind, by=by, round=round, params=params)
    try:
        result = run_job.enqueue(job.pk)
    except Exception:
        logger.exception("job %s (%s) could not be queued", job.pk, kind)
        _finish(job.pk, JobStatus.FAILED, message=gettext("The job could not be queued; the details are in "
                                                          "the server log."))
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def progress_writer(job_id: int, hook: Hook | None = None) -> Callable[..., None]:
    """The `progress(done, total, message="")` callback of one job."""
    last: dict[str, Any] = {"at": 0.0, "message": None}

    def progress(done: int, total: int, message: str = "") -> None:
        done, total, message = int(done), int(total), str(message)
        if hook is not None:
            hook(done, total, message)
        now = time.monotonic()
        if message == last["message"] and done < total and now - last["at"] < MIN_INTERVAL:
            return
        last["at"], last["message"] = now, message
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            done=min(done, total), total=total, message=message[:500])

    return progress


def _finish(job_id: int, status: str, **fields: Any) -> None:
    Job.objects.filter(pk=job_id).update(status=status, finished=timezone.now(), **fields)


def user_message(exc: BaseException) -> str:
    """What the user reads about a failure (never a traceback)."""
    if isinstance(exc, ActionRefused):
        return exc.message
    if isinstance(exc, Http404 | PermissionDenied):
        return gettext("What this job needs is not visible to you (any more).")
    if not isinstance(exc, Exception):
        return gettext("The job was interrupted (its worker stopped); start it again.")
    return gettext("The job failed unexpectedly (%(error)s); the details are in the server log.") % {
        "error": type(exc).__name__}


def execute(job_id: int, hook: Hook | None = None) -> Job:
    """Run a queued job here and now; returns its row when it is done or failed. A job that is
    not queued any more (run by another worker, or finished) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started=timezone.now(), message="")
    job = Job.objects.select_related("round__scheme", "requested_by").get(pk=job_id)
    if not claimed:
        return job
    ctx = JobContext(job=job, progress=progress_writer(job.pk, hook))
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            get_kind(job.kind).run(ctx)
    except BaseException as exc:  # also an interrupted worker (Ctrl+C twice, SystemExit): never left "running"
        if isinstance(exc, Exception):
            logger.exception("job %s (%s, round %s) failed", job.pk, job.kind, job.round_id)
        else:
            logger.warning("job %s (%s, round %s) interrupted: %r", job.pk, job.kind, job.round_id, exc)
        shutil.rmtree(jobs_root() / str(job.pk), ignore_errors=True)
        _finish(job.pk, JobStatus.FAILED, message=user_message(exc)[:500])
        if not isinstance(exc, Exception):
            raise
    else:
        job.refresh_from_db(fields=["done", "total", "message"])
        total = max(job.total, 1)
        _finish(job.pk, JobStatus.DONE, done=total, total=total, message=(ctx.messages[-1] if ctx.messages
                                                                          else job.message)[:500],
                result_path=ctx.result_path, result_name=ctx.result_name[:200],
                content_type=ctx.content_type[:100])
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> str:
    """The django_tasks task: run the job; its return value is the result file's path."""
    job = execute(job_id)
    if job.status == JobStatus.FAILED:
        raise JobFailed(f"job {job_id} failed: {job.message}")
    return job.result_path
