"""plotly.js served as this application's own static file, straight from the installed `plotly`
package (`plotly/package_data/plotly.min.js`): no CDN and no copy of third-party code in the
repository. Government networks are often offline, so the charts must never need the Internet.

`PlotlyFinder` (in STATICFILES_FINDERS) answers for one path, `vendor/plotly/plotly.min.js`: the
development server and WhiteNoise find it there, and `collectstatic` copies it for production.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
NAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{NAME}"


@cache
def plotly_js_path() -> Path | None:
    """The installed plotly.min.js, or None when the `plotly` package is missing or incomplete."""
    try:
        import plotly
    except ImportError:
        return None
    path = Path(plotly.__file__).resolve().parent / "package_data" / NAME
    return path if path.is_file() else None


@cache
def plotly_js() -> str:
    """The text of plotly.min.js, to inline in the documents rendered for PDF and Word."""
    path = plotly_js_path()
    if path is None:
        raise FileNotFoundError("plotly.min.js not found: install the `plotly` package (pip install plotly)")
    return path.read_text(encoding="utf-8")


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs: object) -> list[Error]:
        if plotly_js_path() is None:
            return [Error("plotly.min.js is not installed: the report charts cannot be drawn.",
                          hint="Install the `plotly` package (it is a dependency in pyproject.toml).",
                          id="clustermon.reports.E001")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        find_all = bool(kwargs.get("all", find_all))
        located = plotly_js_path()
        match = str(located) if located is not None and path == STATIC_PATH else None
        if find_all:
            return [match] if match else []
        return match or []

    def list(self, ignore_patterns: object) -> list[tuple[str, FileSystemStorage]]:
        located = plotly_js_path()
        if located is None:
            return []
        storage = FileSystemStorage(location=str(located.parent))
        storage.prefix = PREFIX
        return [(NAME, storage)]
