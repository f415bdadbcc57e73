"""Reports drawn by Debian's Chromium through Playwright: the PDF of a report's own HTML (its print
stylesheet, plotly charts as in the browser, the Noto CJK fonts of fonts-noto-cjk embedded) and PNG
images of its charts for the Word documents.

The page is given as one HTML string with plotly.js and the stylesheet inlined; every network
request is refused, so nothing can reach outside the machine. Playwright runs in a worker thread
of its own, which keeps it apart from any event loop of the caller (a test's browser, an async
worker). Nothing is downloaded: Playwright drives the installed /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
         "--font-render-hinting=none"]
TIMEOUT_MS = 60_000
READY = "document.body.dataset.chartsReady !== undefined"


class ChromiumMissing(RuntimeError):
    """Debian's chromium (or Playwright) is not installed: PDFs cannot be made here."""


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def chromium_available() -> bool:
    return os.path.exists(chromium_path())


def _require_chromium() -> str:
    path = chromium_path()
    if not os.path.exists(path):
        raise ChromiumMissing(
            f"Chromium is not installed at {path}: PDF reports and chart images need Debian's chromium "
            "package and the CJK fonts (apt-get install chromium fonts-noto-cjk), or CHROMIUM_PATH set "
            "to a Chromium executable.")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise ChromiumMissing("The playwright package is not installed (pip install playwright).") from exc
    return path


@dataclass
class Rendered:
    pdf: bytes | None = None
    images: dict[str, bytes] = field(default_factory=dict)


FOOTER = ('<div style="width:100%;font-size:8px;color:#616e7c;text-align:center;'
          'font-family:\'Noto Sans CJK SC\',sans-serif"><span class="title"></span> · '
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def _render(html: str, *, pdf: bool, charts: bool, landscape: bool) -> Rendered:
    from playwright.sync_api import sync_playwright

    executable = _require_chromium()
    out = Rendered()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        try:
            context = browser.new_context(device_scale_factor=2, viewport={"width": 1100, "height": 1400},
                                          java_script_enabled=True, offline=True)
            context.route("**/*", lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.set_content(html, wait_until="load")
            page.wait_for_function(READY, timeout=TIMEOUT_MS)
            page.evaluate("document.fonts.ready.then(() => true)")
            if charts:
                for element in page.query_selector_all("[data-chart]"):
                    key = element.get_attribute("data-chart") or ""
                    out.images[key] = element.screenshot(type="png", animations="disabled")
            if pdf:
                out.pdf = page.pdf(format="A4", landscape=landscape, print_background=True,
                                   display_header_footer=True, header_template="<span></span>",
                                   footer_template=FOOTER,
                                   margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
    return out


def render(html: str, *, pdf: bool = False, charts: bool = False, landscape: bool = False) -> Rendered:
    """Render a self-contained report page in Chromium; raise ChromiumMissing when there is none."""
    _require_chromium()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="clustermon-chromium") as pool:
        return pool.submit(_render, html, pdf=pdf, charts=charts, landscape=landscape).result()


def html_to_pdf(html: str, *, landscape: bool = False) -> bytes:
    """The page as a PDF, its text layer corrected (see `pdftext`)."""
    from clustermon.reports.pdftext import fix_text_layer

    pdf = render(html, pdf=True, landscape=landscape).pdf
    assert pdf is not None
    return fix_text_layer(pdf)


def chart_images(html: str) -> dict[str, bytes]:
    """PNG images of the page's charts ({data-chart key: bytes}); {} without Chromium."""
    if not chromium_available():
        return {}
    try:
        return render(html, charts=True).images
    except ChromiumMissing:
        return {}
