"""`clustermon jobs run KIND --round ID`: the job in the foreground, a progress bar on stderr, the
file's path on stdout; recorded like a web job (the user's list, the download)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clustermon.analysis.models import RobustnessRun
from clustermon.jobs.models import Job, JobStatus


def jobs(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("jobs", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_runs_a_job_and_prints_the_path(world, computed) -> None:
    out, err = jobs("run", "results_xlsx", "--round", str(computed.round.pk))
    job = Job.objects.get()
    path = Path(out.strip())
    assert path.is_file() and path.read_bytes()[:2] == b"PK"  # an xlsx is a zip
    assert path == Path(job.result_path).resolve() or str(path).endswith(job.result_path)
    assert job.status == JobStatus.DONE and job.requested_by == world.users["admin"]  # default: the province admin
    assert "results_xlsx [##############################] 100% 2/2" in err
    assert "results_xlsx [" in err.splitlines()[0] and "0%" in err.splitlines()[0]


def test_robustness_with_parameters_and_another_user(world, computed) -> None:
    out, err = jobs("run", "robustness", "--round", str(computed.round.pk), "--user", "province",
                    "--param", "draws=200", "--param", "weight_range=0.1", "--param", "vary_aggregation=false")
    run = RobustnessRun.objects.get()
    assert run.settings == {"draws": 200, "weight_range": 0.1, "vary_aggregation": False, "threshold": 0.9,
                            "seed": 0}
    assert run.created_by == world.users["province"]
    assert out.strip().endswith(".csv") and Path(out.strip()).read_text(encoding="utf-8-sig").startswith("分组,集群,正式总分,")
    assert "100%" in err


def test_refusals_and_failures_are_errors(world, computed) -> None:
    with pytest.raises(CommandError, match="Unknown job kind"):
        jobs("run", "nothing", "--round", str(computed.round.pk))
    with pytest.raises(CommandError, match="No round"):
        jobs("run", "results_xlsx", "--round", "999999")
    with pytest.raises(CommandError, match="抽样次数须在 100 至 20000 之间"):
        jobs("run", "robustness", "--round", str(computed.round.pk), "--param", "draws=5")
    with pytest.raises(CommandError, match="无权"):
        jobs("run", "robustness", "--round", str(computed.round.pk), "--user", "city_a")
    assert not Job.objects.exists()


def test_list(world, computed) -> None:
    jobs("run", "results_xlsx", "--round", str(computed.round.pk))
    out, _err = jobs("list")
    assert "results_xlsx" in out and "done" in out and "100%" in out
