"""The province requires plans of a published round and moves their due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from clustermon.audit.models import AuditEvent
from clustermon.plans import actions
from clustermon.plans.models import PlanRequirement, PlanStatus
from clustermon.rounds.models import RoundStatus
from clustermon.web.errors import ActionRefused
from tests.plans.conftest import make_published_round


@pytest.fixture(autouse=True)
def english():  # noqa: ANN201
    with translation.override("en"):
        yield


def test_every_cluster_of_the_published_results_owes_the_plan_of_its_grade(pw) -> None:
    got = {r.cluster.code: (r.grade, r.kind, r.due, r.status, r.result.result_set_id)
           for r in PlanRequirement.objects.filter(round=pw.round).select_related("cluster", "result")}
    rs = pw.result_set.pk
    assert got == {
        "a1": ("unqualified", "rectification", pw.due, PlanStatus.NOT_STARTED, rs),
        "a1b": ("excellent", "improvement", pw.due, PlanStatus.NOT_STARTED, rs),
        "a2": ("good", "cultivation", pw.due, PlanStatus.NOT_STARTED, rs),
        "b1": ("qualified", "cultivation", pw.due, PlanStatus.NOT_STARTED, rs),
    }
    events = AuditEvent.objects.filter(action="plans.required").order_by("id")
    assert events.count() == 4
    first = events.first()
    assert (first.round_id, first.cluster_id, first.actor) == (pw.round.pk, pw.world.clusters["a1"].pk,
                                                                pw.users["admin"])
    assert first.after == {"grade": "unqualified", "kind": "rectification", "due": pw.due.isoformat()}


def test_requiring_again_changes_nothing(pw) -> None:
    later = pw.due + dt.timedelta(days=10)
    done = actions.require_plans(pw.round, by=pw.users["admin"], due=later)
    assert (done.created, done.regraded) == ([], [])
    assert PlanRequirement.objects.count() == 4
    assert set(PlanRequirement.objects.values_list("due", flat=True)) == {pw.due}
    assert AuditEvent.objects.filter(action__startswith="plans.").count() == 4


def test_corrected_results_change_the_kind(pw) -> None:
    """The province reopens the published results, corrects a2 to excellent and publishes again."""
    from clustermon.results.models import ClusterResult, ResultSet
    from clustermon.rounds.models import RoundTransition

    old = pw.result_set
    t0, second = old.approved_at, dt.timedelta(seconds=1)
    published = RoundTransition.objects.create(round=pw.round, from_status=RoundStatus.APPROVED,
                                               to_status=RoundStatus.PUBLISHED)
    RoundTransition.objects.filter(pk=published.pk).update(at=t0 + second)
    corrected = ResultSet.objects.create(round=pw.round, number=2, status=ResultSet.Status.APPROVED,
                                         content_hash="s" * 64, recipe=old.recipe, approved_at=t0 + 2 * second)
    ResultSet.objects.filter(pk=old.pk).update(status=ResultSet.Status.SUPERSEDED)
    for row in ClusterResult.objects.filter(result_set=old).select_related("cluster"):
        row.pk, row.result_set = None, corrected
        row.grade = "excellent" if row.cluster.code == "a2" else row.grade
        row.save()
    again = RoundTransition.objects.create(round=pw.round, from_status=RoundStatus.APPROVED,
                                           to_status=RoundStatus.PUBLISHED)
    RoundTransition.objects.filter(pk=again.pk).update(at=t0 + 3 * second)

    done = actions.require_plans(pw.round, by=pw.users["admin"], due=pw.due)
    assert done.created == []
    assert [r.cluster.code for r in done.regraded] == ["a2"]
    a2 = pw.req("a2")
    assert (a2.grade, a2.kind, a2.result.result_set_id) == ("excellent", "improvement", corrected.pk)
    assert pw.req("a1").result.result_set_id == corrected.pk  # follows the set in force, same grade
    event = AuditEvent.objects.get(action="plans.regraded")
    assert (event.before, event.after) == ({"grade": "good", "kind": "cultivation"},
                                           {"grade": "excellent", "kind": "improvement"})


@pytest.mark.parametrize("who", ["province", "city_a", "submitter_a1", "expert", "outsider"])
def test_only_the_province_administrator_requires_plans(world, who: str) -> None:
    round_, _rs, _v = make_published_round(world)
    with pytest.raises(ActionRefused, match="Only the province administrator"):
        actions.require_plans(round_, by=world.users[who], due=timezone.localdate())
    assert not PlanRequirement.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.REVIEW, RoundStatus.SCORING, RoundStatus.APPROVED])
def test_not_before_the_results_are_published(world, status: str) -> None:
    round_, _rs, _v = make_published_round(world)
    round_.status = status
    round_.save()
    with pytest.raises(ActionRefused, match="once the round's results are published"):
        actions.require_plans(round_, by=world.users["admin"], due=timezone.localdate())
    assert not PlanRequirement.objects.exists()


def test_a_due_date_in_the_past_is_refused(world) -> None:
    round_, _rs, _v = make_published_round(world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ActionRefused, match="cannot be in the past"):
        actions.require_plans(round_, by=world.users["admin"], due=yesterday)
    actions.require_plans(round_, by=world.users["admin"], due=timezone.localdate())  # today is fine
    assert PlanRequirement.objects.count() == 4


# --- the due date -----------------------------------------------------------------------------------

def test_the_due_date_of_one_cluster_moves_with_a_reason(pw) -> None:
    later = pw.due + dt.timedelta(days=14)
    assert actions.set_due(pw.round, by=pw.users["admin"], due=later, reason="汛期顺延",
                           cluster=pw.world.clusters["b1"]) == 1
    assert dict(PlanRequirement.objects.values_list("cluster__code", "due")) == {
        "a1": pw.due, "a1b": pw.due, "a2": pw.due, "b1": later}
    event = AuditEvent.objects.get(action="plans.due_set")
    assert (event.cluster_id, event.reason, event.before, event.after) == (
        pw.world.clusters["b1"].pk, "汛期顺延", {"due": pw.due.isoformat()}, {"due": later.isoformat()})


def test_the_due_date_of_the_whole_round_moves(pw) -> None:
    later = pw.due + dt.timedelta(days=7)
    actions.set_due(pw.round, by=pw.users["admin"], due=later, reason="统一顺延", cluster=pw.world.clusters["b1"])
    assert actions.set_due(pw.round, by=pw.users["admin"], due=later, reason="统一顺延") == 3  # b1 had it already
    assert set(PlanRequirement.objects.values_list("due", flat=True)) == {later}


def test_moving_the_due_date_needs_a_reason_and_the_administrator(pw) -> None:
    later = pw.due + dt.timedelta(days=7)
    with pytest.raises(ActionRefused, match="Give a reason"):
        actions.set_due(pw.round, by=pw.users["admin"], due=later, reason="  ")
    with pytest.raises(ActionRefused, match="Only the province administrator"):
        actions.set_due(pw.round, by=pw.users["province"], due=later, reason="r")
    with pytest.raises(ActionRefused, match="cannot be in the past"):
        actions.set_due(pw.round, by=pw.users["admin"], due=timezone.localdate() - dt.timedelta(days=1), reason="r")
    assert set(PlanRequirement.objects.values_list("due", flat=True)) == {pw.due}


def test_no_due_date_without_requirements(world) -> None:
    round_, _rs, _v = make_published_round(world)
    with pytest.raises(ActionRefused, match="No plan is required"):
        actions.set_due(round_, by=world.users["admin"], due=timezone.localdate(), reason="r")
