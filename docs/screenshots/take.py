"""Screenshots for the README, taken from the demo in Debian's Chromium. Run by a maintainer:

    .venv/bin/python docs/screenshots/take.py

Loads the demo (`clustermon migrate` + `clustermon demo-data`) into a temporary data directory,
serves it on http://127.0.0.1:8013, walks through the 2026 round as the demo users — the
submitter completes and submits, the county (浏阳市) returns it with a comment on one indicator,
the submitter corrects and resubmits — and saves the PNGs beside this file. Everything is done
through the pages; nothing outside the temporary directory is touched except the PNGs.

Needs the project's .venv (playwright installed) and /usr/bin/chromium; nothing is downloaded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLUSTERMON = ROOT / ".venv" / "bin" / "clustermon"
HOST, PORT = "127.0.0.1", 8013
BASE = f"http://{HOST}:{PORT}"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTH = 1280
PASSWORD = "demo2026"  # clustermon.demo.build.PASSWORD

ROUND_2025 = "2025年度湖南省产业集群监测"
ROUND_2026 = "2026年度湖南省产业集群监测"
CLUSTER = "浏阳市生物医药产业集群"  # the cluster of `cluster-demo`, in 浏阳市 (`liuyang`)
COMMENTED = "SME1.1"  # 集群总产值: the first row of the entry page
COMMENT = "集群总产值与统计部门年报数据不一致，请按统计年报核实后修改。"
REASON = "集群总产值需核实，请修改后重新报送。"
EXPLANATION = "新建项目投产，主要企业扩大产能；统计口径未变。"


# ------------------------------------------------------------------------------- the server


def port_in_use() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, PORT)) == 0


@contextmanager
def demo_server() -> Iterator[None]:
    """The demo loaded into a fresh data directory and served on HOST:PORT until the block ends."""
    if not CLUSTERMON.exists():
        sys.exit(f"{CLUSTERMON} not found: run `make demo` or `make test` once to create the .venv")
    if port_in_use():
        sys.exit(f"Port {PORT} is in use: stop what listens there and run again")
    with tempfile.TemporaryDirectory(prefix="clustermon-screenshots-") as data:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite in `data`, always
        env.update(CLUSTERMON_DATA_DIR=data, DEBUG="1", DJANGO_SETTINGS_MODULE="clustermon.settings")
        subprocess.run([CLUSTERMON, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([CLUSTERMON, "demo-data"], env=env, check=True, cwd=ROOT)
        log = open(Path(data) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen([CLUSTERMON, "runserver", f"{HOST}:{PORT}", "--noreload"],
                                  env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(server, Path(data) / "server.log")
            yield
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


def wait_until_up(server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("The server stopped:\n" + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(f"{BASE}/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("The server did not answer within 30 s:\n" + log.read_text(errors="replace"))


# ---------------------------------------------------------------------------------- browser


def desk(browser: Browser, username: str) -> Page:
    """A page in a browser context of its own, logged in as `username` through the login form."""
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/login/" in page.url:
        sys.exit(f"Could not log in as {username}")
    return page


def click(page: Page, locator) -> None:  # noqa: ANN001 - a playwright Locator
    locator.click()
    page.wait_for_load_state("networkidle")


def shot(page: Page, name: str, *, until: str | None = None, max_height: int = 1500) -> None:
    """Save the page from its top down to the bottom of `until` (else the whole page), at most
    `max_height` pixels high, as docs/screenshots/<name>.png."""
    page.evaluate("window.scrollTo(0, 0)")
    height = page.evaluate("document.documentElement.scrollHeight")
    if until is not None:
        box = page.locator(until).first.bounding_box()
        if box is None:
            sys.exit(f"{name}: {until} is not on the page {page.url}")
        height = box["y"] + box["height"] + 16
    height = int(min(height, max_height))
    # A viewport as tall as the picture: sticky bars sit where a reader of that height sees them.
    page.set_viewport_size({"width": WIDTH, "height": height})
    path = HERE / f"{name}.png"
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
    page.set_viewport_size({"width": WIDTH, "height": 900})
    print(f"{path.relative_to(ROOT)}  {WIDTH}×{height}  {path.stat().st_size // 1024} KB")


def flash(page: Page, kind: str) -> str:
    return " ".join(page.locator(f"ul.messages li.{kind}").all_inner_texts())


# ----------------------------------------------------------------------------------- the walk


def results_and_cluster(browser: Browser) -> None:
    """The province reviewer: the 2025 results of one group, then the top cluster's page."""
    page = desk(browser, "province")
    row = page.locator("tr", has_text=ROUND_2025)
    click(page, row.get_by_role("link", name="监测结果"))
    click(page, page.locator("main a[href$='group=provincial_amc']"))  # 省级先进制造业集群: 14 clusters
    shot(page, "results-2025", until="main table.grid >> nth=-1")
    click(page, page.locator("main table.grid").last.locator("tbody a[href*='/registry/clusters/']").first)
    shot(page, "cluster", until="main section >> nth=1", max_height=1300)
    page.context.close()


def open_entry(page: Page) -> None:
    page.goto(f"{BASE}/submissions/")
    click(page, page.locator("tr", has_text=ROUND_2026).get_by_role("link", name="打开"))


def complete_draft(page: Page) -> None:
    """Fill what the demo draft leaves empty: last year's value where there is one, 是 for yes/no."""
    for row in page.locator("tr[id^='row-']").all():
        code = row.get_attribute("id").removeprefix("row-")
        box = row.locator(f'[id="v-{code}"]')
        if box.count() == 0 or box.input_value():
            continue
        tag = box.evaluate("e => e.tagName")
        if tag == "SELECT":
            box.select_option("1")
        elif tag == "INPUT":
            last = row.locator("td.num").inner_text().strip()
            box.fill(last if last not in ("", "—") else "1")


def submit(page: Page) -> None:
    """Submit; explain year-over-year changes when the page asks for it (a few tries)."""
    for _ in range(3):
        click(page, page.get_by_role("button", name="提交", exact=True))
        if "已提交" in flash(page, "success"):
            return
        for box in page.locator("textarea[name^='x-']").all():
            if not box.input_value():
                box.fill(EXPLANATION)
    problems = page.locator(".messages-inline .error").all_inner_texts()
    sys.exit(f"The submission was refused: {flash(page, 'error')} {problems}")


def corrected(value: str) -> str:
    try:
        return str((Decimal(value) * Decimal("0.97")).quantize(Decimal("0.01")))
    except InvalidOperation:
        return "100"


def review_round_trip(browser: Browser) -> None:
    """Submit, the county's list, a return with a comment, the entry page, resubmit, the review page."""
    submitter = desk(browser, "cluster-demo")
    open_entry(submitter)
    complete_draft(submitter)
    submit(submitter)

    county = desk(browser, "liuyang")
    click(county, county.get_by_role("link", name="审核"))
    click(county, county.get_by_role("link", name=ROUND_2026))
    shot(county, "county-list", until="main form >> nth=1")

    click(county, county.get_by_role("link", name=CLUSTER))
    county.fill(f'[name="comment:{COMMENTED}"]', COMMENT)
    county.fill("#return-form textarea[name=reason]", REASON)
    click(county, county.get_by_role("button", name="退回", exact=True))
    if "已退回" not in flash(county, "success"):
        sys.exit(f"The return was refused: {flash(county, 'error')}")

    open_entry(submitter)
    shot(submitter, "entry-2026", until=f'[id="row-{COMMENTED}"] ~ tr >> nth=3')
    box = submitter.locator(f'[id="v-{COMMENTED}"]')
    box.fill(corrected(box.input_value()))
    submit(submitter)
    submitter.context.close()

    county.reload()  # the list as it is now: the submission is back at the county
    click(county, county.get_by_role("link", name=CLUSTER))
    shot(county, "review-return", until="main section.card >> nth=1 >> tbody tr >> nth=7")
    county.context.close()


def round_timeline(browser: Browser) -> None:
    """The 2025 round as the province reviewer sees it: lifecycle steps, deadlines, timeline."""
    page = desk(browser, "province")
    click(page, page.locator("header").get_by_role("link", name="年度监测"))
    click(page, page.get_by_role("link", name=ROUND_2025))
    shot(page, "round-timeline", until="main section.card >> nth=-1", max_height=1700)
    page.context.close()


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit("Debian's chromium package is needed: apt-get install chromium")
    with demo_server(), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            results_and_cluster(browser)
            review_round_trip(browser)
            round_timeline(browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
