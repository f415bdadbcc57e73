"""The declaration on first opening: none opens the cluster; a conflict removes the assignment."""

import pytest

from clustermon import policy
from clustermon.audit.models import AuditEvent
from clustermon.experts import actions
from clustermon.experts.models import Assignment, ConflictDeclaration
from clustermon.web.errors import ActionRefused
from tests.experts.conftest import make_assignment


def test_no_conflict_opens_the_cluster(review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    declaration = actions.declare_conflict(a, "none", by=review.experts["expert"])
    a.refresh_from_db()
    assert a.opened_at is not None
    assert declaration.assignment == a and not declaration.is_conflict
    with pytest.raises(ActionRefused):  # once only
        actions.declare_conflict(a, "employment", by=review.experts["expert"])


def test_a_conflict_removes_the_assignment_keeps_a_record_and_tells_the_province(review) -> None:
    me = review.experts["expert"]
    a = make_assignment(review, "a1", "expert", opened=False)
    declaration = actions.declare_conflict(a, "employment", "曾在园区任职", by=me)
    assert not Assignment.objects.filter(pk=a.pk).exists()
    declaration.refresh_from_db()
    assert (declaration.kind, declaration.note, declaration.expert, declaration.cluster) == (
        "employment", "曾在园区任职", me, review.world.clusters["a1"])
    assert declaration.assignment is None
    event = AuditEvent.objects.get(action="experts.conflict_declared")
    assert (event.round_id, event.cluster_id, event.reason) == (review.round.pk, review.world.clusters["a1"].pk,
                                                                "曾在园区任职")
    # The expert no longer sees the cluster.
    assert not policy.clusters_for(me).filter(pk=review.world.clusters["a1"].pk).exists()


def test_other_needs_a_description_and_unknown_kinds_are_refused(review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    with pytest.raises(ActionRefused):
        actions.declare_conflict(a, "other", "", by=review.experts["expert"])
    with pytest.raises(ActionRefused):
        actions.declare_conflict(a, "maybe", "", by=review.experts["expert"])
    assert not ConflictDeclaration.objects.exists()
    assert Assignment.objects.filter(pk=a.pk, opened_at__isnull=True).exists()


def test_only_the_assigned_expert_declares(review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    for who in (review.experts["x2"], review.world.users["province"]):
        with pytest.raises(ActionRefused):
            actions.declare_conflict(a, "none", by=who)
