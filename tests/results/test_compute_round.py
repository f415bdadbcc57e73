"""compute_round on the tiny scheme: every figure computed by hand (see conftest.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.results.actions import compute_round
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.web.errors import ActionRefused
from tests.results.conftest import EXPECTED_GRADES, EXPECTED_RANKS, EXPECTED_TOTALS, make_round


def results_by_code(result_set: ResultSet) -> dict[str, ClusterResult]:
    return {r.cluster.code: r for r in result_set.results.select_related("cluster")}


def test_it_scores_ranks_and_grades_by_hand(world, tiny) -> None:
    result_set = compute_round(tiny.round, by=world.users["admin"])
    rows = results_by_code(result_set)
    assert set(rows) == {"a1", "a2", "b1", "a1b"}  # the draft (a2b) is left out
    assert {code: r.total for code, r in rows.items()} == EXPECTED_TOTALS
    assert {code: r.rank for code, r in rows.items()} == EXPECTED_RANKS
    assert {code: r.grade for code, r in rows.items()} == EXPECTED_GRADES
    assert {r.group_size for r in rows.values()} == {4}


def test_it_stores_points_parts_and_claims(world, tiny) -> None:
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    a1 = rows["a1"]
    # The unsubmitted assignment's D is ignored: (A 1.0 + B 0.8) / 2 × 40 = 36.
    assert a1.node_points == {"D1": "84.00", "D1.1": "48.00", "D1.2": "36.00", "A1": "50.00", "A2": "50.00"}
    assert a1.part_scores == {"development": "84.00", "activity": "100.00"}
    assert (a1.base, a1.bonus, a1.deduction) == (Decimal("88.80"), Decimal("4.00"), Decimal("0.00"))
    assert rows["a2"].bonus == Decimal("0.00")  # its claim was rejected
    assert (rows["a1b"].base, rows["a1b"].deduction) == (Decimal("45.30"), Decimal("3.00"))
    assert rows["a2"].node_points["A2"] == "12.50"
    assert a1.explanation["total"] == "92.80"
    assert a1.explanation["parts"][0]["indicators"][0]["children"][1]["experts"]["scores"] == ["A", "B"]


def test_it_records_the_recipe_and_an_audit_event(world, tiny) -> None:
    result_set = compute_round(tiny.round, by=world.users["admin"])
    assert result_set.number == 1 and result_set.status == ResultSet.Status.COMPUTED
    recipe = result_set.recipe
    assert recipe["frameworks"]["provincial_amc"]["content_hash"] == tiny.version.content_hash
    assert recipe["grade_policies"]["provincial_amc"]["excellent_share"] == "1/5"
    assert recipe["previous_result_set"] is None
    assert len(recipe["inputs_sha256"]) == 64
    event = AuditEvent.objects.get(action="results.computed")
    assert event.actor == world.users["admin"] and event.after["content_hash"] == result_set.content_hash


def test_recomputing_the_same_inputs_gives_the_same_hash(world, tiny) -> None:
    first = compute_round(tiny.round, by=world.users["admin"])
    second = compute_round(tiny.round, by=world.users["admin"])
    assert second.number == 2
    assert second.content_hash == first.content_hash
    assert second.recipe["inputs_sha256"] == first.recipe["inputs_sha256"]


def test_a_changed_input_changes_the_hash(world, tiny) -> None:
    first = compute_round(tiny.round, by=world.users["admin"])
    submission = tiny.submissions["b1"]
    submission.values = {**submission.values, "D1.1": "71"}
    submission.save()
    second = compute_round(tiny.round, by=world.users["admin"])
    assert second.content_hash != first.content_hash
    assert second.recipe["inputs_sha256"] != first.recipe["inputs_sha256"]


def test_stars_and_labels_come_from_last_years_approved_grades(world, tiny) -> None:
    last_year = make_round(tiny.scheme, tiny.version, 2024, "published")
    approved = ResultSet.objects.create(round=last_year, number=1, status="approved", recipe={}, content_hash="x")
    superseded = ResultSet.objects.create(round=last_year, number=2, status="superseded", recipe={},
                                          content_hash="y")
    last_grades = {"a1": "excellent", "a2": "good", "b1": "good", "a1b": "qualified"}
    for result_set, grades in ((approved, last_grades), (superseded, dict.fromkeys(last_grades, "excellent"))):
        ClusterResult.objects.bulk_create(
            ClusterResult(result_set=result_set, cluster=world.clusters[code], group="provincial_amc", total=70,
                          base=70, bonus=0, deduction=0, part_scores={}, node_points={}, rank=1, group_size=4,
                          grade=grade, explanation={})
            for code, grade in grades.items())
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    # a1: excellent + good → 4 stars, silver; a2: good + good → 3, bronze; b1 and a1b: unqualified now.
    assert {code: (r.stars, r.label) for code, r in rows.items()} == {
        "a1": (4, "silver"), "a2": (3, "bronze"), "b1": (0, "none"), "a1b": (0, "none")}
    assert rows["a1"].result_set.recipe["previous_result_set"]["id"] == approved.pk


def test_without_a_previous_round_there_are_no_stars(world, tiny) -> None:
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    assert {(r.stars, r.label) for r in rows.values()} == {(0, "none")}


def test_an_empty_prev_value_falls_back_to_last_years_accepted_value(world, tiny) -> None:
    from clustermon.submissions.models import Submission

    last_year = make_round(tiny.scheme, tiny.version, 2024, "published")
    Submission.objects.create(round=last_year, cluster=world.clusters["b1"], group="provincial_amc",
                              status="accepted", values={"A2": "80"})
    submission = tiny.submissions["b1"]
    submission.values = {**submission.values, "A2@prev": ""}
    submission.save()
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    # growth (100 − 80) / 80 = 25% ≥ 20%: full 50 points; activity 100, base 44.8 + 30 = 74.80.
    assert rows["b1"].node_points["A2"] == "50.00"
    assert rows["b1"].total == Decimal("74.80")


@pytest.mark.parametrize("who", ["province", "city_a", "outsider"])
def test_only_the_province_administrator_computes(world, tiny, who) -> None:
    with pytest.raises(ActionRefused):
        compute_round(tiny.round, by=world.users[who])
    assert not ResultSet.objects.exists()


def test_it_is_refused_outside_scoring(world, tiny) -> None:
    tiny.round.status = "expert_review"
    tiny.round.save()
    with pytest.raises(ActionRefused, match="评分阶段"):
        compute_round(tiny.round, by=world.users["admin"])
    assert not ResultSet.objects.exists() and not AuditEvent.objects.exists()


def test_it_is_refused_without_accepted_submissions(world, tiny) -> None:
    from clustermon.submissions.models import Submission

    Submission.objects.update(status="at_province")
    with pytest.raises(ActionRefused):
        compute_round(tiny.round, by=world.users["admin"])


def test_a_claim_outside_the_catalogue_is_refused(world, tiny) -> None:
    from clustermon.submissions.models import Claim

    Claim.objects.create(submission=tiny.submissions["b1"], kind="bonus", item="B9", points=2, reason="?",
                         decision="accepted")
    with pytest.raises(ActionRefused, match="B9"):
        compute_round(tiny.round, by=world.users["admin"])
    assert not ResultSet.objects.exists()


def test_labels_can_come_from_the_activity_part_alone(world, tiny) -> None:
    """D7 switched to "activity": labels pair last year's and this year's activity-part grades."""
    tiny.scheme.manifest = {**tiny.scheme.manifest, "rating_policy": {"label_basis": "activity"}}
    tiny.scheme.save()
    last_year = make_round(tiny.scheme, tiny.version, 2024, "published")
    approved = ResultSet.objects.create(round=last_year, number=1, status="approved", recipe={}, content_hash="x")
    last_activity = {"a1": "excellent", "a2": "good", "b1": "good", "a1b": "good"}
    ClusterResult.objects.bulk_create(
        ClusterResult(result_set=approved, cluster=world.clusters[code], group="provincial_amc", total=70, base=70,
                      bonus=0, deduction=0, part_scores={}, node_points={}, rank=1, group_size=4, grade="good",
                      explanation={"rating": {"activity_grade": activity}})
        for code, activity in last_activity.items())
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    # Activity scores 100, 62.5, 50, 25 → good, good, unqualified, unqualified this year.
    assert {code: r.explanation["rating"]["activity_grade"] for code, r in rows.items()} == {
        "a1": "good", "a2": "good", "b1": "unqualified", "a1b": "unqualified"}
    # Stars still pair the overall grades (good + good → 3); labels pair the activity grades.
    assert {code: (r.stars, r.label) for code, r in rows.items()} == {
        "a1": (3, "silver"), "a2": (3, "bronze"), "b1": (0, "none"), "a1b": (0, "none")}


def test_on_site_corrections_replace_the_submitted_value(world, tiny) -> None:
    import datetime as dt

    from clustermon.review.models import Correction, SiteCheck

    check = SiteCheck.objects.create(submission=tiny.submissions["b1"], date=dt.date(2026, 3, 2), inspectors="张三",
                                     findings="营业收入以税务数据为准", by=world.users["admin"])
    Correction.objects.create(site_check=check, indicator="D1.1", original_value="70", corrected_value="90",
                              reason="以税务数据为准")
    rows = results_by_code(compute_round(tiny.round, by=world.users["admin"]))
    # D1.1 90 → 54 points; development 54 + 22 = 76; base 0.7 × 76 + 0.3 × 50 = 68.20 → qualified, rank 3.
    assert rows["b1"].node_points["D1.1"] == "54.00"
    assert (rows["b1"].total, rows["b1"].rank, rows["b1"].grade) == (Decimal("68.20"), 3, "qualified")
    assert tiny.submissions["b1"].values["D1.1"] == "70"  # the submission itself is unchanged
