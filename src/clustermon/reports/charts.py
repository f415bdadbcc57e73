"""The reports' charts as plotly.js figures ({"data": [...], "layout": {...}}), plain JSON.

The browser draws them with plotly.js served from the installed `plotly` package (see
`staticfiles.PlotlyFinder`); the PDF and the Word document use the same figures drawn by Chromium.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from clustermon.reports.data import GRADES, ClusterReport, SummaryReport
from clustermon.results.display import grade_name

FONT = {"family": "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", "size": 13}
CLUSTER, AVERAGE, BEST = "#b3261e", "#7b8794", "#2f7d32"
GRADE_COLOURS = {"excellent": "#1b5e20", "good": "#1565c0", "qualified": "#9aa5b1", "unqualified": "#b3261e"}


def _f(x: Decimal | None) -> float | None:
    """Figures leave Decimal only here, for drawing."""
    return None if x is None else float(x)


def _layout(**extra: Any) -> dict[str, Any]:
    layout = {"font": FONT, "margin": {"l": 50, "r": 30, "t": 30, "b": 50}, "paper_bgcolor": "#ffffff",
              "plot_bgcolor": "#ffffff", "legend": {"orientation": "h", "y": -0.15}}
    layout.update(extra)
    return layout


def wrap(name: str, width: int = 6) -> str:
    """Long Chinese names broken into lines for axis labels: "省级中小企业<br>特色产业集群<br>培育对象"."""
    return "<br>".join(name[i:i + width] for i in range(0, len(name), width)) if len(name) > width else name


def short_city(name: str) -> str:
    """A city's name short enough for a tile: 湘西土家族苗族自治州 → 湘西州."""
    if name.endswith("自治州"):
        return name[:2] + "州"
    return name if len(name) <= 5 else name[:4] + "…"


def radar(report: ClusterReport) -> dict[str, Any]:
    """First-level indicators as a share of their full marks: the cluster, the group average and the
    group best (the best cluster on each axis)."""
    lines = report.first_level
    theta = [line.name for line in lines] + [lines[0].name] if lines else []

    def trace(name: str, values: list[Decimal], colour: str, fill: str | None) -> dict[str, Any]:
        r = [_f(v) for v in values] + ([_f(values[0])] if values else [])
        out = {"type": "scatterpolar", "name": name, "r": r, "theta": theta, "mode": "lines+markers",
               "line": {"color": colour, "width": 2}, "hovertemplate": "%{theta}: %{r:.1f}%<extra>" + name + "</extra>"}
        if fill:
            out.update(fill="toself", fillcolor=fill)
        return out

    data = [
        trace(_("Group best"), [line.best_share for line in lines], BEST, None),
        trace(_("Group average"), [line.average_share for line in lines], AVERAGE, None),
        trace(report.cluster.name, [line.share for line in lines], CLUSTER, "rgba(179,38,30,0.15)"),
    ]
    between = 90 - 180 / max(len(lines), 1)  # the percentage ticks run between the first two axes
    layout = _layout(polar={"radialaxis": {"range": [0, 100], "ticksuffix": "%", "angle": between,
                                           "tickfont": {"size": 10}},
                            "angularaxis": {"direction": "clockwise", "rotation": 90}},
                     margin={"l": 70, "r": 70, "t": 30, "b": 40})
    return {"data": data, "layout": layout}


def trend(report: ClusterReport) -> dict[str, Any]:
    """The total in each round of the scheme against the group's average and best total."""
    years = [str(point.year) for point in report.trend]
    hover = [_("%(year)s: %(total)s, rank %(rank)s of %(size)s, %(grade)s")
             % {"year": p.year, "total": p.total, "rank": p.rank, "size": p.size, "grade": p.grade_name}
             for p in report.trend]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": _("Group best"), "x": years,
         "y": [_f(p.best) for p in report.trend], "line": {"color": BEST, "dash": "dot"}},
        {"type": "scatter", "mode": "lines+markers", "name": _("Group average"), "x": years,
         "y": [_f(p.average) for p in report.trend], "line": {"color": AVERAGE, "dash": "dash"}},
        {"type": "scatter", "mode": "lines+markers+text", "name": report.cluster.name, "x": years,
         "y": [_f(p.total) for p in report.trend], "text": [str(p.total) for p in report.trend],
         "textposition": "top center", "hovertext": hover, "hoverinfo": "text",
         "line": {"color": CLUSTER, "width": 3}, "marker": {"size": 9}},
    ]
    layout = _layout(xaxis={"type": "category", "title": {"text": _("Year")}},
                     yaxis={"title": {"text": _("Total")}, "rangemode": "tozero"})
    return {"data": data, "layout": layout}


def distribution(report: SummaryReport) -> dict[str, Any]:
    """Clusters per grade in each group, stacked."""
    names = [wrap(group.name) for group in report.groups]
    data = [{"type": "bar", "name": grade_name(grade), "x": names,
             "y": [group.distribution[grade] for group in report.groups],
             "marker": {"color": GRADE_COLOURS[grade]}} for grade in GRADES]
    yaxis: dict[str, Any] = {"title": {"text": _("Clusters")}}
    if max((group.size for group in report.groups), default=0) < 15:
        yaxis["dtick"] = 1
    layout = _layout(barmode="stack", yaxis=yaxis, xaxis={"automargin": True, "tickangle": 0},
                     legend={"orientation": "h", "y": 1.12, "traceorder": "normal"},
                     margin={"l": 50, "r": 20, "t": 40, "b": 60})
    return {"data": data, "layout": layout}


def tiles(report: SummaryReport) -> list[tuple[Any, int, int]]:
    """(city summary, row, column) for every city: stored positions first; cities without one are
    laid out in rows below them, in code order."""
    placed = [(c, c.city.map_row, c.city.map_col) for c in report.cities
              if c.city.map_row is not None and c.city.map_col is not None]
    rest = [c for c in report.cities if c.city.map_row is None or c.city.map_col is None]
    width = max([col for _, _, col in placed], default=-1) + 1 or min(5, max(len(rest), 1))
    top = max([row for _, row, _ in placed], default=-1) + 1
    placed += [(c, top + i // width, i % width) for i, c in enumerate(rest)]
    return placed


def city_map(report: SummaryReport) -> dict[str, Any]:
    """A schematic tile map: each city a square at its approximate place, coloured by the average
    total of its clusters (grey: none in the report)."""
    cells = tiles(report)
    rows = max([r for _, r, _ in cells], default=0) + 1
    cols = max([c for _, _, c in cells], default=0) + 1
    z: list[list[float | None]] = [[None] * cols for _ in range(rows)]
    empty: list[list[float | None]] = [[None] * cols for _ in range(rows)]
    labels: list[list[str]] = [[""] * cols for _ in range(rows)]
    hover: list[list[str]] = [[""] * cols for _ in range(rows)]
    for city, r, c in cells:
        name = short_city(city.city.name)
        if city.count:
            z[r][c] = _f(city.average_total)
            labels[r][c] = f"{name}<br>{city.average_total} · {city.count}"
            hover[r][c] = _("%(city)s: %(count)s clusters, average total %(average)s") % {
                "city": city.city.name, "count": city.count, "average": city.average_total}
        else:
            empty[r][c] = 0
            labels[r][c] = name
            hover[r][c] = _("%(city)s: no cluster in this report") % {"city": city.city.name}
    common = {"type": "heatmap", "x": list(range(cols)), "y": list(range(rows)), "xgap": 4, "ygap": 4,
              "text": labels, "texttemplate": "%{text}", "hovertext": hover, "hoverinfo": "text"}
    data = [
        {**common, "z": empty, "colorscale": [[0, "#e4e7eb"], [1, "#e4e7eb"]], "showscale": False,
         "textfont": {"color": "#616e7c"}},
        {**common, "z": z, "colorscale": [[0, "#f4b6ae"], [0.5, "#fff1c1"], [1, "#7cc68d"]],
         "colorbar": {"title": {"text": _("Average total")}, "thickness": 12},
         "textfont": {"color": "#1f2933"}},
    ]
    axis = {"visible": False, "fixedrange": True}
    layout = _layout(xaxis=axis, yaxis={**axis, "autorange": "reversed", "scaleanchor": "x"},
                     margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return {"data": data, "layout": layout}


def cluster_charts(report: ClusterReport) -> dict[str, Any]:
    return {"radar": radar(report), "trend": trend(report)}


def summary_charts(report: SummaryReport) -> dict[str, Any]:
    return {"distribution": distribution(report), "map": city_map(report)}
