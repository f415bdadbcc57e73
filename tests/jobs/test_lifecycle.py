"""A job's life with the immediate backend of the tests: queued → running → done (progress reaches
its total, the file is kept under MEDIA_ROOT/jobs) or failed (a message for the user, the
traceback in the log only)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings

from clustermon.audit.models import AuditEvent
from clustermon.jobs import run
from clustermon.jobs.models import Job, JobStatus
from clustermon.jobs.registry import KINDS, JobKind, register
from clustermon.web.errors import ActionRefused

STEPS = 5


def steps(ctx) -> None:  # noqa: ANN001
    for i in range(STEPS + 1):
        ctx.progress(i, STEPS, f"step {i}")
    ctx.save("结果.txt", "text/plain; charset=utf-8", "做好了".encode())


def broken(ctx) -> None:  # noqa: ANN001
    ctx.progress(1, 4, "starting")
    ctx.result_file(".txt").write_text("half")
    raise RuntimeError("internal detail 42")


def refused(ctx) -> None:  # noqa: ANN001
    raise ActionRefused("本轮次数据不完整。")


@pytest.fixture
def kinds():
    def may_start(user, round_) -> bool:  # noqa: ANN001
        return user.username != "outsider"

    added = [register(JobKind(code, code, func, may_start)) for code, func in
             (("test_steps", steps), ("test_broken", broken), ("test_refused", refused))]
    yield added
    for kind in added:
        KINDS.pop(kind.code)


def test_a_job_runs_to_done(world, computed, kinds) -> None:
    job = run.enqueue("test_steps", by=world.users["province"], round=computed.round, params={"x": 1})
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (STEPS, STEPS, 100)
    assert job.message == f"step {STEPS}"
    assert job.started is not None and job.finished is not None and job.started <= job.finished
    assert job.task_id  # the django_tasks result that ran it
    assert job.params == {"x": 1, "language": "zh-hans"}
    path = Path(settings.MEDIA_ROOT) / job.result_path
    assert job.result_path == f"jobs/{job.pk}/result.txt" and path.read_text(encoding="utf-8") == "做好了"
    assert (job.result_name, job.content_type) == ("结果.txt", "text/plain; charset=utf-8")
    event = AuditEvent.objects.get(action="jobs.started")
    assert event.actor == world.users["province"] and event.round_id == computed.round.pk


def test_progress_is_written_conditionally(world, computed, kinds, django_assert_num_queries) -> None:
    job = run.create("test_steps", by=world.users["province"], round=computed.round)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    seen = []
    progress = run.progress_writer(job.pk, hook=lambda d, t, m: seen.append((d, t, m)))
    with django_assert_num_queries(1):
        progress(1, 100, "counting")
        progress(2, 100, "counting")  # the same message within half a second: not written
    assert Job.objects.get(pk=job.pk).done == 1
    with django_assert_num_queries(2):
        progress(3, 100, "weighing")  # a new message is written
        progress(100, 100, "weighing")  # and so is reaching the total
    assert (Job.objects.get(pk=job.pk).done, Job.objects.get(pk=job.pk).message) == (100, "weighing")
    assert seen == [(1, 100, "counting"), (2, 100, "counting"), (3, 100, "weighing"), (100, 100, "weighing")]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    progress(50, 200, "late")  # a job that is not running any more is left alone
    assert (Job.objects.get(pk=job.pk).done, Job.objects.get(pk=job.pk).total) == (100, 100)


def test_a_failure_is_captured(world, computed, kinds, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="clustermon.jobs.run"):
        job = run.enqueue("test_broken", by=world.users["province"], round=computed.round)
    assert job.status == JobStatus.FAILED and job.finished is not None
    assert "RuntimeError" in job.message and "服务器日志" in job.message
    assert "internal detail 42" not in job.message  # the detail stays in the log
    assert any("internal detail 42" in (r.exc_text or "") or (r.exc_info and "internal detail 42" in str(r.exc_info[1]))
               for r in caplog.records)
    assert job.result_path == "" and not (Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).exists()


def test_a_refusal_is_the_message(world, computed, kinds) -> None:
    job = run.enqueue("test_refused", by=world.users["province"], round=computed.round)
    assert (job.status, job.message) == (JobStatus.FAILED, "本轮次数据不完整。")


def test_who_may_not_start_it_starts_nothing(world, computed, kinds) -> None:
    with pytest.raises(ActionRefused):
        run.enqueue("test_steps", by=world.users["outsider"], round=computed.round)
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="jobs.started").exists()
    with pytest.raises(ValueError, match="unknown job kind"):
        run.enqueue("no_such_kind", by=world.users["province"], round=computed.round)


def test_a_job_runs_once(world, computed, kinds) -> None:
    job = run.enqueue("test_steps", by=world.users["province"], round=computed.round)
    finished = job.finished
    again = run.execute(job.pk)  # e.g. a second worker picking the same job: nothing happens
    assert again.status == JobStatus.DONE and again.finished == finished


def test_an_interrupted_job_is_not_left_running(world, computed, kinds) -> None:
    """The worker stopped in the middle (Ctrl+C twice makes db_worker raise SystemExit)."""

    def interrupted(ctx) -> None:  # noqa: ANN001
        ctx.progress(1, 3, "working")
        raise SystemExit(1)

    register(JobKind("test_interrupted", "test_interrupted", interrupted, lambda user, round_: True))
    try:
        job = run.create("test_interrupted", by=world.users["province"], round=computed.round)
        with pytest.raises(SystemExit):
            run.execute(job.pk)
    finally:
        KINDS.pop("test_interrupted")
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "任务被中断（后台进程已停止），请重新发起。")


def test_reports_zip_without_chromium_fails_with_the_reason(world, computed, monkeypatch) -> None:
    """(The zip of real PDFs is in tests/browser/test_jobs.py: Chromium draws them.)"""
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    job = run.enqueue("reports_zip", by=world.users["province"], round=computed.round)
    assert job.status == JobStatus.FAILED and job.result_path == ""
    assert job.message.startswith("本服务器无法生成 PDF：Chromium is not installed at /nonexistent/chromium")
