import datetime as dt

import yaml

from tests.browser.conftest import chromium, login, page  # noqa: F401
from tests.conftest import PASSWORD
from tests.rounds.conftest import advance, store_version, tiny_framework


def test_shots(world, draft_round, page) -> None:  # noqa: F811
    from clustermon.frameworks.versions import new_version
    from clustermon.rounds.actions import extend_deadline, transition

    admin = world.users["admin"]
    admin.last_name, admin.first_name = "王", "芳"
    admin.save()
    advance(draft_round, "review", admin)
    transition(draft_round, "open", by=admin, reason="部分园区尚未完成填报")
    extend_deadline(draft_round, "submitter", dt.date(2026, 4, 15), by=admin, reason="暴雨导致停电", city=world.cities["A"])
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["parts"][0]["indicators"][0]["children"][0]["params"] = {"floor": 10, "target": 120}
    doc["parts"][0]["indicators"][0]["children"][1]["method"] = "linear"
    doc["parts"][0]["indicators"][0]["children"][1]["params"] = {"floor": 0, "target": 20}
    doc["deduction"]["cap"] = 8
    doc["deduction"]["items"][0]["max_points"] = 8
    v = new_version(draft_round, "provincial_amc", doc, by=admin, reason="按厅务会意见微调")
    login(page, "admin", PASSWORD)
    page.goto(page.base_url + f"/rounds/{draft_round.pk}/")
    page.screenshot(path="/tmp/shots/detail.png", full_page=True)
    page.goto(page.base_url + f"/frameworks/versions/{v.previous_id}/diff/{v.pk}/")
    page.screenshot(path="/tmp/shots/diff.png", full_page=True)
    page.goto(page.base_url + f"/frameworks/versions/{v.pk}/")
    page.screenshot(path="/tmp/shots/version.png", full_page=True)
    page.goto(page.base_url + "/audit/")
    page.screenshot(path="/tmp/shots/audit.png", full_page=True)
    page.goto(page.base_url + f"/frameworks/rounds/{draft_round.pk}/provincial_amc/new/")
    bad = tiny_framework("provincial_amc", "2026.3")
    bad["parts"][0]["weight"] = 60
    bad["parts"][1]["indicators"][0]["method"] = "guess"
    page.fill("textarea[name=document]", yaml.safe_dump(bad, allow_unicode=True))
    page.fill("textarea[name=reason]", "试一下")
    page.click("main form button[type=submit]")
    page.screenshot(path="/tmp/shots/new_version.png", full_page=False)
