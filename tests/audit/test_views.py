"""The province's searchable audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clustermon.audit.log import record
from clustermon.audit.models import AuditEvent
from clustermon.rounds.actions import extend_deadline
from clustermon.rounds.models import Round

URL = "/audit/"


def login(client, world, who: str):  # noqa: ANN001, ANN201
    client.force_login(world.users[who])
    return client


def test_url_name() -> None:
    assert reverse("audit:list") == URL


@pytest.mark.parametrize("who", ["admin", "province"])
def test_the_province_sees_its_trail(client, world, open_round, other_scheme, who) -> None:
    record("tests.foreign", Round.objects.get(scheme=other_scheme), by=world.users["outsider"], reason="外省的事")
    html = login(client, world, who).get(URL).content.decode()
    assert "创建了年度监测“2025年度测试监测”" in html
    assert "外省的事" not in html


@pytest.mark.parametrize("who", ["city_a", "county_a1", "submitter_a1", "expert"])
def test_others_do_not_find_it(client, world, open_round, who) -> None:
    assert login(client, world, who).get(URL).status_code == 404


def test_the_outsider_sees_only_its_own_province(client, world, open_round, other_scheme) -> None:
    record("tests.foreign", Round.objects.get(scheme=other_scheme), by=world.users["outsider"], reason="外省的事")
    html = login(client, world, "outsider").get(URL).content.decode()
    assert "外省的事" in html and "2025年度测试监测" not in html


def test_it_is_get_only_and_needs_login(client, world) -> None:
    assert client.get(URL)["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").post(URL).status_code == 405


@pytest.fixture
def trail(world, open_round):  # noqa: ANN001, ANN201
    admin = world.users["admin"]
    extend_deadline(open_round, "submitter", dt.date(2026, 4, 15), by=admin, reason="暴雨停电",
                    cluster=world.clusters["a2"])
    record("tests.city_note", open_round, by=world.users["city_a"], reason="市里的备注", cluster_id=world.clusters["a1"].pk)
    return open_round


def reasons(response) -> set[str]:  # noqa: ANN001
    return {row.reason for row in response.context["rows"]}


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "暴雨"}, {"暴雨停电"}),
    ({"actor": "city"}, {"市里的备注"}),
    ({"action": "round.deadline_extended"}, {"暴雨停电"}),
    ({"cluster": "a1"}, {"市里的备注"}),
    ({"cluster": "a2"}, {"暴雨停电"}),
])
def test_filters(client, world, trail, query, expected) -> None:
    if "cluster" in query:
        query = {"cluster": world.clusters[query["cluster"]].pk}
    assert reasons(login(client, world, "province").get(URL, query)) == expected


def test_filter_by_round_and_dates(client, world, trail, other_scheme) -> None:
    login(client, world, "province")
    today = dt.date.today()
    assert len(client.get(URL, {"round": trail.pk}).context["rows"]) == AuditEvent.objects.filter(round=trail).count()
    assert client.get(URL, {"since": (today + dt.timedelta(days=1)).isoformat()}).context["rows"] == []
    assert len(client.get(URL, {"until": today.isoformat(), "since": today.isoformat()}).context["rows"]) > 0
    response = client.get(URL, {"round": Round.objects.get(scheme=other_scheme).pk})
    assert response.status_code == 200 and "round" in response.context["form"].errors  # not a choice here


def test_it_pages_and_keeps_the_filters(client, world, open_round, django_assert_max_num_queries) -> None:
    for i in range(60):
        record("tests.bulk", open_round, by=world.users["admin"], reason=f"批量{i}")
    login(client, world, "province")
    with django_assert_max_num_queries(12):
        first = client.get(URL, {"action": "tests.bulk"})
    assert len(first.context["rows"]) == 50 and first.context["rows"][0].reason == "批量59"
    assert "action=tests.bulk&amp;page=2" in first.content.decode()
    second = client.get(URL, {"action": "tests.bulk", "page": 2})
    assert [r.reason for r in second.context["rows"]] == [f"批量{i}" for i in range(9, -1, -1)]
