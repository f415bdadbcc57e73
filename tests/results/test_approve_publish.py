"""approve_result_set and publish_round: freezing, superseding, and the round's lifecycle."""

from __future__ import annotations

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.actions import transition
from clustermon.web.errors import ActionRefused


def test_it_approves_and_moves_the_round_to_approved(world, tiny) -> None:
    admin = world.users["admin"]
    result_set = compute_round(tiny.round, by=admin)
    approve_result_set(result_set, by=admin)
    result_set.refresh_from_db()
    tiny.round.refresh_from_db()
    assert result_set.status == ResultSet.Status.APPROVED and result_set.approved_by == admin
    assert tiny.round.status == "approved"
    assert AuditEvent.objects.filter(action="results.approved", object_id=str(result_set.pk)).exists()


def test_a_later_approval_supersedes_the_earlier_one(world, tiny) -> None:
    admin = world.users["admin"]
    first = compute_round(tiny.round, by=admin)
    second = compute_round(tiny.round, by=admin)
    approve_result_set(first, by=admin)
    approve_result_set(second, by=admin)  # the round is already approved: only the sets change
    statuses = dict(ResultSet.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "approved"}


def test_an_approved_set_cannot_be_approved_again(world, tiny) -> None:
    admin = world.users["admin"]
    result_set = compute_round(tiny.round, by=admin)
    approve_result_set(result_set, by=admin)
    with pytest.raises(ActionRefused):
        approve_result_set(result_set, by=admin)


def test_rows_changed_after_computing_cannot_be_approved(world, tiny) -> None:
    admin = world.users["admin"]
    result_set = compute_round(tiny.round, by=admin)
    ClusterResult.objects.filter(result_set=result_set, cluster=world.clusters["b1"]).update(total=60)
    with pytest.raises(ActionRefused):
        approve_result_set(result_set, by=admin)
    result_set.refresh_from_db()
    assert result_set.status == ResultSet.Status.COMPUTED


def test_only_the_province_administrator_approves(world, tiny) -> None:
    result_set = compute_round(tiny.round, by=world.users["admin"])
    with pytest.raises(ActionRefused):
        approve_result_set(result_set, by=world.users["province"])
    result_set.refresh_from_db()
    assert result_set.status == ResultSet.Status.COMPUTED


def test_publishing_needs_an_approved_set(world, tiny) -> None:
    admin = world.users["admin"]
    compute_round(tiny.round, by=admin)
    with pytest.raises(ActionRefused):  # the round page's own "approve" is blocked too
        transition(tiny.round, "approved", by=admin)
    tiny.round.status = "approved"  # as if the round had been moved some other way
    tiny.round.save()
    with pytest.raises(ActionRefused):
        publish_round(tiny.round, by=admin)


def test_it_publishes(world, tiny) -> None:
    admin = world.users["admin"]
    approve_result_set(compute_round(tiny.round, by=admin), by=admin)
    publish_round(tiny.round, by=admin)
    tiny.round.refresh_from_db()
    assert tiny.round.status == "published"
    assert AuditEvent.objects.filter(action="round.transition", after__status="published").exists()
