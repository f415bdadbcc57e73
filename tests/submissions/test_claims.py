"""Bonus and deduction claims: catalogue items, points within the item's maximum, reason, evidence."""

import io

import pytest
from django.urls import reverse

from clustermon.submissions import actions
from clustermon.submissions.models import Claim, Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused
from tests.submissions.conftest import COMPLETE, NARRATIVE, login
from tests.submissions.test_evidence import PDF


def complete(ew) -> None:
    Submission.objects.filter(pk=ew.sub.pk).update(values=dict(COMPLETE), narratives=dict(NARRATIVE))
    ew.sub.refresh_from_db()


@pytest.mark.parametrize(("kind", "item", "points", "reason", "message"), [
    ("bonus", "B9", "1", "x", "未知的项目 B9。"),
    ("bonus", "B1", "7", "x", "分值：该项目最多 6 分。"),
    ("bonus", "B1", "0", "x", "分值必须大于 0。"),
    ("bonus", "B1", "abc", "x", "分值：不是数字。"),
    ("bonus", "B1", "1.005", "x", "分值：最多保留两位小数。"),
    ("bonus", "B1", "3", "  ", "请填写申报理由。"),
    ("extra", "B1", "3", "x", "未知的申报类别。"),
    ("deduction", "B1", "3", "x", "未知的项目 B1。"),
])
def test_bad_claims_are_refused(ew, kind, item, points, reason, message) -> None:
    with pytest.raises(ActionRefused) as refusal:
        actions.claim(ew.sub, by=ew.users["submitter_a1"], kind=kind, item=item, points=points, reason=reason)
    assert refusal.value.message == message
    assert not Claim.objects.exists()


def test_a_claim_needs_evidence_before_submitting(client, ew) -> None:
    complete(ew)
    login(client, ew.users["submitter_a1"])
    response = client.post(reverse("submissions:add_claim", args=[ew.sub.pk]),
                           {"item": "bonus:B1", "points": "3", "reason": "牵头承担产业基础再造项目1项"})
    assert response.status_code == 302
    made = Claim.objects.get()
    assert (made.kind, made.item, str(made.points), made.claimed_by) == (
        "bonus", "B1", "3.00", ew.users["submitter_a1"])
    ew.sub.refresh_from_db()
    html = client.post(reverse("submissions:entry", args=[ew.sub.pk]),
                       {"version": ew.sub.version, "action": "submit"}).content.decode()
    assert "请为该申报至少上传一份证明材料。" in html
    ew.sub.refresh_from_db()
    assert ew.sub.status == SubmissionStatus.DRAFT
    actions.add_evidence(ew.sub, io.BytesIO(PDF), by=ew.users["submitter_a1"], claim=made, name="立项文件.pdf")
    ew.sub.refresh_from_db()
    actions.submit(ew.sub, by=ew.users["submitter_a1"])
    assert ew.sub.status == SubmissionStatus.AT_COUNTY


def test_an_item_is_claimed_once_and_can_be_withdrawn(client, ew) -> None:
    made = actions.claim(ew.sub, by=ew.users["submitter_a1"], kind="deduction", item="X1", points="2",
                         reason="园区企业发生一般安全生产事故")
    with pytest.raises(ActionRefused):
        actions.claim(ew.sub, by=ew.users["submitter_a1"], kind="deduction", item="X1", points="3", reason="y")
    login(client, ew.users["submitter_a1"])
    client.post(reverse("submissions:withdraw_claim", args=[ew.sub.pk, made.pk]))
    assert not Claim.objects.exists()


def test_only_the_submitter_claims(client, ew) -> None:
    login(client, ew.users["county_a1"])
    client.post(reverse("submissions:add_claim", args=[ew.sub.pk]), {"item": "bonus:B1", "points": "1", "reason": "x"})
    assert not Claim.objects.exists()
    login(client, ew.users["outsider"])
    response = client.post(reverse("submissions:add_claim", args=[ew.sub.pk]),
                           {"item": "bonus:B1", "points": "1", "reason": "x"})
    assert response.status_code == 404
