"""The "等次不稳定" badge on the results page: for the clusters the latest analysis of the shown
result set flagged (b1 of the near-tie round, tests/analysis/factories.py), for the province only."""

from __future__ import annotations

import re

from django.urls import reverse

from clustermon.analysis.queries import unstable_cluster_ids
from clustermon.jobs import run as jobs
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from tests.conftest import PASSWORD

BADGE = "badge-unstable"


def analyse(world, made) -> None:  # noqa: ANN001
    jobs.enqueue("robustness", by=world.users["admin"], round=made.round, params={})


def badged(html: str) -> list[str]:
    """Names of the clusters whose row carries the badge."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.search(r'/registry/clusters/\d+/">([^<]+)<', row).group(1) for row in rows if BADGE in row]


def test_the_badge_marks_the_planted_near_tie(client, world, near_tie) -> None:
    analyse(world, near_tie)
    assert client.login(username="province", password=PASSWORD)
    html = client.get(reverse("results:round", args=[near_tie.round.pk])).content.decode()
    assert badged(html) == ["b1产业集群"]
    assert "等次不稳定" in html
    assert reverse("analysis:round", args=[near_tie.round.pk]) in html


def test_no_badge_without_an_analysis_or_for_another_version(client, world, near_tie) -> None:
    assert client.login(username="province", password=PASSWORD)
    url = reverse("results:round", args=[near_tie.round.pk])
    assert badged(client.get(url).content.decode()) == []
    analyse(world, near_tie)
    newer = compute_round(near_tie.round, by=world.users["admin"])  # version 2, not analysed
    assert unstable_cluster_ids(near_tie.round, newer) == set()
    assert badged(client.get(url).content.decode()) == []  # version 2 is shown now
    assert badged(client.get(url + "?set=1").content.decode()) == ["b1产业集群"]


def test_others_do_not_see_the_badge(client, world, near_tie) -> None:
    admin = world.users["admin"]
    approve_result_set(near_tie.result_set, by=admin)
    publish_round(near_tie.round, by=admin)
    analyse(world, near_tie)
    assert client.login(username="city_a", password=PASSWORD)
    html = client.get(reverse("results:round", args=[near_tie.round.pk])).content.decode()
    assert "a1产业集群" in html and BADGE not in html and "等次不稳定" not in html


def test_the_cluster_report_states_the_stability_to_the_province_only(client, world, near_tie) -> None:
    analyse(world, near_tie)
    b1 = world.clusters["b1"]
    url = reverse("reports:cluster", args=[near_tie.round.pk, b1.pk])
    assert client.login(username="province", password=PASSWORD)
    html = client.get(url).content.decode()
    assert "该等次不稳定" in html and "保持当前等次" in html
    approve_result_set(near_tie.result_set, by=world.users["admin"])
    publish_round(near_tie.round, by=world.users["admin"])
    client.logout()
    assert client.login(username="city_a", password=PASSWORD)  # b1 is in city B: not theirs
    assert client.get(url).status_code == 404
