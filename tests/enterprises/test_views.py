"""The enterprise pages: the list, adding and editing rows, the index and the flags page.

The standard cases each time: works, wrong scope 404, wrong method 405, anonymous to login.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.submissions.models import Submission
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db


def add_data(sub: Submission, **extra) -> dict:  # noqa: ANN003
    data = {"version": str(Submission.objects.get(pk=sub.pk).version), "credit_code": code(1),
            "name": "甲机械有限公司", "county": "", "c-sales": "1,200", "p-sales": "1000", "c-employees": "100",
            "p-employees": "90"}
    data.update(extra)
    return data


def test_the_submitter_adds_an_enterprise_on_the_page(ent, client) -> None:
    sub = ent.subs["a1"]
    client.force_login(ent.users["submitter_a1"])
    page = client.get(reverse("enterprises:list", args=[sub.pk]))
    assert page.status_code == 200 and 'name="credit_code"' in page.content.decode()
    response = client.post(reverse("enterprises:list", args=[sub.pk]), add_data(sub))
    assert response.status_code == 302
    assert Submission.objects.get(pk=sub.pk).values == {"P1": "1200", "P1@prev": "1000", "P2": "100",
                                                        "P2@prev": "90"}
    html = client.get(reverse("enterprises:list", args=[sub.pk])).content.decode()
    assert "甲机械有限公司" in html and code(1) in html and "1,200" in html


def test_problems_are_shown_next_to_the_inputs_and_nothing_is_stored(ent, client) -> None:
    sub = ent.subs["a1"]
    client.force_login(ent.users["submitter_a1"])
    response = client.post(reverse("enterprises:list", args=[sub.pk]),
                           add_data(sub, credit_code="91420115DM0000000", **{"c-employees": "1.5"}))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"credit_code", "c-employees"}
    assert not EnterpriseFigure.objects.exists()


def test_editing_and_removing_a_row(ent, client) -> None:
    sub = ent.subs["a1"]
    figure = actions.save_row(sub, Entry(code(1), "甲", None, {"sales": "1"}, {"sales": "1"}),
                              by=ent.users["submitter_a1"])
    client.force_login(ent.users["submitter_a1"])
    url = reverse("enterprises:row", args=[sub.pk, figure.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, add_data(sub, name="甲机械股份有限公司")).status_code == 302
    assert EnterpriseFigure.objects.get().enterprise.name == "甲机械股份有限公司"
    remove = reverse("enterprises:remove", args=[sub.pk, figure.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove, {"version": str(Submission.objects.get(pk=sub.pk).version)}).status_code == 302
    assert not EnterpriseFigure.objects.exists()


def test_a_row_of_another_submission_is_404(ent, client) -> None:
    from clustermon.accounts.models import Role, User

    other = User.objects.create_user(username="s-b1", password="x", role=Role.SUBMITTER,
                                     province=ent.world.province, cluster=ent.world.clusters["b1"])
    figure = actions.save_row(ent.subs["b1"], Entry(code(5), "乙", None, {}, {}), by=other)
    client.force_login(ent.users["submitter_a1"])
    assert client.get(reverse("enterprises:row", args=[ent.subs["a1"].pk, figure.pk])).status_code == 404
    assert client.get(reverse("enterprises:row", args=[ent.subs["b1"].pk, figure.pk])).status_code == 404


def test_reviewers_read_the_list_but_cannot_change_it(ent, client) -> None:
    sub = ent.subs["a1"]
    actions.save_row(sub, Entry(code(1), "甲", None, {"sales": "1"}, {"sales": "1"}), by=ent.users["submitter_a1"])
    for name in ("admin", "province", "city_a", "county_a1"):
        client.force_login(ent.users[name])
        page = client.get(reverse("enterprises:list", args=[sub.pk]))
        assert page.status_code == 200 and 'name="credit_code"' not in page.content.decode()
        assert client.post(reverse("enterprises:list", args=[sub.pk]), add_data(sub)).status_code == 302
    assert EnterpriseFigure.objects.count() == 1
    for name in ("expert", "outsider"):
        client.force_login(ent.users[name])
        assert client.get(reverse("enterprises:list", args=[sub.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("enterprises:list", args=[sub.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_submission_whose_round_asks_no_list_is_404(world, client) -> None:
    from tests.review.factories import make_round, make_submission

    round_ = make_round(world, status="open")
    sub = make_submission(round_, world.clusters["a1"], "draft")
    client.force_login(world.users["submitter_a1"])
    assert client.get(reverse("enterprises:list", args=[sub.pk])).status_code == 404
    assert client.get(reverse("enterprises:template", args=[sub.pk])).status_code == 404


def test_the_list_page_costs_a_fixed_number_of_queries(ent, client, django_assert_max_num_queries) -> None:
    sub = ent.subs["a1"]
    actions.replace_rows(sub, [Entry(code(i), f"企业{i}", None, {"sales": "10", "employees": "1"},
                                     {"sales": "9", "employees": "1"}) for i in range(1, 40)],
                         by=ent.users["submitter_a1"])
    client.force_login(ent.users["submitter_a1"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("enterprises:list", args=[sub.pk])).status_code == 200


def test_the_index_lists_the_rounds_with_enterprise_lists(ent, client, world) -> None:
    from tests.review.factories import make_round

    make_round(world, year=2030, status="open")  # asks no list: not shown
    client.force_login(ent.users["submitter_a1"])
    html = client.get(reverse("enterprises:index")).content.decode()
    assert "2026年度集群考核" in html and "2030年度监测" not in html
    assert reverse("enterprises:list", args=[ent.subs["a1"].pk]) in html
    client.force_login(ent.users["province"])
    html = client.get(reverse("enterprises:index")).content.decode()
    assert reverse("enterprises:summary", args=[ent.round.pk]) in html
    assert reverse("enterprises:city_summary", args=[ent.round.pk, world.cities["B"].pk]) in html
    client.force_login(ent.users["outsider"])
    assert "2026年度集群考核" not in client.get(reverse("enterprises:index")).content.decode()


def test_the_flags_page_lists_the_reviewers_area(ent, client) -> None:
    from clustermon.accounts.models import Role, User

    other = User.objects.create_user(username="s-b1", password="x", role=Role.SUBMITTER,
                                     province=ent.world.province, cluster=ent.world.clusters["b1"])
    actions.save_row(ent.subs["a1"], Entry(code(2), "同一企业", None, {}, {}), by=ent.users["submitter_a1"])
    actions.save_row(ent.subs["b1"], Entry(code(2), "同一企业", None, {}, {}), by=other)
    url = reverse("enterprises:flags", args=[ent.round.pk])
    client.force_login(ent.users["city_a"])
    html = client.get(url).content.decode()
    assert "a1产业集群" in html and "b1产业集群" not in html
    client.force_login(ent.users["province"])
    html = client.get(url).content.decode()
    assert "a1产业集群" in html and "b1产业集群" in html
    for name, status in (("submitter_a1", 404), ("expert", 404), ("outsider", 404)):
        client.force_login(ent.users[name])
        assert client.get(url).status_code == status
