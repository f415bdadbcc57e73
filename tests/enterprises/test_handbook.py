"""The assessment handbook (.docx): opens with python-docx, holds the cluster's name and figures."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.submissions.models import Evidence, Submission
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db


def text_of(document) -> str:  # noqa: ANN001
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def download(client, sub: Submission):  # noqa: ANN001, ANN201
    response = client.get(reverse("enterprises:handbook", args=[sub.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in response["Content-Disposition"]
    return Document(io.BytesIO(response.content))


@pytest.fixture
def filled(ent):  # noqa: ANN001, ANN201
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    actions.replace_rows(sub, [
        Entry(code(1), "甲机械有限公司", None, {"sales": "1200", "employees": "100"}, {"sales": "1000", "employees": "90"}),
        Entry(code(2), "乙电子有限公司", None, {"sales": "800.5", "employees": "50"}, {"sales": "700", "employees": "50"}),
    ], by=by)
    Submission.objects.filter(pk=sub.pk).update(narratives={"W1": "县政府印发集群发展规划。\n设立专班推进。"})
    Evidence.objects.create(submission=sub, indicator="W1", original_name="规划.pdf", name="规划.pdf",
                            path="evidence/x/规划.pdf", content_type="application/pdf", size=20480, sha256="ab" * 32)
    return Submission.objects.get(pk=sub.pk)


def test_the_handbook_holds_profile_figures_narratives_and_evidence(ent, client, filled) -> None:
    client.force_login(ent.users["submitter_a1"])
    document = download(client, filled)
    text = text_of(document)
    assert "a1产业集群" in text and "2026年度集群考核" in text and "考核工作手册" in text
    assert "甲一县" in text and "甲市" in text and "测试省工业和信息化厅" in text
    # P1: this year 2,000.5 → "2,000.50", last year 1,700, increase 300.50, growth 300.5 / 1700 = +17.7 %.
    assert "2,000.50" in text and "1,700" in text and "300.50" in text and "+17.7%" in text
    # P2 in whole people: 150, 140, +10, +7.1 %.
    assert "150" in text and "140" in text and "+7.1%" in text
    assert "甲机械有限公司" in text and code(1) in text and "1,200 / 1,000" in text
    assert "县政府印发集群发展规划。" in text and "设立专班推进。" in text
    assert "规划.pdf" in text and "20 KB" in text and "abababababababab" in text
    assert "尚无该集群的考核结果。" in text


def test_chinese_text_is_set_in_an_east_asian_font(ent, client, filled, settings) -> None:
    settings.HANDBOOK_EAST_ASIA_FONT = "Noto Sans CJK SC"
    client.force_login(ent.users["submitter_a1"])
    document = download(client, filled)
    for name in ("Normal", "Heading 1", "Title"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC", name


def test_scores_are_shown_when_the_viewer_may_see_results(ent, client, filled) -> None:
    from clustermon.results.models import ClusterResult, ResultSet

    result_set = ResultSet.objects.create(round=ent.round, number=1, recipe={}, content_hash="x")
    ClusterResult.objects.create(
        result_set=result_set, cluster=filled.cluster, group=filled.group, total=Decimal("71.25"),
        base=Decimal("71.25"), bonus=0, deduction=0, part_scores={"performance": "62.08", "work": "85.00"},
        node_points={"P1": "15.03", "P2": "10.00", "W1": "85.00"}, rank=1, group_size=3, grade="good",
        explanation={})
    client.force_login(ent.users["province"])  # the province sees computed results
    text = text_of(download(client, filled))
    assert "71.25" in text and "1 / 3" in text and "15.03" in text and "62.08" in text
    client.force_login(ent.users["submitter_a1"])  # not published: the submitter sees no score
    text = text_of(download(client, filled))
    assert "71.25" not in text


def test_the_handbook_is_scoped_like_the_submission(ent, client, filled) -> None:
    for name, status in (("city_a", 200), ("county_a1", 200), ("outsider", 404), ("expert", 404)):
        client.force_login(ent.users[name])
        assert client.get(reverse("enterprises:handbook", args=[filled.pk])).status_code == status, name
    client.logout()
    response = client.get(reverse("enterprises:handbook", args=[filled.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(ent.users["province"])
    assert client.post(reverse("enterprises:handbook", args=[filled.pk])).status_code == 405


def test_a_framework_without_an_enterprise_list_still_gets_a_handbook(world, client) -> None:
    from tests.review.factories import make_round, make_submission

    round_ = make_round(world, status="open")
    sub = make_submission(round_, world.clusters["a1"], "draft")
    client.force_login(world.users["submitter_a1"])
    text = text_of(download(client, sub))
    assert "a1产业集群" in text and "50" in text
