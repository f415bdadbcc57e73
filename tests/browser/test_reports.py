"""A real browser opens a cluster's diagnostic report and the province summary: every plotly chart
is drawn (plotly.js from this application's own static files) and no request leaves 127.0.0.1."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.reports.conftest import fast_password_hasher, years  # noqa: F401 - fixtures


def _watch_requests(page) -> list[str]:  # noqa: ANN001
    outside: list[str] = []

    def check(request) -> None:  # noqa: ANN001
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.hostname not in ("127.0.0.1", "localhost"):
            outside.append(request.url)

    page.on("request", check)
    return outside


def _charts_drawn(page, names: list[str]) -> None:  # noqa: ANN001
    page.wait_for_function("document.body.dataset.chartsReady !== undefined", timeout=30_000)
    assert page.evaluate("document.body.dataset.chartsReady") == "1"
    for name in names:
        chart = page.locator(f'[data-chart="{name}"]')
        assert chart.locator("svg.main-svg").count() >= 1, name
        assert chart.bounding_box()["height"] > 200, name


def test_the_cluster_report_draws_its_charts(page, world, years) -> None:  # noqa: F811
    outside = _watch_requests(page)
    login(page, "province", PASSWORD)
    page.goto(f"{page.base_url}/reports/round/{years.round_2025.pk}/cluster/{world.clusters['a1'].pk}/")
    assert "a1产业集群" in page.inner_text("h1")
    _charts_drawn(page, ["radar", "trend"])
    assert "产业规模" in page.locator('[data-chart="radar"]').inner_text()  # the axes' Chinese names
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "cluster-report.png"), full_page=True)
    assert outside == []


def test_the_summary_draws_its_charts(page, world, years) -> None:  # noqa: F811
    outside = _watch_requests(page)
    login(page, "province", PASSWORD)
    page.goto(f"{page.base_url}/reports/round/{years.round_2025.pk}/")
    _charts_drawn(page, ["distribution", "map"])
    assert "甲市" in page.locator('[data-chart="map"]').inner_text()
    page.click(f"a[href*='/cluster/{world.clusters['b1'].pk}/']")  # the ranking opens a cluster's report
    assert "b1产业集群" in page.inner_text("h1")
    _charts_drawn(page, ["radar", "trend"])
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "summary.png"), full_page=True)
    assert outside == []
