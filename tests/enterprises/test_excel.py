"""The enterprise-list workbook: template, round trip, all-or-nothing upload with errors by cell."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.submissions.models import Submission
from tests.enterprises.conftest import code
from tests.submissions.test_excel import zip_bytes

pytestmark = pytest.mark.django_db

KEYS = ["credit_code", "name", "county", "sales", "sales@prev", "employees", "employees@prev"]


def template(client, sub: Submission):  # noqa: ANN001, ANN201
    response = client.get(reverse("enterprises:template", args=[sub.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def xlsx(wb) -> bytes:  # noqa: ANN001
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, sub: Submission, content: bytes, name: str = "list.xlsx"):  # noqa: ANN001, ANN201
    return client.post(reverse("enterprises:upload", args=[sub.pk]),
                       {"file": SimpleUploadedFile(name, content), "version": str(Submission.objects.get(pk=sub.pk).version)})


def write(ws, row: int, values: list) -> None:  # noqa: ANN001
    for col, value in enumerate(values, start=1):
        ws.cell(row=row, column=col, value=value)


def state(sub: Submission) -> tuple:
    fresh = Submission.objects.get(pk=sub.pk)
    rows = list(EnterpriseFigure.objects.filter(submission=sub).values_list("enterprise__credit_code", "current",
                                                                             "previous"))
    return fresh.values, fresh.version, rows


@pytest.fixture
def sub(ent, client):  # noqa: ANN001, ANN201
    client.force_login(ent.users["submitter_a1"])
    return ent.subs["a1"]


def test_the_template_has_hidden_keys_and_the_current_list(ent, client, sub) -> None:
    actions.save_row(sub, Entry(code(1), "甲机械有限公司", None, {"sales": "1200.5", "employees": "100"},
                                {"sales": "1000", "employees": "90"}), by=ent.users["submitter_a1"])
    wb = template(client, sub)
    assert wb.sheetnames[0] == "填报说明"  # "Instructions", translated (Chinese is the default)
    ws = wb.worksheets[1]
    assert [ws.cell(row=2, column=i).value for i in (1, 2, 3)] == ["clustermon-enterprises:1", ent.round.pk, "a1"]
    assert [ws.cell(row=3, column=i).value for i in range(1, 8)] == KEYS
    assert ws.row_dimensions[2].hidden and ws.row_dimensions[3].hidden
    assert ws.freeze_panes == "C5"
    assert [ws.cell(row=5, column=i).value for i in range(1, 8)] == [
        code(1), "甲机械有限公司", "甲一县", 1200.5, 1000, 100, 90]
    assert ws.cell(row=5, column=1).data_type == "s" and ws.cell(row=5, column=1).number_format == "@"


def test_a_filled_template_replaces_the_list(ent, client, sub) -> None:
    wb = template(client, sub)
    ws = wb.worksheets[1]
    write(ws, 5, [code(1), "甲机械有限公司", "", 1200, 1000, 100, 90])
    write(ws, 6, [code(2), "乙电子有限公司", "甲二县", "800.5", "700", 50, 50])
    write(ws, 9, [None] * 7)  # empty rows are skipped
    response = upload(client, sub, xlsx(wb))
    assert response.status_code == 302
    values, _version, rows = state(sub)
    assert values == {"P1": "2000.5", "P1@prev": "1700", "P2": "150", "P2@prev": "140"}
    assert [r[0] for r in rows] == [code(1), code(2)]
    # Downloading and uploading again changes nothing but the version.
    again = upload(client, sub, xlsx(template(client, sub)))
    assert again.status_code == 302 and state(sub)[2] == rows


def test_moved_columns_are_read_by_their_key(ent, client, sub) -> None:
    wb = template(client, sub)
    ws = wb.worksheets[1]
    order = [1, 0, 2, 4, 3, 6, 5]  # swap name/code and each year pair
    for row in (3, 4):
        values = [ws.cell(row=row, column=i + 1).value for i in range(7)]
        write(ws, row, [values[i] for i in order])
    write(ws, 5, ["甲机械有限公司", code(1), None, 1000, 1200, 90, 100])
    assert upload(client, sub, xlsx(wb)).status_code == 302
    assert state(sub)[0] == {"P1": "1200", "P1@prev": "1000", "P2": "100", "P2@prev": "90"}


def test_one_bad_cell_stores_nothing_and_every_error_names_its_cell(ent, client, sub) -> None:
    actions.save_row(sub, Entry(code(9), "原有企业", None, {"sales": "1"}, {"sales": "1"}),
                     by=ent.users["submitter_a1"])
    before = state(sub)
    wb = template(client, sub)
    ws = wb.worksheets[1]
    bad_check = code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1")
    write(ws, 5, [code(1), "甲机械有限公司", None, 1200, 1000, 100, 90])     # fine
    write(ws, 6, [bad_check, "乙", None, "约800", 700, 50.5, 50])             # 3 errors
    write(ws, 7, [code(3), None, "火星县", "=100+20", 5, 1, 1])               # name, county, formula
    write(ws, 8, [code(1), "甲重复", None, 1, 1, 1, 1])                        # listed twice
    response = upload(client, sub, xlsx(wb))
    assert response.status_code == 200
    assert state(sub) == before
    errors = response.context["upload_errors"]
    title = ws.title
    by_cell = {(e.sheet, e.row, e.cell) for e in errors}
    assert by_cell == {(title, 6, "A6"), (title, 6, "D6"), (title, 6, "F6"), (title, 7, "B7"), (title, 7, "C7"),
                       (title, 7, "D7"), (title, 8, "A8")}
    assert len(errors) == 7
    assert "未存储任何数据" in response.content.decode() or "Nothing was stored" in response.content.decode()


def test_a_code_stored_as_a_number_is_refused(ent, client, sub) -> None:
    wb = template(client, sub)
    ws = wb.worksheets[1]
    write(ws, 5, [914201151234567890, "甲", None, 1, 1, 1, 1])
    response = upload(client, sub, xlsx(wb))
    assert [(e.row, e.cell) for e in response.context["upload_errors"]] == [(5, "A5")]


def test_another_clusters_template_is_refused(ent, client, sub) -> None:
    wb = template(client, sub)
    ws = wb.worksheets[1]
    ws.cell(row=2, column=3, value="b1")
    write(ws, 5, [code(1), "甲", None, 1, 1, 1, 1])
    response = upload(client, sub, xlsx(wb))
    assert response.status_code == 200 and len(response.context["upload_errors"]) == 1
    assert not EnterpriseFigure.objects.exists()


def test_bad_files_are_refused_before_opening(ent, client, sub) -> None:
    before = state(sub)
    for content in (b"not a workbook" * 10,
                    zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": 120 << 20}),
                    b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)):
        response = upload(client, sub, content)
        assert response.status_code == 200 and len(response.context["upload_errors"]) == 1
    assert state(sub) == before


def test_only_the_submitter_uploads(ent, client, sub) -> None:
    wb = template(client, sub)
    write(wb.worksheets[1], 5, [code(1), "甲", None, 1, 1, 1, 1])
    client.force_login(ent.users["city_a"])
    response = upload(client, sub, xlsx(wb))
    assert response.status_code == 302 and not EnterpriseFigure.objects.exists()
