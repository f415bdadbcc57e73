"""The announcement exports: the approved list only, and no cell ever taken for a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.urls import reverse

from clustermon.applications.models import ApplicationDecision, ApplicationStatus, CallStatus
from tests.applications.factories import make_application, make_call


def _announced(world):  # noqa: ANN001, ANN202
    call = make_call(world, status=CallStatus.ANNOUNCED)
    for name, approved in (("=HYPERLINK(\"http://x\",\"点我\")", True), ("+甲一装备产业集群", True), ("未通过集群", False)):
        application = make_application(call, world, name=name, status=ApplicationStatus.ACCEPTED)
        ApplicationDecision.objects.create(application=application, conditions_met=True, recommended=approved,
                                           approved=approved, by=world.users["admin"])
    return call


def test_csv_cells_are_guarded(client, world) -> None:
    call = _announced(world)
    client.force_login(world.users["county_a1"])
    response = client.get(reverse("applications:announcement_export", args=[call.pk, "csv"]))
    assert response["Content-Disposition"] == f'attachment; filename="announcement-2019-{call.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "序号" and len(rows) == 3  # the header and the two approved
    names = sorted(row[1] for row in rows[1:])
    assert names == ["'+甲一装备产业集群", "'=HYPERLINK(\"http://x\",\"点我\")"]


def test_xlsx_cells_are_text(client, world) -> None:
    call = _announced(world)
    client.force_login(world.users["county_a1"])
    content = client.get(reverse("applications:announcement_export", args=[call.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=3)]
    assert sorted(c.value for c in cells) == ["+甲一装备产业集群", "=HYPERLINK(\"http://x\",\"点我\")"]
    assert {c.data_type for c in cells} == {"s"}


def test_docx_lists_the_approved(client, world) -> None:
    from docx import Document

    call = _announced(world)
    client.force_login(world.users["submitter_a1"])
    content = client.get(reverse("applications:announcement_export", args=[call.pk, "docx"])).content
    table = Document(io.BytesIO(content)).tables[0]
    assert len(table.rows) == 3 and "未通过集群" not in {c.text for row in table.rows for c in row.cells}


def test_unknown_format_is_404(client, world) -> None:
    call = _announced(world)
    client.force_login(world.users["county_a1"])
    assert client.get(reverse("applications:announcement_export", args=[call.pk, "pdf"])).status_code == 404
