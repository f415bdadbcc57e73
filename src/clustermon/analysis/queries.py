"""Reading stored robustness analyses (for the results page, the reports and the analysis pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustermon.analysis.models import RobustnessRun

if TYPE_CHECKING:
    from clustermon.results.models import ResultSet
    from clustermon.rounds.models import Round


def latest_run(round_: Round, result_set: ResultSet | None = None) -> RobustnessRun | None:
    """The newest analysis of the round (of that result set, if given)."""
    runs = RobustnessRun.objects.filter(round=round_)
    if result_set is not None:
        runs = runs.filter(result_set=result_set)
    return runs.select_related("result_set", "created_by").order_by("-created", "-pk").first()


def unstable_cluster_ids(round_: Round, result_set: ResultSet | None = None) -> set[int]:
    """Ids of the clusters whose grade the latest analysis of the round (of that result set, if
    given) flagged as unstable; empty without an analysis. One query.

    Show these flags only to users for whom `policy.can_see_robustness(user)` holds."""
    runs = RobustnessRun.objects.filter(round=round_)
    if result_set is not None:
        runs = runs.filter(result_set=result_set)
    flagged = runs.order_by("-created", "-pk").values_list("unstable", flat=True).first()
    return {int(cid) for cid in flagged or []}
