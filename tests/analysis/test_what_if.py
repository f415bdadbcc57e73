"""What-if for one cluster, answered in Chinese, against hand-computed thresholds of the near-tie
round (tests/analysis/factories.py).

b1 (total 59.80, rank 3 of 4, unqualified) and D1.1 (linear 0→100, 60 points, part weight 70): one
unit of D1.1 adds 0.60 × 0.70 = 0.42 points. The next grade is qualified (rank 3, good ends at rank
2), reached at 60.00, i.e. from a total of 59.995 (half up): D1.1 ≥ 70 + 0.195 / 0.42 = 70.4642857…,
shown rounded up to 4 decimals: 70.4643 (a change of +0.4643), total 60.00.

a1b (total 40.00) and A1 (linear 0→100, 50 points, part weight 30): at its best (100 instead of 40)
it adds 0.6 × 50 × 0.3 = 9 points: 49.00, still unqualified — not enough.
"""

from __future__ import annotations

import math

from django.urls import reverse

from clustermon import scoring
from clustermon.analysis.data import group_inputs
from tests.conftest import PASSWORD


def url(made, **query) -> str:  # noqa: ANN001
    return reverse("analysis:what_if", args=[made.round.pk]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_smallest_change_for_b1(client, world, near_tie, django_assert_max_num_queries) -> None:
    b1 = world.clusters["b1"]
    framework, inputs = group_inputs(near_tie.round, "provincial_amc")
    core = scoring.what_if(framework, inputs, b1.pk, "D1.1")
    assert core.possible and core.code == "possible"
    assert math.isclose(core.needed_value, 70 + 0.195 / 0.42, rel_tol=1e-8)
    assert str(core.new_total) == "60.00" and str(core.new_grade) == "qualified"
    assert client.login(username="province", password=PASSWORD)
    with django_assert_max_num_queries(16):
        response = client.get(url(near_tie, group="provincial_amc", cluster=b1.pk, indicator="D1.1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert ("若将D1.1 营业收入由 70 调整为 70.4643（变化 +0.4643），其他数据不变，该集群的等次将由“不合格”变为“合格”："
            "总分 60.00，排名第 3 位（共 4 个）。") in html
    assert 'data-code="possible"' in html


def test_not_enough_for_a1b(client, world, near_tie) -> None:
    a1b = world.clusters["a1b"]
    assert client.login(username="province", password=PASSWORD)
    html = client.get(url(near_tie, group="provincial_amc", cluster=a1b.pk, indicator="A1")).content.decode()
    assert "即使A1 服务活动达到最佳值 100，该集群仍为“不合格”：总分 49.00，排名第 4 位（共 4 个）。" in html
    assert 'data-code="not_enough"' in html


def test_english(client, world, near_tie) -> None:
    b1 = world.clusters["b1"]
    assert client.login(username="province", password=PASSWORD)
    html = client.get(url(near_tie, group="provincial_amc", cluster=b1.pk, indicator="D1.1"),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "With D1.1" in html and "at 70.4643 instead of 70" in html and "qualified instead of unqualified" in html


def test_a_wrong_choice_is_told(client, world, near_tie) -> None:
    assert client.login(username="province", password=PASSWORD)
    q1 = world.clusters["q1"]
    html = client.get(url(near_tie, group="provincial_amc", cluster=q1.pk, indicator="D1.1")).content.decode()
    assert "请选择本组的一个集群及其一项指标" in html and "data-code" not in html


def test_scope(client, world, near_tie) -> None:
    target = url(near_tie, group="provincial_amc", cluster=world.clusters["b1"].pk, indicator="D1.1")
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.login(username="submitter_a1", password=PASSWORD)
    assert client.get(target).status_code == 403
    assert client.login(username="outsider", password=PASSWORD)
    assert client.get(target).status_code == 404
    assert client.login(username="province", password=PASSWORD)
    assert client.post(target).status_code == 405
