"""The robustness analysis of a round's grades (the province's working tool):

- `round_analysis`: the latest Monte Carlo analysis per group (rank intervals as small bars, grade
  probabilities, unstable grades) and the form that starts a new one as a background job (`run`);
- `indicators`: which indicators matter (rank shifts when one is dropped) and the correlations
  between the indicators of each first-level indicator (redundant and contrary pairs, H-Art.9);
- `what_if`: the smallest change of one indicator that would give one cluster a better grade.

The influence, correlation and what-if figures are computed on request from the round's current
inputs (the same inputs the results are computed from); they take well under a second.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from clustermon import policy, scoring
from clustermon.analysis import display
from clustermon.analysis.data import group_inputs
from clustermon.analysis.forms import RobustnessForm
from clustermon.analysis.models import RobustnessRun
from clustermon.analysis.queries import latest_run
from clustermon.frameworks.display import text
from clustermon.jobs import run as jobs
from clustermon.jobs.models import FINISHED
from clustermon.registry.models import Cluster
from clustermon.results.display import grade_name, language_key
from clustermon.results.models import ClusterResult
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused

GRADES = ("excellent", "good", "qualified", "unqualified")


def _round(request: HttpRequest, round_id: int) -> Round:
    """The round, for the province of its scheme only (404 outside the user's rounds, 403 inside)."""
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_run_robustness(request.user, round_):
        raise PermissionDenied
    return round_


def _groups(round_: Round, wanted: str | None, available: list[str] | None = None) -> tuple[list[dict], str]:
    """The scheme's groups (name, code) and the one selected (`wanted`, else the first available)."""
    lang = language_key()
    groups = [{"code": g["code"], "name": round_.scheme.group_name(g["code"], lang)} for g in round_.scheme.groups]
    codes = [g["code"] for g in groups]
    if wanted in codes:
        return groups, wanted
    first = next((c for c in codes if available is None or c in available), codes[0] if codes else "")
    return groups, first


def _pct(p: float) -> str:
    return display.percent(p)


def _lines(run: RobustnessRun, group: str) -> list[dict[str, Any]]:
    """The table rows of one group of a stored analysis, official rank order, places loaded."""
    lines = (run.data.get(group) or {}).get("clusters") or []
    if not lines:
        return []
    rows = {r.cluster_id: r for r in ClusterResult.objects.filter(
        result_set=run.result_set, cluster_id__in=[line["cluster_id"] for line in lines])
        .select_related("cluster__county__city")}
    size = len(lines)
    span = max(size - 1, 1)

    def at(rank: float) -> float:
        return (float(rank) - 1) * 100 / span

    out = []
    for line in sorted(lines, key=lambda c: (c["official_rank"], c["cluster_id"])):
        row = rows.get(line["cluster_id"])
        low, high = at(line["rank_low"]), at(line["rank_high"])
        out.append({
            "line": line, "row": row, "grade": grade_name(line["official_grade"]),
            "median": f"{line['median_rank']:g}",
            "bar": {"left": f"{low:.2f}", "width": f"{max(high - low, 0.0):.2f}",
                    "median": f"{at(line['median_rank']):.2f}", "official": f"{at(line['official_rank']):.2f}"},
            "probabilities": [{"grade": g, "name": grade_name(g), "value": _pct(line["probabilities"][g]),
                               "official": g == line["official_grade"]} for g in GRADES],
        })
    return out


def _chart(lines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A plotly figure of the rank intervals (drawn by analysis/charts.js when plotly.js is there;
    the table's own bars say the same without it)."""
    if not lines:
        return None
    names = [f'{line["line"]["official_rank"]}. {line["row"].cluster.name if line["row"] else line["line"]["cluster_id"]}'
             for line in lines]
    size = len(lines)

    def interval(unstable: bool, name: str, colour: str) -> dict[str, Any]:
        chosen = [(n, line["line"]) for n, line in zip(names, lines, strict=True) if line["line"]["unstable"] == unstable]
        return {"type": "scatter", "mode": "markers", "name": name, "y": [n for n, _ in chosen],
                "x": [c["median_rank"] for _, c in chosen],
                "marker": {"symbol": "line-ns-open", "size": 14, "color": colour, "line": {"width": 2}},
                "error_x": {"type": "data", "symmetric": False, "array": [c["rank_high"] - c["median_rank"] for _, c in chosen],
                            "arrayminus": [c["median_rank"] - c["rank_low"] for _, c in chosen],
                            "thickness": 6, "width": 0, "color": colour},
                "hovertemplate": "%{y}: %{x}<extra></extra>"}

    official = {"type": "scatter", "mode": "markers", "name": gettext("official rank"), "y": names,
                "x": [line["line"]["official_rank"] for line in lines],
                "marker": {"symbol": "circle", "size": 8, "color": "#b3261e"}, "hovertemplate": "%{y}: %{x}<extra></extra>"}
    return {
        "data": [interval(False, gettext("rank interval (5–95 percent of the draws)"), "#90a4ae"),
                 interval(True, gettext("rank interval, grade unstable"), "#e0a100"), official],
        "layout": {"height": 60 + 24 * size, "margin": {"l": 230, "r": 20, "t": 30, "b": 40},
                   "font": {"family": "Noto Sans CJK SC, sans-serif", "size": 12},
                   "xaxis": {"title": {"text": gettext("Rank")}, "range": [0.5, size + 0.5], "dtick": 1 if size <= 25 else 5,
                             "zeroline": False},
                   "yaxis": {"autorange": "reversed", "automargin": True, "categoryorder": "array",
                             "categoryarray": names},
                   "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                   "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"},
    }


def _round_page(request: HttpRequest, round_: Round, form: RobustnessForm | None) -> HttpResponse:
    """The page; `form` None: a fresh form with the settings of the latest analysis."""
    user = request.user
    shown = policy.result_set_shown(user, round_)
    run = latest_run(round_)
    if form is None:
        form = RobustnessForm(initial=RobustnessForm.initial_from(run.settings)) if run else RobustnessForm()
    groups, group = _groups(round_, request.GET.get("group"), list(run.data) if run else None)
    lines = _lines(run, group) if run else []
    active = (policy.jobs_for(user).filter(round=round_, kind="robustness").exclude(status__in=FINISHED)
              .order_by("-created").first())
    context = {
        "round": round_, "result_set": shown, "run": run, "groups": groups, "group": group,
        "group_name": next((g["name"] for g in groups if g["code"] == group), group),
        "lines": lines, "chart": _chart(lines),
        "sentences": display.settings_sentences(run.settings, (run.data.get(group) or {}).get("settings"))
        if run else [],
        "stale": bool(run and shown and run.result_set_id != shown.pk),
        "form": form, "active": active, "active_state": _job_state(active),
        "grades": [grade_name(g) for g in GRADES], "tab": "round",
    }
    return render(request, "analysis/round.html", context)


def _job_state(job: Any) -> dict[str, Any] | None:
    if job is None:
        return None
    from clustermon.jobs.views import state

    return state(job)


@require_GET
def round_analysis(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    return _round_page(request, round_, None)


@require_POST
def run(request: HttpRequest, round_id: int) -> HttpResponse:
    """Start the analysis as a background job and show its progress."""
    round_ = _round(request, round_id)
    form = RobustnessForm(request.POST)
    if not form.is_valid():
        return _round_page(request, round_, form)
    try:
        job = jobs.enqueue("robustness", by=request.user, round=round_, params=form.params())
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("analysis:round", round_.pk)
    return redirect("jobs:detail", job.pk)


# --- which indicators matter ------------------------------------------------------------------------

def _inputs(round_: Round, group: str) -> tuple[scoring.Framework, scoring.GroupInputs] | None:
    found = group_inputs(round_, group) if group else None
    if found is None or not found[1].cluster_ids:
        return None
    return found


def _names(framework: scoring.Framework) -> dict[str, str]:
    return {node.code: text(node.name) for node in framework.nodes()}


def _correlation_block(block: scoring.CorrelationBlock, names: dict[str, str]) -> dict[str, Any]:
    codes = list(block.leaf_codes)
    flagged = {(p.a, p.b): p.flags for p in block.pairs}
    matrix = []
    for i, a in enumerate(codes):
        cells = []
        for j, b in enumerate(codes):
            flags = flagged.get((a, b)) or flagged.get((b, a)) or ()
            cells.append({"rho": display.rho_text(float(block.matrix[i, j])) if i != j else "1",
                          "flags": " ".join(flags) if i != j else "self"})
        matrix.append({"code": a, "name": names.get(a, ""), "cells": cells})
    pairs = []
    for pair in block.flagged:
        args = {"a": f"{pair.a} {names.get(pair.a, '')}".strip(), "b": f"{pair.b} {names.get(pair.b, '')}".strip(),
                "rho": display.rho_text(pair.rho)}
        pairs.append({"pair": pair, "flags": list(pair.flags),
                      "sentences": [str(display.FLAG_TEXT[flag]) % args for flag in pair.flags]})
    notes = [str(display.NOTE_TEXT[code]) % {"codes": "、".join(block.constant)} for code in block.notes]
    return {"code": block.code, "name": text(block.name), "codes": codes, "matrix": matrix,
            "leaf_names": [names.get(c, "") for c in codes], "pairs": pairs, "notes": notes}


@require_GET
def indicators(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    groups, group = _groups(round_, request.GET.get("group"))
    mode = request.GET.get("mode") if request.GET.get("mode") in ("redistribute", "neutral") else "redistribute"
    found = _inputs(round_, group)
    context: dict[str, Any] = {"round": round_, "groups": groups, "group": group, "mode": mode, "tab": "indicators",
                               "group_name": next((g["name"] for g in groups if g["code"] == group), group)}
    if found is None:
        return render(request, "analysis/indicators.html", context)
    framework, inputs = found
    names = _names(framework)
    influence = scoring.indicator_influence(framework, inputs, mode=mode)
    changed = {cid for item in influence for cid in item.changed_clusters}
    cluster_names = dict(Cluster.objects.filter(pk__in=changed).values_list("pk", "name")) if changed else {}
    parts = {part.code: text(part.name) for part in framework.parts}
    context.update({
        "size": len(inputs.cluster_ids),
        "influence": [{"item": item, "name": text(item.name), "part": parts.get(item.part, item.part),
                       "first_level": f"{item.first_level} {names.get(item.first_level, '')}",
                       "mean": f"{item.mean_abs_rank_shift:.2f}" if item.mean_abs_rank_shift is not None else "",
                       "changed": [cluster_names.get(cid, str(cid)) for cid in item.changed_clusters]}
                      for item in influence],
        "blocks": [_correlation_block(block, names) for block in scoring.indicator_correlations(framework, inputs)],
    })
    return render(request, "analysis/indicators.html", context)


# --- what-if -----------------------------------------------------------------------------------------

def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
def what_if(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    groups, group = _groups(round_, request.GET.get("group"))
    found = _inputs(round_, group)
    context: dict[str, Any] = {"round": round_, "groups": groups, "group": group, "tab": "what_if",
                               "group_name": next((g["name"] for g in groups if g["code"] == group), group)}
    if found is None:
        return render(request, "analysis/what_if.html", context)
    framework, inputs = found
    names = _names(framework)
    clusters = dict(Cluster.objects.filter(pk__in=list(inputs.cluster_ids)).values_list("pk", "name"))
    leaves = [(leaf.code, names.get(leaf.code, "")) for leaf in framework.leaves()]
    cluster_id, indicator = _int(request.GET.get("cluster")), request.GET.get("indicator", "")
    answer = error = None
    if cluster_id is not None or indicator:
        if cluster_id not in clusters or indicator not in dict(leaves):
            error = gettext("Choose a cluster of this group and one of its indicators.")
        else:
            try:
                found_answer = scoring.what_if(framework, inputs, cluster_id, indicator)
            except ValueError as exc:
                error = gettext("The inputs of this group cannot be scored: %(error)s") % {"error": exc}
            else:
                answer = display.what_if_answer(found_answer, names.get(indicator, ""))
    context.update({
        "clusters": sorted(clusters.items(), key=lambda item: item[1]), "leaves": leaves,
        "cluster_id": cluster_id, "indicator": indicator, "answer": answer, "error": error,
        "cluster_name": clusters.get(cluster_id, ""),
        "results_url": reverse("results:round", args=[round_.pk]),
    })
    return render(request, "analysis/what_if.html", context)
