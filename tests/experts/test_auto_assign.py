"""auto_assign on the review fixture: exclusions and balance, hand-checked."""

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.experts import actions
from clustermon.experts.models import Assignment, AssignmentRun, ConflictDeclaration
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import SubmissionStatus
from clustermon.web.errors import ActionRefused


def panel(review) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in Assignment.objects.filter(round=review.round).select_related("cluster", "expert"):
        out.setdefault(a.cluster.code, set()).add(a.expert.username)
    return out


def test_it_assigns_two_per_cluster_with_exclusions_and_balance(review) -> None:
    """Eligible (same-city and affiliation exclusions applied):
    a1b (city A, park P1): expert, x2, x3        (x1 same city, x4 affiliated with P1)
    a2  (city A):          expert, x2, x4        (x1 same city, x3 affiliated with a2)
    a1  (city A):          expert, x2, x3, x4
    b1  (city B):          x1, x2, x3, x4        (expert lives in B)
    cap = ⌈8 places / 5 experts⌉ = 2. Order: a1b, a2 (1 spare each), then a1, b1.
    a1b: expert, x3 (装备制造 matches)      a2: expert (match, 1 < cap), x2 (lower id than x4)
    a1: x3 (match; expert at cap), x4 (load 0 before x2's 1)      b1: x1 (match), x2 (x3 at cap)
    """
    run = actions.auto_assign(review.round, 2, by=review.world.users["province"])
    assert panel(review) == {
        "a1b": {"expert", "x3"},
        "a2": {"expert", "x2"},
        "a1": {"x3", "x4"},
        "b1": {"x1", "x2"},
    }
    assert run.report["cap"] == 2
    assert run.report["shortfalls"] == {}
    assert AuditEvent.objects.filter(action="experts.auto_assigned", round=review.round).count() == 1


def test_it_reports_clusters_that_cannot_get_n(review) -> None:
    run = actions.auto_assign(review.round, 4, by=review.world.users["province"])
    # a1b and a2 have 3 eligible experts each; a1 and b1 have 4.
    assert run.report["shortfalls"] == {"a1b": 1, "a2": 1}
    result = panel(review)
    assert result["a1b"] == {"expert", "x2", "x3"}
    assert result["a2"] == {"expert", "x2", "x4"}
    assert "x1" not in result["a1"] | result["a1b"] | result["a2"]  # same city A
    assert AssignmentRun.objects.get().per_cluster == 4


def test_it_keeps_what_exists_and_is_idempotent(review) -> None:
    province = review.world.users["province"]
    actions.auto_assign(review.round, 2, by=province)
    before = panel(review)
    run = actions.auto_assign(review.round, 2, by=province)
    assert run.report["added"] == []
    assert panel(review) == before


def test_only_accepted_submissions_are_assigned(review) -> None:
    review.submissions["b1"].status = SubmissionStatus.AT_PROVINCE
    review.submissions["b1"].save()
    actions.auto_assign(review.round, 1, by=review.world.users["province"])
    assert set(panel(review)) == {"a1", "a1b", "a2"}


def test_a_declared_conflict_and_a_removal_are_not_reassigned(review) -> None:
    province = review.world.users["province"]
    clusters = review.world.clusters
    ConflictDeclaration.objects.create(round=review.round, cluster=clusters["a1b"], expert=review.experts["expert"],
                                       kind="employment")
    removed = Assignment.objects.create(round=review.round, cluster=clusters["b1"], expert=review.experts["x1"])
    actions.unassign(removed, by=province, reason="回避")
    actions.auto_assign(review.round, 2, by=province)
    result = panel(review)
    assert "expert" not in result["a1b"]
    assert "x1" not in result["b1"]


def test_inactive_experts_are_left_out(review) -> None:
    profile = review.experts["x3"].expert_profile
    profile.active = False
    profile.save()
    actions.auto_assign(review.round, 2, by=review.world.users["province"])
    assert all("x3" not in experts for experts in panel(review).values())


@pytest.mark.parametrize("who", ["city_a", "expert", "outsider"])
def test_only_the_province_runs_it(review, who) -> None:
    with pytest.raises(ActionRefused):
        actions.auto_assign(review.round, 2, by=review.world.users[who])
    assert not Assignment.objects.exists()


def test_it_is_refused_once_scoring_started_and_for_silly_sizes(review) -> None:
    province = review.world.users["province"]
    with pytest.raises(ActionRefused):
        actions.auto_assign(review.round, 0, by=province)
    review.round.status = RoundStatus.SCORING
    review.round.save()
    with pytest.raises(ActionRefused):
        actions.auto_assign(review.round, 2, by=province)
    assert not AssignmentRun.objects.exists()
