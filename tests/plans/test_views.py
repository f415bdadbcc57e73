"""The plan pages: the entry page, one cluster's plan (requirement, focus, diagnosis, versions,
history), the upload and review forms, the document download and the province's forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clustermon.experts.models import Diagnosis
from clustermon.plans import actions
from clustermon.plans.models import Plan, PlanRequirement
from tests.plans.conftest import PDF, upload


def detail_url(pw, code: str = "a1") -> str:  # noqa: ANN001
    return reverse("plans:detail", kwargs={"pk": pw.requirements[code].pk})


def text_of(response) -> str:  # noqa: ANN001
    return response.content.decode()


# --- the entry page ---------------------------------------------------------------------------------

def test_the_submitter_sees_their_clusters_plan(pw, client, django_assert_max_num_queries) -> None:
    client.force_login(pw.users["submitter_a1"])
    with django_assert_max_num_queries(6):
        page = text_of(client.get(reverse("plans:index")))
    assert "整改方案" in page and detail_url(pw) in page
    assert detail_url(pw, "a1b") not in page


def test_officials_see_the_rounds_with_their_counts(pw, client, django_assert_max_num_queries) -> None:
    client.force_login(pw.users["city_a"])
    with django_assert_max_num_queries(7):
        page = text_of(client.get(reverse("plans:index")))
    assert reverse("plans:round", kwargs={"round_id": pw.round.pk}) in page
    assert '<td class="num">3</td>' in page  # a1, a1b, a2 in city A


def test_experts_have_no_plan_pages(pw, client) -> None:
    client.force_login(pw.users["expert"])
    assert client.get(reverse("plans:index")).status_code == 404
    assert client.get(detail_url(pw)).status_code == 404


def test_anonymous_is_sent_to_log_in(pw, client) -> None:
    for url in (reverse("plans:index"), detail_url(pw)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- one plan ---------------------------------------------------------------------------------------------

def test_the_submitter_reads_what_the_grade_requires(pw, client, django_assert_max_num_queries) -> None:
    client.force_login(pw.users["submitter_a1"])
    with django_assert_max_num_queries(14):
        page = text_of(client.get(detail_url(pw)))
    requirement = page.split('id="requirement"')[1].split("</section>")[0]
    assert "已发布的监测等次：<strong>不合格</strong>。 对照监测指标结论制定整改方案进行整改。" in requirement
    assert "监测结果为不合格等次的产业集群和产业集群培育对象，要对照监测指标结论制定整改方案进行整改。" in page
    assert pw.due.isoformat() in page
    assert 'action="/plans/' in page and 'enctype="multipart/form-data"' in page
    # The focus table, weakest first, with the three suggestions ticked.
    rows = [page.index(f'id="share-{code}"') for code in ("D2.2", "D1.2", "D1.1", "D2.1")]
    assert rows == sorted(rows)
    for code, ticked in (("D2.2", True), ("D1.2", True), ("D1.1", True), ("D2.1", False)):
        row = page.split(f'id="share-{code}"')[1].split("</tr>")[0]
        assert (" checked" in row) is ticked, code
    assert "20.0%" in page and "55.0%" in page  # D2.2: 3/15 beside the group's 8.25/15


def test_an_improvement_plan_asks_for_timetable_and_roadmap(pw, client, submitter_a1b) -> None:
    client.force_login(submitter_a1b)
    page = text_of(client.get(detail_url(pw, "a1b")))
    assert "编制提升方案，明确时间表、路线图" in page
    assert page.count("（必填）") == 2 or page.count("(必填)") == 2


@pytest.mark.parametrize(("who", "status"), [
    ("admin", 200), ("province", 200), ("city_a", 200), ("county_a1", 200), ("submitter_a1", 200),
    ("expert", 404), ("outsider", 404)])
def test_who_sees_a1s_plan(pw, client, who: str, status: int) -> None:
    client.force_login(pw.users[who])
    assert client.get(detail_url(pw)).status_code == status


def test_another_city_and_another_cluster_get_404(pw, client, city_b, submitter_a1b) -> None:
    for user in (city_b, submitter_a1b):
        client.force_login(user)
        assert client.get(detail_url(pw)).status_code == 404


def test_the_diagnosis_shows_to_the_submitter_and_the_province(pw, client, django_assert_max_num_queries) -> None:
    from clustermon.experts import actions as experts

    expert = pw.users["expert"]
    expert.first_name = "王诊断"
    expert.save()
    diagnosis = experts.assign_diagnosis(pw.round, pw.world.clusters["a1"], expert, by=pw.users["admin"])
    client.force_login(pw.users["submitter_a1"])
    assert 'id="diagnoses"' not in text_of(client.get(detail_url(pw)))  # not filed yet
    experts.file_diagnosis(diagnosis, "主导产业链条短，建议引进配套企业。", by=expert)

    with django_assert_max_num_queries(14):
        page = text_of(client.get(detail_url(pw)))
    assert "主导产业链条短，建议引进配套企业。" in page
    assert "王诊断" not in page  # the submitter reads the note, not who wrote it
    client.force_login(pw.users["admin"])
    page = text_of(client.get(detail_url(pw)))
    assert "主导产业链条短，建议引进配套企业。" in page and "王诊断" in page
    # Another cluster's plan does not show it.
    assert "主导产业链条短" not in text_of(client.get(detail_url(pw, "a2")))
    assert Diagnosis.objects.count() == 1


def test_versions_decisions_and_history(pw, client, django_assert_max_num_queries) -> None:
    users = pw.users
    v1 = actions.submit_plan(pw.req("a1"), by=users["submitter_a1"], upload=upload(), focus=["D2.2"],
                             timetable="2027-06-30 完成整改")
    actions.review_plan(v1, "return", "缺少责任分工", by=users["city_a"])
    v2 = actions.submit_plan(pw.req("a1"), by=users["submitter_a1"], note="已补充")
    actions.review_plan(v2, "pass", by=users["city_a"])
    client.force_login(users["province"])
    with django_assert_max_num_queries(15):
        page = text_of(client.get(detail_url(pw)))
    assert 'id="version-1"' in page and 'id="version-2"' in page
    assert "缺少责任分工" in page
    assert reverse("plans:document", kwargs={"pk": v1.pk}) in page
    assert '<time datetime="2027-06-30">2027-06-30</time> 完成整改' in page
    assert 'id="review"' in page  # the province may decide now
    assert page.count('class="timeline"') == 1
    for sentence in ("要求编制整改方案", "提交了第 1 版", "退回了第 1 版", "提交了第 2 版", "将第 2 版转报省级"):
        assert sentence in page, sentence


def test_the_query_count_does_not_grow_with_versions(pw, client, django_assert_max_num_queries) -> None:
    client.force_login(pw.users["province"])
    with django_assert_max_num_queries(20) as one:
        client.get(detail_url(pw))
    for _ in range(4):
        plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
        actions.review_plan(plan, "return", "再改", by=pw.users["city_a"])
    with django_assert_max_num_queries(len(one.captured_queries) + 1):  # + the decisions' prefetch
        client.get(detail_url(pw))


# --- the upload form ----------------------------------------------------------------------------------------

def post_plan(client, pw, action: str, **data):  # noqa: ANN001, ANN003, ANN201
    fields = {"action": action, "timetable": "", "roadmap": "", "note": "", "focus": ["D2.2", "D1.1"]}
    fields.update(data)
    return client.post(reverse("plans:submit", kwargs={"pk": pw.requirements["a1"].pk}), fields)


def test_save_then_hand_in_through_the_page(pw, client, media) -> None:
    client.force_login(pw.users["submitter_a1"])
    response = post_plan(client, pw, "save", note="初稿")
    assert response.status_code == 302
    assert list(Plan.objects.values_list("status", "focus", "note")) == [("draft", ["D2.2", "D1.1"], "初稿")]
    response = post_plan(client, pw, "submit", document=upload(), note="初稿")
    assert response.status_code == 302
    assert list(Plan.objects.values_list("status", "name")) == [("at_city", "整改方案.pdf")]
    page = text_of(client.get(detail_url(pw)))
    assert "市级审核中" in page and 'id="upload"' not in page


def test_a_refused_hand_in_keeps_the_draft_and_says_why(pw, client) -> None:
    client.force_login(pw.users["submitter_a1"])
    response = post_plan(client, pw, "submit", note="没有文件")
    assert response.status_code == 302
    assert list(Plan.objects.values_list("status", "note")) == [("draft", "没有文件")]
    page = text_of(client.get(detail_url(pw)))
    assert "请上传方案文件" in page


def test_a_refused_file_keeps_what_was_typed(pw, client, media) -> None:
    client.force_login(pw.users["submitter_a1"])
    response = post_plan(client, pw, "save", document=upload(b"MZ" + b"\x00" * 64, "方案.pdf"), roadmap="分三步走")
    assert response.status_code == 400
    page = text_of(response)
    assert "分三步走" in page and "程序" in page
    assert not Plan.objects.exists() and not list(media.rglob("*.pdf"))


@pytest.mark.parametrize("who", ["admin", "city_a", "county_a1"])
def test_only_the_submitter_posts_a_plan(pw, client, who: str) -> None:
    client.force_login(pw.users[who])
    assert post_plan(client, pw, "save", note="x").status_code == 403
    assert not Plan.objects.exists()


def test_the_actions_are_post_only(pw, client) -> None:
    client.force_login(pw.users["submitter_a1"])
    plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
    for url in (reverse("plans:submit", kwargs={"pk": pw.requirements["a1"].pk}),
                reverse("plans:review", kwargs={"pk": plan.pk}),
                reverse("plans:require", kwargs={"round_id": pw.round.pk}),
                reverse("plans:due", kwargs={"round_id": pw.round.pk})):
        assert client.get(url).status_code == 405, url
    assert client.post(detail_url(pw)).status_code == 405
    assert client.post(reverse("plans:document", kwargs={"pk": plan.pk})).status_code == 405


# --- review through the page ------------------------------------------------------------------------------------

def test_the_city_passes_and_the_province_returns_with_a_reason(pw, client) -> None:
    plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
    url = reverse("plans:review", kwargs={"pk": plan.pk})
    client.force_login(pw.users["city_a"])
    assert client.post(url, {"decision": "pass", "reason": "", "status": "at_city"}).status_code == 302
    assert Plan.objects.get().status == "at_province"
    client.force_login(pw.users["province"])
    client.post(url, {"decision": "return", "reason": "", "status": "at_province"})
    assert Plan.objects.get().status == "at_province"
    assert "退回必须说明理由" in text_of(client.get(detail_url(pw)))
    client.post(url, {"decision": "return", "reason": "请补充时间表", "status": "at_province"})
    assert Plan.objects.get().status == "returned"
    client.force_login(pw.users["submitter_a1"])
    page = text_of(client.get(detail_url(pw)))
    assert "请补充时间表" in page and 'id="upload"' in page


def test_a_reviewer_out_of_scope_gets_404(pw, client, city_b) -> None:
    plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
    client.force_login(city_b)
    assert client.post(reverse("plans:review", kwargs={"pk": plan.pk}), {"decision": "pass"}).status_code == 404
    assert Plan.objects.get().status == "at_city"


# --- the document -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin", "city_a", "county_a1", "submitter_a1"])
def test_the_document_downloads_as_an_attachment(pw, client, who: str) -> None:
    plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
    client.force_login(pw.users[who])
    response = client.get(reverse("plans:document", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_document_is_404_out_of_scope(pw, client, city_b, submitter_a1b) -> None:
    plan = actions.submit_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), focus=["D2.2"])
    url = reverse("plans:document", kwargs={"pk": plan.pk})
    for user in (city_b, submitter_a1b, pw.users["expert"], pw.users["outsider"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_a_draft_without_a_document_has_nothing_to_download(pw, client) -> None:
    plan = actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], note="x")
    client.force_login(pw.users["submitter_a1"])
    assert client.get(reverse("plans:document", kwargs={"pk": plan.pk})).status_code == 404


# --- the province's forms ----------------------------------------------------------------------------------------

def test_the_administrator_requires_and_moves_the_due_date(world, client) -> None:
    from tests.plans.conftest import make_published_round

    round_, _rs, _v = make_published_round(world)
    due = timezone.localdate() + dt.timedelta(days=20)
    client.force_login(world.users["admin"])
    url = reverse("plans:require", kwargs={"round_id": round_.pk})
    assert client.post(url, {"due": due.isoformat()}).status_code == 302
    assert PlanRequirement.objects.filter(round=round_, due=due).count() == 4
    later = due + dt.timedelta(days=5)
    response = client.post(reverse("plans:due", kwargs={"round_id": round_.pk}),
                           {"due": later.isoformat(), "cluster": world.clusters["a2"].pk, "reason": "申请顺延"})
    assert response.status_code == 302
    assert dict(PlanRequirement.objects.values_list("cluster__code", "due"))["a2"] == later
    client.post(reverse("plans:due", kwargs={"round_id": round_.pk}), {"due": later.isoformat(), "reason": ""})
    assert PlanRequirement.objects.filter(due=later).count() == 1  # a reason is required


def test_a_province_reviewer_cannot_require_plans(pw, client) -> None:
    client.force_login(pw.users["province"])
    response = client.post(reverse("plans:require", kwargs={"round_id": pw.round.pk}),
                           {"due": pw.due.isoformat()})
    assert response.status_code == 403


# --- the cluster page -------------------------------------------------------------------------------------------

def test_the_cluster_page_links_its_plans(pw, client) -> None:
    client.force_login(pw.users["submitter_a1"])
    page = text_of(client.get(reverse("registry:cluster", kwargs={"pk": pw.world.clusters["a1"].pk})))
    assert detail_url(pw) in page
    client.force_login(pw.users["city_a"])
    page = text_of(client.get(reverse("registry:cluster", kwargs={"pk": pw.world.clusters["a2"].pk})))
    assert detail_url(pw, "a2") in page and detail_url(pw) not in page


def test_reviewers_do_not_see_a_draft(pw, client) -> None:
    plan = actions.save_plan(pw.req("a1"), by=pw.users["submitter_a1"], upload=upload(), roadmap="草稿内容")
    for who in ("admin", "city_a"):
        client.force_login(pw.users[who])
        page = text_of(client.get(detail_url(pw)))
        assert "草稿内容" not in page and 'id="version-1"' not in page
        assert client.get(reverse("plans:document", kwargs={"pk": plan.pk})).status_code == 404
    client.force_login(pw.users["submitter_a1"])
    assert 'id="version-1"' in text_of(client.get(detail_url(pw)))
    assert client.get(reverse("plans:document", kwargs={"pk": plan.pk})).status_code == 200
