"""GET /api/rounds/{id}/results and GET /api/results/{id}: scoped, published-only outside the province."""

from __future__ import annotations

import re

import pytest

from clustermon.api.models import ApiToken
from clustermon.results.actions import compute_round
from tests.results.conftest import (  # noqa: F401 - fixtures
    EXPECTED_RATINGS_2025,
    add_result_rows,
    fast_password_hasher,
    published,
    tiny,
    two_years,
)

FIELDS = {"result_id", "cluster_id", "cluster", "code", "city", "county", "group", "total", "base", "bonus",
          "deduction", "rank", "group_size", "small_group", "grade", "stars", "label", "version"}


def get(client, user, path: str, **params):  # noqa: ANN201
    headers = {}
    if user is not None:
        _token, key = ApiToken.objects.issue(user)
        headers["Authorization"] = f"Bearer {key}"
    return client.get(path, params, headers=headers)


def results_url(round_) -> str:
    return f"/api/rounds/{round_.pk}/results"


def test_the_province_reads_every_cluster(client, world, published) -> None:  # noqa: F811
    response = get(client, world.users["province"], results_url(published.round))
    assert response.status_code == 200
    rows = response.json()
    assert [(r["code"], r["total"], r["rank"], r["grade"]) for r in rows] == [
        ("a1", "92.80", 1, "good"), ("a2", "88.75", 2, "good"), ("b1", "59.80", 3, "unqualified"),
        ("a1b", "42.30", 4, "unqualified")]
    assert set(rows[0]) == FIELDS
    assert all(re.fullmatch(r"\d+\.\d\d", r["total"]) for r in rows)
    assert {(r["group"], r["group_size"], r["small_group"], r["stars"], r["label"], r["version"]) for r in rows} == {
        ("provincial_amc", 4, True, 0, "none", 1)}


@pytest.mark.parametrize(("who", "codes"), [("city_a", ["a1", "a2", "a1b"]), ("county_a1", ["a1", "a1b"]),
                                            ("submitter_a1", ["a1"]),
                                            ("expert", ["a1", "a2", "b1", "a1b"])])  # the clusters they scored
def test_others_read_their_scope_once_published(client, world, published, who, codes) -> None:  # noqa: F811
    response = get(client, world.users[who], results_url(published.round))
    assert response.status_code == 200
    assert [r["code"] for r in response.json()] == codes


def test_stars_and_labels(client, world, two_years) -> None:  # noqa: F811
    rows = get(client, world.users["city_a"], results_url(two_years.rounds[2025])).json()
    assert {r["code"]: (r["stars"], r["label"]) for r in rows} == {
        code: EXPECTED_RATINGS_2025[code] for code in ("a1", "a2", "a1b")}


def test_before_publication_only_the_province(client, world, tiny) -> None:  # noqa: F811
    compute_round(tiny.round, by=world.users["admin"])
    for who in ("city_a", "county_a1", "submitter_a1", "expert"):
        response = get(client, world.users[who], results_url(tiny.round))
        assert response.status_code == 404 and response.json() == {"detail": "未找到。"}, who
    assert len(get(client, world.users["admin"], results_url(tiny.round)).json()) == 4


def test_the_province_before_any_computation(client, world, tiny) -> None:  # noqa: F811
    assert get(client, world.users["admin"], results_url(tiny.round)).json() == []


def test_another_province_and_anonymous(client, world, published) -> None:  # noqa: F811
    assert get(client, world.users["outsider"], results_url(published.round)).status_code == 404
    assert get(client, None, results_url(published.round)).status_code == 401
    assert get(client, world.users["province"], "/api/rounds/999999/results").status_code == 404


def test_versions_for_the_province(client, world, tiny) -> None:  # noqa: F811
    compute_round(tiny.round, by=world.users["admin"])
    compute_round(tiny.round, by=world.users["admin"])
    rows = get(client, world.users["province"], results_url(tiny.round), version=1).json()
    assert {r["version"] for r in rows} == {1}
    assert get(client, world.users["province"], results_url(tiny.round), version=7).status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_is_constant(client, world, published, extra,  # noqa: F811
                                 django_assert_max_num_queries) -> None:
    add_result_rows(world, published.round.result_sets.get(), extra)
    for who in ("province", "city_a"):
        user = world.users[who]
        _token, key = ApiToken.objects.issue(user)
        with django_assert_max_num_queries(9):
            response = client.get(results_url(published.round), headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200


def test_one_result_with_its_explanation(client, world, published) -> None:  # noqa: F811
    row = published.round.result_sets.get().results.get(cluster=world.clusters["a1"])
    body = get(client, world.users["province"], f"/api/results/{row.pk}").json()
    assert body["total"] == "92.80" and body["round_id"] == published.round.pk and body["status"] == "approved"
    assert body["aggregation_rule"] == "专家评分汇总方式：取全部专家评分的平均值。"
    leaf = body["explanation"]["parts"][0]["indicators"][0]["children"][1]
    assert leaf["experts"]["scores"] == ["A", "B"]
    assert leaf["experts"]["expert_ids"] == [world.users["expert"].pk, world.users["expert"].pk + 7] or \
        len(leaf["experts"]["expert_ids"]) == 2
    body = get(client, world.users["submitter_a1"], f"/api/results/{row.pk}").json()
    leaf = body["explanation"]["parts"][0]["indicators"][0]["children"][1]
    assert leaf["experts"]["scores"] == ["A", "B"] and "expert_ids" not in leaf["experts"]


def test_one_result_out_of_scope_is_missing(client, world, published) -> None:  # noqa: F811
    row = published.round.result_sets.get().results.get(cluster=world.clusters["b1"])
    for who in ("city_a", "submitter_a1", "outsider"):
        assert get(client, world.users[who], f"/api/results/{row.pk}").status_code == 404, who
    assert get(client, None, f"/api/results/{row.pk}").status_code == 401


def test_one_unpublished_result_is_missing(client, world, tiny) -> None:  # noqa: F811
    row = compute_round(tiny.round, by=world.users["admin"]).results.get(cluster=world.clusters["a1"])
    assert get(client, world.users["submitter_a1"], f"/api/results/{row.pk}").status_code == 404
    assert get(client, world.users["admin"], f"/api/results/{row.pk}").status_code == 200
