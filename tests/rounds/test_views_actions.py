"""The round's action endpoints: move it, set deadlines, extend one. POST only, province admin only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clustermon.audit.models import AuditEvent
from clustermon.rounds.models import Deadline, DeadlineExtension, Round
from tests.rounds.conftest import DUES

NOT_ADMIN = ["province", "city_a", "county_a1", "submitter_a1", "expert"]


def login(client, world, who: str):  # noqa: ANN001, ANN201
    client.force_login(world.users[who])
    return client


def deadlines_post(**overrides) -> dict:  # noqa: ANN003
    data = {level: due.isoformat() for level, due in DUES.items()}
    data.update(overrides)
    return data


# --- transition ----------------------------------------------------------------------------------

def test_transition_moves_the_round(client, world, open_round) -> None:
    url = reverse("rounds:transition", args=[open_round.pk])
    response = login(client, world, "admin").post(url, {"to": "review", "reason": ""})
    assert response.status_code == 302
    open_round.refresh_from_db()
    assert open_round.status == "review"
    html = client.get(response["Location"]).content.decode()
    assert "年度监测当前状态：“审核中”" in html


def test_transition_back_without_reason_shows_the_refusal(client, world, open_round) -> None:
    login(client, world, "admin").post(reverse("rounds:transition", args=[open_round.pk]), {"to": "review"})
    response = client.post(reverse("rounds:transition", args=[open_round.pk]), {"to": "open", "reason": ""})
    assert response.status_code == 400
    assert "请填写此操作的理由" in response.content.decode()
    assert Round.objects.get(pk=open_round.pk).status == "review"


def test_transition_refused_by_the_table_changes_nothing(client, world, open_round) -> None:
    events = AuditEvent.objects.count()
    response = login(client, world, "admin").post(reverse("rounds:transition", args=[open_round.pk]),
                                                  {"to": "closed"})
    assert response.status_code == 400 and "不能从" in response.content.decode()
    assert Round.objects.get(pk=open_round.pk).status == "open"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", NOT_ADMIN)
def test_transition_is_forbidden_to_readers(client, world, open_round, who) -> None:
    response = login(client, world, who).post(reverse("rounds:transition", args=[open_round.pk]), {"to": "review"})
    assert response.status_code == 403
    assert Round.objects.get(pk=open_round.pk).status == "open"


def test_transition_of_an_invisible_round_is_missing(client, world, draft_round, other_scheme) -> None:
    q_round = Round.objects.get(scheme=other_scheme)
    assert login(client, world, "admin").post(reverse("rounds:transition", args=[q_round.pk]),
                                              {"to": "review"}).status_code == 404
    assert login(client, world, "city_a").post(reverse("rounds:transition", args=[draft_round.pk]),
                                               {"to": "open"}).status_code == 404


@pytest.mark.parametrize("name", ["rounds:transition", "rounds:deadlines", "rounds:extend"])
def test_actions_are_post_only_and_need_login(client, world, open_round, name) -> None:
    url = reverse(name, args=[open_round.pk])
    assert client.post(url)["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").get(url).status_code == 405


# --- deadlines -----------------------------------------------------------------------------------

def test_deadlines_form_sets_them(client, world, draft_round) -> None:
    response = login(client, world, "admin").post(reverse("rounds:deadlines", args=[draft_round.pk]),
                                                  deadlines_post(expert="2026-05-20"))
    assert response.status_code == 302
    assert dict(Deadline.objects.filter(round=draft_round).values_list("level", "due")) == {
        **DUES, "expert": dt.date(2026, 5, 20)}


def test_deadlines_form_wants_a_reason_once_open(client, world, open_round) -> None:
    url = reverse("rounds:deadlines", args=[open_round.pk])
    response = login(client, world, "admin").post(url, deadlines_post(submitter="2026-04-02"))
    assert response.status_code == 400 and "须填写理由" in response.content.decode()
    assert Deadline.objects.get(round=open_round, level="submitter").due == DUES["submitter"]
    assert client.post(url, deadlines_post(submitter="2026-04-02", reason="节假日调整")).status_code == 302
    assert Deadline.objects.get(round=open_round, level="submitter").due == dt.date(2026, 4, 2)


def test_deadlines_form_rejects_a_bad_date(client, world, draft_round) -> None:
    response = login(client, world, "admin").post(reverse("rounds:deadlines", args=[draft_round.pk]),
                                                  {"submitter": "2026-02-30"})
    assert response.status_code == 400
    assert not Deadline.objects.exists()


@pytest.mark.parametrize("who", NOT_ADMIN)
def test_deadlines_are_forbidden_to_readers(client, world, open_round, who) -> None:
    response = login(client, world, who).post(reverse("rounds:deadlines", args=[open_round.pk]),
                                              deadlines_post(submitter="2026-04-09", reason="x"))
    assert response.status_code == 403
    assert Deadline.objects.get(round=open_round, level="submitter").due == DUES["submitter"]


# --- extensions ----------------------------------------------------------------------------------

def test_extend_for_a_cluster(client, world, open_round) -> None:
    response = login(client, world, "admin").post(reverse("rounds:extend", args=[open_round.pk]), {
        "level": "submitter", "cluster": world.clusters["a2"].pk, "due": "2026-04-15", "reason": "数据系统故障"})
    assert response.status_code == 302
    ext = DeadlineExtension.objects.get()
    assert (ext.cluster, ext.city, ext.due, ext.reason, ext.by) == (
        world.clusters["a2"], None, dt.date(2026, 4, 15), "数据系统故障", world.users["admin"])
    assert "数据系统故障" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"city": "A", "reason": ""}, "这个字段是必填项"),
    ({"city": "A", "cluster": "a1", "reason": "两者"}, "二选一"),
    ({"reason": "都没有"}, "二选一"),
    ({"city": "A", "reason": "太早", "due": "2026-03-01"}, "晚于原截止日期"),
])
def test_extend_refusals_are_shown(client, world, open_round, data, message) -> None:
    post = {"level": "submitter", "due": data.pop("due", "2026-04-15"), "reason": data.pop("reason")}
    if "city" in data:
        post["city"] = world.cities[data["city"]].pk
    if "cluster" in data:
        post["cluster"] = world.clusters[data["cluster"]].pk
    response = login(client, world, "admin").post(reverse("rounds:extend", args=[open_round.pk]), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_extend_cannot_name_a_city_of_another_province(client, world, open_round) -> None:
    response = login(client, world, "admin").post(reverse("rounds:extend", args=[open_round.pk]), {
        "level": "submitter", "city": world.cities["Q"].pk, "due": "2026-04-15", "reason": "外省"})
    assert response.status_code == 400
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", NOT_ADMIN)
def test_extend_is_forbidden_to_readers(client, world, open_round, who) -> None:
    response = login(client, world, who).post(reverse("rounds:extend", args=[open_round.pk]), {
        "level": "submitter", "city": world.cities["A"].pk, "due": "2026-04-15", "reason": "想延期"})
    assert response.status_code == 403
    assert not DeadlineExtension.objects.exists()
