"""The results page of a round: one group's ranking, sortable and filterable, in the user's scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.results.conftest import add_result_rows


def url(round_, **query) -> str:
    base = reverse("results:round", args=[round_.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def login(client, world, who: str) -> None:
    assert client.login(username=world.users[who].username, password=PASSWORD)


def names_in_order(response) -> list[str]:
    return re.findall(r'<td><a href="/registry/clusters/\d+/">([^<]+)</a></td>', response.content.decode())


def test_it_works_for_the_province_in_chinese(client, world, published) -> None:
    login(client, world, "province")
    response = client.get(url(published.round))
    assert response.status_code == 200
    html = response.content.decode()
    assert names_in_order(response) == ["a1产业集群", "a2产业集群", "b1产业集群", "a1b产业集群"]
    for chinese in ("排名", "总分", "等次", "星级", "标级", "良好", "不合格", "92.80"):
        assert chinese in html


def test_it_speaks_english_when_the_browser_asks(client, world, published) -> None:
    login(client, world, "province")
    html = client.get(url(published.round), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rank" in html and "unqualified" in html and "排名" not in html


def test_a_city_sees_only_its_clusters(client, world, published) -> None:
    login(client, world, "city_a")
    assert names_in_order(client.get(url(published.round))) == ["a1产业集群", "a2产业集群", "a1b产业集群"]


def test_a_submitter_sees_only_its_cluster(client, world, published) -> None:
    login(client, world, "submitter_a1")
    assert names_in_order(client.get(url(published.round))) == ["a1产业集群"]


def test_it_sorts_by_clicked_column(client, world, published) -> None:
    login(client, world, "province")
    assert names_in_order(client.get(url(published.round, sort="-total"))) == [
        "a1b产业集群", "b1产业集群", "a2产业集群", "a1产业集群"]
    assert names_in_order(client.get(url(published.round, sort="city")))[:3] == [
        "a1产业集群", "a2产业集群", "a1b产业集群"]  # 甲市 (code a) first, by rank inside
    html = client.get(url(published.round, sort="total")).content.decode()
    assert "sort=-total" in html  # clicking again reverses


def test_it_filters_by_city_and_grade(client, world, published) -> None:
    login(client, world, "province")
    assert names_in_order(client.get(url(published.round, city="b"))) == ["b1产业集群"]
    assert names_in_order(client.get(url(published.round, grade="unqualified"))) == ["b1产业集群", "a1b产业集群"]
    assert names_in_order(client.get(url(published.round, city="a", grade="good"))) == [
        "a1产业集群", "a2产业集群"]


def test_it_warns_about_a_small_group(client, world, published) -> None:
    login(client, world, "province")
    html = client.get(url(published.round)).content.decode()
    assert "本组仅有 4 个集群" in html


def test_results_are_hidden_from_cities_until_published(client, world, tiny) -> None:
    from clustermon.results.actions import compute_round

    compute_round(tiny.round, by=world.users["admin"])
    login(client, world, "city_a")
    response = client.get(url(tiny.round))
    assert response.status_code == 200
    assert names_in_order(response) == []
    assert "尚未发布" in response.content.decode()
    login(client, world, "province")  # the province sees the computed version at once
    assert len(names_in_order(client.get(url(tiny.round)))) == 4


def test_a_round_of_another_province_is_missing(client, world, published) -> None:
    login(client, world, "outsider")
    assert client.get(url(published.round)).status_code == 404


def test_an_unknown_version_is_missing(client, world, published) -> None:
    login(client, world, "province")
    assert client.get(url(published.round, set=99)).status_code == 404


def test_anonymous_is_sent_to_login(client, published) -> None:
    response = client.get(url(published.round))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_wrong_method(client, world, published) -> None:
    login(client, world, "province")
    assert client.post(url(published.round)).status_code == 405


@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_does_not_grow_with_clusters(client, world, published, extra,
                                                 django_assert_max_num_queries) -> None:
    add_result_rows(world, published.round.result_sets.get(), extra)
    login(client, world, "province")
    with django_assert_max_num_queries(10):  # 9 + the unstable-grade badge of clustermon.analysis (1 query)
        response = client.get(url(published.round, sort="city"))
    assert len(names_in_order(response)) == 4 + extra
