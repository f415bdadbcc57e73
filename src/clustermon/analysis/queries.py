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


def stability_line(round_: Round, result_set: ResultSet, cluster_id: int) -> str:
    """One sentence for a cluster's report: how often its grade held in the latest analysis."""
    from django.utils.translation import gettext as _

    run = latest_run(round_, result_set)
    line = next((c for group in (run.data.values() if run else ()) for c in group.get("clusters", ())
                 if int(c["cluster_id"]) == cluster_id), None)
    if line is None:
        return ""
    values = {"p": round(100 * line["official_probability"]), "low": line["rank_low"],
              "high": line["rank_high"], "draws": run.settings.get("draws", ""),
              "range": round(100 * float(run.settings.get("weight_range", 0)))}
    text = _("In %(draws)s draws with every weight varied by ±%(range)s%% and both expert aggregation "
             "rules, the grade held in %(p)s%% of the draws; the rank stayed between %(low)s and "
             "%(high)s (5–95%%).") % values
    if line.get("unstable"):
        text += " " + _("The grade is unstable: it sits close to a grade boundary.")
    return text


def stability_summary(round_: Round, result_set: ResultSet) -> str:
    """One sentence for the province summary: how many grades the latest analysis found unstable."""
    from django.utils.translation import gettext as _

    run = latest_run(round_, result_set)
    if run is None:
        return ""
    total = sum(len(group.get("clusters", ())) for group in run.data.values())
    return _("The latest robustness analysis (%(date)s) found %(unstable)s of %(total)s grades unstable "
             "under the weight and aggregation variations.") % {
        "date": run.created.date().isoformat(), "unstable": len(run.unstable), "total": total}
