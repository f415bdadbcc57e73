"""The annual round end to end in a real Chromium, against the real pages.

Set-up goes through the real actions: the shipped `hunan-monitoring` scheme is imported for the
`world` province, a 2026 round is created, given its deadlines and opened. Everything after that is
done by people clicking and typing: the submitter of cluster a1 (county A1, city A) fills in and
submits, the county passes, the city returns with a comment on one indicator, the submitter
corrects and resubmits, the city and the province pass. A second test fills the data through the
Excel template instead: downloaded from the entry page, filled with openpyxl, uploaded on the import
page; then a workbook with text in a number cell is refused cell by cell and changes nothing.

Each persona works in its own browser context, as people at their own desks would.
(tests/browser/test_submission_entry.py covers saving a draft and the inline messages.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import openpyxl
import pytest
from django.utils import timezone

from clustermon.frameworks.actions import import_scheme
from clustermon.review.models import ReviewDecision
from clustermon.rounds.actions import create_round, set_deadlines, transition
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus
from clustermon.submissions.models import Submission
from tests.browser.conftest import login
from tests.conftest import PASSWORD

TITLE = "2026年度产业集群监测"

# What the submitter of a1 reports: every required leaf of the `provincial_amc` framework of
# hunan-monitoring, within its range, AMC4.1 (chain leaders) ≤ AMC1.3 (firms above size) as rule R1
# wants. PO1.6 is yes/no; AMC2.4 is one of the (optional) qualitative answers.
NUMBERS = {
    "AMC1.1": "320", "AMC1.2": "8.5", "AMC1.3": "156", "AMC1.4": "6.2",
    "AMC2.1": "2.8", "AMC2.2": "24", "AMC2.3": "1.6",
    "AMC3.1": "12", "AMC3.2": "62", "AMC3.3": "9", "AMC3.4": "3.1",
    "AMC4.1": "7", "AMC4.2": "15", "AMC4.3": "98", "AMC4.4": "4",
    "AMC5.1": "45", "AMC5.2": "6", "AMC5.3": "58",
    "PO1.2": "12", "PO1.3": "186", "PO1.4": "35",
    "PO2.1": "24", "PO2.2": "640", "PO2.3": "3", "PO2.4": "11", "PO2.5": "12.5", "PO2.6": "92",
    "PO3.1": "8", "PO3.2": "3", "PO3.3": "5",
    "PO4.1": "100", "PO4.2": "4", "PO4.3": "85",
}
NARRATIVE = ("AMC2.4", "与省内两所高校共建联合实验室，完成关键核心技术攻关项目3项。")

HOLDER_SUBMITTERS = "集群填报单位(a1产业集群)"
HOLDER_COUNTY = "县级工信部门(甲一县)"
HOLDER_CITY = "市级工信部门(甲市)"
HOLDER_PROVINCE = "省工业和信息化厅(测试省)"


@pytest.fixture
def round_open(world) -> Round:
    """The 2026 round of the shipped Hunan scheme, opened by the province administrator."""
    admin = world.users["admin"]
    scheme = import_scheme("hunan-monitoring", by=admin, province=world.province)
    round_ = create_round(scheme, 2026, by=admin, title=TITLE)
    today = timezone.localdate()
    set_deadlines(round_, {
        DeadlineLevel.SUBMITTER: today + dt.timedelta(days=30),
        DeadlineLevel.COUNTY: today + dt.timedelta(days=45),
        DeadlineLevel.CITY: today + dt.timedelta(days=60),
        DeadlineLevel.PROVINCE: today + dt.timedelta(days=75),
    }, by=admin)
    transition(round_, RoundStatus.OPEN, by=admin)
    return round_


@pytest.fixture
def desk(chromium, live_server) -> Iterator[Callable[[str], object]]:
    """`desk(username)`: a page in a browser context of its own, logged in as that user."""
    contexts = []

    def open_as(username: str) -> object:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        login(page, username, PASSWORD)
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        return page

    yield open_as
    for context in contexts:
        context.close()


# ------------------------------------------------------------------------------------ helpers


def field(code: str) -> str:
    """The entry page's input for an indicator (codes hold dots, so no #id selector)."""
    return f'[id="v-{code}"]'


def standing(page) -> dict[str, str]:  # noqa: ANN001
    """The status box at the top of the entry and review pages: {label: value}."""
    box = page.locator("dl.standing")
    labels = box.locator("dt").all_inner_texts()
    values = box.locator("dd").all_inner_texts()
    return dict(zip(labels, values, strict=True))


def success(page) -> str:  # noqa: ANN001
    return " ".join(page.locator("ul.messages li.success").all_inner_texts())


def start_submission(page) -> None:  # noqa: ANN001
    """From the submitter's list of rounds: "start" on the round's row opens the entry page."""
    page.goto(page.base_url + "/submissions/")
    row = page.locator("tr", has_text=TITLE)
    assert "未开始" in row.inner_text() or "开始填报" in row.inner_text()
    row.get_by_role("button", name="开始填报").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("a1产业集群")
    assert standing(page)["状态"] == "草稿"
    assert standing(page)["当前办理单位"] == HOLDER_SUBMITTERS


def open_in_review(page, round_: Round) -> None:  # noqa: ANN001
    """A reviewer goes from the review index through the round's list to a1's review page."""
    page.goto(page.base_url + "/review/")
    page.get_by_role("link", name=round_.title).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="a1产业集群").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("a1产业集群")


def pass_up(page, button: str) -> None:  # noqa: ANN001
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")
    assert "a1产业集群 已审核通过。" in success(page)


def submitter_sees(page, entry_url: str, status: str, holder: str) -> None:  # noqa: ANN001
    page.goto(entry_url)
    now = standing(page)
    assert (now["状态"], now["当前办理单位"]) == (status, holder)


# -------------------------------------------------------------------------- the review round trip


def test_submit_county_pass_city_return_resubmit_city_and_province_pass(desk, world, round_open) -> None:
    submitter = desk("submitter_a1")
    start_submission(submitter)
    entry_url = submitter.url

    # The submitter fills in every required value and one narrative, and submits.
    for code, value in NUMBERS.items():
        submitter.fill(field(code), value)
    submitter.select_option(field("PO1.6"), label="是")
    submitter.fill(field(NARRATIVE[0]), NARRATIVE[1])
    submitter.get_by_role("button", name="提交", exact=True).click()
    submitter.wait_for_load_state("networkidle")
    assert f"已提交，现由{HOLDER_COUNTY}办理。" in success(submitter)
    assert (standing(submitter)["状态"], standing(submitter)["当前办理单位"]) == ("县级审核中", HOLDER_COUNTY)
    assert submitter.locator(field("AMC1.1")).count() == 0  # locked: values are shown, not editable
    assert "320" in submitter.locator('[id="row-AMC1.1"]').inner_text()
    submitter.goto(submitter.base_url + "/submissions/")
    assert "县级审核中" in submitter.locator("tr", has_text=TITLE).inner_text()

    # The county sees it waiting and passes it to the city.
    county = desk("county_a1")
    county.goto(county.base_url + "/review/")
    waiting = county.locator("tr", has_text=TITLE).locator("td.num").first.inner_text()
    assert waiting == "1"
    open_in_review(county, round_open)
    assert standing(county)["状态"] == "县级审核中"
    pass_up(county, "通过并报送上级")
    submitter_sees(submitter, entry_url, "市级审核中", HOLDER_CITY)

    # The city returns it with a reason and a comment on the leading industry's revenue.
    city = desk("city_a")
    open_in_review(city, round_open)
    city.fill('[name="comment:AMC1.1"]', "营业收入与统计部门口径不一致，请按统计年报核实。")
    city.fill("#return-form textarea[name=reason]", "主导产业营业收入需核实后重新报送。")
    city.get_by_role("button", name="退回", exact=True).click()
    city.wait_for_load_state("networkidle")
    assert "a1产业集群 已退回填报单位。" in success(city)

    # The submitter finds it back, with the reason on top and the comment next to the indicator.
    submitter_sees(submitter, entry_url, "已退回修改", HOLDER_SUBMITTERS)
    assert "市级审核于" in submitter.locator("p.error", has_text="退回").inner_text()
    assert "主导产业营业收入需核实后重新报送。" in submitter.locator("p.error", has_text="退回").inner_text()
    next_to_field = submitter.locator('[id="m-AMC1.1"]').inner_text()
    assert "审核意见：营业收入与统计部门口径不一致，请按统计年报核实。" in next_to_field
    assert submitter.locator('[id="m-AMC1.2"]').inner_text().strip() == ""
    assert submitter.input_value(field("AMC1.1")) == "320"

    # … corrects the value and hands it in again: it goes straight back to the city.
    submitter.fill(field("AMC1.1"), "298.6")
    submitter.get_by_role("button", name="提交", exact=True).click()
    submitter.wait_for_load_state("networkidle")
    assert f"已提交，现由{HOLDER_CITY}办理。" in success(submitter)
    assert (standing(submitter)["状态"], standing(submitter)["当前办理单位"]) == ("市级审核中", HOLDER_CITY)

    # The city sees what changed since its return, and passes it.
    open_in_review(city, round_open)
    diff = city.locator("section.diff")
    assert diff.locator("h2").inner_text() == "退回后的改动"
    rows = diff.locator("tbody tr")
    assert rows.count() == 1
    assert rows.locator("td").all_inner_texts() == ["AMC1.1 主导产业营业收入", "320", "298.6"]
    assert city.locator("tr.changed").count() == 1
    assert "AMC1.1" in city.locator("tr.changed").inner_text()
    pass_up(city, "通过并报送上级")
    submitter_sees(submitter, entry_url, "省级复审中", HOLDER_PROVINCE)

    # The province accepts it.
    province = desk("province")
    open_in_review(province, round_open)
    assert standing(province)["状态"] == "省级复审中"
    pass_up(province, "审核通过(省级)")
    submitter_sees(submitter, entry_url, "省级已通过", HOLDER_PROVINCE)
    assert "298.6" in submitter.locator('[id="row-AMC1.1"]').inner_text()

    stored = Submission.objects.get(round=round_open, cluster=world.clusters["a1"])
    assert stored.status == "accepted"
    assert stored.values["AMC1.1"] == "298.6" and stored.values["PO1.6"] == "1"
    assert stored.narratives == {NARRATIVE[0]: NARRATIVE[1]}
    assert list(ReviewDecision.objects.filter(submission=stored).order_by("at", "id")
                .values_list("level", "decision")) == [
        ("county", "pass"), ("city", "return"), ("city", "pass"), ("province", "pass")]


# ---------------------------------------------------------------------------- the Excel template


def download_template(page, path) -> openpyxl.Workbook:  # noqa: ANN001
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Excel 模板").click()
    download = info.value
    assert download.suggested_filename == "2026年a1产业集群监测数据模板.xlsx"
    download.save_as(path)
    return openpyxl.load_workbook(path)


def value_rows(ws) -> dict[str, int]:  # noqa: ANN001
    """{indicator code: row} of a cluster sheet; the hidden column A holds the codes."""
    assert [ws.cell(3, c).value for c in (1, 4)] == ["code", "value"]  # the hidden keys row
    return {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}


def upload(page, path) -> None:  # noqa: ANN001
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_load_state("networkidle")


def test_excel_template_filled_and_uploaded_and_a_bad_cell_changes_nothing(desk, world, round_open,
                                                                           tmp_path) -> None:
    submitter = desk("submitter_a1")
    start_submission(submitter)
    entry_url = submitter.url

    # Download the template from the entry page and fill it as a person would in Excel.
    wb = download_template(submitter, tmp_path / "template.xlsx")
    assert wb.sheetnames == ["填报说明", "a1产业集群"]
    ws = wb["a1产业集群"]
    assert [ws.cell(2, c).value for c in (2, 3)] == [round_open.pk, "a1"]  # hidden: round, cluster
    rows = value_rows(ws)
    assert set(NUMBERS) | {"PO1.6", NARRATIVE[0]} <= set(rows)
    assert all(ws.cell(rows[code], 4).value is None for code in NUMBERS)  # nothing entered yet
    for code, value in NUMBERS.items():
        ws.cell(rows[code], 4).value = float(value) if "." in value else int(value)
    ws.cell(rows["PO1.6"], 4).value = "是"
    ws.cell(rows[NARRATIVE[0]], 4).value = NARRATIVE[1]
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    # Upload it through the import page linked from the entry page.
    submitter.get_by_role("link", name="上传填好的模板").click()
    submitter.wait_for_load_state("networkidle")
    upload(submitter, filled)
    result = submitter.locator("#result").inner_text()
    assert "已导入：1 个集群的数据已更新。" in result
    assert f"a1产业集群 · {len(NUMBERS) + 2} 个单元格" in result

    # The entry page now shows the values from the workbook.
    submitter.get_by_role("link", name="a1产业集群").click()
    submitter.wait_for_load_state("networkidle")
    assert submitter.url == entry_url
    for code, value in NUMBERS.items():
        assert submitter.input_value(field(code)) == value, code
    assert submitter.input_value(field("PO1.6")) == "1"
    assert submitter.input_value(field(NARRATIVE[0])) == NARRATIVE[1]
    assert standing(submitter)["状态"] == "草稿"
    stored = Submission.objects.get(round=round_open, cluster=world.clusters["a1"])
    version = stored.version

    # A second template comes prefilled; text in a number cell is refused by sheet, row and cell,
    # and the valid change in the same workbook is not stored either.
    wb = download_template(submitter, tmp_path / "again.xlsx")
    ws = wb["a1产业集群"]
    rows = value_rows(ws)
    assert ws.cell(rows["AMC1.1"], 4).value == 320
    ws.cell(rows["AMC1.1"], 4).value = 999
    ws.cell(rows["AMC1.3"], 4).value = "约150"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    submitter.get_by_role("link", name="上传填好的模板").click()
    submitter.wait_for_load_state("networkidle")
    upload(submitter, bad)
    assert "未导入任何数据：bad.xlsx 中有 1 处错误。" in submitter.locator("#result p.error").inner_text()
    errors = submitter.locator("#result table.errors tbody tr")
    assert errors.count() == 1
    assert errors.locator("td").all_inner_texts() == [
        "a1产业集群", str(rows["AMC1.3"]), f"D{rows['AMC1.3']}", "不是数字。"]

    submitter.goto(entry_url)
    assert submitter.input_value(field("AMC1.1")) == "320"
    assert submitter.input_value(field("AMC1.3")) == "156"
    stored.refresh_from_db()
    assert stored.version == version and stored.values["AMC1.1"] == "320"

    # The imported data is complete: the submitter can hand it in as it is.
    submitter.get_by_role("button", name="提交", exact=True).click()
    submitter.wait_for_load_state("networkidle")
    assert (standing(submitter)["状态"], standing(submitter)["当前办理单位"]) == ("县级审核中", HOLDER_COUNTY)
