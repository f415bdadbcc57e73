"""Reopening approved or published results: a reason, back to scoring, the old version kept, a new
version on the next computation; the cities keep the published version until republication."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from clustermon.audit.models import AuditEvent
from clustermon.results.actions import (
    approve_result_set,
    compute_round,
    publish_round,
    reopen_results,
)
from clustermon.results.models import ResultSet
from clustermon.rounds.models import RoundTransition
from clustermon.web.errors import ActionRefused
from tests.conftest import PASSWORD


def statuses(round_) -> dict[int, str]:
    return dict(ResultSet.objects.filter(round=round_).values_list("number", "status"))


def test_a_reason_is_required(world, published) -> None:
    with pytest.raises(ActionRefused):
        reopen_results(published.round, by=world.users["admin"], reason="  ")
    published.round.refresh_from_db()
    assert published.round.status == "published"


@pytest.mark.parametrize("who", ["province", "city_a", "outsider"])
def test_only_the_province_administrator_reopens(world, published, who) -> None:
    with pytest.raises(ActionRefused):
        reopen_results(published.round, by=world.users[who], reason="申诉")


def test_it_is_refused_while_scoring(world, tiny) -> None:
    compute_round(tiny.round, by=world.users["admin"])
    with pytest.raises(ActionRefused):
        reopen_results(tiny.round, by=world.users["admin"], reason="x")


def test_approved_results_are_reopened_and_kept(world, tiny) -> None:
    admin = world.users["admin"]
    first = approve_result_set(compute_round(tiny.round, by=admin), by=admin)
    reopen_results(tiny.round, by=admin, reason="专家评分录入有误")
    tiny.round.refresh_from_db()
    assert tiny.round.status == "scoring"
    assert statuses(tiny.round) == {1: "approved"}  # kept as it was
    step = RoundTransition.objects.filter(round=tiny.round).latest("id")
    assert (step.from_status, step.to_status, step.reason) == ("approved", "scoring", "专家评分录入有误")
    event = AuditEvent.objects.get(action="results.reopened")
    assert event.reason == "专家评分录入有误" and event.before["number"] == 1
    assert event.before["content_hash"] == first.content_hash
    second = compute_round(tiny.round, by=admin)
    assert second.number == 2 and second.content_hash == first.content_hash  # same inputs, same figures
    approve_result_set(second, by=admin)
    assert statuses(tiny.round) == {1: "superseded", 2: "approved"}


def test_published_results_stay_in_force_while_corrected(client, world, published) -> None:
    admin = world.users["admin"]
    reopen_results(published.round, by=admin, reason="乙市申诉：营业收入口径有误")
    sub = published.submissions["b1"]
    sub.values = {**sub.values, "D1.1": "100"}  # 60 instead of 42 points: +12.60 on the total
    sub.save()
    assert client.login(username="city_a", password=PASSWORD)
    url = reverse("results:round", args=[published.round.pk])
    html = client.get(url).content.decode()
    assert "92.80" in html and "重新打开" in html  # the published version, with a note
    second = compute_round(published.round, by=admin)
    approve_result_set(second, by=admin)
    assert statuses(published.round) == {1: "superseded", 2: "approved"}
    assert client.get(url + "?set=2").status_code == 404  # not published yet
    from clustermon import policy

    assert policy.result_set_shown(world.users["city_a"], published.round).number == 1
    publish_round(published.round, by=admin)
    published.round.refresh_from_db()
    assert policy.result_set_shown(world.users["city_a"], published.round).number == 2
    b1 = second.results.get(cluster=world.clusters["b1"])
    assert b1.total == Decimal("72.40") and b1.grade == "qualified"


def test_the_reopen_page_action(client, world, published) -> None:
    url = reverse("results:reopen", args=[published.round.pk])
    assert client.login(username="admin", password=PASSWORD)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    published.round.refresh_from_db()
    assert published.round.status == "published"  # refused, with a message
    response = client.post(url, {"reason": "复核"})
    published.round.refresh_from_db()
    assert response.status_code == 302 and published.round.status == "scoring"
    assert client.get(url).status_code == 405


def test_reviewers_may_not_reopen(client, world, published) -> None:
    assert client.login(username="province", password=PASSWORD)
    assert client.post(reverse("results:reopen", args=[published.round.pk]), {"reason": "x"}).status_code == 403
