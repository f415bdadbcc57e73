"""The lifecycle table: who may move a round where, what must hold first, and that a refusal changes nothing."""

from __future__ import annotations

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.rounds import lifecycle
from clustermon.rounds.actions import transition
from clustermon.rounds.models import Round, RoundTransition
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import MAIN_PATH, add_result_set, advance, set_all_deadlines

# The table written out by hand: from → {to: reason required}.
EXPECTED = {
    "draft": {"open": False},
    "open": {"review": False},
    "review": {"open": True, "expert_review": False},
    "expert_review": {"review": True, "scoring": False},
    "scoring": {"expert_review": True, "approved": False},
    "approved": {"scoring": True, "published": False},
    "published": {"closed": False, "scoring": True},
    "closed": {},
}
STATUSES = list(EXPECTED)
NOT_ADMIN = ["province", "city_a", "county_a1", "submitter_a1", "expert", "outsider"]


def snapshot(round_: Round) -> tuple:
    round_.refresh_from_db()
    return (round_.status, RoundTransition.objects.filter(round=round_).count(), AuditEvent.objects.count())


def put(round_: Round, status: str) -> None:
    """Place the round in `status` with every guard met (deadlines, a result set)."""
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()


def test_the_table_is_the_one_of_the_issue() -> None:
    table = {s: {m.target: m.reason_required for m in lifecycle.moves_from(s)} for s in STATUSES}
    assert table == EXPECTED
    assert all(m.roles == {"province_admin"} for m in lifecycle.MOVES)


@pytest.mark.parametrize(("source", "target"), [(s, t) for s in STATUSES for t in EXPECTED[s]])
def test_admin_makes_every_move_of_the_table(world, draft_round, source, target) -> None:
    admin = world.users["admin"]
    set_all_deadlines(draft_round, admin)
    add_result_set(draft_round, admin)
    put(draft_round, source)
    step = transition(draft_round, target, by=admin, reason="因工作需要")
    draft_round.refresh_from_db()
    assert draft_round.status == target
    assert (step.from_status, step.to_status, step.by, step.reason) == (source, target, admin, "因工作需要")
    event = AuditEvent.objects.filter(action="round.transition").latest("id")
    assert (event.before, event.after, event.round_id, event.actor) == (
        {"status": source}, {"status": target}, draft_round.pk, admin)


@pytest.mark.parametrize("who", NOT_ADMIN)
@pytest.mark.parametrize(("source", "target"), [(s, t) for s in STATUSES for t in EXPECTED[s]])
def test_nobody_else_may_move_a_round(world, draft_round, who, source, target) -> None:
    set_all_deadlines(draft_round, world.users["admin"])
    add_result_set(draft_round, world.users["admin"])
    put(draft_round, source)
    before = snapshot(draft_round)
    with pytest.raises(ActionRefused):
        transition(draft_round, target, by=world.users[who], reason="理由")
    assert snapshot(draft_round) == before


@pytest.mark.parametrize(("source", "target"),
                         [(s, t) for s in STATUSES for t in STATUSES if t not in EXPECTED[s]])
def test_moves_outside_the_table_are_refused(world, draft_round, source, target) -> None:
    set_all_deadlines(draft_round, world.users["admin"])
    add_result_set(draft_round, world.users["admin"])
    put(draft_round, source)
    before = snapshot(draft_round)
    with pytest.raises(ActionRefused, match="不能从"):
        transition(draft_round, target, by=world.users["admin"], reason="理由")
    assert snapshot(draft_round) == before


def test_an_unknown_status_is_refused(world, draft_round) -> None:
    with pytest.raises(ActionRefused):
        transition(draft_round, "archived", by=world.users["admin"])


@pytest.mark.parametrize(("source", "target"), [("review", "open"), ("expert_review", "review"),
                                                ("scoring", "expert_review"), ("approved", "scoring"),
                                                ("published", "scoring")])
def test_moves_back_need_a_reason(world, draft_round, source, target) -> None:
    set_all_deadlines(draft_round, world.users["admin"])
    put(draft_round, source)
    before = snapshot(draft_round)
    with pytest.raises(ActionRefused, match="理由"):
        transition(draft_round, target, by=world.users["admin"], reason="   ")
    assert snapshot(draft_round) == before


def test_the_admin_of_another_province_may_not(world, draft_round, django_user_model) -> None:
    q_admin = django_user_model.objects.create_user(username="q_admin", role="province_admin",
                                                    province=world.other_province)
    set_all_deadlines(draft_round, world.users["admin"])
    with pytest.raises(ActionRefused):
        transition(draft_round, "open", by=q_admin)
    assert snapshot(draft_round)[0] == "draft"


def test_opening_needs_every_group_pinned(world, draft_round) -> None:
    set_all_deadlines(draft_round, world.users["admin"])
    draft_round.frameworks.filter(group="provincial_sme").delete()
    before = snapshot(draft_round)
    with pytest.raises(ActionRefused, match="省级中小企业特色产业集群"):
        transition(draft_round, "open", by=world.users["admin"])
    assert snapshot(draft_round) == before


def test_opening_needs_the_deadlines(world, draft_round) -> None:
    with pytest.raises(ActionRefused, match="截止日期"):
        transition(draft_round, "open", by=world.users["admin"])
    assert snapshot(draft_round)[0] == "draft"


def test_opening_needs_deadlines_in_the_order_of_the_work(world, draft_round) -> None:
    from tests.rounds.conftest import DUES

    dues = dict(DUES, city=DUES["county"].replace(day=1))  # the city before the county
    set_all_deadlines(draft_round, world.users["admin"], dues)
    with pytest.raises(ActionRefused, match="晚于"):
        transition(draft_round, "open", by=world.users["admin"])


@pytest.mark.parametrize("target", ["approved", "published"])
def test_approving_and_publishing_need_approved_results(world, draft_round, target) -> None:
    """The results app's guard (registered through the lifecycle hook)."""
    admin = world.users["admin"]
    advance(draft_round, "scoring", admin)
    put(draft_round, "scoring" if target == "approved" else "approved")
    before = snapshot(draft_round)
    for status in ("superseded", "computed"):
        add_result_set(draft_round, admin, status=status)
        with pytest.raises(ActionRefused, match="结果"):
            transition(draft_round, target, by=admin)
        assert snapshot(draft_round) == before
    add_result_set(draft_round, admin, status="approved")
    transition(draft_round, target, by=admin)
    assert draft_round.status == target


def test_other_apps_register_guards(world, draft_round) -> None:
    admin = world.users["admin"]
    set_all_deadlines(draft_round, admin)
    lifecycle.register_guard("open", lambda r: f"{r.year} 不行", name="tests.no")
    try:
        assert lifecycle.blockers(draft_round, "open") == ["2025 不行"]
        with pytest.raises(ActionRefused, match="2025 不行"):
            transition(draft_round, "open", by=admin)
        lifecycle.register_guard("open", lambda r: None, name="tests.no")  # same name replaces
        transition(draft_round, "open", by=admin)
    finally:
        lifecycle.unregister_guard("open", "tests.no")
    assert draft_round.status == "open"


def test_the_whole_path_is_recorded_in_order(world, draft_round) -> None:
    advance(draft_round, "closed", world.users["admin"])
    steps = list(draft_round.transitions.values_list("from_status", "to_status"))
    path = ["draft", *MAIN_PATH]
    assert steps == [("", "draft"), *zip(path, path[1:], strict=False)]


def test_refused_messages_are_in_chinese(world, draft_round) -> None:
    with pytest.raises(ActionRefused) as refused:
        transition(draft_round, "closed", by=world.users["admin"])
    assert refused.value.message == "年度监测不能从“草稿”直接改为“已关闭”。"
    with pytest.raises(ActionRefused) as refused:
        transition(draft_round, "open", by=world.users["city_a"])
    assert refused.value.message == "只有省级管理员可以执行此操作。"
