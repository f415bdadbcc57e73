"""A county reviewer applies in a real browser with annual sales below the threshold: the page
shows the failing condition with its reason and figures, the materials are uploaded, the
application is submitted anyway, and the fail stays in view for every level."""

import os

from clustermon.applications.models import Application, ApplicationStatus
from tests.applications.conftest import fast_passwords, media  # noqa: F401 - fixtures
from tests.applications.factories import FAILING_SALES, PDF, make_call, xlsx_bytes
from tests.browser.conftest import login
from tests.conftest import PASSWORD


def test_a_county_applies_with_sales_below_the_threshold(page, world) -> None:
    call = make_call(world)
    login(page, "county_a1", PASSWORD)
    page.goto(f"{page.base_url}/applications/calls/{call.pk}/")
    page.fill("input[name=name]", "甲一纺织产业集群")
    page.fill("input[name=leading_industry]", "纺织服装")
    page.fill("input[name=core_park_name]", "甲一纺织工业园")
    page.click("text=开始申报")
    page.wait_for_url("**/applications/*/")

    for code, value in FAILING_SALES.items():
        page.fill(f"#f-{code}", value)
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")

    row = page.locator("#cond-C1")
    assert row.get_attribute("data-outcome") == "fail"
    assert row.locator(".outcome").first.inner_text() == "不符合"
    assert "集群年销售额 18亿元，未高于20亿元：不符合。" in row.inner_text()
    assert "18 亿元" in row.locator(".figures").inner_text() and "20 亿元" in row.locator(".figures").inner_text()
    assert page.locator("#failing").is_visible()
    assert page.locator("#cond-C3\\.1").get_attribute("data-outcome") == "pass"

    for item in ("request_letter", "development_report", "application_form", "development_plan",
                 "supporting_documents"):
        content = xlsx_bytes() if item == "application_form" else PDF
        name = "申报表.xlsx" if item == "application_form" else f"{item}.pdf"
        mime = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if item == "application_form"
                else "application/pdf")
        page.set_input_files(f"#item-{item} input[type=file]", files=[{"name": name, "mimeType": mime,
                                                                        "buffer": content}])
        page.click(f"#item-{item} button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert name in page.locator(f"#item-{item}").inner_text()
    assert page.locator("#missing-items").count() == 0

    page.click("#submit")
    page.wait_for_load_state("networkidle")
    assert "申报已提交" in page.locator(".messages").inner_text()
    assert page.locator("#status").inner_text() == "市级审核中"
    assert page.locator("#failing").is_visible()
    assert "集群年销售额 18亿元，未高于20亿元" in page.locator("#failing").inner_text()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "application.png"), full_page=True)

    application = Application.objects.get(call=call, name="甲一纺织产业集群")
    assert application.status == ApplicationStatus.AT_CITY
    assert application.materials.count() == 5
    assert application.condition_results.get(condition="C1").outcome == "fail"
