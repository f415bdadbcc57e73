"""The province computes, approves and publishes a round in a real browser; a city then sees its
clusters' published results, with stars and labels, and not the other city's."""

import os
import re

from clustermon.results.models import ResultSet
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.results.conftest import (  # noqa: F401 - fixture
    VALUES,
    VALUES_2024,
    fast_password_hasher,
    fill_year,
    make_round,
    make_scheme,
    run_to_publication,
)


def shot(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], name), full_page=True)


def logout(page) -> None:
    page.click("header form[action$='/logout/'] button")
    page.wait_for_load_state("networkidle")


def test_the_province_publishes_and_a_city_sees_its_clusters(page, world) -> None:
    scheme, version = make_scheme(world)
    last_year = make_round(scheme, version, 2024, "scoring")
    fill_year(world, last_year, VALUES_2024)
    run_to_publication(world, last_year)
    round_ = make_round(scheme, version, 2025, "scoring")
    fill_year(world, round_, VALUES)
    results = f"{page.base_url}/results/round/{round_.pk}/"

    login(page, "admin", PASSWORD)
    page.goto(results)
    page.click("button:has-text('计算结果')")
    page.wait_for_load_state("networkidle")
    assert "结果已计算：第 1 版" in page.inner_text(".messages") or "第 1 版" in page.inner_text("main")
    assert "92.80" in page.inner_text("table.results")
    page.click("button:has-text('审定此版本')")
    page.wait_for_load_state("networkidle")
    assert ResultSet.objects.get(round=round_).status == "approved"
    page.click("button:has-text('发布结果')")
    page.wait_for_load_state("networkidle")
    round_.refresh_from_db()
    assert round_.status == "published"
    assert re.search(r"\d{4}-\d\d-\d\d 发布", page.inner_text("main"))
    shot(page, "results-published.png")
    logout(page)

    login(page, "city_a", PASSWORD)
    page.goto(results)
    table = page.inner_text("table.results")
    assert "a1产业集群" in table and "a2产业集群" in table and "a1b产业集群" in table
    assert "b1产业集群" not in table  # city B's
    a1 = page.locator("table.results tr", has_text="a1产业集群").first
    assert "★★★" in a1.inner_text() and "铜标" in a1.inner_text()
    a2 = page.locator("table.results tr", has_text="a2产业集群")
    assert "★★" in a2.inner_text() and "标" not in a2.locator("td").nth(7).inner_text()
    a1.locator("td.num a").nth(1).click()  # the total opens the explanation
    page.wait_for_load_state("networkidle")
    assert "结果计算过程" in page.inner_text("h1")
    assert "上年（2024）良好，本年良好：3 星（H-Art.16），铜标（H-Art.17）。" in page.inner_text("main")
    shot(page, "results-explain.png")
    page.goto(f"{page.base_url}/results/registers/")
    register = page.inner_text("table.register")
    assert "a1产业集群" in register and "至下一年度监测结果发布" in register
