"""Scores on the framework's scale; save and come back; submit once; the deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from clustermon.audit.models import AuditEvent
from clustermon.experts import actions
from clustermon.experts.models import ExpertScore
from clustermon.rounds.models import Deadline, DeadlineExtension, RoundStatus
from clustermon.web.errors import ActionRefused
from tests.experts.conftest import make_assignment


def saved(a) -> dict:
    return {s.indicator: (s.score, s.comment) for s in ExpertScore.objects.filter(assignment=a)}


@pytest.fixture
def mine(review):
    return make_assignment(review, "a1", "expert")


def test_it_saves_scores_normalised(review, mine) -> None:
    me = review.experts["expert"]
    changed = actions.save_scores(mine, {"Q1": (" b ", "规划较完整"), "Q2": ("4.50", "")}, by=me)
    assert changed == 2
    assert saved(mine) == {"Q1": ("B", "规划较完整"), "Q2": ("4.5", "")}
    event = AuditEvent.objects.get(action="experts.scores_saved")
    assert event.after == {"Q1": ["B", "规划较完整"], "Q2": ["4.5", ""]}
    # Coming back: an unchanged entry is not rewritten, a cleared one is removed.
    assert actions.save_scores(mine, {"Q1": ("B", "规划较完整"), "Q2": ("", "")}, by=me) == 1
    assert saved(mine) == {"Q1": ("B", "规划较完整")}


@pytest.mark.parametrize(("code", "score"), [
    ("Q1", "E"), ("Q1", "A+"), ("Q1", "1"),          # not a letter of the grades map
    ("Q2", "6"), ("Q2", "-1"), ("Q2", "4.555"), ("Q2", "很好"), ("Q2", "NaN"),  # outside 0..5
    ("D1.1", "80"), ("Q9", "A"),                      # not an expert-scored leaf
])
def test_it_refuses_scores_off_the_scale_and_changes_nothing(review, mine, code, score) -> None:
    me = review.experts["expert"]
    with pytest.raises(ActionRefused):
        actions.save_scores(mine, {"Q1": ("A", ""), code: (score, "")}, by=me)
    assert saved(mine) == {}


def test_the_edges_of_the_points_scale_are_allowed(review, mine) -> None:
    me = review.experts["expert"]
    actions.save_scores(mine, {"Q2": ("0", "")}, by=me)
    actions.save_scores(mine, {"Q2": ("5", "")}, by=me)
    actions.save_scores(mine, {"Q2": ("0.25", "")}, by=me)
    assert saved(mine)["Q2"] == ("0.25", "")


def test_submit_needs_every_leaf_then_happens_once(review, mine) -> None:
    me = review.experts["expert"]
    actions.save_scores(mine, {"Q1": ("A", "")}, by=me)
    with pytest.raises(ActionRefused, match="Q2"):
        actions.submit_scores(mine, by=me)
    actions.save_scores(mine, {"Q2": ("3", "")}, by=me)
    actions.submit_scores(mine, by=me)
    mine.refresh_from_db()
    assert mine.submitted_at is not None
    with pytest.raises(ActionRefused):
        actions.submit_scores(mine, by=me)
    with pytest.raises(ActionRefused):
        actions.save_scores(mine, {"Q2": ("4", "")}, by=me)
    assert saved(mine) == {"Q1": ("A", ""), "Q2": ("3", "")}
    assert AuditEvent.objects.filter(action="experts.scores_submitted").count() == 1


def test_only_the_assigned_expert_after_declaring_scores(review, mine) -> None:
    with pytest.raises(ActionRefused):
        actions.save_scores(mine, {"Q1": ("A", "")}, by=review.experts["x2"])
    unopened = make_assignment(review, "a2", "expert", opened=False)
    with pytest.raises(ActionRefused):
        actions.save_scores(unopened, {"Q1": ("A", "")}, by=review.experts["expert"])


def test_scores_only_in_expert_review(review, mine) -> None:
    review.round.status = RoundStatus.REVIEW
    review.round.save()
    with pytest.raises(ActionRefused):
        actions.save_scores(mine, {"Q1": ("A", "")}, by=review.experts["expert"])


def test_the_deadline_day_is_the_last_day(review, mine) -> None:
    me = review.experts["expert"]
    today = timezone.localdate()
    deadline = Deadline.objects.create(round=review.round, level="expert", due=today)
    actions.save_scores(mine, {"Q1": ("A", "")}, by=me)
    deadline.due = today - dt.timedelta(days=1)
    deadline.save()
    yesterday = deadline.due.isoformat()
    with pytest.raises(ActionRefused, match=yesterday):
        actions.save_scores(mine, {"Q1": ("B", "")}, by=me)
    with pytest.raises(ActionRefused, match=yesterday):
        actions.submit_scores(mine, by=me)
    # An extension for the cluster's city gives the experts more time.
    DeadlineExtension.objects.create(round=review.round, level="expert", city=review.world.cities["A"],
                                     due=today + dt.timedelta(days=3), reason="延期")
    actions.save_scores(mine, {"Q1": ("B", "")}, by=me)
    assert saved(mine) == {"Q1": ("B", "")}
