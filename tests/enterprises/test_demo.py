"""`clustermon demo-data` loads both provinces; the growth-cluster province in detail."""

from __future__ import annotations

import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from clustermon.accounts.models import Role, User
from clustermon.demo.hubei_data import DISTRIBUTION
from clustermon.enterprises.flags import DUPLICATE, flags_for_round
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.registry.models import City, Cluster, County, Province
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round
from clustermon.submissions.models import Submission

pytestmark = pytest.mark.django_db

ACCOUNTS = {"hubei-admin": Role.PROVINCE_ADMIN, "wuhan": Role.CITY_REVIEWER, "jiangxia": Role.COUNTY_REVIEWER,
            "hubei-cluster": Role.SUBMITTER, **{f"hubei-expert0{i}": Role.EXPERT for i in (1, 2, 3)}}
DIVISIONS = {"武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市", "咸宁市",
             "随州市", "恩施土家族苗族自治州", "仙桃市", "潜江市", "天门市", "神农架林区"}


def test_both_provinces_load_in_under_a_minute(client) -> None:
    out = StringIO()
    started = time.perf_counter()
    call_command("demo-data", "--seed", "2026", stdout=out)
    assert time.perf_counter() - started < 60
    assert "(hunan)" in out.getvalue() and "(hubei)" in out.getvalue()
    hunan, hubei = Province.objects.get(code="hunan"), Province.objects.get(code="hubei")
    assert hubei.name == "湖北省"
    assert Cluster.objects.filter(province=hunan).count() == 64  # unchanged

    assert set(City.objects.filter(province=hubei).values_list("name", flat=True)) == DIVISIONS
    for name in ("仙桃市", "潜江市", "天门市", "神农架林区"):
        assert list(County.objects.filter(city__name=name).values_list("name", flat=True)) == [name]
    assert County.objects.filter(city__name="武汉市", name="江夏区").exists()
    clusters = Cluster.objects.filter(province=hubei)
    assert clusters.count() == 110 == sum(DISTRIBUTION.values())
    assert Counter(clusters.values_list("county__city__code", flat=True)) == DISTRIBUTION
    assert set(clusters.values_list("group", flat=True)) == {"growth"}
    real = set(clusters.filter(is_fictitious=False).values_list("name", flat=True))
    assert {"鄂州市金刚石刀具产业集群", "仙桃市无纺布产业集群", "江夏区高端装备制造产业集群", "崇阳县钒产业集群"} <= real
    assert clusters.filter(is_fictitious=True).count() > 60
    assert not clusters.filter(core_park=None).exists()

    users = {u.username: u for u in User.objects.filter(province=hubei)}
    assert {name: users[name].role for name in ACCOUNTS} == ACCOUNTS
    assert users["hubei-admin"].is_staff and not users["hubei-admin"].is_superuser
    assert users["wuhan"].city.name == "武汉市" and users["hubei-cluster"].cluster.name == "江夏区高端装备制造产业集群"
    for name in ("hubei-admin", "wuhan", "hubei-cluster", "hubei-expert03"):
        assert client.login(username=name, password="demo2026"), name

    rounds = {r.year: r for r in Round.objects.filter(scheme__province=hubei)}
    assert {y: r.status for y, r in rounds.items()} == {2018: "published", 2019: "open"}
    assessed = rounds[2018]
    rows = ClusterResult.objects.filter(result_set=ResultSet.objects.get(round=assessed, status="approved"))
    assert rows.count() == 110
    assert set(rows.values_list("grade", flat=True)) >= {"excellent", "good"}
    per_cluster = Counter(EnterpriseFigure.objects.filter(submission__round=assessed)
                          .values_list("submission_id", flat=True))
    assert len(per_cluster) == 110 and min(per_cluster.values()) >= 5 and max(per_cluster.values()) <= 31
    sample = Submission.objects.filter(round=assessed).first()
    assert {"P1", "P1@prev", "P2", "P2@prev", "P3", "P3@prev", "P4", "P4@prev"} <= set(sample.values)
    assert {"W1", "W8"} <= set(sample.narratives)
    # Two enterprises are listed by two clusters each: the reviewers see it.
    duplicates = [f for flags in flags_for_round(assessed).values() for f in flags if f.kind == DUPLICATE]
    assert len(duplicates) == 4
    draft = Submission.objects.get(round=rounds[2019], cluster=users["hubei-cluster"].cluster)
    assert draft.status == "draft" and draft.enterprise_figures.count() >= 5 and draft.values.get("P1")


def test_one_province_alone_and_if_empty() -> None:
    call_command("demo-data", "--province", "hubei", stdout=StringIO())
    assert not Province.objects.filter(code="hunan").exists()
    out = StringIO()
    call_command("demo-data", "--if-empty", "--province", "hubei", stdout=out)
    assert "nothing to do" in out.getvalue()
