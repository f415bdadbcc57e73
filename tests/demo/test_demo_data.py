"""`clustermon demo-data`: the Hunan demo province, its accounts and three rounds."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from clustermon.accounts.models import Role, User
from clustermon.registry.models import City, Cluster, County, Park, PromotionOrganisation, Province
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round
from clustermon.submissions.models import Submission

ACCOUNTS = {
    "admin": Role.PROVINCE_ADMIN, "province": Role.PROVINCE_REVIEWER, "changsha": Role.CITY_REVIEWER,
    "zhuzhou": Role.CITY_REVIEWER, "liuyang": Role.COUNTY_REVIEWER, "cluster-demo": Role.SUBMITTER,
    **{f"expert0{i}": Role.EXPERT for i in range(1, 6)},
}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(*args: str) -> str:
    """The Hunan demo alone (`demo-data` loads every demo province; the other one is tested in
    tests/enterprises/test_demo.py)."""
    out = StringIO()
    call_command("demo-data", "--province", "hunan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_hunan(client) -> None:
    started = time.perf_counter()
    summary = load("--seed", "2026")
    assert time.perf_counter() - started < 60
    assert "64 clusters" in summary

    hunan = Province.objects.get(code="hunan")
    assert hunan.name == "湖南省"
    assert City.objects.filter(province=hunan).count() == 14
    assert County.objects.filter(city__province=hunan).count() >= 100
    assert Cluster.objects.count() >= 60
    assert set(Cluster.objects.values_list("group", flat=True)) == {
        "national_amc", "national_sme", "provincial_amc", "provincial_sme", "provincial_amc_cultivation",
        "provincial_sme_cultivation"}
    liuyang = Cluster.objects.filter(county__name="浏阳市", county__city__name="长沙市")
    assert liuyang.count() >= 2 and liuyang.filter(name="浏阳市生物医药产业集群", is_fictitious=False).exists()
    assert Cluster.objects.filter(is_fictitious=True).exists()
    assert Cluster.objects.filter(is_fictitious=False, name="株洲市先进轨道交通装备集群").exists()
    assert Park.objects.exists() and PromotionOrganisation.objects.count() == Cluster.objects.count()
    assert not Cluster.objects.filter(core_park=None).exists()

    users = {u.username: u for u in User.objects.all()}
    assert {name: users[name].role for name in ACCOUNTS} == ACCOUNTS
    assert all(users[name].first_name for name in ACCOUNTS)
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert users["liuyang"].county.name == "浏阳市"
    assert users["cluster-demo"].cluster.name == "浏阳市生物医药产业集群"
    assert users["changsha"].city.name == "长沙市" and users["zhuzhou"].city.name == "株洲市"
    for name in ("admin", "liuyang", "cluster-demo", "expert05"):
        assert client.login(username=name, password="demo2026"), name
    assert client.get("/admin/").status_code == 302  # expert05 is not let into the back office

    rounds = {r.year: r for r in Round.objects.all()}
    assert {year: r.status for year, r in rounds.items()} == {2024: "published", 2025: "published", 2026: "open"}
    latest = ResultSet.objects.get(round=rounds[2025], status="approved")
    rows = ClusterResult.objects.filter(result_set=latest)
    assert rows.filter(stars__gt=0).exists() and rows.exclude(label="none").exists()
    assert set(rows.values_list("grade", flat=True)) >= {"excellent", "good", "qualified"}
    assert not ClusterResult.objects.filter(result_set__round=rounds[2024], stars__gt=0).exists()
    drafts = Submission.objects.filter(round=rounds[2026])
    assert drafts.exists() and set(drafts.values_list("status", flat=True)) == {"draft"}
    assert drafts.filter(cluster=users["cluster-demo"].cluster).exists()
    accepted = Submission.objects.filter(round=rounds[2025], status="accepted")
    assert accepted.count() == rows.count()


def snapshot(seed: str) -> tuple[dict, dict]:
    """Load with `seed` inside a rolled-back transaction; results and values keyed by cluster code."""
    with transaction.atomic():
        load("--seed", seed)
        results = {(year, code): (str(total), grade, stars, label) for year, code, total, grade, stars, label in
                   ClusterResult.objects.values_list("result_set__round__year", "cluster__code", "total", "grade",
                                                     "stars", "label")}
        values = dict(Submission.objects.filter(round__year=2025).values_list("cluster__code", "values"))
        transaction.set_rollback(True)
    return results, values


@pytest.mark.django_db
def test_it_is_deterministic_for_a_seed() -> None:
    first, second = snapshot("7"), snapshot("7")
    assert first == second
    assert len(first[0]) == 53 + 62  # 2024: clusters recognised by 2023; 2025: by 2024


@pytest.mark.django_db
def test_rerunning_with_if_empty_is_a_fast_no_op() -> None:
    load()
    counts = (Cluster.objects.count(), User.objects.count(), ResultSet.objects.count())
    started = time.perf_counter()
    out = load("--if-empty")
    assert time.perf_counter() - started < 1
    assert "nothing to do" in out
    assert (Cluster.objects.count(), User.objects.count(), ResultSet.objects.count()) == counts
    with pytest.raises(CommandError):  # without --if-empty a loaded database is refused
        load()
