"""policy helpers of the expert review: an expert sees only their own; the province its province."""

import pytest
from django.http import Http404

from clustermon import policy
from clustermon.experts import actions
from clustermon.rounds.models import RoundStatus
from tests.experts.conftest import make_assignment


def test_assignments_for_each_role(review) -> None:
    mine = make_assignment(review, "a1", "expert")
    theirs = make_assignment(review, "a2", "x2")
    users = review.world.users
    assert list(policy.assignments_for(review.experts["expert"])) == [mine]
    assert set(policy.assignments_for(users["province"])) == {mine, theirs}
    assert set(policy.assignments_for(users["admin"])) == {mine, theirs}
    for who in ("city_a", "county_a1", "submitter_a1", "outsider"):
        assert not policy.assignments_for(users[who]).exists(), who
    with pytest.raises(Http404):
        policy.get_assignment_for(review.experts["expert"], theirs.pk)
    with pytest.raises(Http404):
        policy.get_assignment_for(users["outsider"], mine.pk)
    with pytest.raises(Http404):
        policy.get_assignment_for(review.experts["expert"], "x")


def test_an_expert_does_not_see_assignments_of_a_draft_round(review) -> None:
    make_assignment(review, "a1", "expert")
    review.round.status = RoundStatus.DRAFT
    review.round.save()
    assert not policy.assignments_for(review.experts["expert"]).exists()


def test_a_diagnosis_puts_the_cluster_in_the_experts_scope(review) -> None:
    x2 = review.experts["x2"]
    assert not policy.clusters_for(x2).exists()
    actions.assign_diagnosis(review.round, review.world.clusters["b1"], x2, by=review.world.users["province"])
    assert [c.code for c in policy.clusters_for(x2)] == ["b1"]
    assert policy.diagnoses_for(x2).count() == 1
    assert not policy.diagnoses_for(review.experts["x3"]).exists()
    assert not policy.diagnoses_for(review.world.users["outsider"]).exists()


def test_experts_for_is_the_province_pool(review) -> None:
    names = set(policy.experts_for(review.world.users["province"]).values_list("username", flat=True))
    assert names == {"expert", "x1", "x2", "x3", "x4"}
    assert not policy.experts_for(review.experts["expert"]).exists()
    assert not policy.experts_for(review.world.users["outsider"]).exists()


def test_the_cluster_is_in_scope_only_after_the_declaration(review) -> None:
    from clustermon.submissions.models import Evidence

    me = review.experts["expert"]
    evidence = Evidence.objects.create(submission=review.submissions["a1"], indicator="D1.1", original_name="a.pdf",
                                       name="a.pdf", path="evidence/a.pdf", content_type="application/pdf", size=1,
                                       sha256="0" * 64)
    a = make_assignment(review, "a1", "expert", opened=False)
    assert not policy.clusters_for(me).exists()
    with pytest.raises(Http404):
        policy.get_evidence_for(me, evidence.pk)
    actions.declare_conflict(a, "none", by=me)
    assert [c.code for c in policy.clusters_for(me)] == ["a1"]
    assert policy.get_evidence_for(me, evidence.pk) == evidence


def test_a_submitted_assignment_written_directly_keeps_its_cluster_in_scope(review) -> None:
    from django.utils import timezone

    from clustermon.experts.models import Assignment

    Assignment.objects.create(round=review.round, cluster=review.world.clusters["b1"], expert=review.experts["x2"],
                              submitted_at=timezone.now())
    assert [c.code for c in policy.clusters_for(review.experts["x2"])] == ["b1"]
