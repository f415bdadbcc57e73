"""Excel: templates per cluster and per county/city, upload with the same validation, all or nothing,
and every bad file refused with a clear message and nothing changed."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clustermon.audit.models import AuditEvent
from clustermon.submissions import actions
from clustermon.submissions.excel import FIRST_ROW
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.submissions.conftest import COMPLETE, LAST_YEAR, LEAVES, NARRATIVE, login, xlsx_bytes

FILLED = {**COMPLETE, **NARRATIVE}


def download(client, url: str) -> openpyxl.Workbook:
    response = client.get(url)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_by_code(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=1).value: r for r in range(FIRST_ROW, ws.max_row + 1)
            if ws.cell(row=r, column=1).value}


def fill(ws, values: dict) -> None:
    rows = rows_by_code(ws)
    for code, value in values.items():
        ws.cell(row=rows[code], column=4, value=value)


def as_cells(values: dict) -> dict:
    """Numbers as numbers (as Excel would hold them), 是/否 and text as text."""
    out = {}
    for code, value in values.items():
        if code == "S2.2":
            out[code] = "是" if value == "1" else "否"
        elif code == "P1.1":
            out[code] = value
        else:
            out[code] = float(value) if "." in value else int(value)
    return out


def upload(client, ew, content: bytes, name: str = "filled.xlsx"):
    return client.post(reverse("submissions:import", args=[ew.round.pk]),
                       {"file": SimpleUploadedFile(name, content)})


def state(ew) -> list:
    return [list(Submission.objects.order_by("pk").values_list("cluster_id", "values", "narratives", "version")),
            AuditEvent.objects.count()]


def template(client, ew) -> openpyxl.Workbook:
    return download(client, reverse("submissions:template", args=[ew.sub.pk]))


# ------------------------------------------------------------------------------ templates


def test_the_cluster_template_has_definitions_last_year_and_a_hidden_code_column(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    assert wb.sheetnames == ["填报说明", "a1产业集群"]
    ws = wb["a1产业集群"]
    rows = rows_by_code(ws)
    assert list(rows) == LEAVES
    assert ws.column_dimensions["A"].hidden
    assert ws.row_dimensions[2].hidden and ws.row_dimensions[3].hidden
    assert ws.protection.sheet
    s11 = rows["S1.1"]
    assert [ws.cell(row=s11, column=c).value for c in (2, 3, 5)] == ["集群营业收入", "亿元", 100]
    assert ws.cell(row=s11, column=8).value == "集群内企业营业收入合计"
    assert ws.cell(row=rows["S2.2"], column=5).value == "是"
    assert ws.cell(row=s11, column=4).protection.locked is False
    assert ws.cell(row=s11, column=2).protection.locked is True
    assert ws.cell(row=4, column=4).value == "本年数值"


def test_a_city_template_has_one_sheet_per_cluster_in_constant_queries(client, ew, django_assert_max_num_queries
                                                                       ) -> None:
    login(client, ew.users["city_a"])
    city = reverse("submissions:area_template", args=[ew.round.pk, "city", ew.world.cities["A"].pk])
    county = reverse("submissions:area_template", args=[ew.round.pk, "county", ew.world.counties["A2"].pk])
    with django_assert_max_num_queries(8) as one:
        wb = download(client, county)
    assert wb.sheetnames == ["填报说明", "a2产业集群"]
    with django_assert_max_num_queries(len(one.captured_queries)):
        wb = download(client, city)
    assert wb.sheetnames == ["填报说明", "a1产业集群", "a1b产业集群", "a2产业集群"]


def test_area_templates_are_scoped(client, ew) -> None:
    login(client, ew.users["county_a1"])
    other = reverse("submissions:area_template", args=[ew.round.pk, "county", ew.world.counties["A2"].pk])
    assert client.get(other).status_code == 404
    city_b = reverse("submissions:area_template", args=[ew.round.pk, "city", ew.world.cities["B"].pk])
    assert client.get(city_b).status_code == 404
    login(client, ew.users["outsider"])
    mine = reverse("submissions:area_template", args=[ew.round.pk, "county", ew.world.counties["A1"].pk])
    assert client.get(mine).status_code == 404


# ------------------------------------------------------------------------------ round trip


def test_round_trip_stores_the_values(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    fill(wb["a1产业集群"], as_cells(FILLED))
    response = upload(client, ew, xlsx_bytes(wb))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已导入：1 个集群的数据已更新。" in html
    ew.sub.refresh_from_db()
    assert ew.sub.values == COMPLETE and ew.sub.narratives == NARRATIVE
    event = AuditEvent.objects.get(action="submission.import")
    assert event.actor == ew.users["submitter_a1"] and event.after["S1.1"] == "120"
    # The workbook now comes back with the values in it; importing it again changes nothing.
    wb = template(client, ew)
    assert wb["a1产业集群"].cell(row=rows_by_code(wb["a1产业集群"])["S1.1"], column=4).value == 120
    version = ew.sub.version
    assert "已导入：0 个集群" in upload(client, ew, xlsx_bytes(wb)).content.decode()
    ew.sub.refresh_from_db()
    assert ew.sub.version == version


def test_rearranged_rows_are_read_by_their_code(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    rows = rows_by_code(ws)
    # Swap the S1.1 and S2.1 rows completely (code and value), as a sort would.
    a, b = rows["S1.1"], rows["S2.1"]
    for col in range(1, 10):
        x, y = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
        x.value, y.value = y.value, x.value
    fill(ws, {"S1.1": 300, "S2.1": 3})
    assert rows_by_code(ws)["S1.1"] == b
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert result.ok, [str(e) for e in result.errors]
    ew.sub.refresh_from_db()
    assert (ew.sub.values["S1.1"], ew.sub.values["S2.1"]) == ("300", "3")


def test_a_large_move_is_a_warning_and_the_explanation_column_is_read(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    fill(ws, as_cells({**FILLED, "S1.1": "300"}))
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        f"表 a1产业集群, 第 {rows_by_code(ws)['S1.1']} 行, D{rows_by_code(ws)['S1.1']}: "
        "较上年值 100 变动 200%，超过 50%，请说明原因。"]
    ws.cell(row=rows_by_code(ws)["S1.1"], column=6, value="并购两家企业")
    assert actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"]).ok
    ew.sub.refresh_from_db()
    assert ew.sub.explanations == {"S1.1": "并购两家企业"}


def city_workbook(client, ew) -> openpyxl.Workbook:
    login(client, ew.users["city_a"])
    return download(client, reverse("submissions:area_template", args=[ew.round.pk, "city", ew.world.cities["A"].pk]))


def test_a_city_reviewer_imports_a_three_cluster_workbook(client, ew) -> None:
    wb = city_workbook(client, ew)
    for title in ("a1产业集群", "a1b产业集群", "a2产业集群"):
        fill(wb[title], as_cells(FILLED))
    response = upload(client, ew, xlsx_bytes(wb))
    assert "已导入：3 个集群的数据已更新。" in response.content.decode()
    stored = Submission.objects.filter(round=ew.round).order_by("cluster__code")
    assert [(s.cluster.code, s.status, s.values) for s in stored] == [
        (c, SubmissionStatus.DRAFT, COMPLETE) for c in ("a1", "a1b", "a2")]


def test_one_bad_cell_in_a_city_workbook_stores_nothing(client, ew) -> None:
    wb = city_workbook(client, ew)
    for title in ("a1产业集群", "a1b产业集群", "a2产业集群"):
        fill(wb[title], as_cells(FILLED))
    ws = wb["a2产业集群"]
    row = rows_by_code(ws)["S1.3"]
    ws.cell(row=row, column=4, value="约30")
    before = state(ew)
    response = upload(client, ew, xlsx_bytes(wb))
    html = response.content.decode()
    assert "未导入任何数据：filled.xlsx 中有 1 处错误。" in html
    assert f"<td>a2产业集群</td><td>{row}</td><td>D{row}</td><td class=\"error\">不是数字。</td>" in html
    assert state(ew) == before
    assert not Submission.objects.filter(round=ew.round, cluster__code__in=["a1b", "a2"]).exists()


def test_rule_and_range_errors_are_listed_by_cell(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    fill(ws, as_cells({**FILLED, "S1.2": "130", "S2.1": "101"}))
    rows = rows_by_code(ws)
    before = state(ew)
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert sorted(str(e) for e in result.errors) == sorted([
        f"表 a1产业集群, 第 {rows['S1.2']} 行, D{rows['S1.2']}: 中小企业产值不得高于集群营业收入",
        f"表 a1产业集群, 第 {rows['S2.1']} 行, D{rows['S2.1']}: 不能大于 100。",
    ])
    assert state(ew) == before


def test_a_submitter_cannot_fill_another_cluster_or_a_locked_submission(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    fill(ws, as_cells(FILLED))
    ws.cell(row=2, column=3, value="a2")  # the hidden cluster code
    before = state(ew)
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert [str(e) for e in result.errors] == ["表 a1产业集群: 集群 a2 不存在或不在您的管辖范围内。"]
    ws.cell(row=2, column=3, value="a1")
    Submission.objects.filter(pk=ew.sub.pk).update(status=SubmissionStatus.AT_COUNTY)
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    [error] = result.errors
    assert error.message.startswith("该材料已锁定：当前状态为“县级审核中”，由") and "甲一县" in error.message
    assert state(ew)[0] == before[0]


def test_a_sheet_of_another_round_is_refused(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    wb["a1产业集群"].cell(row=2, column=2, value=ew.last_round.pk)
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert [str(e) for e in result.errors] == ["表 a1产业集群: 该工作表属于其他年度的模板，请下载本年度的模板。"]


# ------------------------------------------------------------------------------ bad files


def zip_bytes(members: dict[str, bytes | int]) -> bytes:
    """A ZIP whose int members are that many zero bytes, streamed (a zip bomb in a few hundred KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in members.items():
            if isinstance(content, int):
                with z.open(name, "w", force_zip64=True) as member:
                    chunk = b"\0" * (1 << 20)
                    for _ in range(content >> 20):
                        member.write(chunk)
            else:
                z.writestr(name, content)
    return out.getvalue()


def refused(client, ew, content: bytes, name: str = "filled.xlsx") -> str:
    """Upload as the submitter; assert nothing changed; return the page."""
    login(client, ew.users["submitter_a1"])
    before = state(ew)
    response = upload(client, ew, content, name)
    assert response.status_code == 200
    assert state(ew) == before
    html = response.content.decode()
    assert "未导入任何数据" in html
    return html


def test_a_broken_xlsx_is_refused(client, ew) -> None:
    assert "文件已损坏，无法作为 Office 或 ZIP 文件打开。" in refused(client, ew, b"this is not a workbook" * 10)
    login(client, ew.users["submitter_a1"])
    good = xlsx_bytes(template(client, ew))
    assert "文件已损坏" in refused(client, ew, good[: len(good) // 2])  # truncated


def test_a_zip_that_is_not_a_workbook_is_refused(client, ew) -> None:
    html = refused(client, ew, zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"}))
    assert "该文件不是可读取的 Excel 工作簿(.xlsx)" in html


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_opening(client, ew) -> None:
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": 120 << 20})
    assert len(bomb) < 1 << 20  # small on the wire
    assert "文件解压后为 120 MB，超过上限 50 MB，已拒绝。" in refused(client, ew, bomb)
    small_bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": 8 << 20})
    assert "疑似“压缩炸弹”" in refused(client, ew, small_bomb)


def test_formulas_are_refused(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    fill(ws, as_cells(FILLED))
    row = rows_by_code(ws)["S1.1"]
    ws.cell(row=row, column=4, value="=100+20")
    html = refused(client, ew, xlsx_bytes(wb))
    assert f"<td>{row}</td><td>D{row}</td><td class=\"error\">含有公式(=100+20)，请直接填写数值。</td>" in html


def test_text_in_number_cells_is_refused(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    ws = wb["a1产业集群"]
    fill(ws, as_cells(FILLED))
    rows = rows_by_code(ws)
    ws.cell(row=rows["S1.1"], column=4, value="约120亿")
    ws.cell(row=rows["S1.2"], column=4, value=True)
    result = actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"])
    assert [str(e) for e in result.errors] == [
        f"表 a1产业集群, 第 {rows['S1.1']} 行, D{rows['S1.1']}: 不是数字。",
        f"表 a1产业集群, 第 {rows['S1.2']} 行, D{rows['S1.2']}: 不是数字。",
    ]
    assert "不是数字。" in refused(client, ew, xlsx_bytes(wb))


def test_numbers_typed_as_text_are_read_like_the_web_form(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    wb = template(client, ew)
    fill(wb["a1产业集群"], {**as_cells(FILLED), "S1.1": "１２０"})
    assert actions.import_workbook(io.BytesIO(xlsx_bytes(wb)), round_=ew.round, by=ew.users["submitter_a1"]).ok
    ew.sub.refresh_from_db()
    assert ew.sub.values["S1.1"] == "120"


def test_a_50_mb_file_is_refused(client, ew) -> None:
    big = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    assert "文件大小为 50.0 MB，超过上限 10 MB。" in refused(client, ew, big)


def test_a_path_traversal_name_does_not_matter_for_a_workbook(client, ew, media) -> None:
    """The workbook is read in memory and never stored: its name is only echoed back, escaped."""
    html = refused(client, ew, b"junk" * 100, name="../../etc/passwd.xlsx")
    assert "文件已损坏" in html
    assert not media.exists() or not any(media.rglob("*"))


def test_the_import_page_requires_a_file_and_a_reviewer_or_submitter(client, ew) -> None:
    url = reverse("submissions:import", args=[ew.round.pk])
    login(client, ew.users["submitter_a1"])
    assert "请选择要上传的文件。" in client.post(url, {}).content.decode()
    login(client, ew.users["expert"])
    assert client.get(url).status_code == 404
    login(client, ew.users["outsider"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["submitter_a1", "city_a"])
def test_last_years_values_fill_the_previous_column(client, ew, who: str) -> None:
    wb = city_workbook(client, ew) if who == "city_a" else None
    if wb is None:
        login(client, ew.users[who])
        wb = template(client, ew)
    ws = wb["a1产业集群"]
    rows = rows_by_code(ws)
    assert ws.cell(row=rows["S1.3"], column=5).value == int(LAST_YEAR["S1.3"])
