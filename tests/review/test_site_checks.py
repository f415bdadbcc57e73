"""On-site checks (实地核查): corrections with reasons, original values kept, effective values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clustermon.audit.models import AuditEvent
from clustermon.review import actions, queries
from clustermon.review.actions import CorrectionInput
from clustermon.review.models import Correction, SiteCheck
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused
from tests.conftest import PASSWORD

S = SubmissionStatus


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English here; the Chinese is checked in test_messages_in_chinese."""
    with translation.override("en"):
        yield
DAY = dt.date(2026, 3, 2)


def check(rw, *corrections, by="province", key="b1", day=DAY, version=None):  # noqa: ANN001, ANN201
    return actions.record_site_check(rw.subs[key], by=rw.users[by], date=day, inspectors="张三、李四",
                                     findings="现场核实营业收入", corrections=list(corrections),
                                     expected_version=version)


def test_corrections_keep_the_original_and_apply_to_effective_values(rw) -> None:
    b1 = rw.subs["b1"]
    site = check(rw, CorrectionInput("D1.1", "42", "以税务数据为准"))
    corr = Correction.objects.get(site_check=site)
    assert (corr.original_value, corr.corrected_value, corr.reason) == ("50", "42", "以税务数据为准")
    stored = Submission.objects.get(pk=b1.pk)
    assert stored.values == {"D1.1": "50", "D1.2": "20"}  # the submitted values are kept
    assert stored.version == 2  # open pages see that something changed
    subs = Submission.objects.filter(round=rw.round).order_by("pk")
    effective = queries.effective_values(subs)
    assert effective[b1.pk] == {"D1.1": "42", "D1.2": "20"}
    assert effective[rw.subs["a1"].pk] == {"D1.1": "50", "D1.2": "20"}
    event = AuditEvent.objects.get(action="review.site_check")
    assert event.after["corrections"] == [
        {"indicator": "D1.1", "original": "50", "corrected": "42", "reason": "以税务数据为准"}]


def test_a_later_check_wins(rw) -> None:
    check(rw, CorrectionInput("D1.1", "42", "r1"), day=DAY)
    check(rw, CorrectionInput("D1.1", "44", "r2"), day=DAY + dt.timedelta(days=1))
    check(rw, CorrectionInput("D1.2", "18", "r3"), day=DAY - dt.timedelta(days=1))
    assert queries.effective_values([rw.subs["b1"]])[rw.subs["b1"].pk] == {"D1.1": "44", "D1.2": "18"}


def test_effective_values_costs_two_queries_at_most(rw, django_assert_num_queries) -> None:
    check(rw, CorrectionInput("D1.1", "42", "r"))
    subs = list(Submission.objects.filter(round=rw.round))
    with django_assert_num_queries(1):
        queries.effective_values(subs)


@pytest.mark.parametrize("corrections, message", [
    ([CorrectionInput("D1.1", "42", "")], "reason"),
    ([CorrectionInput("ZZ", "42", "r")], "ZZ"),
    ([CorrectionInput("D1.1", "42", "r"), CorrectionInput("D1.1", "43", "r")], "twice"),
])
def test_bad_corrections_are_refused(rw, corrections, message) -> None:
    with pytest.raises(ActionRefused, match=message):
        check(rw, *corrections)
    assert not SiteCheck.objects.exists()
    assert Submission.objects.get(pk=rw.subs["b1"].pk).version == 1


def test_check_needs_inspectors_findings_and_a_past_date(rw) -> None:
    with pytest.raises(ActionRefused):
        actions.record_site_check(rw.subs["b1"], by=rw.users["province"], date=DAY, inspectors=" ",
                                  findings="f")
    with pytest.raises(ActionRefused):
        actions.record_site_check(rw.subs["b1"], by=rw.users["province"], date=DAY, inspectors="i",
                                  findings="")
    with pytest.raises(ActionRefused, match="future"):
        check(rw, day=timezone.localdate() + dt.timedelta(days=1))
    assert not SiteCheck.objects.exists()


@pytest.mark.parametrize("who, key", [("city_a", "a2"), ("county_a1", "a1"), ("province", "a1"),
                                      ("outsider", "b1"), ("submitter_a1", "a1")])
def test_only_the_province_on_what_it_holds(rw, who, key) -> None:
    with pytest.raises(ActionRefused):
        check(rw, by=who, key=key)
    assert not SiteCheck.objects.exists()


def test_no_corrections_after_approval(rw) -> None:
    rw.round.status = RoundStatus.APPROVED
    rw.round.save()
    with pytest.raises(ActionRefused):
        check(rw)


def test_stale_version_is_refused(rw) -> None:
    Submission.objects.filter(pk=rw.subs["b1"].pk).update(version=3)
    with pytest.raises(actions.ChangedMeanwhile):
        check(rw, CorrectionInput("D1.1", "42", "r"), version=2)
    assert not SiteCheck.objects.exists()


def test_site_check_form(client, rw) -> None:
    url = reverse("review:site_check", args=[rw.subs["b1"].pk])
    assert client.login(username="province", password=PASSWORD)
    r = client.get(url)
    assert r.status_code == 200
    data = {"date": "2026-03-02", "inspectors": "张三", "findings": "基本属实", "version": "1",
            "c-TOTAL_FORMS": "2", "c-INITIAL_FORMS": "0", "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "50",
            "c-0-indicator": "D1.2", "c-0-corrected_value": "18", "c-0-reason": "两家企业已注销",
            "c-1-indicator": "", "c-1-corrected_value": "", "c-1-reason": ""}
    r = client.post(url, data)
    assert r.status_code == 302 and r["Location"] == reverse("review:submission", args=[rw.subs["b1"].pk])
    assert list(Correction.objects.values_list("indicator", "original_value", "corrected_value")) == [
        ("D1.2", "20", "18")]
    page = client.get(r["Location"])
    assert "两家企业已注销" in page.content.decode()
    # A missing reason shows the form again with what was typed.
    data.update({"c-0-reason": "", "version": "2"})
    r = client.post(url, data)
    assert r.status_code == 400 and 'value="18"' in r.content.decode()
    assert SiteCheck.objects.count() == 1


@pytest.mark.parametrize("who, key, status", [
    ("city_a", "a2", 403),       # in scope, not the province
    ("province", "a2", 403),     # the province, but a2 has not reached it
    ("city_a", "b1", 404), ("county_a1", "b1", 404), ("submitter_a1", "a1", 403), ("outsider", "b1", 404),
])
def test_site_check_form_refused(client, rw, who, key, status) -> None:
    assert client.login(username=who, password=PASSWORD)
    url = reverse("review:site_check", args=[rw.subs[key].pk])
    assert client.get(url).status_code == status
    assert client.post(url, {}).status_code == status
