"""The Hubei demo province: key growth clusters assessed from their enterprise lists.

Creates Hubei with its 17 divisions and their counties, the 110 provincial key growth clusters of
2018 (distribution by city as published; real names where known, the others fictitious), one
park per county hosting clusters, the accounts (password demo2026), imports the `hubei-growth`
scheme, and runs the 2018 assessment: each cluster lists 5–30 above-size enterprises with their
2017 and 2018 figures (万元; generated, seeded), the totals feed P1–P4 and their last-year values,
three experts grade the eight work indicators, and the results are computed, approved and
published by the real actions. A 2019 round is then open, with the demo submitter's draft list.

As in the other province's demo, what people type or click between the lifecycle steps is written
as its end state (accepted submissions, submitted expert scores); the rounds, the totals (the
enterprises app's own aggregation) and the results go through the application's code.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from clustermon import scoring
from clustermon.accounts.models import Role, User
from clustermon.demo.applications import load_application_demo
from clustermon.demo.build import PASSWORD
from clustermon.demo.hubei_data import (
    ACCOUNTS,
    BRANDS,
    CITIES,
    CLUSTERS,
    DEFAULT_ENDINGS,
    EXPERTS,
    NAME_ENDINGS,
    WORK_TEXTS,
)
from clustermon.demo.places import SCHEME_PROVINCES, county_code, english_name
from clustermon.demo.values import expert_score, leaf_shares
from clustermon.enterprises.aggregate import Row, totals
from clustermon.enterprises.creditcode import with_check
from clustermon.enterprises.models import Enterprise, EnterpriseFigure
from clustermon.experts.models import Assignment, ExpertProfile, ExpertScore
from clustermon.frameworks.actions import import_scheme
from clustermon.registry.models import City, Cluster, County, Park, Province
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ResultSet
from clustermon.rounds.actions import create_round, set_deadline, transition
from clustermon.rounds.models import DeadlineLevel, Round, RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus

SCHEME = "hubei-growth"
PROVINCE = SCHEME_PROVINCES[SCHEME]
GROUP = "growth"
YEAR = 2018
TITLE = "{year}年度全省重点成长型产业集群考核"
SUBMITTER_CLUSTER = "江夏区高端装备制造产业集群"
# Deadlines of the 2018 assessment (the notice: materials to the province by 30 April 2019).
DEADLINES = {DeadlineLevel.SUBMITTER: (3, 31), DeadlineLevel.COUNTY: (4, 10), DeadlineLevel.CITY: (4, 30),
             DeadlineLevel.PROVINCE: (5, 31), DeadlineLevel.EXPERT: (6, 30)}
# Enterprises listed by two clusters of the same city (the reviewers' duplicate flag shows them).
SHARED = [("蔡甸区汽车零部件产业集群", "江夏区高端装备制造产业集群"),
          ("咸宁高新区军民结合产业集群", "咸宁市机电产业集群")]
FIELDS = ("sales", "employees", "investment", "taxes")
S = RoundStatus


@dataclass
class Firm:
    code: str
    name: str
    county: County
    years: dict[int, dict[str, str]] = field(default_factory=dict)  # year → field → figure text


@dataclass
class Master:
    province: Province
    cities: dict[str, City]
    counties: dict[str, County]
    clusters: list[Cluster]
    users: dict[str, User]


# ------------------------------------------------------------------------------------ places


def _english(name: str, pinyin: str) -> str:
    if name.endswith("林区"):
        return f"{pinyin.capitalize()} Forestry District"
    return english_name(name, pinyin)


def _park_name(county: County) -> str:
    base = county.name
    for suffix in ("林区", "区", "县", "市"):
        if base.endswith(suffix) and len(base) > len(suffix) + 1:
            base = base[: -len(suffix)]
            break
    return f"{base}经济开发区"


def build_master() -> Master:
    province = Province.objects.create(**PROVINCE)
    cities = {c.code: c for c in City.objects.bulk_create(
        City(province=province, code=pinyin, name=name, name_en=_english(name, pinyin))
        for name, pinyin, _division, _counties in CITIES)}
    counties = {c.code: c for c in County.objects.bulk_create(
        County(city=cities[city_pinyin], code=county_code(city_pinyin, pinyin), name=name,
               name_en=_english(name, pinyin))
        for _name, city_pinyin, _division, units in CITIES for name, pinyin, _code in units)}
    used = sorted({county_code(city, county) for city, county, *_ in CLUSTERS})
    parks = {p.county_id: p for p in Park.objects.bulk_create(
        Park(name=_park_name(counties[code]), county=counties[code], level=Park.Level.PROVINCIAL) for code in used)}
    clusters = []
    for i, (city, county, short, industry, year, real) in enumerate(CLUSTERS, start=1):
        place = counties[county_code(city, county)]
        clusters.append(Cluster(
            code=f"hb{i:03d}-{county}", name=f"{short}产业集群", province=province, county=place,
            kind=Cluster.Kind.GROWTH, level=Cluster.Level.PROVINCIAL, group=GROUP, leading_industry=industry,
            core_park=parks[place.pk], year_recognised=year, is_fictitious=not real))
    clusters = Cluster.objects.bulk_create(clusters)
    users = _accounts(province, cities, counties, {c.name: c for c in clusters})
    return Master(province, cities, counties, clusters, users)


def _accounts(province: Province, cities: dict[str, City], counties: dict[str, County],
              clusters: dict[str, Cluster]) -> dict[str, User]:
    password = make_password(PASSWORD)
    users = [User(username=username, first_name=name, role=role, province=province, password=password,
                  is_staff=role == Role.PROVINCE_ADMIN,
                  city=cities.get(scope) if role == Role.CITY_REVIEWER else None,
                  county=counties.get(scope) if role == Role.COUNTY_REVIEWER else None,
                  cluster=clusters.get(scope) if role == Role.SUBMITTER else None)
             for username, name, role, scope in ACCOUNTS]
    users += [User(username=username, first_name=name, role=Role.EXPERT, province=province, password=password)
              for username, name, *_ in EXPERTS]
    by_name = {u.username: u for u in User.objects.bulk_create(users)}
    ExpertProfile.objects.bulk_create(
        ExpertProfile(user=by_name[username], field=field_, industries=industries, home_city=cities[city],
                      employer=employer)
        for username, _name, field_, industries, city, employer in EXPERTS)
    return by_name


# ------------------------------------------------------------------------------- enterprises


def _endings(industry: str) -> tuple[str, ...]:
    for keywords, endings in NAME_ENDINGS:
        if any(k in industry for k in keywords):
            return endings
    return DEFAULT_ENDINGS


def _division(county: County) -> str:
    for _name, city, _code, units in CITIES:
        for _county, pinyin, code in units:
            if county.code == county_code(city, pinyin):
                return code
    return "420000"


def _money(x: float) -> str:
    return f"{max(x, 0.0):.2f}"


def firms_of(cluster: Cluster, strength: float, serial: int, rng: np.random.Generator) -> list[Firm]:
    """5–30 above-size firms with 2017 and 2018 figures; bigger and faster-growing when strong."""
    count = int(rng.integers(5, 31))
    short = cluster.county.name[:2] if len(cluster.county.name) > 2 else cluster.county.name
    endings = _endings(cluster.leading_industry)
    division = _division(cluster.county)
    names: set[str] = set()
    firms = []
    growth_mean = 0.04 + 0.14 * strength
    for k in range(count):
        while True:
            name = f"{short}{BRANDS[int(rng.integers(len(BRANDS)))]}{endings[int(rng.integers(len(endings)))]}"
            if name not in names:
                names.add(name)
                break
        # The organisation part starts with "DM": demo codes, unlikely to be anybody's real code.
        code = with_check(f"91{division}DM{serial:03d}{k:04d}")
        sales0 = float(np.clip(rng.lognormal(math.log(12000 + 45000 * strength), 0.8), 2000, 2000000))
        g = float(np.clip(rng.normal(growth_mean, 0.09), -0.35, 0.9))
        staff0 = max(20, round(sales0 / rng.uniform(60, 160)))
        staff_g = float(np.clip(0.5 * g + rng.normal(0.01, 0.03), -0.3, 0.6))
        invest0 = sales0 * rng.uniform(0.03, 0.16)
        invest_g = float(np.clip(rng.normal(0.08 + 0.15 * strength, 0.3), -0.75, 1.6))
        tax0 = sales0 * rng.uniform(0.015, 0.05)
        tax_g = g + float(rng.normal(0, 0.05))
        figures = {
            2017: {"sales": _money(sales0), "employees": str(staff0), "investment": _money(invest0),
                   "taxes": _money(tax0)},
            2018: {"sales": _money(sales0 * (1 + g)), "employees": str(max(10, round(staff0 * (1 + staff_g)))),
                   "investment": _money(invest0 * (1 + invest_g)), "taxes": _money(tax0 * (1 + tax_g))},
        }
        firms.append(Firm(code, name, cluster.county, figures))
    return firms


def next_year(firm: Firm, strength: float, rng: np.random.Generator, year: int) -> None:
    """The firm's figures of `year` from the year before."""
    base = firm.years[year - 1]
    g = float(np.clip(rng.normal(0.02 + 0.12 * strength, 0.08), -0.3, 0.7))
    firm.years[year] = {
        "sales": _money(float(base["sales"]) * (1 + g)),
        "employees": str(max(10, round(int(base["employees"]) * (1 + 0.4 * g)))),
        "investment": _money(float(base["investment"]) * (1 + float(rng.normal(0.08, 0.25)))),
        "taxes": _money(float(base["taxes"]) * (1 + g + float(rng.normal(0, 0.04)))),
    }


def _rows(firms: list[Firm], year: int) -> list[Row]:
    return [Row(f.code, f.name, f.years[year], f.years[year - 1]) for f in firms]


def _store_lists(subs: dict[int, Submission], lists: dict[int, list[Firm]], year: int,
                 province: Province) -> None:
    """The enterprises (one record per code in the province) and each submission's listing."""
    known = set(Enterprise.objects.filter(province=province).values_list("credit_code", flat=True))
    new: dict[str, Enterprise] = {}
    for firms in lists.values():
        for f in firms:
            if f.code not in known and f.code not in new:
                new[f.code] = Enterprise(province=province, credit_code=f.code, name=f.name, county=f.county)
    Enterprise.objects.bulk_create(new.values(), batch_size=1000)
    ids = dict(Enterprise.objects.filter(province=province).values_list("credit_code", "pk"))
    EnterpriseFigure.objects.bulk_create(
        (EnterpriseFigure(submission=subs[cid], enterprise_id=ids[f.code], position=i, current=f.years[year],
                          previous=f.years[year - 1])
         for cid, firms in lists.items() for i, f in enumerate(firms, start=1)), batch_size=1000)


# ------------------------------------------------------------------------------------ rounds


def _narratives(cluster: Cluster, strength: float, rng: np.random.Generator) -> dict[str, str]:
    short = cluster.name.removesuffix("产业集群")
    out = {}
    for code, (good, plain) in WORK_TEXTS.items():
        text = good if strength + rng.normal(0, 0.12) > 0.55 else plain
        out[code] = text.format(county=cluster.county.name, short=short, n=int(rng.integers(2, 9)),
                                m=int(rng.integers(3, 30)) * 100)
    return out


def _framework(round_: Round) -> scoring.Framework:
    return round_.frameworks.select_related("framework_version").get(group=GROUP).framework_version.framework


def run_assessment(master: Master, scheme: object, admin: User, rng: np.random.Generator
                   ) -> tuple[Round, ResultSet, dict[int, list[Firm]], dict[int, float]]:
    round_ = create_round(scheme, YEAR, by=admin, title=TITLE.format(year=YEAR))
    for level, (month, day) in DEADLINES.items():
        set_deadline(round_, level, dt.date(YEAR + 1, month, day), by=admin)
    transition(round_, S.OPEN, by=admin)
    framework = _framework(round_)
    spec = framework.enterprise_data
    clusters = [c for c in master.clusters if c.is_monitored_in(YEAR)]
    strength = {c.pk: float(rng.uniform(0.55, 0.95) if not c.is_fictitious else rng.uniform(0.3, 0.9))
                for c in clusters}
    lists = {c.pk: firms_of(c, strength[c.pk], i, rng) for i, c in enumerate(clusters, start=1)}
    by_name = {c.name: c for c in clusters}
    for lender, borrower in SHARED:
        lists[by_name[borrower].pk].append(lists[by_name[lender].pk][0])
    submitted = timezone.make_aware(dt.datetime(YEAR + 1, 3, 25, 10, 0))
    subs = Submission.objects.bulk_create(
        Submission(round=round_, cluster=c, group=GROUP, status=SubmissionStatus.ACCEPTED,
                   values=totals(spec, _rows(lists[c.pk], YEAR)), narratives=_narratives(c, strength[c.pk], rng),
                   submitted_at=submitted)
        for c in clusters)
    _store_lists({s.cluster_id: s for s in subs}, lists, YEAR, master.province)
    transition(round_, S.REVIEW, by=admin)
    transition(round_, S.EXPERT_REVIEW, by=admin)
    _expert_review(master, round_, framework, clusters, strength, rng)
    transition(round_, S.SCORING, by=admin)
    result_set = compute_round(round_, by=admin)
    approve_result_set(result_set, by=admin)
    publish_round(round_, by=admin)
    return round_, result_set, lists, strength


def _expert_review(master: Master, round_: Round, framework: scoring.Framework, clusters: list[Cluster],
                   strength: dict[int, float], rng: np.random.Generator) -> None:
    experts = [master.users[username] for username, *_ in EXPERTS]
    leaves = [leaf for leaf in framework.leaves() if scoring.METHODS[leaf.method].experts]
    shares = {c.pk: leaf_shares(strength[c.pk], leaves, rng) for c in clusters}
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, cluster=c, expert=e, assigned_at=now, opened_at=now, submitted_at=now)
        for c in clusters for e in experts)
    ExpertScore.objects.bulk_create(
        (ExpertScore(assignment=a, indicator=leaf.code, score=expert_score(leaf, shares[a.cluster_id][leaf.code], rng))
         for a in assignments for leaf in leaves), batch_size=2000)


def open_next_year(master: Master, scheme: object, admin: User, lists: dict[int, list[Firm]],
                   strength: dict[int, float], rng: np.random.Generator) -> Round:
    """The 2019 round open for submission (deadlines ahead of today), with the demo submitter's draft:
    last year's list carried over with this year's figures, ready for the narratives and submission."""
    year = YEAR + 1
    round_ = create_round(scheme, year, by=admin, title=TITLE.format(year=year))
    today = timezone.localdate()
    for i, level in enumerate(DEADLINES, start=1):
        set_deadline(round_, level, today + dt.timedelta(days=30 + 15 * i), by=admin)
    transition(round_, S.OPEN, by=admin)
    cluster = master.users["hubei-cluster"].cluster
    firms = lists[cluster.pk]
    for f in firms:
        next_year(f, strength[cluster.pk], rng, year)
    spec = _framework(round_).enterprise_data
    draft = Submission.objects.create(round=round_, cluster=cluster, group=GROUP, status=SubmissionStatus.DRAFT,
                                      values=totals(spec, _rows(firms, year)))
    _store_lists({cluster.pk: draft}, {cluster.pk: firms}, year, master.province)
    return round_


def load(seed: int) -> list[str]:
    """Load the province; a summary for the command's output."""
    rng = np.random.default_rng(seed + 4200)
    master = build_master()
    admin = master.users["hubei-admin"]
    scheme = import_scheme(SCHEME, by=admin, province=master.province)
    round_, result_set, lists, strength = run_assessment(master, scheme, admin, rng)
    open_next_year(master, scheme, admin, lists, strength, rng)
    applications = load_application_demo(master.province)
    firms = sum(len(v) for v in lists.values())
    return [
        f"{len(master.cities)} divisions, {len(master.counties)} counties, {len(master.clusters)} clusters",
        f"{len(master.users)} accounts (password {PASSWORD})",
        f"round {round_.year} published ({result_set.results.count()} results from {firms} enterprise listings)",
        f"round {round_.year + 1} open with the demo submitter's draft",
        applications,
    ]
