"""Report pages and downloads: a cluster's diagnostic report, the round's summary, the Excel export.

Everything is fetched through `clustermon.policy` (via `reports.data`): results are visible to the
province once computed, to the others once published and only for their scope; anything else is
404. `?set=N` picks a result set as on the results page.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.reports import build, data, pdf
from clustermon.reports import render as report_render
from clustermon.results.models import ResultSet

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"docx": DOCX, "pdf": "application/pdf", "xlsx": XLSX}


def _number(request: HttpRequest) -> int | None:
    try:
        return int(request.GET["set"]) if request.GET.get("set") else None
    except ValueError:
        return None


def _set_query(request: HttpRequest) -> str:
    number = _number(request)
    return f"set={number}" if number else ""


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _download(content: bytes, fmt: str, filename: str, started: float) -> HttpResponse:
    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["X-Generation-Seconds"] = f"{time.monotonic() - started:.2f}"
    return response


def _unavailable(exc: Exception) -> HttpResponse:
    message = _("The PDF cannot be made on this server: %(reason)s") % {"reason": exc}
    return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")


def _result(request: HttpRequest, round_id: int, cluster_id: int) -> Any:
    result_set = data.shown_result_set(request.user, round_id, _number(request))
    return data.cluster_result(request.user, result_set, cluster_id)


def _cluster_filename(result: Any) -> str:
    return _("%(cluster)s %(year)s diagnostic report") % {"cluster": result.cluster.name,
                                                          "year": result.result_set.round.year}


def _summary_filename(result_set: ResultSet) -> str:
    return _("%(round)s summary report") % {"round": result_set.round.title}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The rounds whose results the user may see, with their summary and Excel export, and (outside
    the province) the diagnostic reports of the user's clusters."""
    user = request.user
    rounds = []
    for round_ in policy.rounds_for(user).order_by("-year", "scheme__code"):
        if not policy.can_see_results(user, round_):
            continue
        result_set = policy.result_set_shown(user, round_)
        if result_set is None:
            continue
        rows = [] if policy.is_province(user) else data.decorate(
            policy.cluster_results_for(user, result_set).order_by("group", "rank", "cluster__name"))
        rounds.append({"round": round_, "result_set": result_set, "rows": rows})
    return render(request, "reports/index.html", {"rounds": rounds, "is_province": policy.is_province(user)})


@require_GET
def cluster(request: HttpRequest, round_id: int, cluster_id: int) -> HttpResponse:
    result = _result(request, round_id, cluster_id)
    report = data.cluster_report(request.user, result)
    query = _set_query(request)
    downloads = {fmt: _with_query(reverse("reports:cluster_file", args=[round_id, cluster_id, fmt]), query)
                 for fmt in ("docx", "pdf")}
    context = report_render.cluster_context(report, downloads=downloads, set_query=query)
    return render(request, "reports/cluster.html", context)


@require_GET
def cluster_file(request: HttpRequest, round_id: int, cluster_id: int, fmt: str) -> HttpResponse:
    started = time.monotonic()
    result = _result(request, round_id, cluster_id)
    try:
        content = (build.build_cluster_pdf(result, user=request.user) if fmt == "pdf"
                   else build.build_cluster_docx(result, user=request.user))
    except pdf.ChromiumMissing as exc:
        return _unavailable(exc)
    return _download(content, fmt, _cluster_filename(result), started)


def _result_set(request: HttpRequest, round_id: int) -> ResultSet:
    return data.shown_result_set(request.user, round_id, _number(request))


@require_GET
def summary(request: HttpRequest, round_id: int) -> HttpResponse:
    result_set = _result_set(request, round_id)
    report = data.summary_report(request.user, result_set)
    query = _set_query(request)
    downloads = {fmt: _with_query(reverse("reports:summary_file", args=[round_id, fmt]), query)
                 for fmt in ("docx", "pdf")}
    downloads["xlsx"] = _with_query(reverse("reports:results_xlsx", args=[round_id]), query)
    context = report_render.summary_context(report, downloads=downloads, set_query=query)
    return render(request, "reports/summary.html", context)


@require_GET
def summary_file(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    started = time.monotonic()
    result_set = _result_set(request, round_id)
    try:
        content = (build.build_summary_pdf(result_set, user=request.user) if fmt == "pdf"
                   else build.build_summary_docx(result_set, user=request.user))
    except pdf.ChromiumMissing as exc:
        return _unavailable(exc)
    return _download(content, fmt, _summary_filename(result_set), started)


@require_GET
def results_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    started = time.monotonic()
    result_set = _result_set(request, round_id)
    content = build.build_results_xlsx(result_set, user=request.user)
    return _download(content, "xlsx", _("%(round)s results") % {"round": result_set.round.title}, started)
