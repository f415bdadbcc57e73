"""The chart figures and plotly.js served from the installed package."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from tests.reports.conftest import result_of

from clustermon.reports import charts, data
from clustermon.reports.staticfiles import STATIC_PATH, PlotlyFinder, plotly_js_path


def test_plotly_is_found_in_the_installed_package_only() -> None:
    import plotly

    found = finders.find(STATIC_PATH)
    assert found and Path(found) == Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    [(name, storage)] = PlotlyFinder().list(None)
    assert (name, storage.prefix) == ("plotly.min.js", "vendor/plotly")  # what collectstatic copies
    assert PlotlyFinder().find("vendor/plotly/other.js") == []
    assert PlotlyFinder().check() == []
    repo = Path(__file__).resolve().parents[2]
    assert not list((repo / "src").rglob("plotly*.js")), "no copy of plotly.js in the repository"
    assert plotly_js_path() is not None


def test_plotly_is_served_as_a_static_file(client, world) -> None:
    response = client.get("/static/" + STATIC_PATH)
    assert response.status_code == 200
    assert b"plotly" in b"".join(response.streaming_content)[:2000].lower()


def test_the_radar_and_the_trend(world, years) -> None:
    with translation.override("zh-hans"):
        report = data.cluster_report(world.users["province"], result_of(years, world, "b1"))
        figures = charts.cluster_charts(report)
    best, average, cluster = figures["radar"]["data"]
    assert cluster["theta"] == ["产业规模", "法人资格", "服务收入", "产业规模"]  # closed polygon
    assert cluster["r"] == [64.0, 100.0, 0.0, 64.0]  # b1: D1 64/100, A1 50/50, A2 0/50
    assert average["r"] == [75.5, 75.0, 43.76, 75.5] and best["r"] == [100.0, 100.0, 100.0, 100.0]
    assert (best["name"], average["name"], cluster["name"]) == ("同组最优", "同组平均", "b1产业集群")
    trend = figures["trend"]["data"][2]
    assert trend["x"] == ["2024", "2025"] and trend["y"] == [76.2, 59.8]


@pytest.mark.parametrize(("positions", "expected"), [
    ({"a": (0, 1), "b": (2, 0)}, {"a": (0, 1), "b": (2, 0)}),
    ({"a": (1, 1), "b": None}, {"a": (1, 1), "b": (2, 0)}),  # placed below the positioned tiles
    ({"a": None, "b": None}, {"a": (0, 0), "b": (0, 1)}),
])
def test_cities_without_a_position_are_placed_after_the_others(world, years, positions, expected) -> None:
    from clustermon.registry.models import City

    for code, place in positions.items():
        row, col = place if place else (None, None)
        City.objects.filter(code=code).update(map_row=row, map_col=col)
    report = data.summary_report(world.users["province"], years.set_2025)
    assert {c.city.code: (r, k) for c, r, k in charts.tiles(report)} == expected
    figure = charts.city_map(report)
    empty, averages = figure["data"]
    row, col = expected["a"]
    assert averages["z"][row][col] == 74.62 and "甲市" in averages["text"][row][col]


def test_the_grade_distribution(world, years) -> None:
    with translation.override("zh-hans"):
        figure = charts.distribution(data.summary_report(world.users["province"], years.set_2025))
    assert [(t["name"], t["y"]) for t in figure["data"]] == [
        ("优秀", [0]), ("良好", [2]), ("合格", [0]), ("不合格", [2])]
    assert figure["data"][0]["x"] == ["省级先进制造<br>业集群"]


def test_short_names_for_tiles_and_axes() -> None:
    assert charts.short_city("湘西土家族苗族自治州") == "湘西州"
    assert charts.short_city("张家界市") == "张家界市"
    assert charts.wrap("省级中小企业特色产业集群培育对象") == "省级中小企业<br>特色产业集群<br>培育对象"
