"""The data summary table (.xlsx): per city and for the whole province, totals computed by hand."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clustermon.accounts.models import Role, User
from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.registry.models import Cluster
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db


def entry(n: int, sales: tuple[str, str], employees: tuple[str, str]) -> Entry:
    return Entry(code(n), f"企业{n}", None, {"sales": sales[0], "employees": employees[0]},
                 {"sales": sales[1], "employees": employees[1]})


@pytest.fixture
def listed(ent):  # noqa: ANN001, ANN201
    """a1: 2 firms, a1b: 1 firm (both city A), b1: 1 firm (city B)."""
    def submitter(key: str) -> User:
        if key == "a1":
            return ent.users["submitter_a1"]
        return User.objects.create_user(username=f"s-{key}", password="x", role=Role.SUBMITTER,
                                        province=ent.world.province, cluster=ent.world.clusters[key])

    actions.replace_rows(ent.subs["a1"], [entry(1, ("1200", "1000"), ("100", "90")),
                                          entry(2, ("800.5", "700"), ("50", "50"))], by=submitter("a1"))
    actions.replace_rows(ent.subs["a1b"], [entry(3, ("300", "200"), ("30", "20"))], by=submitter("a1b"))
    actions.replace_rows(ent.subs["b1"], [entry(4, ("50", "100"), ("5", "10"))], by=submitter("b1"))
    return ent


def sheet(client, url: str):  # noqa: ANN001, ANN201
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def rows(ws) -> list[list]:  # noqa: ANN001
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def test_the_province_table_has_city_subtotals_and_the_total(client, listed) -> None:
    client.force_login(listed.users["province"])
    ws = sheet(client, reverse("enterprises:summary", args=[listed.round.pk]))
    assert ws.freeze_panes == "E4"
    assert ws.cell(row=3, column=4).value in ("集群", "Cluster")
    data = rows(ws)
    # columns: no, city, county, cluster, status, enterprises, incomplete, then per field
    # (this year, last year, increase, growth): sales H–K, employees L–O.
    assert [r[3] for r in data] == ["a1产业集群", "a1b产业集群", "甲市小计", "b1产业集群", "乙市小计", "合计"]
    a1, a1b, city_a, b1, city_b, total = data
    assert a1[5:11] == [2, 0, 2000.5, 1700, 300.5, pytest.approx(300.5 / 1700)]
    assert a1[11:15] == [150, 140, 10, pytest.approx(10 / 140)]
    assert city_a[5:10] == [3, 0, 2300.5, 1900, 400.5]             # a1 + a1b
    assert b1[7:10] == [50, 100, -50] and b1[10] == pytest.approx(-0.5)
    assert total[5:10] == [4, 0, 2350.5, 2000, 350.5]               # all four firms
    assert total[11:14] == [185, 170, 15]
    assert ws.cell(row=4, column=8).number_format == "#,##0.00"
    assert ws.cell(row=4, column=12).number_format == "#,##0"
    assert ws.cell(row=4, column=11).number_format == "0.0%"


def test_a_city_table_holds_that_city_only(client, listed) -> None:
    city_a = listed.world.cities["A"]
    for name in ("province", "city_a"):
        client.force_login(listed.users[name])
        data = rows(sheet(client, reverse("enterprises:city_summary", args=[listed.round.pk, city_a.pk])))
        assert [r[3] for r in data] == ["a1产业集群", "a1b产业集群", "合计"]
        assert data[-1][7:10] == [2300.5, 1900, 400.5]
    city_b = listed.world.cities["B"]
    assert client.get(reverse("enterprises:city_summary", args=[listed.round.pk, city_b.pk])).status_code == 404


def test_a_reviewer_gets_the_table_of_their_own_area(client, listed) -> None:
    client.force_login(listed.users["county_a1"])
    data = rows(sheet(client, reverse("enterprises:summary", args=[listed.round.pk])))
    assert [r[3] for r in data] == ["a1产业集群", "a1b产业集群", "合计"]


def test_text_is_never_taken_for_a_formula(client, listed) -> None:
    Cluster.objects.filter(code="a1").update(name='=HYPERLINK("http://evil","点我")')
    client.force_login(listed.users["province"])
    ws = sheet(client, reverse("enterprises:summary", args=[listed.round.pk]))
    cell = ws.cell(row=4, column=4)
    assert cell.value == '=HYPERLINK("http://evil","点我")' and cell.data_type == "s"


def test_who_gets_the_table(client, listed) -> None:
    url = reverse("enterprises:summary", args=[listed.round.pk])
    for name, status in (("submitter_a1", 404), ("expert", 404), ("outsider", 404), ("admin", 200)):
        client.force_login(listed.users[name])
        assert client.get(url).status_code == status, name
    assert client.post(url).status_code == 405


def test_the_table_costs_a_fixed_number_of_queries(client, listed, django_assert_max_num_queries) -> None:
    client.force_login(listed.users["province"])
    with django_assert_max_num_queries(12):
        client.get(reverse("enterprises:summary", args=[listed.round.pk]))
