"""Deadlines per level, extensions for one city or cluster (with a reason), and the date that applies."""

from __future__ import annotations

import datetime as dt

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.rounds.actions import (
    effective_deadline,
    effective_deadlines,
    extend_deadline,
    set_deadline,
    set_deadlines,
)
from clustermon.rounds.models import Deadline, DeadlineExtension
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import DUES, advance

D = dt.date


def test_set_deadline_creates_then_moves_it(world, draft_round) -> None:
    admin = world.users["admin"]
    set_deadline(draft_round, "submitter", D(2026, 3, 31), by=admin)
    set_deadline(draft_round, "submitter", D(2026, 4, 2), by=admin)
    assert Deadline.objects.get(round=draft_round, level="submitter").due == D(2026, 4, 2)
    events = list(AuditEvent.objects.filter(action="round.deadline_set").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        (None, {"level": "submitter", "due": "2026-03-31"}),
        ({"level": "submitter", "due": "2026-03-31"}, {"level": "submitter", "due": "2026-04-02"}),
    ]


def test_the_same_date_again_records_nothing(world, draft_round) -> None:
    set_deadline(draft_round, "city", D(2026, 4, 20), by=world.users["admin"])
    set_deadline(draft_round, "city", D(2026, 4, 20), by=world.users["admin"])
    assert AuditEvent.objects.filter(action="round.deadline_set").count() == 1


def test_moving_a_deadline_of_an_open_round_needs_a_reason(world, open_round) -> None:
    admin = world.users["admin"]
    with pytest.raises(ActionRefused, match="理由"):
        set_deadline(open_round, "submitter", D(2026, 4, 5), by=admin)
    assert Deadline.objects.get(round=open_round, level="submitter").due == DUES["submitter"]
    set_deadline(open_round, "submitter", D(2026, 4, 5), by=admin, reason="系统维护")
    assert Deadline.objects.get(round=open_round, level="submitter").due == D(2026, 4, 5)


def test_set_deadlines_is_all_or_nothing(world, open_round) -> None:
    with pytest.raises(ActionRefused):
        set_deadlines(open_round, {"expert": D(2026, 5, 20), "submitter": D(2026, 4, 5)}, by=world.users["admin"])
    assert not Deadline.objects.filter(round=open_round, level="expert").exists()


@pytest.mark.parametrize("who", ["province", "city_a", "county_a1", "submitter_a1", "expert", "outsider"])
def test_only_the_province_admin_sets_deadlines(world, draft_round, who) -> None:
    with pytest.raises(ActionRefused):
        set_deadline(draft_round, "submitter", D(2026, 3, 31), by=world.users[who])
    with pytest.raises(ActionRefused):
        extend_deadline(draft_round, "submitter", D(2026, 4, 30), by=world.users[who], reason="理由",
                        city=world.cities["A"])
    assert not Deadline.objects.exists() and not DeadlineExtension.objects.exists()


def test_deadlines_are_frozen_once_scoring_starts(world, draft_round) -> None:
    advance(draft_round, "scoring", world.users["admin"])
    with pytest.raises(ActionRefused, match="评分开始后"):
        set_deadline(draft_round, "expert", D(2026, 6, 1), by=world.users["admin"], reason="晚一点")
    with pytest.raises(ActionRefused):
        extend_deadline(draft_round, "submitter", D(2026, 6, 1), by=world.users["admin"], reason="晚一点",
                        cluster=world.clusters["a1"])


def test_an_unknown_level_is_refused(world, draft_round) -> None:
    with pytest.raises(ActionRefused):
        set_deadline(draft_round, "mayor", D(2026, 3, 31), by=world.users["admin"])


# --- extensions ----------------------------------------------------------------------------------

def submitter_dues(round_, world) -> dict[str, dt.date]:  # noqa: ANN001
    return {code: effective_deadline(round_, c, "submitter") for code, c in world.clusters.items() if code != "q1"}


def test_an_extension_needs_a_reason(world, open_round) -> None:
    for reason in ("", "   "):
        with pytest.raises(ActionRefused, match="理由"):
            extend_deadline(open_round, "submitter", D(2026, 4, 15), by=world.users["admin"], reason=reason,
                            city=world.cities["A"])
    assert not DeadlineExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="round.deadline_extended").exists()


def test_a_city_extension_applies_to_the_clusters_of_that_city_only(world, open_round) -> None:
    extend_deadline(open_round, "submitter", D(2026, 4, 15), by=world.users["admin"], reason="暴雨停电",
                    city=world.cities["A"])
    assert submitter_dues(open_round, world) == {
        "a1": D(2026, 4, 15), "a1b": D(2026, 4, 15), "a2": D(2026, 4, 15), "b1": D(2026, 3, 31)}
    # Other levels keep the round's dates.
    assert effective_deadline(open_round, world.clusters["a1"], "county") == DUES["county"]


def test_a_cluster_extension_wins_over_its_city_and_the_latest_one_applies(world, open_round) -> None:
    admin = world.users["admin"]
    extend_deadline(open_round, "submitter", D(2026, 4, 15), by=admin, reason="系统故障", cluster=world.clusters["a1"])
    extend_deadline(open_round, "submitter", D(2026, 4, 20), by=admin, reason="全市停电", city=world.cities["A"])
    extend_deadline(open_round, "submitter", D(2026, 4, 10), by=admin, reason="更正日期", cluster=world.clusters["a1"])
    assert submitter_dues(open_round, world) == {
        "a1": D(2026, 4, 10), "a1b": D(2026, 4, 20), "a2": D(2026, 4, 20), "b1": D(2026, 3, 31)}


def test_effective_deadlines_agrees_and_does_not_grow_with_clusters(world, open_round, django_assert_num_queries) -> None:
    admin = world.users["admin"]
    extend_deadline(open_round, "submitter", D(2026, 4, 15), by=admin, reason="停电", cluster=world.clusters["a2"])
    extend_deadline(open_round, "submitter", D(2026, 4, 18), by=admin, reason="停电", city=world.cities["B"])
    clusters = list(world.clusters[c] for c in ("a1", "a1b", "a2", "b1"))
    for c in clusters:
        c.county.city_id  # noqa: B018 - loaded already
    with django_assert_num_queries(2):
        bulk = effective_deadlines(open_round, "submitter", clusters)
    assert bulk == {c.pk: effective_deadline(open_round, c, "submitter") for c in clusters}
    assert bulk[world.clusters["b1"].pk] == D(2026, 4, 18)


def test_an_extension_is_later_than_the_round_deadline(world, open_round) -> None:
    with pytest.raises(ActionRefused, match="晚于"):
        extend_deadline(open_round, "submitter", DUES["submitter"], by=world.users["admin"], reason="理由",
                        city=world.cities["A"])


def test_an_extension_needs_the_round_deadline_first(world, open_round) -> None:
    with pytest.raises(ActionRefused):
        extend_deadline(open_round, "expert", D(2026, 6, 1), by=world.users["admin"], reason="理由",
                        city=world.cities["A"])


def test_an_extension_is_for_a_city_or_a_cluster_of_the_province(world, open_round) -> None:
    admin = world.users["admin"]
    for target in ({}, {"city": world.cities["A"], "cluster": world.clusters["a1"]},
                   {"city": world.cities["Q"]}, {"cluster": world.clusters["q1"]}):
        with pytest.raises(ActionRefused):
            extend_deadline(open_round, "submitter", D(2026, 4, 15), by=admin, reason="理由", **target)
    assert not DeadlineExtension.objects.exists()


def test_an_extension_is_audited_on_the_cluster(world, open_round) -> None:
    ext = extend_deadline(open_round, "county", D(2026, 4, 25), by=world.users["admin"], reason="人员调整",
                          cluster=world.clusters["a1"])
    event = AuditEvent.objects.get(action="round.deadline_extended")
    assert (event.object_id, event.round_id, event.cluster_id, event.reason) == (
        str(ext.pk), open_round.pk, world.clusters["a1"].pk, "人员调整")
    assert event.before == {"level": "county", "due": "2026-04-10"}
    assert event.after["due"] == "2026-04-25" and event.after["cluster"] == "a1产业集群"
