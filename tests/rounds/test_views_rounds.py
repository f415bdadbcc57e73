"""The round list, the round page and the create form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.rounds.models import Round
from tests.rounds.conftest import advance

READERS = ["admin", "province", "city_a", "county_a1", "submitter_a1", "expert"]


def login(client, world, who: str):  # noqa: ANN001, ANN201
    client.force_login(world.users[who])
    return client


# --- list ----------------------------------------------------------------------------------------

def test_list_shows_the_province_its_rounds_with_drafts(client, world, draft_round, other_scheme) -> None:
    html = login(client, world, "province").get(reverse("rounds:list")).content.decode()
    assert "2025年度测试监测" in html and "草稿" in html
    assert "外省2025" not in html
    assert reverse("rounds:create") not in html  # a reviewer does not create


def test_list_hides_drafts_from_cities(client, world, draft_round) -> None:
    html = login(client, world, "city_a").get(reverse("rounds:list")).content.decode()
    assert "2025年度测试监测" not in html
    advance(draft_round, "open", world.users["admin"])
    html = client.get(reverse("rounds:list")).content.decode()
    assert "2025年度测试监测" in html and "开放填报" in html


def test_list_offers_creation_to_the_admin(client, world) -> None:
    assert reverse("rounds:create") in login(client, world, "admin").get(reverse("rounds:list")).content.decode()


def test_list_is_get_only_and_needs_login(client, world) -> None:
    assert client.get(reverse("rounds:list")).status_code == 302
    assert client.get(reverse("rounds:list"))["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").post(reverse("rounds:list")).status_code == 405


# --- detail --------------------------------------------------------------------------------------

def test_detail_shows_status_deadlines_frameworks_and_timeline(client, world, open_round,
                                                              django_assert_max_num_queries) -> None:
    login(client, world, "admin")
    with django_assert_max_num_queries(30):
        response = client.get(reverse("rounds:detail", args=[open_round.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="step">开放填报' in html
    assert "2026-03-31" in html and "集群填报" in html
    assert "省级先进制造业集群" in html and ">2026.1</a>" in html
    assert "将年度监测从“草稿”改为“开放填报”" in html  # the timeline
    assert "截止填报，开始审核" in html  # the next step, as a button
    assert "重新开放填报" not in html  # not a move from "open"


def test_detail_queries_do_not_grow_with_extensions(client, world, open_round, django_assert_num_queries) -> None:
    from clustermon.rounds.actions import extend_deadline

    login(client, world, "admin")
    client.get(reverse("rounds:detail", args=[open_round.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("rounds:detail", args=[open_round.pk]))
    import datetime as dt

    for i, code in enumerate(["a1", "a1b", "a2", "b1"]):
        extend_deadline(open_round, "submitter", dt.date(2026, 4, 10 + i), by=world.users["admin"], reason="延期",
                        cluster=world.clusters[code])
    with django_assert_num_queries(len(first)):
        client.get(reverse("rounds:detail", args=[open_round.pk]))


def test_detail_shows_blocked_moves_with_their_reasons(client, world, draft_round) -> None:
    html = login(client, world, "admin").get(reverse("rounds:detail", args=[draft_round.pk])).content.decode()
    assert "开放填报</button>" in html and "disabled" in html
    assert "请先设置截止日期" in html


@pytest.mark.parametrize("who", ["city_a", "county_a1", "submitter_a1", "expert", "province"])
def test_detail_is_read_only_for_everyone_but_the_admin(client, world, open_round, who) -> None:
    html = login(client, world, who).get(reverse("rounds:detail", args=[open_round.pk])).content.decode()
    assert "2025年度测试监测" in html
    assert reverse("rounds:transition", args=[open_round.pk]) not in html
    assert reverse("rounds:extend", args=[open_round.pk]) not in html


def test_detail_of_a_draft_is_missing_for_cities(client, world, draft_round) -> None:
    assert login(client, world, "city_a").get(reverse("rounds:detail", args=[draft_round.pk])).status_code == 404


def test_detail_of_another_province_is_missing(client, world, other_scheme) -> None:
    q_round = Round.objects.get(scheme=other_scheme)
    assert login(client, world, "admin").get(reverse("rounds:detail", args=[q_round.pk])).status_code == 404


def test_detail_is_get_only_and_needs_login(client, world, open_round) -> None:
    url = reverse("rounds:detail", args=[open_round.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").post(url).status_code == 405


def test_extensions_are_shown_within_scope(client, world, open_round) -> None:
    import datetime as dt

    from clustermon.rounds.actions import extend_deadline

    admin = world.users["admin"]
    extend_deadline(open_round, "submitter", dt.date(2026, 4, 12), by=admin, reason="甲市停电", city=world.cities["A"])
    extend_deadline(open_round, "submitter", dt.date(2026, 4, 13), by=admin, reason="乙一系统故障",
                    cluster=world.clusters["b1"])
    url = reverse("rounds:detail", args=[open_round.pk])
    html = login(client, world, "province").get(url).content.decode()
    assert "甲市停电" in html and "乙一系统故障" in html
    html = login(client, world, "county_a1").get(url).content.decode()
    assert "甲市停电" in html and "乙一系统故障" not in html


# --- create --------------------------------------------------------------------------------------

def test_create_makes_a_draft(client, world, scheme) -> None:
    login(client, world, "admin")
    assert client.get(reverse("rounds:create")).status_code == 200
    response = client.post(reverse("rounds:create"), {"scheme": scheme.pk, "year": 2026, "title": ""})
    round_ = Round.objects.get(year=2026)
    assert response.status_code == 302 and response["Location"] == reverse("rounds:detail", args=[round_.pk])
    assert round_.status == "draft" and round_.frameworks.count() == 2


def test_create_shows_refusals(client, world, draft_round, scheme) -> None:
    response = login(client, world, "admin").post(reverse("rounds:create"), {"scheme": scheme.pk, "year": 2025})
    assert response.status_code == 200 and "已存在" in response.content.decode()


def test_create_offers_only_schemes_of_the_province(client, world, scheme, other_scheme) -> None:
    response = login(client, world, "admin").post(reverse("rounds:create"), {"scheme": other_scheme.pk, "year": 2026})
    assert response.status_code == 200
    assert not Round.objects.filter(year=2026).exists()


@pytest.mark.parametrize("who", ["province", "city_a", "submitter_a1", "outsider"])
def test_create_is_for_the_admin_only(client, world, scheme, who) -> None:
    login(client, world, who)
    assert client.get(reverse("rounds:create")).status_code == 403
    assert client.post(reverse("rounds:create"), {"scheme": scheme.pk, "year": 2026}).status_code == 403
    assert not Round.objects.exists()


def test_create_needs_login_and_refuses_other_methods(client, world) -> None:
    assert client.get(reverse("rounds:create"))["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").put(reverse("rounds:create")).status_code == 405
