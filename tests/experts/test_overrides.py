"""Manual overrides: a reason is required, recorded and audited."""

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.experts import actions
from clustermon.experts.models import Assignment, AssignmentOverride, ExpertScore
from clustermon.web.errors import ActionRefused
from tests.experts.conftest import make_assignment


def test_assign_needs_a_reason(review) -> None:
    with pytest.raises(ActionRefused):
        actions.assign(review.round, review.world.clusters["a1"], review.experts["x1"],
                       by=review.world.users["province"], reason="  ")
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.filter(action="experts.assigned").exists()


def test_assign_overrides_an_exclusion_and_records_it(review) -> None:
    # x1 lives in city A like a1: excluded automatically, allowed by hand with a reason.
    a = actions.assign(review.round, review.world.clusters["a1"], review.experts["x1"],
                       by=review.world.users["province"], reason="唯一的该领域专家")
    override = AssignmentOverride.objects.get()
    assert (override.action, override.reason, override.by) == ("add", "唯一的该领域专家", review.world.users["province"])
    event = AuditEvent.objects.get(action="experts.assigned")
    assert event.object_id == str(a.pk)
    assert event.reason == "唯一的该领域专家"
    assert event.after["overrides_exclusion"] == "same_city"
    assert event.round_id == review.round.pk and event.cluster_id == review.world.clusters["a1"].pk


def test_assign_refuses_a_non_expert_and_a_duplicate(review) -> None:
    province = review.world.users["province"]
    with pytest.raises(ActionRefused):
        actions.assign(review.round, review.world.clusters["a1"], review.world.users["city_a"],
                       by=province, reason="r")
    actions.assign(review.round, review.world.clusters["a1"], review.experts["x2"], by=province, reason="r")
    with pytest.raises(ActionRefused):
        actions.assign(review.round, review.world.clusters["a1"], review.experts["x2"], by=province, reason="r")
    with pytest.raises(ActionRefused):  # a cluster of another province
        actions.assign(review.round, review.world.clusters["q1"], review.experts["x2"], by=province, reason="r")


def test_unassign_needs_a_reason_and_keeps_the_scores_in_the_audit(review) -> None:
    a = make_assignment(review, "a1", "x2")
    ExpertScore.objects.create(assignment=a, indicator="Q1", score="B", comment="较好")
    with pytest.raises(ActionRefused):
        actions.unassign(a, by=review.world.users["province"], reason="")
    assert Assignment.objects.filter(pk=a.pk).exists()
    actions.unassign(a, by=review.world.users["province"], reason="专家出差")
    assert not Assignment.objects.filter(pk=a.pk).exists()
    event = AuditEvent.objects.get(action="experts.unassigned")
    assert event.reason == "专家出差"
    assert event.before["scores"] == {"Q1": ["B", "较好"]}
    assert AssignmentOverride.objects.get().action == "remove"


def test_an_expert_cannot_override(review) -> None:
    a = make_assignment(review, "a1", "expert")
    with pytest.raises(ActionRefused):
        actions.unassign(a, by=review.experts["expert"], reason="不想评")
    with pytest.raises(ActionRefused):
        actions.assign(review.round, review.world.clusters["a2"], review.experts["expert"],
                       by=review.experts["expert"], reason="想评")
