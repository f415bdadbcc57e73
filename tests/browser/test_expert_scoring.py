"""An expert scores an assigned cluster in a real browser, from the conflict declaration to the
final submission; the province then sees the expert's progress as submitted.

The round is built through the real actions: created and opened by the province administrator,
a1's data submitted by its submitter, passed by the county, the city and the province, the round
moved into expert review and the expert assigned by hand.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.experts.conftest import DOCUMENT


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def assigned(world):  # noqa: ANN201 - experts.Assignment
    from clustermon.experts import actions as experts
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.review import actions as review
    from clustermon.rounds import actions as rounds
    from clustermon.rounds.models import RoundStatus
    from clustermon.submissions import actions as submissions
    from clustermon.submissions.models import SubmissionStatus

    users, a1 = world.users, world.clusters["a1"]
    scheme = Scheme.objects.create(code="test-monitoring", name="测试监测", province=world.province,
                                   manifest={"groups": [{"code": "provincial_amc", "name": {"zh": "省级先进制造业集群"}}]})
    FrameworkVersion.objects.create(scheme=scheme, group="provincial_amc", version="2025.1", document=DOCUMENT,
                                    content_hash="x" * 64)
    admin = users["admin"]
    round_ = rounds.create_round(scheme, 2025, by=admin, title="2025年度监测")
    today = timezone.localdate()
    rounds.set_deadlines(round_, {"submitter": today + dt.timedelta(days=10), "county": today + dt.timedelta(days=15),
                                  "city": today + dt.timedelta(days=20), "province": today + dt.timedelta(days=25),
                                  "expert": today + dt.timedelta(days=40)}, by=admin)
    rounds.transition(round_, RoundStatus.OPEN, by=admin)

    submission = submissions.start_submission(round_, a1, by=users["submitter_a1"])
    submissions.save_draft(submission, by=users["submitter_a1"], values={"D1.1": "120"},
                           narratives={"Q1": "规划完整，分三期实施。", "Q2": "区域品牌两项。"})
    submissions.submit(submission, by=users["submitter_a1"])
    for reviewer in ("county_a1", "city_a", "admin"):
        submission.refresh_from_db()
        review.pass_up(submission, by=users[reviewer], expected_version=submission.version)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED

    rounds.transition(round_, RoundStatus.REVIEW, by=admin)
    rounds.transition(round_, RoundStatus.EXPERT_REVIEW, by=admin)
    return experts.assign(round_, a1, users["expert"], by=admin, reason="熟悉装备制造")


def test_an_expert_scores_saves_comes_back_and_submits(page, assigned, world) -> None:
    from clustermon.experts.models import Assignment, ExpertScore

    login(page, "expert", PASSWORD)
    page.goto(f"{page.base_url}/experts/")
    page.get_by_role("link", name=world.clusters["a1"].name).click()

    # First opening: the conflict-of-interest declaration, before any material is shown.
    assert page.url.endswith(f"/experts/assignments/{assigned.pk}/declare/")
    assert page.locator("text=营业收入").count() == 0
    page.check("input[name=kind][value=none]")
    page.click("main button[type=submit]")
    assert page.url.endswith(f"/experts/assignments/{assigned.pk}/")
    assert "120" in page.locator("table.grid").first.inner_text()

    # Every qualitative indicator scored with a comment, saved as a draft.
    page.select_option("select[name=score_Q1]", "B")
    page.fill("textarea[name=comment_Q1]", "规划目标明确，但缺少分年度指标。")
    page.fill("input[name=score_Q2]", "4")
    page.fill("textarea[name=comment_Q2]", "品牌建设有进展。")
    page.click("button[value=save]")
    assert "已保存" in page.locator("ul.messages").inner_text()
    assert Assignment.objects.get(pk=assigned.pk).submitted_at is None

    # Coming back later: the draft is there.
    page.goto(f"{page.base_url}/experts/")
    page.get_by_role("link", name=world.clusters["a1"].name).click()
    assert page.url.endswith(f"/experts/assignments/{assigned.pk}/")
    assert page.locator("select[name=score_Q1]").input_value() == "B"
    assert page.locator("input[name=score_Q2]").input_value() == "4"
    assert page.locator("textarea[name=comment_Q1]").input_value() == "规划目标明确，但缺少分年度指标。"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[value=submit]")
    assert "已提交" in page.locator("ul.messages").inner_text()
    assert page.locator("select[name=score_Q1]").count() == 0  # read-only now
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "expert-scoring.png"), full_page=True)

    done = Assignment.objects.get(pk=assigned.pk)
    assert done.submitted_at is not None
    assert dict(ExpertScore.objects.filter(assignment=done).values_list("indicator", "score")) == {
        "Q1": "B", "Q2": "4"}

    # The province follows the progress: one assignment of one expert, submitted.
    page.click("button.link")  # log out
    login(page, "admin", PASSWORD)
    page.goto(f"{page.base_url}/experts/rounds/{assigned.round_id}/progress/")
    assert "1 项分配中已提交 1 项。" in page.locator("main").inner_text()
    row = page.locator("table.grid").first.locator("tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "expert"  # the persona has no full name: its user name
    assert cells[1:5] == ["1", "0", "0", "1"]  # assigned, not opened, in progress, submitted
    assert cells[5] == "2 / 2"  # indicators scored
