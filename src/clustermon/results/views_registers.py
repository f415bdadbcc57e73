"""The star and label registers: pages for everyone in the province, and their CSV / xlsx exports."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.results import registers
from clustermon.results.display import LABEL_NAMES

TITLES = {registers.STARS: "星级产业集群名单", registers.LABELS: "金标银标铜标促进组织名单"}


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("list", registers.STARS)
    return kind if kind in registers.KINDS else registers.STARS


def _province(request: HttpRequest) -> int:
    if not policy.can_see_registers(request.user):
        raise Http404
    return request.user.province_id


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    province_id = _province(request)
    kind = _kind(request)
    filters = registers.Filters.read(request.GET)
    query = request.GET.copy()
    query.pop("list", None)
    published = registers.Published.of(province_id)
    context = {
        "kind": kind, "filters": filters, "entries": registers.entries(province_id, kind, filters, published),
        "cities": registers.cities(province_id), "years": published.years,
        "star_choices": range(5, 0, -1),
        "label_choices": [(code, LABEL_NAMES[code]) for code in registers.LABEL_CODES],
        "query": query.urlencode(),
    }
    return render(request, "results/registers.html", context)


@require_GET
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    province_id = _province(request)
    kind = _kind(request)
    rows = registers.entries(province_id, kind, registers.Filters.read(request.GET))
    header, body = registers.table(kind, rows)
    name = f"{TITLES[kind]}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        response = HttpResponse(registers.render_csv(header, body), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            registers.render_xlsx(header, body, TITLES[kind]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response
