"""An approved result set and its rows can never change: model and queryset guards."""

from __future__ import annotations

import pytest

from clustermon.results.actions import approve_result_set, compute_round
from clustermon.results.models import ClusterResult, FrozenResultError, ResultSet


@pytest.fixture
def approved(world, tiny) -> ResultSet:
    admin = world.users["admin"]
    return approve_result_set(compute_round(tiny.round, by=admin), by=admin)


def test_an_approved_set_cannot_be_saved_changed(approved) -> None:
    approved.content_hash = "0" * 64
    with pytest.raises(FrozenResultError):
        approved.save()
    fresh = ResultSet.objects.get(pk=approved.pk)
    fresh.status = ResultSet.Status.COMPUTED  # back to a working copy: no
    with pytest.raises(FrozenResultError):
        fresh.save()
    assert ResultSet.objects.get(pk=approved.pk).content_hash != "0" * 64


def test_an_approved_set_cannot_be_deleted(approved) -> None:
    with pytest.raises(FrozenResultError):
        approved.delete()
    with pytest.raises(FrozenResultError):
        ResultSet.objects.filter(pk=approved.pk).delete()
    assert ResultSet.objects.filter(pk=approved.pk).exists()


def test_a_queryset_cannot_change_an_approved_set(approved) -> None:
    with pytest.raises(FrozenResultError):
        ResultSet.objects.filter(pk=approved.pk).update(content_hash="x")
    with pytest.raises(FrozenResultError):
        ResultSet.objects.filter(pk=approved.pk).update(status="computed")
    with pytest.raises(FrozenResultError):  # superseding only, nothing else along with it
        ResultSet.objects.filter(pk=approved.pk).update(status="superseded", content_hash="x")


def test_superseding_is_the_one_change_allowed(approved) -> None:
    ResultSet.objects.filter(pk=approved.pk).update(status=ResultSet.Status.SUPERSEDED)
    assert ResultSet.objects.get(pk=approved.pk).status == "superseded"
    fresh = ResultSet.objects.get(pk=approved.pk)
    fresh.status = ResultSet.Status.APPROVED  # and not back
    with pytest.raises(FrozenResultError):
        fresh.save()


def test_its_rows_cannot_change(approved, world) -> None:
    row = approved.results.get(cluster=world.clusters["b1"])
    row.total = 60
    with pytest.raises(FrozenResultError):
        row.save()
    with pytest.raises(FrozenResultError):
        row.delete()
    with pytest.raises(FrozenResultError):
        ClusterResult.objects.filter(pk=row.pk).update(grade="excellent")
    with pytest.raises(FrozenResultError):
        ClusterResult.objects.filter(result_set=approved).delete()
    with pytest.raises(FrozenResultError):  # a mixed queryset too
        ClusterResult.objects.all().update(stars=5)
    assert str(ClusterResult.objects.get(pk=row.pk).total) == "59.80"


def test_a_computed_set_is_a_working_copy(world, tiny) -> None:
    result_set = compute_round(tiny.round, by=world.users["admin"])
    ClusterResult.objects.filter(result_set=result_set).update(stars=1)  # no guard (approval re-checks the hash)
    result_set.results.first().delete()
    result_set.delete()
    assert not ResultSet.objects.exists()
