"""The reports' HTML: the context of the web pages, and the self-contained document (stylesheets,
plotly.js and the charts' script inlined) that Chromium turns into a PDF or chart images."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clustermon.reports import charts
from clustermon.reports.data import ClusterReport, SummaryReport
from clustermon.reports.staticfiles import plotly_js
from clustermon.results.display import GRADE_NAMES

HERE = Path(__file__).resolve().parent
SITE_CSS = HERE.parent / "web" / "static" / "clustermon" / "site.css"


@cache
def _static_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def cluster_title(report: ClusterReport) -> str:
    return _("%(cluster)s · diagnostic report · %(round)s") % {"cluster": report.cluster.name,
                                                              "round": report.round.title}


def summary_title(report: SummaryReport) -> str:
    return _("%(round)s · summary report") % {"round": report.round.title}


def cluster_context(report: ClusterReport, *, doc: bool = False, **extra: Any) -> dict[str, Any]:
    return {"r": report, "charts": charts.cluster_charts(report), "title": cluster_title(report),
            "generated": timezone.now(), "doc": doc, **extra}


def summary_context(report: SummaryReport, *, doc: bool = False, **extra: Any) -> dict[str, Any]:
    return {"s": report, "charts": charts.summary_charts(report), "title": summary_title(report),
            "generated": timezone.now(), "doc": doc, "grades": [(k, str(v)) for k, v in GRADE_NAMES.items()],
            "mover_tables": [(_("Risers"), report.risers), (_("Fallers"), report.fallers)], **extra}


def document(body: str, context: dict[str, Any]) -> str:
    """One self-contained HTML document of a report body, as Chromium renders it for print."""
    css = _static_text(SITE_CSS) + "\n" + _static_text(HERE / "static" / "reports" / "report.css")
    return render_to_string("reports/document.html", {
        **context, "doc": True, "body": body, "css": css, "plotly_js": plotly_js(),
        "charts_js": _static_text(HERE / "static" / "reports" / "charts.js"),
    })


def cluster_document(report: ClusterReport) -> str:
    return document("reports/_cluster_body.html", cluster_context(report, doc=True))


def summary_document(report: SummaryReport) -> str:
    return document("reports/_summary_body.html", summary_context(report, doc=True))
