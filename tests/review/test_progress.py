"""Progress per city and county: expected clusters follow the registry; overdue follows deadlines."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from clustermon import policy
from clustermon.registry.models import Cluster
from clustermon.review import actions, progress
from clustermon.rounds.models import DeadlineExtension, DeadlineLevel
from tests.conftest import PASSWORD
from tests.review.factories import review_world

TODAY = dt.date(2026, 4, 20)


def deadlines(today: dt.date) -> dict:
    """Submission closed 20 days ago, county review 5 days ago; city and province still running."""
    return {DeadlineLevel.SUBMITTER: today - dt.timedelta(days=20),
            DeadlineLevel.COUNTY: today - dt.timedelta(days=5),
            DeadlineLevel.CITY: today + dt.timedelta(days=10),
            DeadlineLevel.PROVINCE: today + dt.timedelta(days=25)}


def add_cluster(world, code: str, county: str, *, recognised: int = 2020, withdrawn: int | None = None,  # noqa: ANN001
                group: str = "provincial_amc") -> Cluster:
    return Cluster.objects.create(
        code=code, name=f"{code}集群", province=world.province, county=world.counties[county], kind="amc",
        level="provincial", group=group, year_recognised=recognised, year_withdrawn=withdrawn)


@pytest.fixture
def pw(world):
    """The review world (a1 at county, a1b draft, a2 at city, b1 at province) plus registry changes:

    rec2025 (A2) recognised 2025: expected, not started, late;
    leaving (B1) withdrawn in 2026: still expected, not started, extended: not late;
    new2026 (A2) recognised 2026, gone (A1) withdrawn 2025, other (B1) of a group outside the scheme:
    not expected.
    """
    rw = review_world(world, deadlines=deadlines(TODAY))
    add_cluster(world, "rec2025", "A2", recognised=2025)
    leaving = add_cluster(world, "leaving", "B1", withdrawn=2026)
    add_cluster(world, "new2026", "A2", recognised=2026)
    add_cluster(world, "gone", "A1", withdrawn=2025)
    add_cluster(world, "other", "B1", group="hubei_growth")
    DeadlineExtension.objects.create(round=rw.round, level=DeadlineLevel.SUBMITTER, cluster=leaving,
                                     due=TODAY + dt.timedelta(days=3), reason="洪灾", by=world.users["admin"])
    return rw


def row(counts: progress.Counts) -> tuple:
    return (counts.expected, *counts.cells, counts.overdue)


def test_expected_follows_is_monitored_in(pw) -> None:
    expected = progress.expected_clusters(pw.round, policy.clusters_for(pw.users["province"]))
    assert sorted(c.code for c in expected) == ["a1", "a1b", "a2", "b1", "leaving", "rec2025"]
    for c in Cluster.objects.all():
        if c.group == "provincial_amc" and c.province_id == pw.world.province.pk:
            assert (c in expected) == c.is_monitored_in(2026)


def test_counts_per_city_and_county_for_the_province(pw, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(10):  # clusters, submissions, 2 per deadline level
        data = progress.compute(pw.round, policy.clusters_for(pw.users["province"]), today=TODAY)
    #        expected, not started, draft, at county, at city, at province, accepted, returned, overdue
    assert row(data.total) == (6, 2, 1, 1, 1, 1, 0, 0, 3)
    by_county = {county.code: row(c) for city in data.cities for county, c in city.counties.items()}
    assert by_county == {
        "a1": (2, 0, 1, 1, 0, 0, 0, 0, 2),  # a1b draft after the submission deadline; a1 late at county
        "a2": (2, 1, 0, 0, 1, 0, 0, 0, 1),  # rec2025 not started and late; a2 at city in time
        "b1": (2, 1, 0, 0, 0, 1, 0, 0, 0),  # leaving has an extension; b1 at province in time
    }
    assert [row(c.total) for c in data.cities] == [(4, 1, 1, 1, 1, 0, 0, 0, 3), (2, 1, 0, 0, 0, 1, 0, 0, 0)]
    late = {(lt.cluster.code, lt.who, lt.days) for lt in data.late}
    assert late == {("a1b", DeadlineLevel.SUBMITTER.label, 20), ("a1", DeadlineLevel.COUNTY.label, 5),
                    ("rec2025", DeadlineLevel.SUBMITTER.label, 20)}


def test_returned_is_late_by_the_deadline_of_the_level_that_returned_it(
        pw, django_assert_max_num_queries) -> None:
    u = pw.users
    actions.return_(pw.subs["a1"], by=u["county_a1"], reason="r", expected_version=1)  # county: 5 days ago
    actions.return_(pw.subs["a2"], by=u["city_a"], reason="r", expected_version=1)  # city: in 10 days
    with django_assert_max_num_queries(11):  # + the levels that returned them
        data = progress.compute(pw.round, policy.clusters_for(u["province"]), today=TODAY)
    assert row(data.total) == (6, 2, 1, 0, 0, 1, 0, 2, 3)
    late = {lt.cluster.code: (lt.status, lt.who, lt.days) for lt in data.late}
    assert late["a1"] == ("returned", DeadlineLevel.SUBMITTER.label, 5)
    assert "a2" not in late


def test_city_sees_its_own_counties(pw) -> None:
    data = progress.compute(pw.round, policy.clusters_for(pw.users["city_a"]), today=TODAY)
    assert [c.city.code for c in data.cities] == ["a"]
    assert row(data.total) == (4, 1, 1, 1, 1, 0, 0, 0, 3)


def test_no_deadline_means_nobody_is_late(world) -> None:
    rw = review_world(world)
    data = progress.compute(rw.round, policy.clusters_for(world.users["province"]), today=TODAY)
    assert data.total.overdue == 0 and data.late == []


@pytest.fixture
def live(world):
    """The review world with deadlines relative to the real today (for the pages)."""
    rw = review_world(world, deadlines=deadlines(timezone.localdate()))
    return rw


@pytest.mark.parametrize("who, status", [("province", 200), ("admin", 200), ("city_a", 200),
                                         ("county_a1", 403), ("submitter_a1", 403), ("expert", 403),
                                         ("outsider", 404)])
def test_progress_page_access(client, live, who, status) -> None:
    assert client.login(username=who, password=PASSWORD)
    assert client.get(reverse("review:progress", args=[live.round.pk])).status_code == status
    assert client.get(reverse("review:late_export", args=[live.round.pk, "csv"])).status_code == status


def test_progress_page(client, live) -> None:
    assert client.login(username="province", password=PASSWORD)
    r = client.get(reverse("review:progress", args=[live.round.pk]))
    assert row(r.context["progress"].total) == (4, 0, 1, 1, 1, 1, 0, 0, 2)
    assert "a1b产业集群" in r.content.decode()


def test_export_late_csv(client, live) -> None:
    assert client.login(username="city_a", password=PASSWORD)
    r = client.get(reverse("review:late_export", args=[live.round.pk, "csv"]))
    assert r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert sorted(r_[2] for r_ in rows[1:]) == ["a1b产业集群", "a1产业集群"]
    assert {r_[6] for r_ in rows[1:]} == {"20", "5"}


def test_export_late_xlsx(client, live) -> None:
    assert client.login(username="province", password=PASSWORD)
    r = client.get(reverse("review:late_export", args=[live.round.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert sorted(r_[2] for r_ in rows[1:]) == ["a1b产业集群", "a1产业集群"]
    assert client.get(reverse("review:late_export", args=[live.round.pk, "pdf"])).status_code == 404
