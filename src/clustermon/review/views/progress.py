"""Progress per city and county, and the export of who is late (CSV or Excel)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.review import progress as progress_

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _progress(request: HttpRequest, round_id: int):  # noqa: ANN202 - (Round, Progress)
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_see_progress(request.user):
        raise PermissionDenied
    return round_, progress_.compute(round_, policy.clusters_for(request.user))


@require_GET
def progress(request: HttpRequest, round_id: int) -> HttpResponse:
    round_, data = _progress(request, round_id)
    return render(request, "review/progress.html", {
        "round": round_, "progress": data, "columns": [label for _code, label in progress_.COLUMNS],
    })


def late_rows(data: progress_.Progress) -> list[list]:
    header = [_("City"), _("County"), _("Cluster"), _("Status"), _("Who must act"), _("Deadline"),
              _("Days late")]
    rows = [[late.cluster.county.city.name, late.cluster.county.name, late.cluster.name, late.status_label,
             str(late.who), late.due.isoformat(), late.days] for late in data.late]
    return [header, *rows]


@require_GET
def late_export(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    """Who is late, as CSV (UTF-8 with BOM, opens in Excel) or .xlsx."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    round_, data = _progress(request, round_id)
    rows = late_rows(data)
    filename = f"late-{round_.year}-{data.today.isoformat()}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Late")[:31]
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
