"""The report pages: they work, in the user's scope, 404 outside it, 405 for a wrong method, login
for the anonymous, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.reports.conftest import login


def cluster_url(years, world, code: str, **query) -> str:
    url = reverse("reports:cluster", args=[years.round_2025.pk, world.clusters[code].pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def summary_url(years) -> str:
    return reverse("reports:summary", args=[years.round_2025.pk])


def test_the_cluster_report_page(client, world, years) -> None:
    login(client, world, "submitter_a1")
    response = client.get(cluster_url(years, world, "a1"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("a1产业集群", "诊断报告", "92.80", "1 / 4", "良好", "★★★", "铜标", "甲市", "甲一县",
                 "同组平均", "70.91", "优势指标", "培育提升方案", "2024", "75.70", "等次稳定性"):
        assert text in html, text
    assert 'data-chart="radar"' in html and 'data-chart="trend"' in html
    assert "/static/vendor/plotly/plotly.min.js" in html and 'id="report-charts"' in html
    assert reverse("reports:cluster_file", args=[years.round_2025.pk, world.clusters["a1"].pk, "docx"]) in html


def test_the_cluster_report_speaks_english(client, world, years) -> None:
    login(client, world, "province")
    html = client.get(cluster_url(years, world, "a1"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Diagnostic report" in html and "Group average" in html and "诊断报告" not in html


@pytest.mark.parametrize(("who", "code", "status"), [
    ("city_a", "a1", 200), ("county_a1", "a1b", 200), ("city_a", "b1", 404), ("county_a1", "a2", 404),
    ("submitter_a1", "a2", 404), ("outsider", "a1", 404), ("province", "b1", 200)])
def test_the_cluster_report_is_scoped(client, world, years, who, code, status) -> None:
    login(client, world, who)
    assert client.get(cluster_url(years, world, code)).status_code == status


def test_unpublished_results_are_the_province_s(client, world, years) -> None:
    from tests.reports.conftest import fill_2024
    from tests.results.conftest import make_round

    from clustermon.results.actions import compute_round

    round_2026 = make_round(years.scheme, years.version, 2026, "scoring")
    fill_2024(world, round_2026)
    compute_round(round_2026, by=world.users["admin"])
    url = reverse("reports:cluster", args=[round_2026.pk, world.clusters["a1"].pk])
    login(client, world, "city_a")
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:summary", args=[round_2026.pk])).status_code == 404
    login(client, world, "province")
    response = client.get(url)
    assert response.status_code == 200 and "尚未审定" in response.content.decode()


def test_an_unknown_result_set_is_missing(client, world, years) -> None:
    login(client, world, "province")
    assert client.get(cluster_url(years, world, "a1", set=99)).status_code == 404
    assert client.get(cluster_url(years, world, "a1", set=1)).status_code == 200


def test_the_summary_page(client, world, years) -> None:
    login(client, world, "province")
    html = client.get(summary_url(years)).content.decode()
    for text in ("汇总报告", "省级先进制造业集群", "a1产业集群", "a1b产业集群", "74.62", "本组无法评出优秀等次",
                 "+17.10", "−16.40", "甲市", "乙市", "进步最大", "退步最大"):
        assert text in html, text
    for chart in ("distribution", "map"):
        assert f'data-chart="{chart}"' in html
    assert reverse("reports:results_xlsx", args=[years.round_2025.pk]) in html
    assert reverse("reports:cluster", args=[years.round_2025.pk, world.clusters["b1"].pk]) in html
    assert "仅包含您所辖范围" not in html


def test_a_city_summary_shows_its_scope_only(client, world, years) -> None:
    login(client, world, "city_a")
    html = client.get(summary_url(years)).content.decode()
    assert "仅包含您所辖范围" in html and "a1产业集群" in html and "b1产业集群" not in html


def test_the_index(client, world, years) -> None:
    login(client, world, "city_a")
    html = client.get(reverse("reports:index")).content.decode()
    assert "2025年度测试监测" in html and "2024年度测试监测" in html
    assert reverse("reports:cluster", args=[years.round_2025.pk, world.clusters["a1"].pk]) in html
    assert reverse("reports:cluster", args=[years.round_2025.pk, world.clusters["b1"].pk]) not in html
    login(client, world, "outsider")
    assert "2025年度测试监测" not in client.get(reverse("reports:index")).content.decode()


def test_anonymous_is_sent_to_login(client, world, years) -> None:
    for url in (reverse("reports:index"), summary_url(years), cluster_url(years, world, "a1")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_wrong_method(client, world, years) -> None:
    login(client, world, "province")
    assert client.post(summary_url(years)).status_code == 405
    assert client.post(cluster_url(years, world, "a1")).status_code == 405
    assert client.post(reverse("reports:results_xlsx", args=[years.round_2025.pk])).status_code == 405


def test_an_unknown_format_is_missing(client, world, years) -> None:
    login(client, world, "province")
    url = reverse("reports:cluster_file", args=[years.round_2025.pk, world.clusters["a1"].pk, "docx"])
    assert client.get(url.replace("report.docx", "report.html")).status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_query_counts_do_not_grow_with_clusters(client, world, years, extra, django_assert_max_num_queries) -> None:
    from tests.results.conftest import add_result_rows

    add_result_rows(world, years.set_2025, extra)
    login(client, world, "province")
    with django_assert_max_num_queries(14):
        assert client.get(cluster_url(years, world, "a1")).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(summary_url(years))
    assert response.status_code == 200 and response.content.decode().count("产业集群</a>") == 4 + extra
    with django_assert_max_num_queries(18):
        assert client.get(reverse("reports:results_xlsx", args=[years.round_2025.pk])).status_code == 200
