"""A cluster's page: its profile and, per round, its result and first-level indicator points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def url(cluster) -> str:
    return reverse("registry:cluster", args=[cluster.pk])


def login(client, world, who: str) -> None:
    assert client.login(username=world.users[who].username, password=PASSWORD)


def test_it_shows_the_profile_and_results(client, world, published) -> None:
    login(client, world, "submitter_a1")
    response = client.get(url(world.clusters["a1"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a1产业集群" in html and "甲市" in html and "甲一县" in html and "装备制造" in html
    assert "2025年度测试监测" in html and "92.80" in html and "良好" in html
    assert "组内排名 1 / 4" in html
    # first-level indicators: points obtained / available, part by part
    assert "产业规模" in html and "84.00 / 60" not in html
    assert "84.00 / 100" in html  # D1 is the only first-level node of the development tree
    assert "法人资格" in html and "50.00 / 50" in html


def test_unpublished_results_are_not_shown_to_the_cluster(client, world, tiny) -> None:
    from clustermon.results.actions import approve_result_set, compute_round

    admin = world.users["admin"]
    approve_result_set(compute_round(tiny.round, by=admin), by=admin)
    login(client, world, "submitter_a1")
    assert "92.80" not in client.get(url(world.clusters["a1"])).content.decode()
    login(client, world, "province")
    assert "92.80" in client.get(url(world.clusters["a1"])).content.decode()


@pytest.mark.parametrize(("who", "cluster"), [("submitter_a1", "a2"), ("county_a1", "a2"), ("city_a", "b1"),
                                              ("outsider", "a1"), ("expert", "a1")])
def test_out_of_scope_is_missing(client, world, who, cluster) -> None:
    login(client, world, who)
    assert client.get(url(world.clusters[cluster])).status_code == 404


def test_anonymous_is_sent_to_login(client, world) -> None:
    response = client.get(url(world.clusters["a1"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_wrong_method(client, world) -> None:
    login(client, world, "province")
    assert client.post(url(world.clusters["a1"])).status_code == 405


def test_query_count_is_fixed(client, world, published, django_assert_max_num_queries) -> None:
    login(client, world, "province")
    with django_assert_max_num_queries(10):
        assert client.get(url(world.clusters["a1"])).status_code == 200
