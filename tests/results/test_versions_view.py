"""The versions of a round's results: hashes, who computed and approved, reopenings, differences."""

from __future__ import annotations

import re

from django.urls import reverse

from clustermon.results.actions import approve_result_set, compute_round, reopen_results
from tests.conftest import PASSWORD


def url(round_, **query) -> str:
    base = reverse("results:versions", args=[round_.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def corrected(world, published):
    """The published round reopened, b1's revenue corrected to 100 and version 2 approved."""
    admin = world.users["admin"]
    reopen_results(published.round, by=admin, reason="乙市申诉：营业收入口径有误")
    sub = published.submissions["b1"]
    sub.values = {**sub.values, "D1.1": "100"}
    sub.save()
    return approve_result_set(compute_round(published.round, by=admin), by=admin)


def test_it_lists_the_versions_and_the_differences(client, world, published) -> None:
    first = published.round.result_sets.get()
    second = corrected(world, published)
    assert client.login(username="province", password=PASSWORD)
    response = client.get(url(published.round))
    assert response.status_code == 200
    page = text(response)
    assert first.content_hash[:16] in page and second.content_hash[:16] in page
    assert "已被取代 · 已发布" in page  # version 1 is the published one until republication
    assert "乙市申诉：营业收入口径有误" in page and "保留第 1 版" in page
    # b1: 59.80 → 72.40 (+12.60), rank 3 → 3, unqualified → qualified; the other three unchanged
    assert "从第 1 版到第 2 版" in page and "3 个集群未变化" in page
    assert "b1产业集群" in page and "59.80 → 72.40" in page and "12.60" in page and "不合格 → 合格" in page
    assert "a1产业集群" not in page.split("从第 1 版到第 2 版")[1]


def test_same_inputs_same_hash(client, world, tiny) -> None:
    admin = world.users["admin"]
    compute_round(tiny.round, by=admin)
    compute_round(tiny.round, by=admin)
    assert client.login(username="admin", password=PASSWORD)
    page = text(client.get(url(tiny.round, a=1, b=2)))
    assert "与第 1 版相同" in page and "两个版本的内容哈希相同" in page and "4 个集群未变化" in page


def test_only_the_province_sees_versions(client, world, published) -> None:
    for who, status in (("city_a", 404), ("submitter_a1", 404), ("outsider", 404), ("admin", 200)):
        assert client.login(username=who, password=PASSWORD)
        assert client.get(url(published.round)).status_code == status, who


def test_an_unknown_version_is_missing(client, world, published) -> None:
    assert client.login(username="province", password=PASSWORD)
    assert client.get(url(published.round, a=9)).status_code == 404


def test_wrong_method_and_anonymous(client, world, published) -> None:
    response = client.get(url(published.round))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.login(username="province", password=PASSWORD)
    assert client.post(url(published.round)).status_code == 405


def test_query_count_is_constant(client, world, published, django_assert_max_num_queries) -> None:
    corrected(world, published)
    assert client.login(username="province", password=PASSWORD)
    with django_assert_max_num_queries(12):
        assert client.get(url(published.round)).status_code == 200
