"""A submitter fills the data-entry page in a real browser: messages appear next to the fields."""

import os

from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.submissions.conftest import ew, fast_passwords, framework, media  # noqa: F401 - fixtures


def test_a_submitter_saves_and_is_told_what_to_fix(page, ew) -> None:  # noqa: F811
    login(page, "submitter_a1", PASSWORD)
    page.goto(f"{page.base_url}/submissions/{ew.sub.pk}/")
    assert page.locator("#row-S1\\.1 td").nth(1).inner_text() == "亿元"
    page.fill("#v-S1\\.1", "200")
    page.fill("#v-S1\\.2", "250")
    page.click("button[value=submit]")
    assert "中小企业产值不得高于集群营业收入" in page.locator("#m-S1\\.2").inner_text()
    assert "较上年值 100 变动 100%" in page.locator("#m-S1\\.1").inner_text()
    assert page.locator("textarea[name='x-S1.1']").is_visible()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "entry.png"), full_page=True)
    ew.sub.refresh_from_db()
    assert ew.sub.values == {"S1.1": "200", "S1.2": "250"} and ew.sub.status == "draft"
