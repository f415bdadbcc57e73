"""Shared test personas: a small province with two cities, three counties and one user per role."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "test-pass-2026"
LOCALE = Path(__file__).resolve().parents[1] / "src" / "clustermon" / "locale"


@pytest.fixture(scope="session", autouse=True)
def compiled_messages() -> None:
    """Chinese needs the compiled catalogue: `make test` builds it, and so does a plain `pytest`."""
    po = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "compile", "--use-fuzzy",
                        "-d", str(LOCALE), "-D", "django"], check=True)
        from django.utils.translation import trans_real

        trans_real._translations.clear()  # catalogues loaded before the compile are stale


@dataclass
class World:
    province: object
    other_province: object
    cities: dict
    counties: dict
    clusters: dict
    users: dict


@pytest.fixture
def world(db, django_user_model) -> World:
    """Province P with cities A (counties A1, A2) and B (county B1); an outsider province Q.

    Clusters: a1 and a1b in county A1, a2 in A2, b1 in B1 (all in group `provincial_amc`), and q1 in
    province Q. Users: admin, province, city_a, county_a1, submitter_a1 (cluster a1), expert, and
    outsider (a province reviewer of Q).
    """
    from clustermon.accounts.models import Role
    from clustermon.registry.models import City, Cluster, County, Province

    p = Province.objects.create(code="p", name="测试省", name_en="Test province")
    q = Province.objects.create(code="q", name="外省", name_en="Other province")
    cities = {
        "A": City.objects.create(province=p, code="a", name="甲市"),
        "B": City.objects.create(province=p, code="b", name="乙市"),
        "Q": City.objects.create(province=q, code="qc", name="外市"),
    }
    counties = {
        "A1": County.objects.create(city=cities["A"], code="a1", name="甲一县"),
        "A2": County.objects.create(city=cities["A"], code="a2", name="甲二县"),
        "B1": County.objects.create(city=cities["B"], code="b1", name="乙一县"),
        "Q1": County.objects.create(city=cities["Q"], code="q1", name="外一县"),
    }

    def cluster(code: str, county: str, province=p) -> Cluster:
        return Cluster.objects.create(
            code=code, name=f"{code}产业集群", province=province, county=counties[county], kind="amc",
            level="provincial", group="provincial_amc", leading_industry="装备制造", year_recognised=2020,
        )

    clusters = {
        "a1": cluster("a1", "A1"), "a1b": cluster("a1b", "A1"), "a2": cluster("a2", "A2"),
        "b1": cluster("b1", "B1"), "q1": cluster("q1", "Q1", province=q),
    }

    def user(name: str, role: str, province=p, **scope) -> object:
        return django_user_model.objects.create_user(
            username=name, password=PASSWORD, role=role, province=province, **scope
        )

    users = {
        "admin": user("admin", Role.PROVINCE_ADMIN),
        "province": user("province", Role.PROVINCE_REVIEWER),
        "city_a": user("city_a", Role.CITY_REVIEWER, city=cities["A"]),
        "county_a1": user("county_a1", Role.COUNTY_REVIEWER, county=counties["A1"]),
        "submitter_a1": user("submitter_a1", Role.SUBMITTER, cluster=clusters["a1"]),
        "expert": user("expert", Role.EXPERT),
        "outsider": user("outsider", Role.PROVINCE_REVIEWER, province=q),
    }
    return World(p, q, cities, counties, clusters, users)
