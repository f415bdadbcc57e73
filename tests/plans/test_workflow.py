"""The submitter's drafts and hand-ins, and the city's and the province's decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from clustermon.audit.models import AuditEvent
from clustermon.plans import actions
from clustermon.plans.models import Plan, PlanDecision
from clustermon.submissions.models import EvidencePolicy
from clustermon.web.errors import ActionRefused
from tests.plans.conftest import PDF, docx, upload

TIMETABLE = "2027-06-30 完成龙头企业技改\n2027-12 建成公共检测平台\n"


@pytest.fixture(autouse=True)
def english():  # noqa: ANN201
    with translation.override("en"):
        yield


def stored(media) -> list:  # noqa: ANN001
    return sorted(p for p in media.rglob("*") if p.is_file())


def statuses(pw) -> tuple[str, list[tuple[int, str]]]:  # noqa: ANN001
    req = pw.req("a1")
    return req.status, list(Plan.objects.filter(requirement=req).order_by("version").values_list("version", "status"))


# --- drafts and hand-in ---------------------------------------------------------------------------

def test_the_first_draft_gets_the_suggested_focus(pw, media) -> None:
    plan = actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], note="初稿")
    assert (plan.version, plan.status, plan.focus, plan.note, plan.path) == (1, "draft", ["D2.2", "D1.2", "D1.1"],
                                                                            "初稿", "")
    assert statuses(pw) == ("draft", [(1, "draft")])
    assert stored(media) == []
    # Saving again writes into the same draft.
    actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], focus=["D1.1"])
    assert list(Plan.objects.values_list("version", "focus", "note")) == [(1, ["D1.1"], "初稿")]


def test_a_rectification_plan_is_handed_in_to_the_city(pw, media) -> None:
    req = pw.req("a1")
    plan = actions.submit_plan(req, by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2", "D1.2"])
    assert (plan.version, plan.status, plan.name, plan.size, plan.content_type) == (
        1, "at_city", "整改方案.pdf", len(PDF), "application/pdf")
    assert plan.path.startswith(f"evidence/plans/{pw.round.pk}/{req.pk}/")
    [file] = stored(media)
    assert file.read_bytes() == PDF and file.name.endswith("_整改方案.pdf")
    req = pw.req("a1")
    assert (req.status, req.first_submitted_on) == ("at_city", timezone.localdate())
    event = AuditEvent.objects.get(action="plans.submitted")
    assert (event.cluster_id, event.round_id, event.after["version"], event.after["focus"], event.after["days_late"]) == (
        pw.world.clusters["a1"].pk, pw.round.pk, 1, ["D2.2", "D1.2"], 0)


def test_what_each_kind_needs_before_it_is_handed_in(pw, submitter_a1b, media) -> None:
    a1 = pw.req("a1")
    with pytest.raises(ActionRefused) as caught:
        actions.submit_plan(a1, by=pw.users["submitter_a1"], focus=[])
    assert caught.value.message == "Upload the plan document. Choose the indicators the plan addresses."
    assert statuses(pw) == ("not_started", [])  # refused: nothing kept, not even the draft

    a1b = pw.req("a1b")  # excellent: an improvement plan with timetable and roadmap
    with pytest.raises(ActionRefused) as caught:
        actions.submit_plan(a1b, by=submitter_a1b, upload=upload(name="提升方案.pdf"), timetable="明年完成")
    assert caught.value.message == ("Line 1 does not start with a date (e.g. 2026-09-30): 明年完成 "
                                    "An improvement plan states its roadmap.")
    assert stored(media) == []  # the file written for the refused hand-in is removed again
    with pytest.raises(ActionRefused, match="states its timetable"):
        actions.submit_plan(a1b, by=submitter_a1b, upload=upload(name="提升方案.pdf"), roadmap="对标一流")
    plan = actions.submit_plan(a1b, by=submitter_a1b, upload=upload(docx(), "提升方案.docx"), timetable=TIMETABLE,
                               roadmap="对标国际一流：技术、品牌、链主三条路径")
    assert (plan.status, plan.name, plan.focus) == ("at_city", "提升方案.docx", [])  # nothing to suggest: full points
    assert AuditEvent.objects.get(action="plans.submitted", cluster_id=a1b.cluster_id).after["milestones"] == 2


def test_a_draft_keeps_its_document_when_the_hand_in_is_refused(pw, media) -> None:
    req = pw.req("a1")
    actions.save_plan(req, by=pw.users["submitter_a1"], upload=upload(), focus=[])
    with pytest.raises(ActionRefused, match="Choose the indicators"):
        actions.submit_plan(req, by=pw.users["submitter_a1"])
    assert statuses(pw) == ("draft", [(1, "draft")])
    assert len(stored(media)) == 1
    actions.submit_plan(req, by=pw.users["submitter_a1"], focus=["D1.1"])
    assert statuses(pw) == ("at_city", [(1, "at_city")])


def test_unknown_focus_codes_are_refused(pw) -> None:
    with pytest.raises(ActionRefused, match="Unknown indicator code"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], focus=["D1", "X9"])
    assert statuses(pw) == ("not_started", [])


@pytest.mark.parametrize("who", ["admin", "province", "city_a", "county_a1", "expert"])
def test_only_the_clusters_submitter_writes_the_plan(pw, who: str) -> None:
    with pytest.raises(ActionRefused, match="own submitters"):
        actions.submit_plan(pw.req("a1"), by=pw.users[who], upload=upload(), focus=["D1.1"])
    assert statuses(pw) == ("not_started", [])


def test_another_clusters_submitter_cannot_write_it(pw, submitter_a1b) -> None:
    with pytest.raises(ActionRefused, match="own submitters"):
        actions.save_plan(pw.req("a1"), by=submitter_a1b, note="x")


def test_a_late_hand_in_is_taken_and_counted(pw) -> None:
    from clustermon.plans.models import PlanRequirement

    PlanRequirement.objects.filter(pk=pw.requirements["a1"].pk).update(
        due=timezone.localdate() - dt.timedelta(days=4))
    actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D1.1"])
    assert AuditEvent.objects.get(action="plans.submitted").after["days_late"] == 4


# --- files ------------------------------------------------------------------------------------------

def test_a_program_named_pdf_is_refused(pw, media) -> None:
    with pytest.raises(ActionRefused, match="is a program, not one of the accepted types"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(b"MZ\x90\x00" * 100, "方案.pdf"))
    assert stored(media) == [] and statuses(pw) == ("not_started", [])


def test_an_image_is_evidence_but_not_a_plan(pw, media) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ActionRefused, match="is a PNG image; accepted types: PDF document、Word document"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(png, "scan.png"))
    assert stored(media) == []


def test_the_size_limit_of_the_rounds_evidence_policy_applies(pw, media) -> None:
    EvidencePolicy.objects.create(province=pw.world.province, round=pw.round, max_size_mb=1,
                                  allowed_types=["pdf", "png"])
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ActionRefused, match="at most 1 MB is accepted"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(big))
    with pytest.raises(ActionRefused, match="accepted types: PDF document.$"):  # docx not allowed by the policy
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(docx(), "方案.docx"))
    assert stored(media) == []


def test_names_are_sanitised_and_a_path_is_refused(pw, media) -> None:
    plan = actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(name='整改<方案>:2027?.PDF'))
    assert plan.name == "整改_方案__2027_.pdf"
    with pytest.raises(ActionRefused, match="contains a path"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), upload_name="../../etc/x.pdf")
    assert [p.parent.name for p in stored(media)] == [str(pw.requirements["a1"].pk)]


def test_a_replaced_draft_document_is_deleted(pw, media, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload())
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(docx(), "整改方案.docx"))
    assert [p.name.split("_", 1)[1] for p in stored(media)] == ["整改方案.docx"]


# --- review -----------------------------------------------------------------------------------------

def hand_in(pw, **fields):  # noqa: ANN001, ANN003, ANN201
    fields.setdefault("focus", ["D2.2"])
    return actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), **fields)


def test_submit_return_resubmit_and_accept(pw, media) -> None:
    users = pw.users
    v1 = hand_in(pw)
    first_day = pw.req("a1").first_submitted_on

    with pytest.raises(ActionRefused, match="A return needs a reason"):
        actions.review_plan(v1, "return", "  ", by=users["city_a"])
    actions.review_plan(v1, "return", "整改措施缺少责任单位", by=users["city_a"])
    assert statuses(pw) == ("returned", [(1, "returned")])

    # The revision is a new version, with the document and texts of the returned one.
    v2 = actions.save_plan(pw.req("a1"), by=users["submitter_a1"], note="已补充责任单位")
    assert (v2.version, v2.status, v2.path, v2.focus) == (2, "draft", v1.path, ["D2.2"])
    actions.submit_plan(pw.req("a1"), by=users["submitter_a1"])
    assert statuses(pw) == ("at_city", [(1, "returned"), (2, "at_city")])

    actions.review_plan(v2, "pass", by=users["city_a"])
    assert statuses(pw) == ("at_province", [(1, "returned"), (2, "at_province")])
    actions.review_plan(v2, "return", "时间节点不明确", by=users["province"])
    assert statuses(pw) == ("returned", [(1, "returned"), (2, "returned")])

    v3 = actions.submit_plan(pw.req("a1"), by=users["submitter_a1"], upload=upload(docx(), "整改方案v3.docx"))
    assert statuses(pw) == ("at_city", [(1, "returned"), (2, "returned"), (3, "at_city")])  # the city again
    actions.review_plan(v3, "pass", "同意", by=users["city_a"])
    actions.review_plan(v3, "pass", by=users["admin"])
    assert statuses(pw) == ("accepted", [(1, "returned"), (2, "returned"), (3, "accepted")])

    decisions = list(PlanDecision.objects.order_by("id").values_list("plan__version", "level", "decision", "reason",
                                                                     "by__username"))
    assert decisions == [
        (1, "city", "return", "整改措施缺少责任单位", "city_a"),
        (2, "city", "pass", "", "city_a"),
        (2, "province", "return", "时间节点不明确", "province"),
        (3, "city", "pass", "同意", "city_a"),
        (3, "province", "pass", "", "admin"),
    ]
    assert pw.req("a1").first_submitted_on == first_day  # lateness counts from the first hand-in
    assert list(AuditEvent.objects.filter(action__startswith="plans.").exclude(action="plans.required")
                .order_by("id").values_list("action", flat=True)) == [
        "plans.submitted", "plans.returned", "plans.saved", "plans.submitted", "plans.passed", "plans.returned",
        "plans.submitted", "plans.passed", "plans.accepted"]
    assert AuditEvent.objects.filter(action="plans.returned").order_by("id").first().reason == "整改措施缺少责任单位"


def test_each_level_reviews_only_when_the_plan_is_there(pw, city_b) -> None:
    plan = hand_in(pw)
    for who in ("admin", "province"):
        with pytest.raises(ActionRefused, match="waiting for review at the city level"):
            actions.review_plan(plan, "pass", by=pw.users[who])
    for user in (pw.users["county_a1"], pw.users["submitter_a1"]):
        with pytest.raises(ActionRefused, match="waiting for review at the city level"):
            actions.review_plan(plan, "pass", by=user)
    for user in (city_b, pw.users["expert"], pw.users["outsider"]):
        with pytest.raises(ActionRefused, match="not in your scope"):
            actions.review_plan(plan, "pass", by=user)
    assert statuses(pw) == ("at_city", [(1, "at_city")])
    actions.review_plan(plan, "pass", by=pw.users["city_a"])
    with pytest.raises(ActionRefused, match="waiting for review at the province level"):
        actions.review_plan(plan, "pass", by=pw.users["city_a"])
    with pytest.raises(ActionRefused, match="Choose to pass or to return"):
        actions.review_plan(plan, "maybe", by=pw.users["province"])
    actions.review_plan(plan, "pass", by=pw.users["province"])
    with pytest.raises(ActionRefused, match="not waiting for review"):
        actions.review_plan(plan, "return", "x", by=pw.users["province"])
    with pytest.raises(ActionRefused, match="with the reviewers"):
        actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], note="x")


def test_a_decision_on_a_plan_that_moved_meanwhile_is_refused(pw) -> None:
    plan = hand_in(pw)
    seen = plan.status
    actions.review_plan(plan, "pass", by=pw.users["city_a"])
    with pytest.raises(ActionRefused, match="changed by someone else"):
        actions.review_plan(plan, "return", "x", by=pw.users["province"], expected_status=seen)
    assert statuses(pw) == ("at_province", [(1, "at_province")])


def test_the_submitter_cannot_change_a_plan_under_review(pw) -> None:
    hand_in(pw)
    with pytest.raises(ActionRefused, match="with the reviewers"):
        actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload())
    assert statuses(pw) == ("at_city", [(1, "at_city")])
