"""The explanation page of one cluster's result: every figure with how it was obtained."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from clustermon.results.actions import compute_round
from tests.conftest import PASSWORD
from tests.results.conftest import EXPECTED_RATINGS_2025


def login(client, who: str) -> None:
    assert client.login(username=who, password=PASSWORD)


def result_of(result_set, world, code: str):
    return result_set.results.get(cluster=world.clusters[code])


def url(row) -> str:
    return reverse("results:explain", args=[row.pk])


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_province_sees_every_figure_in_chinese(client, world, published) -> None:
    row = result_of(published.round.result_sets.get(), world, "a1")
    login(client, "province")
    response = client.get(url(row))
    assert response.status_code == 200
    page = text(response)
    # D1.1: raw 80 亿元, linear 0 → 100, 80% of 60 = 48
    assert "80 亿元" in page and "线性" in page and "80.00%" in page and "48.00 / 60" in page
    # D1.2: the experts by name, the rule, 90% of 40 = 36
    assert re.search(r"expert：\s*A \(100\.00%\)", page) and re.search(r"expert2：\s*B \(80\.00%\)", page)
    assert "2 位专家评分取平均" in page and "36.00 / 40" in page
    assert "专家评分汇总方式：取全部专家评分的平均值。" in page
    # A1 yes/no, A2 growth 120 over 100
    assert "是" in page and "上年：100 万元" in page and "较上年增长率" in page
    # parts, weights, base, bonus with its cap, total, rounding, rank, grade rule
    assert "84.00 / 100" in page and "84.00 × 70% 计入基础分" in page and "58.80" in page
    assert re.search(r"基础分（各分项按权重合计，满分100）：\s*88\.80", page)
    assert "B1 加分 4.00 6 4.00" in page and "合计 4.00，上限 10：加分 4.00。" in page
    assert "基础分 88.80 + 加分 4.00 − 减分 0.00 = 92.80" in page
    assert "组内排名 1 / 4" in page and "并列者同列最优名次" in page
    assert "超出优秀名额 0 个、在良好名额 2 个以内" in page and "良好" in page
    assert "本组仅有 4 个集群" in page
    assert "上一年度无该集群的审定结果" in page


def test_stars_and_labels_are_explained(client, world, two_years) -> None:
    latest = two_years.rounds[2025].result_sets.get()
    login(client, "city_a")
    page = text(client.get(url(result_of(latest, world, "a1"))))
    stars, label = EXPECTED_RATINGS_2025["a1"]
    assert "★★★" in page and "铜标" in page and (stars, label) == (3, "bronze")
    assert "上年（2024）良好，本年良好：3 星（H-Art.16），铜标（H-Art.17）。" in page
    page = text(client.get(url(result_of(latest, world, "a2"))))
    assert "上年（2024）合格，本年良好：2 星（H-Art.16），无标级（H-Art.17）。" in page


def test_a_city_sees_its_published_results_without_expert_names(client, world, published) -> None:
    result_set = published.round.result_sets.get()
    login(client, "city_a")
    page = text(client.get(url(result_of(result_set, world, "a1"))))
    assert re.search(r"专家 1：\s*A \(100\.00%\)", page) and re.search(r"专家 2：\s*B \(80\.00%\)", page)
    assert "expert2" not in page
    assert client.get(url(result_of(result_set, world, "b1"))).status_code == 404  # city B's


def test_a_submitter_sees_only_its_cluster(client, world, published) -> None:
    result_set = published.round.result_sets.get()
    login(client, "submitter_a1")
    assert client.get(url(result_of(result_set, world, "a1"))).status_code == 200
    assert client.get(url(result_of(result_set, world, "a1b"))).status_code == 404


def test_unpublished_results_are_missing_outside_the_province(client, world, tiny) -> None:
    row = result_of(compute_round(tiny.round, by=world.users["admin"]), world, "a1")
    login(client, "city_a")
    assert client.get(url(row)).status_code == 404
    login(client, "admin")
    assert client.get(url(row)).status_code == 200


def test_another_province_is_missing(client, world, published) -> None:
    login(client, "outsider")
    assert client.get(url(result_of(published.round.result_sets.get(), world, "a1"))).status_code == 404


def test_wrong_method_and_anonymous(client, world, published) -> None:
    target = url(result_of(published.round.result_sets.get(), world, "a1"))
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, "province")
    assert client.post(target).status_code == 405


def test_the_results_page_links_every_figure(client, world, published) -> None:
    row = result_of(published.round.result_sets.get(), world, "a1")
    login(client, "city_a")
    html = client.get(reverse("results:round", args=[published.round.pk])).content.decode()
    for anchor in ("rank", "total", "grade"):
        assert f'href="{url(row)}#{anchor}"' in html
    assert "专家评分汇总方式" in html


def test_the_cluster_page_links_every_figure(client, world, published) -> None:
    row = result_of(published.round.result_sets.get(), world, "a1")
    login(client, "submitter_a1")
    html = client.get(reverse("registry:cluster", args=[world.clusters["a1"].pk])).content.decode()
    for anchor in ("total", "rank", "grade", "base", "bonus", "deduction", "part-development", "node-D1"):
        assert f'href="{url(row)}#{anchor}"' in html, anchor


@pytest.mark.parametrize("who", ["province", "city_a"])
def test_query_count_is_constant(client, world, published, who, django_assert_max_num_queries) -> None:
    row = result_of(published.round.result_sets.get(), world, "a1")
    login(client, who)
    with django_assert_max_num_queries(14):
        assert client.get(url(row)).status_code == 200
