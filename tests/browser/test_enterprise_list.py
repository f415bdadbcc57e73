"""A cluster's submitter keeps the enterprise list in a real browser; the totals follow."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import call_command

from clustermon.accounts.models import User
from clustermon.submissions.models import Submission
from tests.browser.conftest import login
from tests.enterprises.conftest import code

SHOTS = os.environ.get("SCREENSHOTS_DIR")


@pytest.fixture
def demo(transactional_db, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo-data", "--province", "hubei", stdout=StringIO())


def test_the_submitter_adds_an_enterprise_and_sees_the_totals(page, demo) -> None:
    user = User.objects.get(username="hubei-cluster")
    user.set_password("demo2026")
    user.save()
    draft = Submission.objects.get(cluster=user.cluster, status="draft")
    before = int(draft.values["P2"])
    login(page, "hubei-cluster", "demo2026")
    page.goto(f"{page.base_url}/enterprises/")
    page.click("text=本集群企业名单")
    page.wait_for_selector("#list")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/enterprise-list.png", full_page=True)
    page.fill("input[name=credit_code]", code(7777))
    page.fill("input[name=name]", "江夏新增示范机械有限公司")
    for name, value in (("c-sales", "5000"), ("p-sales", "4000"), ("c-employees", "60"), ("p-employees", "50"),
                        ("c-investment", "300"), ("p-investment", "200"), ("c-taxes", "150"), ("p-taxes", "120")):
        page.fill(f"input[name={name}]", value)
    page.click("#add button[type=submit]")
    page.wait_for_selector("text=已添加企业，合计数已更新。")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/enterprise-list-added.png", full_page=True)
    assert page.locator("#list tbody tr", has_text="江夏新增示范机械有限公司").count() == 1
    draft.refresh_from_db()
    assert int(draft.values["P2"]) == before + 60
