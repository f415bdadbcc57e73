"""The province-wide registers of stars (星级产业集群名单) and labels (金/银/铜标促进组织名单)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from clustermon.registry.models import PromotionOrganisation
from clustermon.results.registers import Filters, cell_text, entries
from tests.conftest import PASSWORD
from tests.results.conftest import fill_year, make_round, run_to_publication


def url(**query) -> str:
    return reverse("results:registers") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_star_register(world, two_years) -> None:
    rows = entries(world.province.pk, "stars")
    assert [(e.year, e.cluster, e.stars) for e in rows] == [(2025, "a1产业集群", 3), (2025, "a2产业集群", 2)]
    assert all(e.awarded == timezone.localdate() and e.valid_until is None for e in rows)


def test_the_label_register(world, two_years) -> None:
    org = PromotionOrganisation.objects.create(name="a1集群促进会", county=world.counties["A1"])
    world.clusters["a1"].promotion_organisation = org
    world.clusters["a1"].save()
    rows = entries(world.province.pk, "labels")
    assert [(e.year, e.organisation, e.cluster, e.label) for e in rows] == [
        (2025, "a1集群促进会", "a1产业集群", "bronze")]


def test_filters(world, two_years) -> None:
    pid = world.province.pk
    assert [e.cluster for e in entries(pid, "stars", Filters(stars=2))] == ["a2产业集群"]
    assert entries(pid, "stars", Filters(city="b")) == []
    assert len(entries(pid, "stars", Filters(city="a", year=2025))) == 2
    assert entries(pid, "stars", Filters(year=2024)) == []  # the first year has no stars
    assert entries(pid, "labels", Filters(label="gold")) == []


def test_the_next_publication_ends_validity(world, two_years) -> None:
    following = make_round(two_years.scheme, two_years.version, 2026, "scoring")
    fill_year(world, following)
    run_to_publication(world, following)
    rows = entries(world.province.pk, "stars", Filters(year=2025))
    assert {e.valid_until for e in rows} == {timezone.localdate()}
    assert not any(e.in_force for e in rows)


def test_everyone_in_the_province_sees_the_page(client, world, two_years) -> None:
    for who in ("admin", "city_a", "county_a1", "submitter_a1", "expert"):
        assert client.login(username=who, password=PASSWORD)
        page = text(client.get(url()))
        assert "星级产业集群名单" in page and "b1" not in page, who
        assert "a1产业集群" in page and "★★★" in page and "至下一年度监测结果发布" in page, who
    assert client.login(username="submitter_a1", password=PASSWORD)
    page = text(client.get(url(list="labels")))
    assert "铜标" in page and "a1产业集群" in page and "a2产业集群" not in page
    assert client.login(username="outsider", password=PASSWORD)
    assert "a1产业集群" not in text(client.get(url()))  # another province's register is its own


def test_unpublished_results_are_not_in_the_register(client, world, two_years) -> None:
    from clustermon.results.actions import reopen_results

    reopen_results(two_years.rounds[2025], by=world.users["admin"], reason="复核")
    assert len(entries(world.province.pk, "stars")) == 2  # the published version stays in force


def test_csv_export_cannot_run_formulas(client, world, two_years) -> None:
    cluster = world.clusters["a1"]
    cluster.name = "=HYPERLINK(\"http://x\",\"a1\")"
    cluster.save()
    assert client.login(username="city_a", password=PASSWORD)
    response = client.get(reverse("results:registers_export", args=["csv"]) + "?list=stars")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["年度", "集群", "市州"]
    by_name = {row[1]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://x\",\"a1\")" in by_name
    assert by_name["a2产业集群"][5] == "2" and by_name["a2产业集群"][7] == "至下一年度监测结果发布"


def test_xlsx_export_keeps_text_as_text(client, world, two_years) -> None:
    cluster = world.clusters["a2"]
    cluster.name = "@SUM(1+1)"
    cluster.save()
    assert client.login(username="expert", password=PASSWORD)
    response = client.get(reverse("results:registers_export", args=["xlsx"]) + "?list=stars&stars=2")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:2] == [2025, "'@SUM(1+1)"] and values[1][5] == 2
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert len(values) == 2


@pytest.mark.parametrize(("raw", "shown"), [("=1+1", "'=1+1"), ("+86", "'+86"), ("-3", "'-3"), ("@A1", "'@A1"),
                                            ("长沙", "长沙"), ("", "")])
def test_cell_text(raw, shown) -> None:
    assert cell_text(raw) == shown


def test_an_unknown_format_is_missing(client, world) -> None:
    assert client.login(username="city_a", password=PASSWORD)
    assert client.get(reverse("results:registers_export", args=["pdf"])).status_code == 404


def test_wrong_method_and_anonymous(client, world) -> None:
    response = client.get(url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.login(username="city_a", password=PASSWORD)
    assert client.post(url()).status_code == 405


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_is_constant(client, world, two_years, extra, django_assert_max_num_queries) -> None:
    from tests.results.conftest import add_result_rows

    add_result_rows(world, two_years.rounds[2025].result_sets.get(), extra)  # one star each
    assert client.login(username="city_a", password=PASSWORD)
    with django_assert_max_num_queries(10):
        response = client.get(url())
    assert text(response).count("★") >= 5 + extra
