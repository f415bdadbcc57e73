"""Review actions: pass up level by level, return with reason and comments, bulk pass, concurrency
guard (single thread), and the resubmission rule."""

from __future__ import annotations

import pytest
from django.utils import translation

from clustermon.audit.models import AuditEvent
from clustermon.review import actions, queries, rules
from clustermon.review.models import Decision, ReviewComment, ReviewDecision
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused

S = SubmissionStatus


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English here; the Chinese is checked in test_messages_in_chinese."""
    with translation.override("en"):
        yield


def fresh(sub: Submission) -> Submission:
    return Submission.objects.get(pk=sub.pk)


def test_pass_level_by_level_to_accepted(rw) -> None:
    sub = rw.subs["a1"]
    u = rw.users
    actions.pass_up(sub, by=u["county_a1"], expected_version=1)
    assert (fresh(sub).status, fresh(sub).version) == (S.AT_CITY, 2)
    actions.pass_up(fresh(sub), by=u["city_a"], expected_version=2)
    assert fresh(sub).status == S.AT_PROVINCE
    actions.pass_up(fresh(sub), by=u["province"], expected_version=3)
    assert (fresh(sub).status, fresh(sub).version) == (S.ACCEPTED, 4)
    levels = list(ReviewDecision.objects.filter(submission=sub).values_list("level", "decision", "version"))
    assert levels == [("county", "pass", 2), ("city", "pass", 3), ("province", "pass", 4)]
    events = AuditEvent.objects.filter(action="review.pass", object_id=str(sub.pk)).order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("at_county", "at_city"), ("at_city", "at_province"), ("at_province", "accepted")]
    assert all(e.actor_id for e in events)


def test_decision_keeps_a_snapshot_of_the_values(rw) -> None:
    decision = actions.pass_up(rw.subs["a1"], by=rw.users["county_a1"], expected_version=1)
    assert decision.snapshot == {"D1.1": "50", "D1.2": "20"}


@pytest.mark.parametrize("who, key", [
    ("city_a", "a1"),          # in scope, but the submission waits at the county
    ("county_a1", "a2"),       # a2 is in county A2: out of scope
    ("province", "a1"),        # the province does not skip levels
    ("submitter_a1", "a1"),
    ("expert", "a1"),
    ("outsider", "a1"),
])
def test_only_the_holding_level_in_scope_may_act(rw, who, key) -> None:
    sub = rw.subs[key]
    with pytest.raises(ActionRefused):
        actions.pass_up(sub, by=rw.users[who], expected_version=1)
    with pytest.raises(ActionRefused):
        actions.return_(sub, by=rw.users[who], reason="x", expected_version=1)
    assert (fresh(sub).status, fresh(sub).version) == (sub.status, 1)
    assert not ReviewDecision.objects.exists()


def test_draft_and_accepted_are_not_under_review(rw) -> None:
    with pytest.raises(ActionRefused, match="not under review"):
        actions.pass_up(rw.subs["a1b"], by=rw.users["county_a1"], expected_version=1)


def test_round_must_be_in_review(rw) -> None:
    rw.round.status = RoundStatus.SCORING
    rw.round.save()
    with pytest.raises(ActionRefused, match="review phase"):
        actions.pass_up(rw.subs["a1"], by=rw.users["county_a1"], expected_version=1)
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY


def test_stale_version_is_refused_and_changes_nothing(rw) -> None:
    sub = rw.subs["a1"]
    Submission.objects.filter(pk=sub.pk).update(version=2, values={"D1.1": "51"})
    with pytest.raises(actions.ChangedMeanwhile, match="changed by someone else"):
        actions.pass_up(sub, by=rw.users["county_a1"], expected_version=1)
    with pytest.raises(actions.ChangedMeanwhile):
        actions.return_(sub, by=rw.users["county_a1"], reason="r", expected_version=1)
    assert (fresh(sub).status, fresh(sub).version) == (S.AT_COUNTY, 2)
    assert not ReviewDecision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="review.").exists()


def test_second_decision_on_the_same_version_is_refused(rw) -> None:
    sub = rw.subs["a1"]
    actions.pass_up(sub, by=rw.users["county_a1"], expected_version=1)
    with pytest.raises(actions.ChangedMeanwhile):
        actions.return_(sub, by=rw.users["county_a1"], reason="late", expected_version=1)
    assert fresh(sub).status == S.AT_CITY
    assert ReviewDecision.objects.count() == 1


def test_return_needs_a_reason(rw) -> None:
    for reason in ("", "   "):
        with pytest.raises(ActionRefused, match="reason"):
            actions.return_(rw.subs["a1"], by=rw.users["county_a1"], reason=reason, expected_version=1)
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY


def test_return_with_comments_per_indicator(rw) -> None:
    sub = rw.subs["a2"]
    decision = actions.return_(sub, by=rw.users["city_a"], reason="营业收入口径不对",
                               comments={"D1.1": "请按统计口径填报", "D1.2": "  "}, expected_version=1)
    after = fresh(sub)
    assert (after.status, after.version) == (S.RETURNED, 2)
    assert decision.level == "city" and decision.decision == Decision.RETURN
    assert list(ReviewComment.objects.values_list("indicator", "text")) == [("D1.1", "请按统计口径填报")]
    assert queries.open_comments(after) == {"D1.1": ["请按统计口径填报"]}
    event = AuditEvent.objects.get(action="review.return")
    assert event.reason == "营业收入口径不对"
    assert (event.before, event.after) == ({"status": "at_city"}, {"status": "returned"})


def test_return_refuses_unknown_indicator(rw) -> None:
    with pytest.raises(ActionRefused, match="ZZ9"):
        actions.return_(rw.subs["a1"], by=rw.users["county_a1"], reason="r", comments={"ZZ9": "?"},
                        expected_version=1)
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY
    assert not ReviewComment.objects.exists()


def test_resubmission_goes_back_to_the_level_that_returned_it(rw) -> None:
    a1, a2 = rw.subs["a1"], rw.subs["a2"]
    assert rules.resubmit_status(rw.subs["a1b"]) == S.AT_COUNTY  # first submission
    actions.return_(a2, by=rw.users["city_a"], reason="r", expected_version=1)
    assert rules.resubmit_status(fresh(a2)) == S.AT_CITY
    actions.return_(a1, by=rw.users["county_a1"], reason="r", expected_version=1)
    assert rules.resubmit_status(fresh(a1)) == S.AT_COUNTY
    actions.return_(rw.subs["b1"], by=rw.users["province"], reason="r", expected_version=1)
    assert rules.resubmit_status(fresh(rw.subs["b1"])) == S.AT_PROVINCE


def test_changes_since_return(rw) -> None:
    sub = rw.subs["a1"]
    actions.return_(sub, by=rw.users["county_a1"], reason="r", expected_version=1)
    # The submitter corrects one value, adds one narrative and hands it in again.
    Submission.objects.filter(pk=sub.pk).update(
        values={"D1.1": "55", "D1.2": "20"}, narratives={"N1": "新增说明"}, status=S.AT_COUNTY, version=3)
    changes = queries.changes_since_return(fresh(sub), names={"D1.1": "营业收入"})
    assert [(c.indicator, c.name, c.before, c.after) for c in changes] == [
        ("D1.1", "营业收入", "50", "55"), ("N1", "N1", None, "新增说明")]


def test_holder_says_who_holds_it(rw) -> None:
    assert "甲一县" in rules.holder(rw.subs["a1"])
    assert "甲市" in rules.holder(rw.subs["a2"])
    assert "测试省" in rules.holder(rw.subs["b1"])
    assert "a1b产业集群" in rules.holder(rw.subs["a1b"])


def test_bulk_pass_all(rw) -> None:
    a1 = rw.subs["a1"]
    Submission.objects.filter(pk=rw.subs["a1b"].pk).update(status=S.AT_COUNTY)
    a1b = fresh(rw.subs["a1b"])
    decisions = actions.bulk_pass([a1, a1b], by=rw.users["county_a1"])
    assert len(decisions) == 2
    assert {fresh(a1).status, fresh(a1b).status} == {S.AT_CITY}


def test_bulk_pass_is_all_or_nothing(rw) -> None:
    a1 = rw.subs["a1"]
    Submission.objects.filter(pk=rw.subs["a1b"].pk).update(status=S.AT_COUNTY, version=5)
    a1b = fresh(rw.subs["a1b"])
    a1b.version = 4  # the reviewer saw an older version
    with pytest.raises(actions.ChangedMeanwhile, match="a1b产业集群"):
        actions.bulk_pass([a1, a1b], by=rw.users["county_a1"])
    assert fresh(a1).status == S.AT_COUNTY
    assert not ReviewDecision.objects.exists()


def test_bulk_pass_refuses_submissions_with_flags(rw) -> None:
    a1 = rw.subs["a1"]
    flagged = queries.Badges(warnings=["D1.1"])
    with pytest.raises(ActionRefused, match="warnings or outliers"):
        actions.bulk_pass([a1], by=rw.users["county_a1"], flags={a1.pk: flagged})
    assert fresh(a1).status == S.AT_COUNTY
    with pytest.raises(ActionRefused):
        actions.bulk_pass([], by=rw.users["county_a1"])


def test_messages_in_chinese(rw) -> None:
    sub = rw.subs["a1"]
    Submission.objects.filter(pk=sub.pk).update(version=2)
    with translation.override("zh-hans"):
        with pytest.raises(actions.ChangedMeanwhile, match="该材料已被他人修改"):
            actions.pass_up(sub, by=rw.users["county_a1"], expected_version=1)
        with pytest.raises(ActionRefused, match="退回必须说明理由"):
            actions.return_(sub, by=rw.users["county_a1"], reason="", expected_version=2)
        with pytest.raises(ActionRefused, match="正等待县级审核"):
            actions.pass_up(fresh(sub), by=rw.users["city_a"], expected_version=2)
        assert rules.holder(sub).startswith("县级工信部门")
