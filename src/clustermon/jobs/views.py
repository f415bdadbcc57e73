"""Job pages: the user's jobs (and a form to start an export), one job's progress, its status as
JSON for the progress bar, and the scoped download of its file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy
from clustermon.jobs import run
from clustermon.jobs.models import Job
from clustermon.jobs.registry import KINDS, jobs_root
from clustermon.web.errors import ActionRefused

LIST_LIMIT = 50


def kind_label(job: Job) -> str:
    spec = KINDS.get(job.kind)
    return str(spec.label) if spec else job.kind


def state(job: Job) -> dict[str, Any]:
    """What the progress bar shows (the JSON of `status`, and the page's first paint)."""
    spec = KINDS.get(job.kind)
    view = spec.view_url(job) if spec and job.status == "done" else None
    return {
        "id": job.pk, "kind": job.kind, "status": job.status, "status_label": str(job.get_status_display()),
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "finished": job.is_finished,
        "download": reverse("jobs:download", args=[job.pk]) if job.finished_ok else None,
        "view": view,
    }


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The jobs the user started, newest first, and the exports they may start."""
    user = request.user
    jobs = list(policy.jobs_for(user).filter(requested_by=user)[:LIST_LIMIT])
    rounds = [r for r in policy.rounds_for(user).order_by("-year", "scheme__code")
              if policy.can_see_results(user, r)]
    kinds = [(spec.code, spec.label) for spec in KINDS.values() if spec.offered]
    return render(request, "jobs/list.html", {
        "jobs": [{"job": job, "label": kind_label(job)} for job in jobs], "rounds": rounds, "kinds": kinds,
    })


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start an export job (kind, round, optionally the result set's number) and show its progress."""
    round_ = policy.get_round_for(request.user, request.POST.get("round"))
    kind = request.POST.get("kind", "")
    if kind not in KINDS or not KINDS[kind].offered:
        raise Http404
    try:
        job = run.enqueue(kind, by=request.user, round=round_, params={"set": request.POST.get("set", "")})
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("jobs:list")
    return redirect("jobs:detail", job.pk)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = policy.get_job_for(request.user, pk)
    return render(request, "jobs/detail.html", {"job": job, "label": kind_label(job), "state": state(job)})


@never_cache
@require_GET
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's state, polled every second by jobs/progress.js."""
    return JsonResponse(state(policy.get_job_for(request.user, pk)))


def result_file(job: Job) -> Path:
    """The job's file, which must lie under MEDIA_ROOT/jobs (404 otherwise or when it is gone)."""
    if not job.finished_ok:
        raise Http404
    root = jobs_root().resolve()
    path = (root.parent / job.result_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404
    return path


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a finished job: only for its requester and the province (else 404)."""
    job = policy.get_job_for(request.user, pk)
    path = result_file(job)
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or path.name,
                        content_type=job.content_type or "application/octet-stream")
