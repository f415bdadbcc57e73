"""A round of the shipped growth-cluster scheme end to end, on a small world, by the real actions.

Three clusters of county A1 list their enterprises (on the web page, by workbook, by action); the
totals become P1–P4 and their last-year values; the county, city and province pass them; three
experts grade the eight work indicators; the province computes, approves and publishes.

Scores by hand (P1 target +100000 万元, P2 +1000 人, P3 +50000 万元, P4 +5000 万元, 25 points each of
the performance part, weight 60; work part weight 40, grades A 1.0, B 0.8, C 0.6, mean of experts):

  H1  sales 250000/200000 (+50000 → 12.5)  staff 2000/1500 (+500 → 12.5)
      invest 70000/20000 (+50000 → 25)     taxes 11000/6000 (+5000 → 25)   performance 75 → 45
      experts A, A, A → work 100 → 40                                      total 85.00
  H2  every figure down or flat → performance 0;  experts B, B, B → 80 → 32   total 32.00
  H3  sales +20000 → 5, staff +100 → 2.5, invest +10000 → 5, taxes +1000 → 5: 17.5 → 10.5
      experts A, B, C → 0.8 → 80 → 32                                       total 42.50
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clustermon.accounts.models import Role, User
from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.enterprises.flags import RATIO, flags_for_round
from clustermon.experts import actions as experts
from clustermon.frameworks.actions import import_scheme
from clustermon.registry.models import Cluster
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ClusterResult
from clustermon.review import actions as review
from clustermon.rounds.actions import create_round, set_deadline, transition
from clustermon.rounds.models import RoundStatus
from clustermon.submissions import actions as submissions
from clustermon.submissions.models import Submission
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db
WORK = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"]


def firm(n: int, sales, staff, invest, taxes) -> Entry:  # noqa: ANN001
    return Entry(code(n), f"成长企业{n}有限公司", None,
                 {"sales": sales[0], "employees": staff[0], "investment": invest[0], "taxes": taxes[0]},
                 {"sales": sales[1], "employees": staff[1], "investment": invest[1], "taxes": taxes[1]})


def test_a_growth_round_from_enterprise_lists_to_published_results(world, client) -> None:
    admin = world.users["admin"]
    scheme = import_scheme("hubei-growth", by=admin, province=world.province)
    clusters, submitters = {}, {}
    for key in ("h1", "h2", "h3"):
        clusters[key] = Cluster.objects.create(
            code=key, name=f"{key}成长型产业集群", province=world.province, county=world.counties["A1"],
            kind="growth", level="provincial", group="growth", year_recognised=2015)
        submitters[key] = User.objects.create_user(username=f"sub-{key}", password="x", role=Role.SUBMITTER,
                                                   province=world.province, cluster=clusters[key])
    round_ = create_round(scheme, 2018, by=admin, title="2018年度重点成长型产业集群考核")
    today = timezone.localdate()
    for i, level in enumerate(("submitter", "county", "city", "province", "expert"), start=1):
        set_deadline(round_, level, today + dt.timedelta(days=10 * i), by=admin)
    transition(round_, RoundStatus.OPEN, by=admin)

    subs = {key: submissions.start_submission(round_, clusters[key], by=submitters[key]) for key in clusters}

    # H1 on the web page: one firm typed in the form, then the second one.
    client.force_login(submitters["h1"])
    for entry in (firm(1, ("150000", "100000"), ("1200", "1000"), ("30000", "10000"), ("6000", "4000")),
                  firm(2, ("100000", "100000"), ("800", "500"), ("40000", "10000"), ("5000", "2000"))):
        data = {"version": str(Submission.objects.get(pk=subs["h1"].pk).version), "credit_code": entry.credit_code,
                "name": entry.name, "county": ""}
        for f in ("sales", "employees", "investment", "taxes"):
            data[f"c-{f}"], data[f"p-{f}"] = entry.current[f], entry.previous[f]
        assert client.post(reverse("enterprises:list", args=[subs["h1"].pk]), data).status_code == 302

    # H2 by workbook: download the template, fill one row, upload.
    client.force_login(submitters["h2"])
    wb = load_workbook(io.BytesIO(client.get(reverse("enterprises:template", args=[subs["h2"].pk])).content))
    for col, value in enumerate([code(3), "成长企业3有限公司", "甲一县", 50000, 60000, 300, 300, 5000, 5000,
                                 1000, 1200], start=1):
        wb.worksheets[1].cell(row=5, column=col, value=value)
    out = io.BytesIO()
    wb.save(out)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("enterprises:upload", args=[subs["h2"].pk]),
                           {"file": SimpleUploadedFile("h2.xlsx", out.getvalue())})
    assert response.status_code == 302

    # H3 by the action.
    actions.replace_rows(subs["h3"], [firm(4, ("120000", "100000"), ("1100", "1000"), ("20000", "10000"),
                                           ("3000", "2000"))], by=submitters["h3"])

    values = {key: Submission.objects.get(pk=s.pk).values for key, s in subs.items()}
    assert values["h1"] == {"P1": "250000", "P1@prev": "200000", "P2": "2000", "P2@prev": "1500",
                            "P3": "70000", "P3@prev": "20000", "P4": "11000", "P4@prev": "6000"}
    assert values["h2"]["P1"] == "50000" and values["h2"]["P4@prev"] == "1200"

    # The reviewers are prompted about H1's second firm: investment ×4.
    found = flags_for_round(round_)
    assert [(f.kind, f.credit_code, f.field) for f in found[subs["h1"].pk]] == [(RATIO, code(2), "investment")]

    for key, sub in subs.items():
        submissions.save_draft(sub, by=submitters[key], narratives={code_: f"{key}的{code_}工作情况" for code_ in WORK})
        submissions.submit(Submission.objects.get(pk=sub.pk), by=submitters[key])
    for reviewer in ("county_a1", "city_a", "province"):
        for sub in subs.values():
            fresh = Submission.objects.get(pk=sub.pk)
            review.pass_up(fresh, by=world.users[reviewer], expected_version=fresh.version)
    assert set(Submission.objects.filter(round=round_).values_list("status", flat=True)) == {"accepted"}
    transition(round_, RoundStatus.REVIEW, by=admin)
    transition(round_, RoundStatus.EXPERT_REVIEW, by=admin)

    panel = [world.users["expert"]] + [
        User.objects.create_user(username=f"expert-{i}", password="x", role=Role.EXPERT, province=world.province)
        for i in (2, 3)]
    grades = {"h1": "AAA", "h2": "BBB", "h3": "ABC"}
    for key, cluster in clusters.items():
        for expert, grade in zip(panel, grades[key], strict=True):
            assignment = experts.assign(round_, cluster, expert, by=admin, reason="按专业领域指派")
            experts.declare_conflict(assignment, "none", by=expert)
            experts.save_scores(assignment, {w: (grade, "") for w in WORK}, by=expert)
            experts.submit_scores(assignment, by=expert)

    transition(round_, RoundStatus.SCORING, by=admin)
    result_set = compute_round(round_, by=admin)
    rows = {r.cluster.code: r for r in ClusterResult.objects.filter(result_set=result_set)}
    assert {k: r.total for k, r in rows.items()} == {"h1": Decimal("85.00"), "h2": Decimal("32.00"),
                                                     "h3": Decimal("42.50")}
    assert rows["h1"].node_points["P1"] == "12.50" and rows["h3"].node_points["P2"] == "2.50"
    assert {k: r.rank for k, r in rows.items()} == {"h1": 1, "h3": 2, "h2": 3}
    assert {k: r.grade for k, r in rows.items()} == {"h1": "good", "h3": "unqualified", "h2": "unqualified"}
    approve_result_set(result_set, by=admin)
    publish_round(round_, by=admin)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED

    # Once published, the cluster's handbook carries its score.
    client.force_login(submitters["h1"])
    response = client.get(reverse("enterprises:handbook", args=[subs["h1"].pk]))
    from docx import Document

    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "85.00" in cells and "1 / 3" in cells
