"""The robustness analysis of a round: started by the province as a background job, stored as a
RobustnessRun, shown per group with the settings in words and the unstable grade flagged.
(The near-tie round is described in tests/analysis/factories.py: b1's grade is the unstable one.)"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from clustermon.analysis.models import RobustnessRun
from clustermon.analysis.queries import unstable_cluster_ids
from clustermon.jobs.models import Job
from tests.conftest import PASSWORD

SETTINGS = {"weight_range": "20", "draws": "1000", "vary_aggregation": "on", "threshold": "90"}


def login(client, world, who: str) -> None:
    assert client.login(username=world.users[who].username, password=PASSWORD)


def run_url(made) -> str:
    return reverse("analysis:run", args=[made.round.pk])


def page_url(made) -> str:
    return reverse("analysis:round", args=[made.round.pk])


def test_the_province_runs_it_and_it_is_stored(client, world, near_tie) -> None:
    login(client, world, "province")
    response = client.post(run_url(near_tie), SETTINGS)
    job = Job.objects.get(kind="robustness")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "done" and job.done == job.total and job.total == 3  # inputs, one group, storing
    run = RobustnessRun.objects.get()
    assert run.result_set == near_tie.result_set and run.round == near_tie.round and run.job == job
    assert run.settings == {"weight_range": 0.2, "draws": 1000, "vary_aggregation": True, "threshold": 0.9,
                            "seed": 0}
    assert run.matches_results is True
    lines = {line["cluster_id"]: line for line in run.data["provincial_amc"]["clusters"]}
    c = world.clusters
    assert run.unstable == [c["b1"].pk]
    # a1, a2 and a1b score the same share on every leaf: no weighting moves them (hand argument in
    # factories.py), so their ranks and grades never change.
    for code, rank, grade in (("a1", 1, "good"), ("a2", 2, "good"), ("a1b", 4, "unqualified")):
        line = lines[c[code].pk]
        assert (line["rank_low"], line["rank_high"], line["median_rank"]) == (rank, rank, rank)
        assert line["probabilities"][grade] == 1.0 and line["unstable"] is False
    b1 = lines[c["b1"].pk]
    assert (b1["official_rank"], b1["official_grade"], b1["official_total"]) == (3, "unqualified", "59.80")
    assert (b1["rank_low"], b1["rank_high"]) == (3, 3)  # never passes a2 (85) nor falls below a1b (40)
    # It passes 60 (qualified) in a good share of the draws, never reaches good (rank 3 of 4).
    assert 0.1 < b1["probabilities"]["qualified"] < 0.9
    assert b1["probabilities"]["good"] == 0.0 and b1["probabilities"]["excellent"] == 0.0
    assert b1["unstable"] is True
    assert unstable_cluster_ids(near_tie.round) == {c["b1"].pk}
    assert unstable_cluster_ids(near_tie.round, near_tie.result_set) == {c["b1"].pk}


def test_the_page_shows_it_in_chinese(client, world, near_tie) -> None:
    login(client, world, "province")
    client.post(run_url(near_tie), SETTINGS)
    html = client.get(page_url(near_tie)).content.decode()
    assert "±20%" in html and "1000" in html and "90%" in html  # the settings, stated
    assert "等次不稳定" in html
    rows = re.findall(r'<tr( class="unstable")?>\s*<td class="num">(\d)<span', html)
    assert rows == [("", "1"), ("", "2"), (' class="unstable"', "3"), ("", "4")]
    assert "b1产业集群" in html and "59.80" in html and "rank-range" in html
    assert "不合格" in html and "合格" in html
    chart = json.loads(re.search(r'<script id="robustness-chart" type="application/json">(.*?)</script>',
                                 html, re.S).group(1))
    stable, unstable, official = chart["data"]
    assert unstable["y"] == ["3. b1产业集群"] and unstable["x"] == [3.0]
    assert stable["y"] == ["1. a1产业集群", "2. a2产业集群", "4. a1b产业集群"]
    assert official["x"] == [1, 2, 3, 4] and "vendor/plotly/plotly.min.js" in html


def test_settings_are_checked(client, world, near_tie) -> None:
    login(client, world, "province")
    response = client.post(run_url(near_tie), {**SETTINGS, "weight_range": "95", "draws": "5"})
    assert response.status_code == 200
    assert not Job.objects.exists() and not RobustnessRun.objects.exists()
    assert 'name="weight_range"' in response.content.decode()


def test_without_results_it_is_refused(client, world) -> None:
    from tests.analysis.factories import NEAR_TIE, NEAR_TIE_VALUES, make_round

    made = make_round(world, NEAR_TIE, NEAR_TIE_VALUES, compute=False)
    login(client, world, "admin")
    response = client.post(run_url(made), SETTINGS)
    assert response.status_code == 302 and response["Location"] == page_url(made)
    assert not RobustnessRun.objects.exists() and not Job.objects.exists()
    assert "请先计算本轮次的评价结果" in client.get(page_url(made)).content.decode()


def test_scope(client, world, near_tie) -> None:
    login(client, world, "city_a")
    assert client.get(page_url(near_tie)).status_code == 403
    assert client.post(run_url(near_tie), SETTINGS).status_code == 403
    client.logout()
    login(client, world, "outsider")
    assert client.get(page_url(near_tie)).status_code == 404
    assert client.post(run_url(near_tie), SETTINGS).status_code == 404
    assert not RobustnessRun.objects.exists()


def test_wrong_method_and_anonymous(client, world, near_tie) -> None:
    response = client.get(page_url(near_tie))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, world, "province")
    assert client.get(run_url(near_tie)).status_code == 405
    assert client.post(page_url(near_tie)).status_code == 405


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_is_constant(client, world, near_tie, extra, django_assert_max_num_queries) -> None:
    login(client, world, "province")
    client.post(run_url(near_tie), SETTINGS)
    run = RobustnessRun.objects.get()
    if extra:  # more lines in the stored figures (names looked up in one query whatever their number)
        lines = run.data["provincial_amc"]["clusters"]
        run.data["provincial_amc"]["clusters"] = lines + [{**lines[0], "cluster_id": 10_000 + i}
                                                          for i in range(extra)]
        run.save()
    with django_assert_max_num_queries(8):
        assert client.get(page_url(near_tie)).status_code == 200
