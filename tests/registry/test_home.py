"""The home page links rounds to their results and lists the clusters in the user's scope."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.results.conftest import add_result_rows


def login(client, world, who: str) -> None:
    assert client.login(username=world.users[who].username, password=PASSWORD)


def test_it_links_published_results_and_lists_clusters(client, world, published) -> None:
    login(client, world, "city_a")
    html = client.get(reverse("home")).content.decode()
    assert reverse("results:round", args=[published.round.pk]) in html
    for code in ("a1", "a1b", "a2"):
        assert reverse("registry:cluster", args=[world.clusters[code].pk]) in html
    assert reverse("registry:cluster", args=[world.clusters["b1"].pk]) not in html
    assert "省级先进制造业集群" in html  # the group's name from the scheme


def test_unpublished_results_are_not_linked_for_a_city(client, world, tiny) -> None:
    login(client, world, "city_a")
    html = client.get(reverse("home")).content.decode()
    assert reverse("results:round", args=[tiny.round.pk]) not in html
    assert "尚未发布" in html


def test_query_count_does_not_grow_with_clusters(client, world, published, django_assert_max_num_queries) -> None:
    add_result_rows(world, published.round.result_sets.get(), 30)
    login(client, world, "province")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200
