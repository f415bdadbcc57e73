"""The pages: what each official sees, scopes (404, never 403, outside), methods, anonymous
visitors, the failing condition on the application page, downloads and pinned query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.accounts.models import Role
from clustermon.applications import actions
from clustermon.applications.models import ApplicationAssignment, ApplicationStatus, CallStatus
from tests.applications.factories import FAILING_SALES, make_application, make_call, upload_all
from tests.conftest import PASSWORD

S = ApplicationStatus


@pytest.fixture
def call(world):
    return make_call(world)


def get(client, user, name: str, *args):  # noqa: ANN001, ANN201
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_the_call_list_and_page(client, world, call) -> None:
    page = get(client, world.users["county_a1"], "applications:index")
    assert page.status_code == 200 and call.title in page.content.decode()
    page = get(client, world.users["county_a1"], "applications:call", call.pk)
    text = page.content.decode()
    assert "申报新集群" in text and "集群年销售额 &gt; 20 亿元" in text and "专家评审" in text
    assert get(client, world.users["outsider"], "applications:call", call.pk).status_code == 404


def test_a_draft_call_is_the_province_s_own(client, world) -> None:
    draft = make_call(world, status=CallStatus.DRAFT)
    assert get(client, world.users["province"], "applications:call", draft.pk).status_code == 200
    for persona in ("city_a", "county_a1", "expert", "submitter_a1"):
        assert get(client, world.users[persona], "applications:call", draft.pk).status_code == 404


def test_the_application_page_shows_a_failing_condition_with_reason_and_figures(client, world, call) -> None:
    application = make_application(call, world, values=FAILING_SALES)
    page = get(client, world.users["county_a1"], "applications:application", application.pk)
    text = page.content.decode()
    assert 'id="failing"' in text
    assert "集群年销售额 18亿元，未高于20亿元：不符合。" in text
    assert 'data-outcome="fail"' in text and text.count('data-outcome="pass"') == 3
    assert "<strong>18</strong> 亿元" in text and "<strong>20</strong> 亿元" in text
    assert "缺少" in text  # no materials yet


def test_scopes(client, world, call, django_user_model) -> None:
    u = world.users
    draft = make_application(call, world, name="草稿集群")
    at_city = make_application(call, world, name="市审集群", status=S.AT_CITY, materials=True)
    county_a2 = django_user_model.objects.create_user(username="county_a2", password=PASSWORD,
                                                      role=Role.COUNTY_REVIEWER, province=world.province,
                                                      county=world.counties["A2"])
    city_b = django_user_model.objects.create_user(username="city_b", password=PASSWORD, role=Role.CITY_REVIEWER,
                                                   province=world.province, city=world.cities["B"])
    seen = {
        "county_a1": (200, 200), "city_a": (404, 200), "province": (404, 200), "admin": (404, 200),
        "submitter_a1": (404, 404), "expert": (404, 404), "outsider": (404, 404),
    }
    for persona, (draft_status, city_status) in seen.items():
        assert get(client, u[persona], "applications:application", draft.pk).status_code == draft_status, persona
        assert get(client, u[persona], "applications:application", at_city.pk).status_code == city_status, persona
    for other in (county_a2, city_b):
        assert get(client, other, "applications:application", at_city.pk).status_code == 404
    ApplicationAssignment.objects.create(application=at_city, expert=u["expert"])
    assert get(client, u["expert"], "applications:application", at_city.pk).status_code == 200
    material = at_city.materials.first()
    for persona in ("outsider", "submitter_a1"):
        assert get(client, u[persona], "applications:material", material.pk).status_code == 404


def test_downloads_are_scoped_attachments(client, world, call) -> None:
    application = make_application(call, world)
    upload_all(application, world.users["county_a1"])
    actions.submit_application(application, by=world.users["county_a1"])
    material = application.materials.get(item="application_form")
    response = get(client, world.users["city_a"], "applications:material", material.pk)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert get(client, world.users["outsider"], "applications:material", material.pk).status_code == 404


def test_methods_and_anonymous_visitors(client, world, call) -> None:
    application = make_application(call, world, status=S.AT_CITY, materials=True)
    client.force_login(world.users["city_a"])
    for name in ("applications:pass", "applications:return", "applications:judge"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 405
    assert client.get(reverse("applications:approve", args=[call.pk])).status_code == 405
    client.logout()
    response = client.get(reverse("applications:application", args=[application.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_county_saves_and_the_checks_follow(client, world, call) -> None:
    application = make_application(call, world, values={})
    client.force_login(world.users["county_a1"])
    url = reverse("applications:application", args=[application.pk])
    response = client.post(url, {"version": application.version, "action": "save", "form": "1",
                                 "f-sales": "20", "f-employees": "12.5"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.values == {"sales": "20", "employees": "12.5"}
    assert application.condition_results.get(condition="C1").outcome == "fail"
    text = client.get(url).content.decode()
    assert "条件要求高于，恰好相等不算" in text and "请填写整数" in text
    stale = client.post(url, {"version": 1, "action": "save", "f-sales": "30"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()


def test_expert_scoring_page(client, world) -> None:
    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    application = make_application(call, world, status=S.ACCEPTED, materials=True)
    assignment = ApplicationAssignment.objects.create(application=application, expert=world.users["expert"])
    page = get(client, world.users["expert"], "applications:assignment", assignment.pk)
    assert page.status_code == 200 and "0 to 15 points" not in page.content.decode()
    response = client.post(reverse("applications:assignment", args=[assignment.pk]),
                           {"score_C2": "99", "action": "save"})
    assert response.status_code == 400 and "超出 0 至 15" in response.content.decode()
    assert get(client, world.users["province"], "applications:assignment", assignment.pk).status_code == 200
    assert get(client, world.users["county_a1"], "applications:assignment", assignment.pk).status_code == 404


def test_query_counts_do_not_grow_with_the_applications(client, world, call, django_assert_max_num_queries) -> None:
    for i in range(6):
        make_application(call, world, name=f"集群{i}", status=S.AT_PROVINCE, materials=True)
    client.force_login(world.users["province"])
    with django_assert_max_num_queries(7):
        assert client.get(reverse("applications:call", args=[call.pk])).status_code == 200
    application = call.applications.first()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("applications:application", args=[application.pk])).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("applications:index")).status_code == 200


def test_the_province_pages_during_the_expert_review(client, world) -> None:
    from django.utils import timezone

    from clustermon.applications.models import ApplicationExpertScore

    call = make_call(world, status=CallStatus.EXPERT_REVIEW)
    application = make_application(call, world, status=S.ACCEPTED, materials=True)
    assignment = ApplicationAssignment.objects.create(application=application, expert=world.users["expert"],
                                                      submitted_at=timezone.now())
    for code, points in (("C2", "12"), ("C3.2", "12"), ("C4", "16"), ("C5.2", "12"), ("C6.2", "12"), ("C7", "16")):
        ApplicationExpertScore.objects.create(assignment=assignment, condition=code, score=points)
    actions.build_recommendations(call, by=world.users["province"])
    text = get(client, world.users["province"], "applications:application", application.pk).content.decode()
    assert "专家平均分" in text and "<strong>80.00</strong>" in text and "可量化条件全部符合" in text
    text = get(client, world.users["admin"], "applications:recommended", call.pk).content.decode()
    assert "80.00" in text and "审定推荐名单" in text
    text = get(client, world.users["province"], "applications:call", call.pk).content.decode()
    assert "为所有复审通过的申报指派同一组专家" in text
    text = get(client, world.users["expert"], "applications:index").content.decode()
    assert application.name in text and reverse("applications:assignment", args=[assignment.pk]) in text


def test_the_call_page_says_when_the_deadline_has_passed(client, world) -> None:
    import datetime as dt

    from django.utils import timezone

    call = make_call(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    text = get(client, world.users["county_a1"], "applications:call", call.pk).content.decode()
    assert f"申报截止日期（{call.deadline:%Y-%m-%d}）已过，不再受理新的申报。" in text
    assert "开始申报" not in text
