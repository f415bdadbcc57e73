"""Storing a robustness analysis (the job `robustness` calls this once its figures are made)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from clustermon.analysis.models import RobustnessRun
from clustermon.audit.log import record

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.jobs.models import Job
    from clustermon.results.models import ResultSet


@transaction.atomic
def store_run(result_set: ResultSet, *, by: User, settings: dict[str, Any], data: dict[str, Any],
              matches_results: bool, job: Job | None = None) -> RobustnessRun:
    unstable = sorted({line["cluster_id"] for group in data.values() for line in group["clusters"]
                       if line["unstable"]})
    run = RobustnessRun.objects.create(round_id=result_set.round_id, result_set=result_set, settings=settings,
                                       data=data, unstable=unstable, matches_results=matches_results,
                                       created_by=by, job=job)
    record("analysis.robustness", run, by=by, round_id=result_set.round_id,
           after={"result_set": result_set.number, "settings": settings, "unstable": unstable,
                  "matches_results": matches_results})
    return run
