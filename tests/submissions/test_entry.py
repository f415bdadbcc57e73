"""The data-entry page: generated from the pinned framework, drafts, submission, locking, scope."""

import re

import pytest
from django.urls import reverse

from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.conftest import PASSWORD
from tests.submissions.conftest import COMPLETE, LAST_YEAR, LEAVES, NARRATIVE, UNITS, login


def url(sub: Submission) -> str:
    return reverse("submissions:entry", args=[sub.pk])


def form(sub: Submission, action: str = "save", **values: str) -> dict:
    data = {"version": sub.version, "action": action}
    data.update({f"v-{code}": v for code, v in values.items()})
    return data


def messages_of(html: str, code: str) -> str:
    """The inline message block next to one field."""
    match = re.search(rf'<div id="m-{re.escape(code)}" class="messages-inline">(.*?)</div>', html, re.S)
    assert match, f"no message block for {code}"
    return match.group(1)


def fill(sub: Submission, values: dict, narratives: dict | None = None) -> None:
    Submission.objects.filter(pk=sub.pk).update(values=values, narratives=narratives or {})
    sub.refresh_from_db()


def test_it_renders_every_leaf_with_unit_and_last_years_value(client, ew, django_assert_max_num_queries) -> None:
    login(client, ew.users["submitter_a1"])
    with django_assert_max_num_queries(10):
        response = client.get(url(ew.sub))
    html = response.content.decode()
    assert response.status_code == 200
    for code in LEAVES:
        assert f'name="v-{code}"' in html
    for code, unit in UNITS.items():
        assert re.search(rf'id="row-{re.escape(code)}".*?<td class="unit">{re.escape(unit)}</td>', html, re.S)
    assert '<textarea name="v-P1.1"' in html  # qualitative → narrative
    assert '<select name="v-S2.2"' in html  # yes/no
    assert "集群内企业营业收入合计" in html  # definition
    row = re.search(r'id="row-S1.1".*?</tr>', html, re.S).group(0)
    assert '<td class="num">100</td>' in row  # last year's value
    assert "草稿" in html and "本集群的填报人" not in html  # status; not refused
    assert "a1产业集群" in html  # who holds it


def test_a_draft_saves_partial_values(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    response = client.post(url(ew.sub), form(ew.sub, **{"S1.1": "１２０", "S2.2": "1", "P1.1": " 很好 "}))
    assert response.status_code == 302
    ew.sub.refresh_from_db()
    assert ew.sub.values == {"S1.1": "120", "S2.2": "1"}
    assert ew.sub.narratives == {"P1.1": "很好"}
    assert (ew.sub.status, ew.sub.version) == (SubmissionStatus.DRAFT, 2)
    event = AuditEvent.objects.get(action="submission.save_draft")
    assert event.after == {"S1.1": "120", "S2.2": "1", "narratives:P1.1": "很好"}
    page = client.get(url(ew.sub)).content.decode()
    assert "草稿已保存。" in page


def test_a_draft_keeps_a_typo_and_shows_it_next_to_the_field(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    client.post(url(ew.sub), form(ew.sub, **{"S1.3": "约30"}))
    ew.sub.refresh_from_db()
    assert ew.sub.values == {"S1.3": "约30"}
    html = client.get(url(ew.sub)).content.decode()
    assert "不是数字。" in messages_of(html, "S1.3")
    assert messages_of(html, "S1.1").strip() == ""


def test_submit_is_refused_with_messages_next_to_the_fields(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    response = client.post(url(ew.sub), form(ew.sub, "submit", **{"S1.1": "120"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "必填：请填写数值。" in messages_of(html, "S1.2")
    assert "必填：请填写文字说明。" in messages_of(html, "P1.1")
    assert "必填" not in messages_of(html, "S1.3")  # optional
    assert "未能提交：有 4 处问题" in html
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.DRAFT
    assert ew.sub.values == {"S1.1": "120"}  # the draft part was saved
    assert not AuditEvent.objects.filter(action="submission.submit").exists()


def test_the_cross_field_rule_shows_next_to_the_field(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    response = client.post(url(ew.sub), form(ew.sub, "submit", **{**COMPLETE, **NARRATIVE, "S1.2": "121"}))
    assert "中小企业产值不得高于集群营业收入" in messages_of(response.content.decode(), "S1.2")
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.DRAFT


def test_a_year_over_year_warning_needs_an_explanation(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    values = {**COMPLETE, **NARRATIVE, "S1.1": "200"}  # +100 % from 100; S1.2 50 is fine
    client.post(url(ew.sub), form(ew.sub, **values))
    ew.sub.refresh_from_db()
    html = client.get(url(ew.sub)).content.decode()
    assert "较上年值 100 变动 100%，超过 50%，请说明原因。" in messages_of(html, "S1.1")
    assert 'name="x-S1.1"' in html
    response = client.post(url(ew.sub), form(ew.sub, "submit", **values))
    assert "提交前请说明与上年相比变动较大的原因。" in messages_of(response.content.decode(), "S1.1")
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.DRAFT
    data = {**form(ew.sub, "submit", **values), "x-S1.1": "新引进龙头企业一家"}
    response = client.post(url(ew.sub), data)
    assert response.status_code == 302
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.AT_COUNTY
    assert ew.sub.explanations == {"S1.1": "新引进龙头企业一家"}
    assert ew.sub.submitted_by == ew.users["submitter_a1"]


def test_it_is_locked_after_submit(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    response = client.post(url(ew.sub), form(ew.sub, "submit", **COMPLETE, **NARRATIVE))
    assert response.status_code == 302
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.AT_COUNTY
    version = ew.sub.version
    response = client.post(url(ew.sub), form(ew.sub, **{"S1.1": "1"}), follow=True)
    assert "该材料已锁定" in response.content.decode()
    ew.sub.refresh_from_db()
    assert (ew.sub.values["S1.1"], ew.sub.version) == ("120", version)
    html = client.get(url(ew.sub)).content.decode()
    assert 'name="v-S1.1"' not in html and "县级审核中" in html
    assert "甲一县" in html  # held by the county department


def test_a_returned_submission_is_editable_again(client, ew) -> None:
    fill(ew.sub, dict(COMPLETE), dict(NARRATIVE))
    Submission.objects.filter(pk=ew.sub.pk).update(status=SubmissionStatus.RETURNED)
    ew.round.status = RoundStatus.REVIEW
    ew.round.save()
    login(client, ew.users["submitter_a1"])
    assert 'name="v-S1.1"' in client.get(url(ew.sub)).content.decode()


def test_a_draft_is_locked_when_the_round_is_not_open(client, ew) -> None:
    ew.round.status = RoundStatus.REVIEW
    ew.round.save()
    login(client, ew.users["submitter_a1"])
    response = client.post(url(ew.sub), form(ew.sub, **{"S1.1": "5"}), follow=True)
    assert "本年度监测当前不接受填报" in response.content.decode()
    ew.sub.refresh_from_db()
    assert ew.sub.values == {}


def test_a_stale_version_is_refused(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    data = form(ew.sub, **{"S1.1": "5"})
    data["version"] = ew.sub.version - 1 if ew.sub.version > 1 else 99
    response = client.post(url(ew.sub), data, follow=True)
    assert "该材料已被他人修改" in response.content.decode()
    ew.sub.refresh_from_db()
    assert ew.sub.values == {}


def test_reviewers_see_it_read_only_and_cannot_post(client, ew) -> None:
    fill(ew.sub, {"S1.1": "120"})
    login(client, ew.users["county_a1"])
    html = client.get(url(ew.sub)).content.decode()
    assert 'name="v-S1.1"' not in html and "120" in html
    client.post(url(ew.sub), form(ew.sub, **{"S1.1": "5"}))
    ew.sub.refresh_from_db()
    assert ew.sub.values == {"S1.1": "120"}


@pytest.mark.parametrize("who", ["outsider", "expert"])
def test_out_of_scope_is_404(client, ew, who: str) -> None:
    login(client, ew.users[who])
    assert client.get(url(ew.sub)).status_code == 404
    assert client.post(url(ew.sub), form(ew.sub, **{"S1.1": "5"})).status_code == 404


def test_the_submitter_of_another_cluster_gets_404(client, ew, django_user_model) -> None:
    other = django_user_model.objects.create_user(
        username="submitter_a2", password=PASSWORD, role=Role.SUBMITTER, province=ew.world.province,
        cluster=ew.clusters["a2"])
    client.force_login(other)
    assert client.get(url(ew.sub)).status_code == 404
    assert client.post(url(ew.sub), form(ew.sub, **{"S1.1": "5"})).status_code == 404
    ew.sub.refresh_from_db()
    assert ew.sub.values == {}


def test_anonymous_is_sent_to_login(client, ew) -> None:
    response = client.get(url(ew.sub))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_wrong_method_is_405(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    assert client.put(url(ew.sub)).status_code == 405


def test_the_index_lets_a_submitter_start_once(client, ew) -> None:
    Submission.objects.filter(pk=ew.sub.pk).delete()
    login(client, ew.users["submitter_a1"])
    html = client.get(reverse("submissions:index")).content.decode()
    assert "开始填报" in html
    response = client.post(reverse("submissions:start", args=[ew.round.pk]))
    sub = Submission.objects.get(round=ew.round, cluster=ew.clusters["a1"])
    assert response["Location"] == url(sub)
    client.post(reverse("submissions:start", args=[ew.round.pk]))
    assert Submission.objects.filter(round=ew.round).count() == 1
    assert client.get(reverse("submissions:start", args=[ew.round.pk])).status_code == 405


def test_last_years_values_come_from_the_previous_round(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    html = client.get(url(ew.sub)).content.decode()
    for code, value in LAST_YEAR.items():
        row = re.search(rf'id="row-{re.escape(code)}".*?</tr>', html, re.S).group(0)
        shown = "是" if code == "S2.2" else value
        assert f'<td class="num">{shown}</td>' in row
