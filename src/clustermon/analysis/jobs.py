"""The background job `robustness`: the Monte Carlo analysis of every group of a round, stored as
a `RobustnessRun` against the result set the province is looking at, with a CSV to download."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon import policy, scoring
from clustermon.analysis.actions import store_run
from clustermon.analysis.data import round_frameworks
from clustermon.jobs.kinds import pin_result_set, safe_name
from clustermon.jobs.registry import JobContext, JobKind, register
from clustermon.registry.models import Cluster
from clustermon.results.actions import gather_inputs
from clustermon.results.display import grade_name, language_key
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.jobs.models import Job
    from clustermon.rounds.models import Round

DEFAULTS: dict[str, Any] = {"weight_range": 0.2, "draws": 1000, "vary_aggregation": True, "threshold": 0.9,
                            "seed": 0}
DRAWS = (100, 20000)
MAX_WEIGHT_RANGE = 0.9
THRESHOLD = (0.5, 1.0)
GRADES = ("excellent", "good", "qualified", "unqualified")


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def check_settings(params: dict[str, Any]) -> dict[str, Any]:
    """The analysis settings, read and checked (ActionRefused with the reason)."""
    merged = {**DEFAULTS, **{k: v for k, v in params.items() if k in DEFAULTS and v not in (None, "")}}
    try:
        settings = {"weight_range": float(merged["weight_range"]), "draws": int(merged["draws"]),
                    "vary_aggregation": _bool(merged["vary_aggregation"]), "threshold": float(merged["threshold"]),
                    "seed": int(merged["seed"])}
    except (TypeError, ValueError):
        raise ActionRefused(gettext("The settings of the analysis must be numbers.")) from None
    if not 0 <= settings["weight_range"] <= MAX_WEIGHT_RANGE:
        raise ActionRefused(gettext("The weight range must lie between 0 and ±90 %."))
    if not DRAWS[0] <= settings["draws"] <= DRAWS[1]:
        raise ActionRefused(gettext("The number of draws must lie between %(low)s and %(high)s.")
                            % {"low": DRAWS[0], "high": DRAWS[1]})
    if not THRESHOLD[0] <= settings["threshold"] <= THRESHOLD[1]:
        raise ActionRefused(gettext("The instability threshold must lie between 50 % and 100 %."))
    return settings


def prepare(user: User, round_: Round, params: dict[str, Any]) -> dict[str, Any]:
    settings = check_settings(params)
    try:
        pinned = pin_result_set(user, round_, params)
    except ActionRefused:
        raise ActionRefused(gettext("Compute the results of this round first: the analysis is made "
                                    "around them.")) from None
    return {**settings, "set": pinned["set"]}


def _matches(data: dict[str, Any], result_set: ResultSet) -> bool:
    """The analysis's official grades and totals equal the result set's stored ones."""
    stored = {cid: (grade, total) for cid, grade, total in
              ClusterResult.objects.filter(result_set=result_set).values_list("cluster_id", "grade", "total")}
    seen = {}
    for group in data.values():
        for line in group["clusters"]:
            seen[line["cluster_id"]] = (line["official_grade"], Decimal(line["official_total"]))
    return seen == stored


def _csv(data: dict[str, Any], round_: Round) -> bytes:
    names = dict(Cluster.objects.filter(pk__in=[line["cluster_id"] for g in data.values() for line in g["clusters"]])
                 .values_list("pk", "name"))
    lang = language_key()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext("Group"), gettext("Cluster"), gettext("Official total"), gettext("Official rank"),
                     gettext("Official grade"), gettext("Median rank"), gettext("Rank at the 5th percentile of the draws"),
                     gettext("Rank at the 95th percentile of the draws"),
                     *[gettext("Probability: %(grade)s") % {"grade": grade_name(g)} for g in GRADES],
                     gettext("Grade unstable")])
    for group, result in data.items():
        for line in sorted(result["clusters"], key=lambda c: (c["official_rank"], c["cluster_id"])):
            writer.writerow([round_.scheme.group_name(group, lang), names.get(line["cluster_id"], line["cluster_id"]),
                             line["official_total"], line["official_rank"], grade_name(line["official_grade"]),
                             f"{line['median_rank']:g}", line["rank_low"], line["rank_high"],
                             *[f"{line['probabilities'][g]:.3f}" for g in GRADES],
                             gettext("yes") if line["unstable"] else gettext("no")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def run_robustness(ctx: JobContext) -> None:
    p = ctx.params
    round_ = ctx.round
    result_set = ResultSet.objects.get(round=round_, number=int(p["set"]))
    frameworks = round_frameworks(round_)
    total = len(frameworks) + 2
    ctx.progress(0, total, gettext("Gathering the inputs"))
    inputs = gather_inputs(round_, frameworks)
    data: dict[str, Any] = {}
    lang = language_key()
    for step, (group, framework) in enumerate(frameworks.items(), start=1):
        name = round_.scheme.group_name(group, lang)
        if inputs[group].cluster_ids:
            try:
                result = scoring.monte_carlo(
                    framework, inputs[group], draws=p["draws"], weight_range=p["weight_range"],
                    vary_aggregation=p["vary_aggregation"], threshold=p["threshold"], seed=p["seed"])
            except ValueError as exc:
                raise ActionRefused(gettext("The inputs of %(group)s cannot be analysed: %(error)s")
                                    % {"group": name, "error": exc}) from None
            data[group] = result.to_dict()
        ctx.progress(step, total, gettext("%(group)s analysed") % {"group": name})
    if not data:
        raise ActionRefused(gettext("No submission of this round has been accepted yet."))
    settings = {key: p[key] for key in DEFAULTS}
    run = store_run(result_set, by=ctx.user, settings=settings, data=data,
                    matches_results=_matches(data, result_set), job=ctx.job)
    ctx.save(safe_name(gettext("%(round)s robustness of grades (version %(number)s).csv")
                       % {"round": round_.title, "number": result_set.number}),
             "text/csv; charset=utf-8", _csv(data, round_))
    clusters = sum(len(g["clusters"]) for g in data.values())
    message = gettext("%(count)s clusters analysed; %(unstable)s with an unstable grade.") % {
        "count": clusters, "unstable": len(run.unstable)}
    ctx.messages.append(message)
    ctx.progress(total, total, message)


def view_url(job: Job) -> str:
    return reverse("analysis:round", args=[job.round_id])


register(JobKind("robustness", _("Robustness of grades"), run_robustness, policy.can_run_robustness, prepare,
                 view_url, offered=False))
