"""Missing and late plans in the lists: filters, counts and the CSV export, with dates set by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from clustermon import policy
from clustermon.plans import queries
from clustermon.plans.models import PlanRequirement, PlanStatus

TODAY = dt.date(2026, 11, 26)


def set_dates(pw, today: dt.date) -> None:  # noqa: ANN001
    """a1: due 6 days ago, nothing handed in (missing, late 6)
    a1b: due today, nothing handed in (missing, not late)
    a2: due 6 days ago, handed in that day (on time), accepted
    b1: due 6 days ago, handed in 3 days later (late 3), at the city"""
    due = today - dt.timedelta(days=6)
    rows = {"a1": (due, None, PlanStatus.NOT_STARTED), "a1b": (today, None, PlanStatus.DRAFT),
            "a2": (due, due, PlanStatus.ACCEPTED), "b1": (due, due + dt.timedelta(days=3), PlanStatus.AT_CITY)}
    for code, (due_on, handed_in, status) in rows.items():
        PlanRequirement.objects.filter(pk=pw.requirements[code].pk).update(due=due_on, first_submitted_on=handed_in,
                                                                           status=status)


def codes(requirements) -> list[str]:  # noqa: ANN001
    return sorted(requirements.values_list("cluster__code", flat=True))


def test_missing_and_late_filters_and_counts(pw) -> None:
    set_dates(pw, TODAY)
    all_ = PlanRequirement.objects.filter(round=pw.round)
    f = queries.Filters
    assert codes(queries.filtered(all_, f(missing=True), TODAY)) == ["a1", "a1b"]
    assert codes(queries.filtered(all_, f(late=True), TODAY)) == ["a1", "b1"]
    assert codes(queries.filtered(all_, f(missing=True, late=True), TODAY)) == ["a1"]
    assert codes(queries.filtered(all_, f(kind="cultivation"), TODAY)) == ["a2", "b1"]
    assert codes(queries.filtered(all_, f(status="accepted"), TODAY)) == ["a2"]
    assert codes(queries.filtered(all_, f(city=pw.world.cities["B"].pk), TODAY)) == ["b1"]
    assert queries.counts(all_, TODAY) == {"total": 4, "missing": 2, "late": 2, "submitted": 2, "accepted": 1}
    # A day later a1b is overdue as well.
    assert queries.counts(all_, TODAY + dt.timedelta(days=1))["late"] == 3
    assert {r.requirement.cluster.code: (r.days_late, r.missing) for r in queries.rows(all_, TODAY)} == {
        "a1": (6, True), "a1b": (0, True), "a2": (0, False), "b1": (3, False)}


def test_the_filter_and_the_rule_agree_day_by_day(pw) -> None:
    from clustermon.plans import rules

    set_dates(pw, TODAY)
    all_ = PlanRequirement.objects.filter(round=pw.round)
    for offset in range(-8, 3):
        today = TODAY + dt.timedelta(days=offset)
        by_rule = sorted(r.cluster.code for r in all_.select_related("cluster")
                         if rules.is_late(r.due, r.first_submitted_on, today))
        assert codes(queries.filtered(all_, queries.Filters(late=True), today)) == by_rule, today


def test_bad_filter_values_are_ignored(pw) -> None:
    from django.http import QueryDict

    got = queries.Filters.from_query(QueryDict("kind=x&status=y&city=z&missing=yes&late=1"))
    assert got == queries.Filters(late=True)


def test_each_level_counts_its_own_clusters(pw, client) -> None:
    set_dates(pw, timezone.localdate())
    counts = {who: queries.counts(policy.plan_requirements_for(pw.users[who]), timezone.localdate())
              for who in ("admin", "city_a", "county_a1", "submitter_a1", "expert", "outsider")}
    assert {who: c["total"] for who, c in counts.items()} == {
        "admin": 4, "city_a": 3, "county_a1": 2, "submitter_a1": 1, "expert": 0, "outsider": 0}
    assert counts["city_a"] == {"total": 3, "missing": 2, "late": 1, "submitted": 1, "accepted": 1}


def test_the_round_page_shows_counts_and_filters(pw, client, django_assert_max_num_queries) -> None:
    set_dates(pw, timezone.localdate())
    client.force_login(pw.users["admin"])
    url = reverse("plans:round", kwargs={"round_id": pw.round.pk})
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    for key, n in {"total": 4, "missing": 2, "late": 2, "submitted": 2, "accepted": 1}.items():
        assert f'id="count-{key}"' in page and f">{n}</strong>" in page.split(f'id="count-{key}"')[1][:40]
    late = client.get(url, {"late": "1"}).content.decode()
    table = late.split('id="plans"')[1].split("</table>")[0]
    assert "a1产业集群" in table and "b1产业集群" in table and "a2产业集群" not in table and "a1b产业集群" not in table


def test_the_round_page_costs_the_same_for_more_plans(pw, client, django_assert_max_num_queries, world) -> None:
    client.force_login(pw.users["admin"])
    url = reverse("plans:round", kwargs={"round_id": pw.round.pk})
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    from clustermon.registry.models import Cluster
    from clustermon.results.models import ClusterResult

    base = ClusterResult.objects.filter(result_set=pw.result_set).first()
    for i in range(12):
        cluster = Cluster.objects.create(code=f"x{i}", name=f"新增集群{i}", province=world.province,
                                         county=world.counties["B1"], kind="amc", level="provincial",
                                         group="provincial_amc", year_recognised=2020)
        result = ClusterResult.objects.create(**{**{f.attname: getattr(base, f.attname) for f in base._meta.fields
                                                    if f.attname not in ("id", "cluster_id")}, "cluster": cluster})
        PlanRequirement.objects.create(round=pw.round, cluster=cluster, result=result, grade="good",
                                       kind="cultivation", due=pw.due)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_export_lists_missing_and_late_plans(pw, client) -> None:
    today = timezone.localdate()
    set_dates(pw, today)
    client.force_login(pw.users["admin"])
    response = client.get(reverse("plans:export", kwargs={"round_id": pw.round.pk}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="plans-missing-late-2025-{today.isoformat()}.csv"')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    due = (today - dt.timedelta(days=6)).isoformat()
    assert [row[2] for row in rows[1:]] == ["a1产业集群", "a1b产业集群", "b1产业集群"]  # by city, county, cluster
    assert rows[1][3:] == ["不合格", "整改方案", due, "未开始", "", "是", "6"]
    assert rows[3][3:] == ["合格", "培育提升方案", due, "市级审核中",
                           (today - dt.timedelta(days=3)).isoformat(), "否", "3"]


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(pw, client) -> None:
    from clustermon.registry.models import Cluster

    Cluster.objects.filter(pk=pw.world.clusters["a1"].pk).update(name="=HYPERLINK(\"x\")")
    client.force_login(pw.users["admin"])
    body = client.get(reverse("plans:export", kwargs={"round_id": pw.round.pk})).content.decode("utf-8")
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize(("who", "status"), [("submitter_a1", 404), ("expert", 404), ("outsider", 404)])
def test_lists_are_for_officials(pw, client, who: str, status: int) -> None:
    client.force_login(pw.users[who])
    assert client.get(reverse("plans:round", kwargs={"round_id": pw.round.pk})).status_code == status
    assert client.get(reverse("plans:export", kwargs={"round_id": pw.round.pk})).status_code == status
