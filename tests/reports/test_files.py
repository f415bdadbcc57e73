"""The report files, opened with their own libraries: Word (python-docx), Excel (openpyxl) and PDF
(text extracted with pypdf; Chromium draws them, so the PDF tests need Debian's chromium)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from tests.reports.conftest import login

from clustermon.reports import pdf

needs_chromium = pytest.mark.skipif(not pdf.chromium_available(),
                                    reason="Debian's chromium package is not installed (apt-get install chromium)")


def get_file(client, url: str, content_type: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def cluster_file(client, years, world, code: str, fmt: str) -> bytes:
    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}
    url = reverse("reports:cluster_file", args=[years.round_2025.pk, world.clusters[code].pk, fmt])
    return get_file(client, url, types[fmt])


def pdf_text(content: bytes) -> str:
    """The PDF's text layer, as a reader copies or searches it (no normalisation)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- Word ------------------------------------------------------------------------------------------

def test_the_cluster_report_as_word(client, world, years) -> None:
    login(client, world, "city_a")
    document = docx.Document(io.BytesIO(cluster_file(client, years, world, "a1", "docx")))
    text = docx_text(document)
    for expected in ("a1产业集群", "诊断报告", "92.80", "1 / 4", "良好", "★★★", "铜标", "70.91", "培育提升方案",
                     "D1.1 营业收入", "80 亿元", "专家：A, B", "75.70"):
        assert expected in text, expected
    result_table = document.tables[1]
    assert [c.text for c in result_table.rows[1].cells][:5] == ["92.80", "70.91", "92.80", "1 / 4", "良好"]
    run = document.paragraphs[0].runs[0]._r
    fonts = run.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "Noto Sans CJK SC"
    if pdf.chromium_available():
        assert len(document.inline_shapes) == 2  # the radar and the trend, as PNG images
        for shape in document.inline_shapes:
            blip = shape._inline.graphic.graphicData.pic.blipFill.blip
            assert document.part.related_parts[blip.embed].content_type == "image/png"


def test_the_summary_as_word(client, world, years) -> None:
    login(client, world, "province")
    url = reverse("reports:summary_file", args=[years.round_2025.pk, "docx"])
    document = docx.Document(io.BytesIO(get_file(
        client, url, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")))
    text = docx_text(document)
    for expected in ("汇总报告", "省级先进制造业集群", "a1产业集群", "b1产业集群", "74.62", "+17.10", "−16.40",
                     "仅有 4 个集群"):
        assert expected in text, expected
    if pdf.chromium_available():
        assert len(document.inline_shapes) == 2  # the grade distribution and the map


def test_word_without_chromium_leaves_the_charts_out(client, world, years, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "chromium_path", lambda: "/nonexistent/chromium")
    login(client, world, "province")
    document = docx.Document(io.BytesIO(cluster_file(client, years, world, "a1", "docx")))
    assert len(document.inline_shapes) == 0
    assert "Chromium" in docx_text(document)


# --- Excel -----------------------------------------------------------------------------------------

def xlsx(client, years) -> openpyxl.Workbook:
    url = reverse("reports:results_xlsx", args=[years.round_2025.pk])
    content = get_file(client, url, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_results_workbook(client, world, years) -> None:
    login(client, world, "province")
    wb = xlsx(client, years)
    assert wb.sheetnames == ["省级先进制造业集群", "分市州汇总", "原始填报数据", "说明"]
    ws = wb["省级先进制造业集群"]
    assert ws.freeze_panes == "D2"
    header = [c.value for c in ws[1]]
    assert header[:9] == ["排名", "编码", "集群", "市州", "县市区", "总分", "基础得分", "加分", "减分"]
    assert header[9:] == ["发展水平", "促进组织活跃度", "D1 产业规模", "A1 法人资格", "A2 服务收入", "等次", "星级", "标级"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[5], r[14], r[15], r[16]) for r in rows] == [
        (1, "a1", 92.8, "良好", 3, "铜标"),
        (2, "a2", 88.75, "良好", 2, None), (3, "b1", 59.8, "不合格", 0, None), (4, "a1b", 42.3, "不合格", 0, None)]
    assert rows[0][6:9] == [88.8, 4, 0]  # base, bonus, deduction
    assert ws["F2"].number_format == "0.00" and ws["A2"].number_format == "0"
    assert ws.column_dimensions["C"].width == 34
    city = wb["分市州汇总"]
    assert city.freeze_panes == "B2"
    assert [[c.value for c in row] for row in city.iter_rows(min_row=2)] == [
        ["甲市", 3, 74.62, 0, 2, 0, 1, 2], ["乙市", 1, 59.8, 0, 0, 0, 1, 0]]
    assert city["C2"].number_format == "0.00"
    raw = [[c.value for c in row] for row in wb["原始填报数据"].iter_rows(min_row=2)]
    assert ["省级先进制造业集群", "a1", "a1产业集群", "甲市", "D1.1", "营业收入", "亿元", 80] in raw
    assert ["省级先进制造业集群", "a1", "a1产业集群", "甲市", "A1", "法人资格", None, "是"] in raw


def test_user_text_is_never_a_formula(client, world, years) -> None:
    from clustermon.registry.models import Cluster
    from clustermon.submissions.models import Submission

    Cluster.objects.filter(pk=world.clusters["a1b"].pk).update(name="=1+1")
    sub = Submission.objects.get(round=years.round_2025, cluster=world.clusters["a1"])
    sub.values = {**sub.values, "X.note": "=HYPERLINK(\"http://example.invalid\")", "X.at": "@SUM(A1)",
                  "X.minus": "-2+3", "X.tab": "\t=1"}
    sub.save()
    login(client, world, "province")
    wb = xlsx(client, years)
    cell = wb["省级先进制造业集群"]["C5"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    raw = {row[4].value: row[7] for row in wb["原始填报数据"].iter_rows(min_row=2) if row[1].value == "a1"}
    for code, text in (("X.note", "=HYPERLINK(\"http://example.invalid\")"), ("X.at", "@SUM(A1)"),
                       ("X.minus", "-2+3"), ("X.tab", "\t=1")):
        assert (raw[code].value, raw[code].data_type, raw[code].quotePrefix) == (text, "s", True), code
    assert raw["D1.1"].value == 80 and raw["D1.1"].data_type == "n"


def test_a_city_workbook_is_its_scope(client, world, years) -> None:
    login(client, world, "city_a")
    wb = xlsx(client, years)
    codes = [row[1].value for row in wb["省级先进制造业集群"].iter_rows(min_row=2)]
    assert codes == ["a1", "a2", "a1b"]
    assert {row[1].value for row in wb["原始填报数据"].iter_rows(min_row=2)} == {"a1", "a2", "a1b"}
    assert [row[0].value for row in wb["分市州汇总"].iter_rows(min_row=2)] == ["甲市"]


def test_sheet_titles_are_valid_and_unique() -> None:
    from clustermon.reports.excel import sheet_title

    used: set[str] = set()
    assert sheet_title("a/b:c*d?[e]", used) == "a_b_c_d__e_"
    long = "省级中小企业特色产业集群培育对象" * 3
    first, second = sheet_title(long, used), sheet_title(long, used)
    assert len(first) == 31 and len(second) == 31 and first != second and second.endswith(" (2)")


# --- PDF -------------------------------------------------------------------------------------------

@needs_chromium
def test_the_cluster_report_as_pdf(client, world, years) -> None:
    from clustermon.registry.models import Cluster

    # 长 and 生 share their glyphs with the radicals ⻓ and ⽣: the text layer must still say 长沙, 生物
    Cluster.objects.filter(pk=world.clusters["a1"].pk).update(name="长沙市生物医药产业集群")
    login(client, world, "submitter_a1")
    content = cluster_file(client, years, world, "a1", "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in ("长沙市生物医药产业集群", "诊断报告", "良好", "92.80", "营业收入", "同组平均"):
        assert expected in text, expected
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF], "radicals in the text layer"
    assert b"NotoSansCJK" in content or b"Noto Sans CJK" in content  # the CJK font is embedded


@needs_chromium
def test_the_summary_as_pdf(client, world, years) -> None:
    login(client, world, "province")
    url = reverse("reports:summary_file", args=[years.round_2025.pk, "pdf"])
    text = pdf_text(get_file(client, url, "application/pdf"))
    for expected in ("汇总报告", "省级先进制造业集群", "a1产业集群", "b1产业集群", "不合格", "甲市"):
        assert expected in text, expected


def test_without_chromium_the_pdf_says_why(client, world, years, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "chromium_path", lambda: "/nonexistent/chromium")
    login(client, world, "province")
    url = reverse("reports:cluster_file", args=[years.round_2025.pk, world.clusters["a1"].pk, "pdf"])
    response = client.get(url)
    assert response.status_code == 503
    assert "chromium" in response.content.decode()
