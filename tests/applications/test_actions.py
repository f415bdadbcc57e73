"""The rules of the actions: deadline, completeness, the review chain and its concurrency,
exceptions, the recommended list's boundaries, approval and recognition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clustermon.accounts.models import Role
from clustermon.applications import actions
from clustermon.applications.models import (
    ApplicationAssignment,
    ApplicationExpertScore,
    ApplicationStatus,
    CallStatus,
)
from clustermon.registry.models import Cluster, Park
from clustermon.web.errors import ActionRefused
from tests.applications.factories import (
    FAILING_SALES,
    PASSING,
    make_application,
    make_call,
    upload_all,
)
from tests.conftest import PASSWORD

S = ApplicationStatus


@pytest.fixture
def call(world):
    return make_call(world)


def test_submission_after_the_deadline_is_refused_in_chinese(world) -> None:
    call = make_call(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    application = make_application(call, world)
    upload_all(application, world.users["county_a1"])
    with pytest.raises(ActionRefused) as refused:
        actions.submit_application(application, by=world.users["county_a1"])
    due = call.deadline
    assert refused.value.message == f"申报截止日期（{due.year}年{due.month}月{due.day}日）已过，不能再提交申报。"
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.submitted_at is None


def test_the_last_day_still_counts(world) -> None:
    call = make_call(world, deadline=timezone.localdate())
    application = make_application(call, world)
    upload_all(application, world.users["county_a1"])
    actions.submit_application(application, by=world.users["county_a1"])
    assert application.status == S.AT_CITY


def test_no_new_application_after_the_deadline(world) -> None:
    call = make_call(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ActionRefused, match="不再受理新的申报"):
        actions.create_application(call, by=world.users["county_a1"], name="迟到的集群")


def test_a_returned_application_may_be_resubmitted_after_the_deadline(world) -> None:
    call = make_call(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    application = make_application(call, world, status=S.AT_CITY, materials=True)
    actions.return_application(application, by=world.users["city_a"], reason="补充规划", expected_version=1)
    application.refresh_from_db()
    actions.submit_application(application, by=world.users["county_a1"])
    assert application.status == S.AT_CITY


def test_missing_materials_and_fields_block_submission(world, call) -> None:
    application = make_application(call, world, values={"sales": "25"})
    with pytest.raises(actions.ApplicationIncomplete) as refused:
        actions.submit_application(application, by=world.users["county_a1"])
    report = refused.value.completeness
    assert report.missing_materials == ["request_letter", "development_report", "application_form",
                                        "development_plan", "supporting_documents"]
    assert set(report.fields) == {"sales_growth", "region_sales_growth", "core_enterprise", "core_enterprise_sales",
                                  "enterprises", "above_size_enterprises", "employees", "energy_intensity",
                                  "local_energy_intensity"}
    assert "national_speciality" not in report.fields  # a yes/no field is never "missing"


def test_a_failing_condition_does_not_block_submission(world, call) -> None:
    application = make_application(call, world, values=FAILING_SALES)
    upload_all(application, world.users["county_a1"])
    actions.submit_application(application, by=world.users["county_a1"])
    assert application.status == S.AT_CITY
    assert application.condition_results.get(condition="C1").outcome == "fail"


def test_the_form_must_be_an_excel_file(world, call) -> None:
    from tests.applications.factories import PDF, upload

    application = make_application(call, world)
    with pytest.raises(ActionRefused, match="Excel"):
        actions.add_material(application, "application_form", upload("申报表.pdf", PDF), by=world.users["county_a1"])


def test_only_the_applicant_edits(world, call) -> None:
    application = make_application(call, world)
    for persona in ("city_a", "province", "admin"):
        with pytest.raises(ActionRefused):
            actions.save_application(application, by=world.users[persona], values={"sales": "99"})
    application.refresh_from_db()
    assert application.values["sales"] == "25"


def test_saving_reevaluates_and_resets_a_judgement_made_on_other_figures(world, call) -> None:
    application = make_application(call, world, county=None, values={**PASSING, "sales": "15",
                                                                      "national_speciality": "1"},
                                   status=S.AT_PROVINCE)
    actions.judge_condition(application, "C1", True, by=world.users["province"], reason="全国影响大")
    result = application.condition_results.get(condition="C1")
    assert result.satisfied and result.judgement == "accepted"
    actions.return_application(application, by=world.users["province"], reason="核实销售额",
                               expected_version=application.version + 1)
    application.refresh_from_db()
    actions.save_application(application, by=world.users["city_a"], values={"sales": "16"})
    result.refresh_from_db()
    assert result.outcome == "needs_judgement" and result.judgement == "" and not result.satisfied


def test_two_reviewers_at_once_one_wins(world, call) -> None:
    application = make_application(call, world, status=S.AT_CITY, materials=True)
    actions.pass_application(application, by=world.users["city_a"], expected_version=1)
    with pytest.raises(actions.ChangedMeanwhile):
        actions.return_application(application, by=world.users["city_a"], reason="晚了一步", expected_version=1)
    application.refresh_from_db()
    assert application.status == S.AT_PROVINCE and application.reviews.count() == 1


def test_the_review_chain(world, call) -> None:
    county = make_application(call, world, status=S.AT_CITY, materials=True)
    with pytest.raises(ActionRefused, match="等待市级审核"):
        actions.pass_application(county, by=world.users["province"], expected_version=1)
    with pytest.raises(ActionRefused, match="理由"):
        actions.return_application(county, by=world.users["city_a"], reason=" ", expected_version=1)
    actions.pass_application(county, by=world.users["city_a"], expected_version=1)
    county.refresh_from_db()
    actions.return_application(county, by=world.users["province"], reason="发展规划不完整", expected_version=2)
    county.refresh_from_db()
    assert county.status == S.RETURNED
    actions.submit_application(county, by=world.users["county_a1"])
    assert county.status == S.AT_PROVINCE  # back to the level that returned it


def test_a_city_application_goes_straight_to_the_province(world, call) -> None:
    application = make_application(call, world, county=None, materials=True)
    actions.submit_application(application, by=world.users["city_a"])
    assert application.status == S.AT_PROVINCE


def test_the_call_waits_for_pending_reviews_before_the_expert_review(world, call) -> None:
    make_application(call, world, status=S.AT_CITY, materials=True)
    actions.move_call(call, CallStatus.REVIEW, by=world.users["admin"])
    with pytest.raises(ActionRefused, match="等待市级或省级审核"):
        actions.move_call(call, CallStatus.EXPERT_REVIEW, by=world.users["admin"])
    with pytest.raises(ActionRefused):
        actions.move_call(call, CallStatus.EXPERT_REVIEW, by=world.users["province"])


# ------------------------------------------------------------------- the recommended list


POINTS = ["C2", "C3.2", "C4", "C5.2", "C6.2", "C7"]  # 15, 15, 20, 15, 15, 20


def share(s: str) -> list[Decimal]:
    """Every condition at the same share: the expert's total is 100 × s."""
    return [Decimal(p) * Decimal(s) for p in (15, 15, 20, 15, 15, 20)]


def _scored(world, call, cards: list[list[Decimal]], values=None):  # noqa: ANN001, ANN202
    """An accepted application, with one submitted expert per score card (C2 … C7)."""
    application = make_application(call, world, name=f"集群{call.applications.count()}", status=S.ACCEPTED,
                                    materials=True, values=values)
    for i, card in enumerate(cards):
        expert = world.users["expert"] if i == 0 else type(world.users["expert"]).objects.create_user(
            username=f"e{application.pk}-{i}", password=PASSWORD, role=Role.EXPERT, province=world.province)
        assignment = ApplicationAssignment.objects.create(application=application, expert=expert,
                                                          submitted_at=timezone.now())
        for code, points in zip(POINTS, card, strict=True):
            ApplicationExpertScore.objects.create(assignment=assignment, condition=code, score=str(points))
    return application


def test_exactly_the_pass_mark_is_recommended_and_just_below_is_not(world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    at_mark = _scored(world, call, [share("0.5"), share("0.7")])  # 50 and 70: mean 60.00
    below = _scored(world, call, [[9, 9, 12, 9, 9, Decimal("11.98")], share("0.6")])  # 59.98 and 60: 59.99
    failing = _scored(world, call, [share("0.9")], values=FAILING_SALES)
    decisions = {d.application_id: d for d in actions.build_recommendations(call, by=world.users["province"])}
    assert (decisions[at_mark.pk].expert_mean, decisions[at_mark.pk].recommended) == (Decimal("60.00"), True)
    assert (decisions[below.pk].expert_mean, decisions[below.pk].recommended) == (Decimal("59.99"), False)
    assert decisions[failing.pk].recommended is False and "C1" in decisions[failing.pk].reason


def test_an_undecided_exception_blocks_the_list(world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    _scored(world, call, [share("0.8")], values={**PASSING, "sales": "10", "national_speciality": "1"})
    with pytest.raises(ActionRefused, match="例外情形"):
        actions.build_recommendations(call, by=world.users["province"])


def test_a_hand_change_survives_a_rebuild_and_approval_follows_the_list(world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    good = _scored(world, call, [share("0.8")])
    weak = _scored(world, call, [share("0.4")])
    with pytest.raises(ActionRefused, match="请先形成推荐名单"):
        actions.approve(call, by=world.users["admin"])
    actions.build_recommendations(call, by=world.users["province"])
    with pytest.raises(ActionRefused, match="理由"):
        actions.set_recommendation(good, False, by=world.users["province"], reason="")
    actions.set_recommendation(good, False, by=world.users["province"], reason="产业已纳入其他集群")
    actions.build_recommendations(call, by=world.users["province"])
    good.decision.refresh_from_db()
    assert good.decision.recommended is False and good.decision.overridden
    with pytest.raises(ActionRefused):
        actions.approve(call, by=world.users["province"])  # the administrator approves
    actions.approve(call, by=world.users["admin"])
    good.decision.refresh_from_db()
    weak.refresh_from_db()
    assert good.decision.approved is False and weak.decision.approved is False
    assert call.status == CallStatus.DECIDED


def test_recognise_matches_an_existing_park_and_needs_the_announcement(world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    application = _scored(world, call, [share("0.8")])
    park = Park.objects.create(county=world.counties["A1"], name=application.core_park_name)
    actions.build_recommendations(call, by=world.users["province"])
    actions.approve(call, by=world.users["admin"])
    with pytest.raises(ActionRefused, match="公示后"):
        actions.recognise(call, by=world.users["admin"])
    actions.announce(call, by=world.users["admin"])
    [cluster] = actions.recognise(call, by=world.users["admin"])
    assert cluster.core_park == park and Park.objects.filter(name=park.name).count() == 1
    assert cluster.code == f"growth-2019-{application.pk}" and cluster.province == world.province
    assert actions.recognise(call, by=world.users["admin"]) == []
    assert Cluster.objects.filter(name=application.name).count() == 1


def test_scores_stay_on_the_scale(world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    application = make_application(call, world, status=S.ACCEPTED, materials=True)
    [assignment] = actions.assign_experts(application, [world.users["expert"]], by=world.users["province"])
    with pytest.raises(ActionRefused, match="超出 0 至 15"):
        actions.save_scores(assignment, {"C2": ("16", "")}, by=world.users["expert"])
    actions.save_scores(assignment, {"C2": ("15", "很好")}, by=world.users["expert"])
    with pytest.raises(ActionRefused, match="请为每项条件评分"):
        actions.submit_scores(assignment, by=world.users["expert"])
    with pytest.raises(ActionRefused):
        actions.assign_experts(application, [world.users["county_a1"]], by=world.users["province"])
