"""The authorisation matrix: every URL pattern and every API operation, for every persona.

How it works
------------
- `url_patterns()` walks the project's URLconf (admin/ and i18n/ are Django's and left out; the
  API's operations are covered by `API_MATRIX` instead). A pattern without an entry in `MATRIX`
  fails `test_every_url_pattern_has_an_entry`; an API operation of /api/openapi.json without an
  entry in `API_MATRIX` fails `test_every_api_operation_has_an_entry`.
- An entry is one or more `Case`s: the method, how to build the URL's kwargs and the request data
  from the matrix world (`mw`), an optional `effect` (did the action happen?), and the expected
  outcome for each persona of `PERSONAS`. `expect(...)` forces every persona to be stated.
- `test_url_matrix` / `test_api_matrix` run each case for each persona on a fresh database.

Adding a URL: add its name to MATRIX with the outcome for each persona (objects: `matrix_world`;
add what your view needs there).

Outcomes
--------
OK         200
REDIRECT   302 anywhere (e.g. log out)
DONE       the action happened: 200/201/302 and `effect(mw)` is true
REFUSED    in scope but refused by a rule: 302 (web, with a message), 400, 403 or 409, and
           `effect(mw)` is false
LOGIN      anonymous web request sent to the login page
401/403/404/405   exactly that status (and `effect`, if any, is false)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clustermon.accounts.models import User
from clustermon.api.models import ApiToken
from clustermon.review.models import SiteCheck
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.conftest import PASSWORD
from tests.review.factories import make_round, make_submission, review_world

PERSONAS = ("admin", "province", "city_a", "county_a1", "submitter_a1", "expert", "outsider", "anonymous")

OK, REDIRECT, DONE, REFUSED, LOGIN = "ok", "redirect", "done", "refused", "login"
SKIPPED_PREFIXES = ("admin/", "i18n/")


# --- the world the matrix runs in -------------------------------------------------------------


@dataclass
class MatrixWorld:
    """`world` + a round under review (a1 at county, a1b draft, a2 at city, b1 at province) and an
    open round of the following year with a1's draft (`subs["draft"]`)."""

    world: Any
    round: Any
    open_round: Any
    subs: dict[str, Submission]
    extra: dict[str, Any] = field(default_factory=dict)  # objects other apps' entries need

    @property
    def users(self) -> dict[str, User]:
        return self.world.users


def matrix_world(world) -> MatrixWorld:  # noqa: ANN001
    rw = review_world(world)
    open_round = make_round(world, year=2027, status=RoundStatus.OPEN)
    subs = dict(rw.subs)
    subs["draft"] = make_submission(open_round, world.clusters["a1"], SubmissionStatus.DRAFT)
    return MatrixWorld(world, rw.round, open_round, subs)


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mw(world) -> MatrixWorld:
    return matrix_world(world)


# --- entries ------------------------------------------------------------------------------------

Kwargs = Callable[[MatrixWorld], Mapping[str, Any]]
Data = Callable[[MatrixWorld, str], Mapping[str, Any]]


@dataclass(frozen=True)
class Case:
    expect: Mapping[str, object]
    method: str = "GET"
    kwargs: Kwargs = lambda mw: {}  # noqa: E731
    data: Data | None = None
    effect: Callable[[MatrixWorld], bool] | None = None


def expect(default: object = None, *, anonymous: object = LOGIN, **per: object) -> dict[str, object]:
    """Outcomes for every persona: `default` unless named; a persona left without one is an error."""
    unknown = set(per) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    out = {p: per.get(p, default) for p in PERSONAS if p != "anonymous"}
    out["anonymous"] = anonymous
    missing = [p for p, v in out.items() if v is None]
    assert not missing, f"no expectation for {missing}"
    return out


def status_of(key: str, status: str) -> Callable[[MatrixWorld], bool]:
    return lambda mw: Submission.objects.get(pk=mw.subs[key].pk).status == status


def sub(key: str, name: str = "pk") -> Kwargs:
    return lambda mw: {name: mw.subs[key].pk}


def round_(name: str = "round_id") -> Kwargs:
    return lambda mw: {name: mw.round.pk}


REVIEWERS = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK}
a1_reviewers_refused = {"admin": REFUSED, "province": REFUSED, "city_a": REFUSED}

MATRIX: dict[str, tuple[Case, ...]] = {
    # --- project and web -------------------------------------------------------------------
    "login": (Case(expect(OK, anonymous=OK)),),
    "logout": (Case(expect(REDIRECT, anonymous=REDIRECT), method="POST"),),
    "home": (Case(expect(OK)),),
    "api:openapi-json": (Case(expect(OK, anonymous=OK)),),
    "api:openapi-view": (Case(expect(OK, anonymous=OK)),),
    "api:api-root": (Case(expect(404, anonymous=404)),),
    # --- review -----------------------------------------------------------------------------
    "review:index": (Case(expect(403, **REVIEWERS, outsider=OK)),),
    "review:queue": (Case(expect(403, **REVIEWERS, outsider=404), kwargs=round_()),),
    "review:bulk_pass": (Case(
        expect(403, **a1_reviewers_refused, county_a1=DONE, outsider=404), method="POST", kwargs=round_(),
        data=lambda mw, p: {"pick": f"{mw.subs['a1'].pk}:1"}, effect=status_of("a1", "at_city"),
    ),),
    "review:progress": (Case(expect(403, admin=OK, province=OK, city_a=OK, outsider=404), kwargs=round_()),),
    "review:late_export": (Case(expect(403, admin=OK, province=OK, city_a=OK, outsider=404),
                                kwargs=lambda mw: {"round_id": mw.round.pk, "fmt": "csv"}),),
    "review:submission": (Case(expect(404, **REVIEWERS, submitter_a1=OK), kwargs=sub("a1")),),
    "review:pass": (Case(
        expect(404, **a1_reviewers_refused, county_a1=DONE, submitter_a1=REFUSED), method="POST",
        kwargs=sub("a1"), data=lambda mw, p: {"version": "1"}, effect=status_of("a1", "at_city"),
    ),),
    "review:return": (Case(
        expect(404, **a1_reviewers_refused, county_a1=DONE, submitter_a1=REFUSED), method="POST",
        kwargs=sub("a1"), data=lambda mw, p: {"version": "1", "reason": "请核实", "comment:D1.1": "口径"},
        effect=status_of("a1", "returned"),
    ),),
    "review:site_check": (
        Case(expect(404, admin=OK, province=OK), kwargs=sub("b1")),
        Case(expect(404, admin=DONE, province=DONE), method="POST", kwargs=sub("b1"),
             data=lambda mw, p: {"date": "2026-03-02", "inspectors": "张三", "findings": "属实", "version": "1",
                                 "c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0", "c-0-indicator": "D1.1",
                                 "c-0-corrected_value": "40", "c-0-reason": "以税务数据为准"},
             effect=lambda mw: SiteCheck.objects.exists()),
        Case(expect(404, admin=403, province=403, city_a=403, county_a1=403, submitter_a1=403),
             kwargs=sub("a1")),  # a1 has not reached the province
    ),
    # --- results and the cluster page (the matrix round is under review: nothing to compute) ----
    "results:round": (Case(expect(OK, outsider=404), kwargs=round_()),),
    "results:compute": (Case(
        expect(403, admin=REFUSED, outsider=404), method="POST", kwargs=round_(),
        effect=lambda mw: mw.round.result_sets.exists(),
    ),),
    "results:approve": (Case(
        expect(403, admin=404, outsider=404), method="POST",
        kwargs=lambda mw: {"round_id": mw.round.pk, "number": 1},
    ),),
    "results:publish": (Case(
        expect(403, admin=REFUSED, outsider=404), method="POST", kwargs=round_(),
        effect=lambda mw: type(mw.round).objects.get(pk=mw.round.pk).status == RoundStatus.PUBLISHED,
    ),),
    "registry:cluster": (Case(expect(OK, expert=404, outsider=404),
                              kwargs=lambda mw: {"pk": mw.world.clusters["a1"].pk}),),
    # --- submissions: data entry, evidence, Excel, outliers (a1's draft in the open round) --------
    "submissions:index": (Case(expect(OK)),),
    "submissions:start": (Case(expect(404, submitter_a1=REDIRECT), method="POST",
                               kwargs=lambda mw: {"round_id": mw.open_round.pk}),),
    "submissions:entry": (
        Case(expect(OK, expert=404, outsider=404), kwargs=sub("draft")),
        Case(expect(REFUSED, submitter_a1=DONE, expert=404, outsider=404), method="POST", kwargs=sub("draft"),
             data=lambda mw, p: {"version": "1", "action": "save", "v-D1.2": "21"},
             effect=lambda mw: Submission.objects.get(pk=mw.subs["draft"].pk).values.get("D1.2") == "21"),
    ),
    "submissions:add_claim": (Case(
        # The matrix framework has no bonus items: the submitter's claim is refused by the catalogue.
        expect(REFUSED, expert=404, outsider=404), method="POST", kwargs=sub("draft"),
        data=lambda mw, p: {"item": "bonus:B1", "points": "1", "reason": "x"},
        effect=lambda mw: mw.subs["draft"].claims.exists(),
    ),),
    "submissions:claim_evidence": (Case(
        expect(REDIRECT, expert=404, outsider=404), method="POST",
        kwargs=lambda mw: {"pk": mw.subs["draft"].pk, "claim_id": _draft_claim(mw).pk},
    ),),
    "submissions:withdraw_claim": (Case(
        expect(REFUSED, submitter_a1=DONE, expert=404, outsider=404), method="POST",
        kwargs=lambda mw: {"pk": mw.subs["draft"].pk, "claim_id": _draft_claim(mw).pk},
        effect=lambda mw: not mw.subs["draft"].claims.exists(),
    ),),
    "submissions:template": (Case(expect(OK, expert=404, outsider=404), kwargs=sub("draft")),),
    # The stored file is absent in the matrix world (no upload): 404 for everyone here; scoped
    # downloads of a real file are tested in tests/submissions/test_evidence.py.
    "submissions:evidence": (Case(expect(404), kwargs=lambda mw: {"pk": _draft_evidence(mw).pk}),),
    "submissions:area_template": (Case(
        expect(OK, expert=404, outsider=404),
        kwargs=lambda mw: {"round_id": mw.open_round.pk, "scope": "county", "pk": mw.world.counties["A1"].pk},
    ),),
    "submissions:import": (Case(expect(OK, expert=404, outsider=404), kwargs=round_()),),
    "submissions:outliers": (Case(expect(404, **REVIEWERS), kwargs=round_()),),
    "submissions:evidence_policy": (Case(expect(404, admin=OK)),),
}


def _draft_claim(mw: MatrixWorld):  # noqa: ANN202 - submissions.Claim
    from clustermon.submissions.models import Claim

    return Claim.objects.get_or_create(submission=mw.subs["draft"], kind="bonus", item="B1",
                                       defaults={"points": 1, "reason": "x"})[0]


def _draft_evidence(mw: MatrixWorld):  # noqa: ANN202 - submissions.Evidence
    from clustermon.submissions.models import Evidence

    return Evidence.objects.get_or_create(
        submission=mw.subs["draft"], indicator="D1.1",
        defaults={"original_name": "a.pdf", "name": "a.pdf", "path": "evidence/0/0/missing_a.pdf",
                  "content_type": "application/pdf", "size": 1, "sha256": "0" * 64})[0]


# --- experts (experts/urls.py): the expert persona's assignment and diagnosis on b1 ---------------

def _experts_assignment(mw: MatrixWorld, *, opened: bool) -> Any:
    from django.utils import timezone

    from clustermon.experts.models import Assignment

    key = "expert_assignment_opened" if opened else "expert_assignment_new"
    if key not in mw.extra:
        cluster = mw.world.clusters["b1" if opened else "a2"]
        mw.extra[key] = Assignment.objects.create(round=mw.round, cluster=cluster, expert=mw.users["expert"],
                                                  opened_at=timezone.now() if opened else None)
    return mw.extra[key]


def _experts_diagnosis(mw: MatrixWorld) -> Any:
    from clustermon.experts.models import Diagnosis

    if "expert_diagnosis" not in mw.extra:
        mw.extra["expert_diagnosis"] = Diagnosis.objects.create(
            round=mw.round, cluster=mw.world.clusters["b1"], expert=mw.users["expert"])
    return mw.extra["expert_diagnosis"]


def _experts_affiliation(mw: MatrixWorld) -> Any:
    from clustermon.experts.models import Affiliation

    if "expert_affiliation" not in mw.extra:
        mw.extra["expert_affiliation"] = Affiliation.objects.create(expert=mw.users["expert"],
                                                                    cluster=mw.world.clusters["a1"])
    return mw.extra["expert_affiliation"]


def _experts_round_with_b1_accepted(mw: MatrixWorld) -> Mapping[str, Any]:
    Submission.objects.filter(pk=mw.subs["b1"].pk).update(status=SubmissionStatus.ACCEPTED)
    return {"round_pk": mw.round.pk}


def _experts_assigned(mw: MatrixWorld) -> bool:
    from clustermon.experts.models import Assignment

    return Assignment.objects.filter(round=mw.round).exists()


EXPERTS_PROVINCE = {"admin": OK, "province": OK}
EXPERTS_PROVINCE_DONE = {"admin": DONE, "province": DONE}
experts_round = round_("round_pk")

MATRIX.update({
    "experts:index": (Case(expect(404, **EXPERTS_PROVINCE, expert=OK, outsider=OK)),),
    "experts:assignment": (Case(expect(404, **EXPERTS_PROVINCE, expert=OK),
                                kwargs=lambda mw: {"pk": _experts_assignment(mw, opened=True).pk}),),
    "experts:declare": (
        Case(expect(404, expert=OK), kwargs=lambda mw: {"pk": _experts_assignment(mw, opened=False).pk}),
        Case(expect(404, expert=DONE), method="POST",
             kwargs=lambda mw: {"pk": _experts_assignment(mw, opened=False).pk},
             data=lambda mw, p: {"kind": "none"},
             effect=lambda mw: type(mw.extra["expert_assignment_new"]).objects.filter(
                 pk=mw.extra["expert_assignment_new"].pk, opened_at__isnull=False).exists()),
    ),
    "experts:unassign": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST",
        kwargs=lambda mw: {"pk": _experts_assignment(mw, opened=True).pk}, data=lambda mw, p: {"reason": "回避"},
        effect=lambda mw: not type(mw.extra["expert_assignment_opened"]).objects.filter(
            pk=mw.extra["expert_assignment_opened"].pk).exists(),
    ),),
    "experts:diagnosis": (Case(expect(404, **EXPERTS_PROVINCE, expert=OK),
                               kwargs=lambda mw: {"pk": _experts_diagnosis(mw).pk}),),
    "experts:pool": (Case(expect(404, **EXPERTS_PROVINCE, outsider=OK)),),
    "experts:expert_new": (Case(expect(404, **EXPERTS_PROVINCE, outsider=OK)),),
    "experts:expert": (Case(expect(404, **EXPERTS_PROVINCE), kwargs=lambda mw: {"pk": mw.users["expert"].pk}),),
    "experts:affiliation_add": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST", kwargs=lambda mw: {"pk": mw.users["expert"].pk},
        data=lambda mw, p: {"cluster": mw.world.clusters["b1"].pk, "note": "顾问"},
        effect=lambda mw: mw.users["expert"].affiliations.exists(),
    ),),
    "experts:affiliation_remove": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST",
        kwargs=lambda mw: {"pk": mw.users["expert"].pk, "affiliation_pk": _experts_affiliation(mw).pk},
        effect=lambda mw: not mw.users["expert"].affiliations.exists(),
    ),),
    "experts:assignments": (Case(expect(404, **EXPERTS_PROVINCE), kwargs=experts_round),),
    "experts:auto_assign": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST", kwargs=_experts_round_with_b1_accepted,
        data=lambda mw, p: {"per_cluster": "1"}, effect=_experts_assigned,
    ),),
    "experts:assign": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST", kwargs=experts_round,
        data=lambda mw, p: {"cluster": mw.world.clusters["a1"].pk, "expert": mw.users["expert"].pk, "reason": "r"},
        effect=_experts_assigned,
    ),),
    "experts:progress": (Case(expect(404, **EXPERTS_PROVINCE), kwargs=experts_round),),
    "experts:spread": (Case(expect(404, **EXPERTS_PROVINCE), kwargs=experts_round),),
    "experts:spread_cluster": (Case(expect(404, **EXPERTS_PROVINCE),
                                    kwargs=lambda mw: {"round_pk": mw.round.pk,
                                                       "cluster_pk": mw.world.clusters["b1"].pk}),),
    "experts:diagnoses": (Case(expect(404, **EXPERTS_PROVINCE), kwargs=experts_round),),
    "experts:diagnosis_assign": (Case(
        expect(404, **EXPERTS_PROVINCE_DONE), method="POST", kwargs=experts_round,
        data=lambda mw, p: {"cluster": mw.world.clusters["b1"].pk, "expert": mw.users["expert"].pk},
        effect=lambda mw: mw.users["expert"].diagnoses.exists(),
    ),),
})


# --- rounds, frameworks and the audit trail (rounds/, frameworks/, audit/ urls) -------------------

def _rounds_scheme(mw: MatrixWorld) -> Any:
    return mw.round.scheme


def _rounds_version(mw: MatrixWorld) -> Any:
    return mw.round.frameworks.get(group="provincial_amc").framework_version


def _rounds_open_with_deadline(mw: MatrixWorld) -> Mapping[str, Any]:
    from clustermon.rounds.models import Deadline

    Deadline.objects.get_or_create(round=mw.open_round, level="submitter", defaults={"due": "2027-03-31"})
    return {"pk": mw.open_round.pk}


def _rounds_new_framework(mw: MatrixWorld, persona: str) -> Mapping[str, Any]:
    import copy

    import yaml

    doc = copy.deepcopy(_rounds_version(mw).document)
    doc["version"] = "t2"
    doc["parts"][0]["indicators"][0]["children"][0]["params"] = {"floor": 10, "target": 100}
    return {"document": yaml.safe_dump(doc, allow_unicode=True), "reason": "调整底线值"}


ROUNDS_ADMIN_ONLY = {"province": 403, "city_a": 403, "county_a1": 403, "submitter_a1": 403, "expert": 403}

MATRIX.update({
    "rounds:list": (Case(expect(OK)),),
    "rounds:create": (
        Case(expect(403, admin=OK)),
        Case(expect(403, admin=DONE), method="POST",
             data=lambda mw, p: {"scheme": _rounds_scheme(mw).pk, "year": 2030},
             effect=lambda mw: type(mw.round).objects.filter(year=2030).exists()),
    ),
    "rounds:detail": (Case(expect(OK, outsider=404), kwargs=lambda mw: {"pk": mw.round.pk}),),
    "rounds:transition": (Case(
        expect(404, admin=DONE, **ROUNDS_ADMIN_ONLY), method="POST", kwargs=lambda mw: {"pk": mw.round.pk},
        data=lambda mw, p: {"to": RoundStatus.EXPERT_REVIEW},
        effect=lambda mw: type(mw.round).objects.get(pk=mw.round.pk).status == RoundStatus.EXPERT_REVIEW,
    ),),
    "rounds:deadlines": (Case(
        expect(404, admin=DONE, **ROUNDS_ADMIN_ONLY), method="POST", kwargs=lambda mw: {"pk": mw.round.pk},
        data=lambda mw, p: {"expert": "2026-06-30"},
        effect=lambda mw: mw.round.deadlines.filter(level="expert").exists(),
    ),),
    "rounds:extend": (Case(
        expect(404, admin=DONE, **ROUNDS_ADMIN_ONLY), method="POST", kwargs=_rounds_open_with_deadline,
        data=lambda mw, p: {"level": "submitter", "city": mw.world.cities["A"].pk, "due": "2027-04-15",
                            "reason": "暴雨停电"},
        effect=lambda mw: mw.open_round.extensions.exists(),
    ),),
    "frameworks:version": (Case(expect(OK, outsider=404), kwargs=lambda mw: {"pk": _rounds_version(mw).pk}),),
    "frameworks:versions": (Case(expect(OK, outsider=404), kwargs=lambda mw: {
        "scheme_pk": _rounds_scheme(mw).pk, "group": "provincial_amc"}),),
    "frameworks:diff": (Case(expect(OK, outsider=404), kwargs=lambda mw: {
        "a": _rounds_version(mw).pk, "b": _rounds_version(mw).pk}),),
    "frameworks:new_version": (
        Case(expect(404, admin=OK, **ROUNDS_ADMIN_ONLY),
             kwargs=lambda mw: {"round_pk": mw.round.pk, "group": "provincial_amc"}),
        Case(expect(404, admin=DONE, **ROUNDS_ADMIN_ONLY), method="POST",
             kwargs=lambda mw: {"round_pk": mw.round.pk, "group": "provincial_amc"}, data=_rounds_new_framework,
             effect=lambda mw: mw.round.frameworks.filter(framework_version__version="t2").exists()),
    ),
    "audit:list": (Case(expect(404, admin=OK, province=OK, outsider=OK)),),
})


# --- follow-up plans (plans/urls.py): a published 2025 round with its plans required -------------

def _plans_round(mw: MatrixWorld, *, required: bool = True) -> Any:
    import datetime as dt

    from django.utils import timezone

    from clustermon.plans.actions import require_plans
    from tests.plans.conftest import make_published_round

    if "plans_round" not in mw.extra:
        round_, _set, _version = make_published_round(mw.world)
        if required:
            require_plans(round_, by=mw.users["admin"], due=timezone.localdate() + dt.timedelta(days=30))
        mw.extra["plans_round"] = round_
    return mw.extra["plans_round"]


def _plans_a1(mw: MatrixWorld, *, handed_in: bool) -> Any:
    """a1's requirement: not started, or with version 1 handed in (at the city; its file absent)."""
    from clustermon.plans.models import Plan, PlanRequirement, PlanStatus

    requirement = PlanRequirement.objects.get(round=_plans_round(mw), cluster=mw.world.clusters["a1"])
    if handed_in and "plans_a1_plan" not in mw.extra:
        PlanRequirement.objects.filter(pk=requirement.pk).update(status=PlanStatus.AT_CITY)
        mw.extra["plans_a1_plan"] = Plan.objects.create(
            requirement=requirement, version=1, status=PlanStatus.AT_CITY, name="a.pdf",
            path="evidence/plans/0/0/missing_a.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
            focus=["D2.2"])
    return requirement


def _plans_a1_plan(mw: MatrixWorld) -> Any:
    _plans_a1(mw, handed_in=True)
    return mw.extra["plans_a1_plan"]


def _plans_status(mw: MatrixWorld) -> str:
    return type(mw.extra["plans_a1_plan"]).objects.get(pk=mw.extra["plans_a1_plan"].pk).status


PLANS_READERS = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK}
PLANS_ADMIN_ONLY = {"province": 403, "city_a": 403, "county_a1": 403, "submitter_a1": 403, "expert": 403}
plans_round = lambda mw: {"round_id": _plans_round(mw).pk}  # noqa: E731

MATRIX.update({
    "plans:index": (Case(expect(404, **PLANS_READERS, submitter_a1=OK, outsider=OK)),),
    "plans:round": (Case(expect(404, **PLANS_READERS), kwargs=plans_round),),
    "plans:export": (Case(expect(404, **PLANS_READERS), kwargs=plans_round),),
    "plans:require": (Case(
        expect(404, admin=DONE, **PLANS_ADMIN_ONLY), method="POST",
        kwargs=lambda mw: {"round_id": _plans_round(mw, required=False).pk},
        data=lambda mw, p: {"due": "2099-12-31"},
        effect=lambda mw: mw.extra["plans_round"].plan_requirements.exists(),
    ),),
    "plans:due": (Case(
        expect(404, admin=DONE, **PLANS_ADMIN_ONLY), method="POST", kwargs=plans_round,
        data=lambda mw, p: {"due": "2099-12-31", "reason": "统一顺延"},
        effect=lambda mw: mw.extra["plans_round"].plan_requirements.filter(due="2099-12-31").exists(),
    ),),
    "plans:detail": (Case(expect(404, **PLANS_READERS, submitter_a1=OK),
                          kwargs=lambda mw: {"pk": _plans_a1(mw, handed_in=False).pk}),),
    "plans:submit": (Case(
        expect(404, admin=403, province=403, city_a=403, county_a1=403, submitter_a1=DONE), method="POST",
        kwargs=lambda mw: {"pk": _plans_a1(mw, handed_in=False).pk},
        data=lambda mw, p: {"action": "save", "note": "初稿", "timetable": "", "roadmap": ""},
        effect=lambda mw: mw.extra["plans_round"].plan_requirements.filter(versions__note="初稿").exists(),
    ),),
    "plans:review": (Case(
        expect(404, admin=REFUSED, province=REFUSED, city_a=DONE, county_a1=REFUSED, submitter_a1=REFUSED),
        method="POST", kwargs=lambda mw: {"pk": _plans_a1_plan(mw).pk},
        data=lambda mw, p: {"decision": "pass", "reason": "", "status": "at_city"},
        effect=lambda mw: _plans_status(mw) == "at_province",
    ),),
    # The stored file is absent in the matrix world: 404 for everyone here; downloads of a real file
    # in and out of scope are tested in tests/plans/test_views.py.
    "plans:document": (Case(expect(404), kwargs=lambda mw: {"pk": _plans_a1_plan(mw).pk}),),
})


# API operations: "METHOD /api/path" exactly as in the OpenAPI document.
API = {"anonymous": 401}
REVIEW_READERS = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK, "submitter_a1": OK}
api_a1_refused = {"admin": REFUSED, "province": REFUSED, "city_a": REFUSED, "submitter_a1": REFUSED}
draft_refused = {"admin": REFUSED, "province": REFUSED, "city_a": REFUSED, "county_a1": REFUSED}

API_MATRIX: dict[str, tuple[Case, ...]] = {
    "POST /api/token": (Case(
        expect(DONE, anonymous=401), method="POST",
        data=lambda mw, p: {"username": p if p != "anonymous" else "nobody", "password": PASSWORD},
        effect=lambda mw: ApiToken.objects.count() > 1,  # the persona's own token exists already
    ),),
    "GET /api/clusters": (Case(expect(OK, **API)),),
    "GET /api/rounds": (Case(expect(OK, **API)),),
    "GET /api/rounds/{round_id}/submissions": (Case(expect(403, **REVIEW_READERS, outsider=404, **API),
                                                    kwargs=round_()),),
    "GET /api/submissions/{submission_id}": (Case(expect(404, **REVIEW_READERS, **API),
                                                  kwargs=sub("a1", "submission_id")),),
    "POST /api/submissions/{submission_id}/pass": (Case(
        expect(404, **api_a1_refused, county_a1=DONE, **API), method="POST", kwargs=sub("a1", "submission_id"),
        data=lambda mw, p: {"expected_version": 1}, effect=status_of("a1", "at_city"),
    ),),
    "POST /api/submissions/{submission_id}/return": (Case(
        expect(404, **api_a1_refused, county_a1=DONE, **API), method="POST", kwargs=sub("a1", "submission_id"),
        data=lambda mw, p: {"expected_version": 1, "reason": "请核实", "comments": {"D1.1": "口径"}},
        effect=status_of("a1", "returned"),
    ),),
    "POST /api/rounds/{round_id}/bulk-pass": (Case(
        expect(403, **a1_reviewers_refused, county_a1=DONE, outsider=404, **API), method="POST", kwargs=round_(),
        data=lambda mw, p: {"items": [{"id": mw.subs["a1"].pk, "version": 1}]},
        effect=status_of("a1", "at_city"),
    ),),
    "POST /api/submissions/{submission_id}/site-checks": (Case(
        expect(404, admin=DONE, province=DONE, **API), method="POST", kwargs=sub("b1", "submission_id"),
        data=lambda mw, p: {"date": "2026-03-02", "inspectors": "张三", "findings": "属实",
                            "corrections": [{"indicator": "D1.1", "corrected_value": "40", "reason": "税务"}]},
        effect=lambda mw: SiteCheck.objects.exists(),
    ),),
    "GET /api/rounds/{round_id}/progress": (Case(expect(403, admin=OK, province=OK, city_a=OK, outsider=404, **API),
                                                 kwargs=round_()),),
    "PUT /api/submissions/{submission_id}/draft": (Case(
        expect(404, **draft_refused, submitter_a1=DONE, **API), method="PUT", kwargs=sub("draft", "submission_id"),
        data=lambda mw, p: {"expected_version": 1, "values": {"D1.2": "21"}},
        effect=lambda mw: Submission.objects.get(pk=mw.subs["draft"].pk).values.get("D1.2") == "21",
    ),),
    "POST /api/submissions/{submission_id}/submit": (Case(
        expect(404, **draft_refused, submitter_a1=DONE, **API), method="POST",
        kwargs=sub("draft", "submission_id"), data=lambda mw, p: {"expected_version": 1},
        effect=status_of("draft", "at_county"),
    ),),
}


# --- enterprise lists, handbook, summary table (enterprises/urls.py): a round asking for a list ---

def _ent(mw: MatrixWorld) -> dict[str, Any]:
    """An open 2028 round of a framework with an enterprise list; a1's draft with one listed firm
    (its totals not yet written into the values, so `refresh` has something to do)."""
    from clustermon.enterprises.models import Enterprise, EnterpriseFigure
    from tests.enterprises.conftest import code, make_ent_round

    if "ent" not in mw.extra:
        _scheme, _version, round_ = make_ent_round(mw.world, year=2028)
        draft = Submission.objects.create(round=round_, cluster=mw.world.clusters["a1"], group="provincial_amc")
        firm = Enterprise.objects.create(province=mw.world.province, credit_code=code(1), name="甲机械有限公司")
        row = EnterpriseFigure.objects.create(submission=draft, enterprise=firm, position=1,
                                              current={"sales": "120", "employees": "10"},
                                              previous={"sales": "100", "employees": "9"})
        mw.extra["ent"] = {"round": round_, "draft": draft, "row": row}
    return mw.extra["ent"]


def _ent_draft(mw: MatrixWorld) -> Mapping[str, Any]:
    return {"pk": _ent(mw)["draft"].pk}


def _ent_row(mw: MatrixWorld) -> Mapping[str, Any]:
    return {"pk": _ent(mw)["draft"].pk, "row_id": _ent(mw)["row"].pk}


def _ent_form(mw: MatrixWorld, persona: str, code_no: int = 2, name: str = "乙电子有限公司") -> Mapping[str, Any]:
    from tests.enterprises.conftest import code

    draft = Submission.objects.get(pk=_ent(mw)["draft"].pk)
    return {"version": str(draft.version), "credit_code": code(code_no), "name": name, "county": "",
            "c-sales": "80", "p-sales": "70", "c-employees": "5", "p-employees": "5"}


def _ent_listed(mw: MatrixWorld, code_no: int) -> bool:
    from clustermon.enterprises.models import EnterpriseFigure
    from tests.enterprises.conftest import code

    return EnterpriseFigure.objects.filter(submission=_ent(mw)["draft"], enterprise__credit_code=code(code_no)).exists()


ENT_READERS = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK, "submitter_a1": OK}
ENT_WRITE = {"admin": REFUSED, "province": REFUSED, "city_a": REFUSED, "county_a1": REFUSED, "submitter_a1": DONE}
ENT_REVIEWERS = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK}

MATRIX.update({
    "enterprises:index": (Case(expect(OK)),),
    "enterprises:list": (
        Case(expect(404, **ENT_READERS), kwargs=_ent_draft),
        Case(expect(404, **ENT_WRITE), method="POST", kwargs=_ent_draft, data=_ent_form,
             effect=lambda mw: _ent_listed(mw, 2)),
    ),
    "enterprises:row": (
        Case(expect(404, **ENT_READERS), kwargs=_ent_row),
        Case(expect(404, **ENT_WRITE), method="POST", kwargs=_ent_row,
             data=lambda mw, p: _ent_form(mw, p, 1, "甲机械股份有限公司"),
             effect=lambda mw: type(_ent(mw)["row"]).objects.get(pk=_ent(mw)["row"].pk).enterprise.name
             == "甲机械股份有限公司"),
    ),
    "enterprises:remove": (Case(
        expect(404, **ENT_WRITE), method="POST", kwargs=_ent_row,
        effect=lambda mw: not _ent_listed(mw, 1)),),
    "enterprises:refresh": (Case(
        expect(404, **ENT_WRITE), method="POST", kwargs=_ent_draft,
        effect=lambda mw: Submission.objects.get(pk=_ent(mw)["draft"].pk).values.get("P1") == "120"),),
    "enterprises:template": (Case(expect(404, **ENT_READERS), kwargs=_ent_draft),),
    # Without a file: the submitter gets the page back with the message; reviewers are refused.
    "enterprises:upload": (Case(expect(404, **{**ENT_WRITE, "submitter_a1": OK}), method="POST",
                                kwargs=_ent_draft),),
    "enterprises:handbook": (Case(expect(404, **ENT_READERS), kwargs=_ent_draft),),
    "enterprises:flags": (Case(expect(404, **ENT_REVIEWERS), kwargs=lambda mw: {"round_id": _ent(mw)["round"].pk}),),
    "enterprises:summary": (Case(expect(404, **ENT_REVIEWERS),
                                 kwargs=lambda mw: {"round_id": _ent(mw)["round"].pk}),),
    "enterprises:city_summary": (Case(expect(404, admin=OK, province=OK, city_a=OK), kwargs=lambda mw: {
        "round_id": _ent(mw)["round"].pk, "city_id": mw.world.cities["A"].pk}),),
})


# --- results: explanation, versions, reopening, registers (results/urls.py, api/results.py) ------------
# A published 2023 round of the matrix scheme (rows by hand: authorisation only) and a computed, not
# published, version of the matrix round under review.

def _results_set(mw: MatrixWorld, *, published: bool) -> Any:
    from django.utils import timezone

    from clustermon.results.models import ClusterResult, ResultSet
    from clustermon.rounds.models import Round

    key = "results_published" if published else "results_computed"
    if key not in mw.extra:
        if published:
            round_ = Round.objects.create(scheme=mw.round.scheme, year=2023, title="2023年度监测",
                                          status=RoundStatus.PUBLISHED)
            result_set = ResultSet.objects.create(round=round_, number=1, status=ResultSet.Status.APPROVED,
                                                  recipe={}, content_hash="r" * 64, approved_at=timezone.now())
        else:
            result_set = ResultSet.objects.create(round=mw.round, number=1, recipe={}, content_hash="c" * 64)
        for rank, code in enumerate(("a1", "a2", "b1", "a1b"), start=1):
            ClusterResult.objects.create(
                result_set=result_set, cluster=mw.world.clusters[code], group="provincial_amc", total=90 - rank,
                base=90 - rank, bonus=0, deduction=0, part_scores={}, node_points={}, rank=rank, group_size=4,
                grade="good" if rank <= 2 else "qualified", stars=3 if rank == 1 else 0,
                label="bronze" if rank == 1 else "none", explanation={})
        mw.extra[key] = result_set
    return mw.extra[key]


def _results_row(mw: MatrixWorld, *, published: bool, name: str = "pk") -> Mapping[str, Any]:
    return {name: _results_set(mw, published=published).results.get(cluster=mw.world.clusters["a1"]).pk}


def _results_published_round(mw: MatrixWorld, name: str = "round_id") -> Mapping[str, Any]:
    return {name: _results_set(mw, published=True).round_id}


RESULTS_IN_SCOPE = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK, "submitter_a1": OK}
RESULTS_PROVINCE = {"admin": OK, "province": OK}
RESULTS_ADMIN_ONLY = {"province": 403, "city_a": 403, "county_a1": 403, "submitter_a1": 403, "expert": 403}

MATRIX.update({
    "results:explain": (
        Case(expect(404, **RESULTS_IN_SCOPE), kwargs=lambda mw: _results_row(mw, published=True)),
        Case(expect(404, **RESULTS_PROVINCE), kwargs=lambda mw: _results_row(mw, published=False)),
    ),
    "results:versions": (
        Case(expect(404, **RESULTS_PROVINCE), kwargs=lambda mw: _results_published_round(mw)),
        Case(expect(404, **RESULTS_PROVINCE), kwargs=round_()),
    ),
    "results:reopen": (
        Case(expect(404, admin=DONE, **RESULTS_ADMIN_ONLY), method="POST",
             kwargs=lambda mw: _results_published_round(mw), data=lambda mw, p: {"reason": "复核"},
             effect=lambda mw: type(mw.round).objects.get(
                 pk=mw.extra["results_published"].round_id).status == RoundStatus.SCORING),
        Case(expect(403, admin=REFUSED, outsider=404), method="POST", kwargs=round_(),  # under review
             data=lambda mw, p: {"reason": "复核"},
             effect=lambda mw: type(mw.round).objects.get(pk=mw.round.pk).status == RoundStatus.SCORING),
    ),
    "results:registers": (Case(expect(OK)),),
    "results:registers_export": (Case(expect(OK), kwargs=lambda mw: {"fmt": "csv"}),
                                 Case(expect(OK), kwargs=lambda mw: {"fmt": "xlsx"})),
})

API_MATRIX.update({
    "GET /api/rounds/{round_id}/results": (
        Case(expect(404, **RESULTS_PROVINCE, **API), kwargs=round_()),  # nothing published: only the province
        Case(expect(OK, outsider=404, **API), kwargs=lambda mw: _results_published_round(mw)),
    ),
    "GET /api/results/{cluster_result_id}": (
        Case(expect(404, **RESULTS_IN_SCOPE, **API),
             kwargs=lambda mw: _results_row(mw, published=True, name="cluster_result_id")),
        Case(expect(404, **RESULTS_PROVINCE, **API),
             kwargs=lambda mw: _results_row(mw, published=False, name="cluster_result_id")),
    ),
})


# --- new-cluster applications (applications/urls.py) ---------------------------------------------
# An open 2019 call with county A1's application at the city ("at_city") and its draft ("draft"), and
# the city's own application at the province with a flagged exception ("city"); a 2018 call in expert
# review with two accepted applications of A1 ("x", the expert persona assigned, and "y"); a 2017
# call approved (decided) and a 2016 call announced, each with one approved application.

def _apps(mw: MatrixWorld) -> dict[str, Any]:
    if "apps" in mw.extra:
        return mw.extra["apps"]
    from clustermon.applications.models import (
        ApplicationAssignment,
        ApplicationDecision,
        ApplicationStatus,
        CallStatus,
    )
    from tests.applications.factories import PASSING, make_application, make_call

    w, a = mw.world, ApplicationStatus
    open_call = make_call(w, year=2019)
    expert_call = make_call(w, year=2018, status=CallStatus.EXPERT_REVIEW)
    decided = make_call(w, year=2017, status=CallStatus.DECIDED)
    announced = make_call(w, year=2016, status=CallStatus.ANNOUNCED)
    apps = {
        "open": open_call, "expert_call": expert_call, "decided": decided, "announced": announced,
        "at_city": make_application(open_call, w, name="市审集群", status=a.AT_CITY, materials=True),
        "draft": make_application(open_call, w, name="草稿集群", materials=True),
        "city": make_application(open_call, w, name="市直集群", county=None, status=a.AT_PROVINCE,
                                 values={**PASSING, "sales": "15", "national_speciality": "1"}),
        "x": make_application(expert_call, w, name="评审集群", status=a.ACCEPTED, materials=True),
        "y": make_application(expert_call, w, name="待派集群", status=a.ACCEPTED, materials=True),
    }
    apps["assignment"] = ApplicationAssignment.objects.create(application=apps["x"], expert=mw.users["expert"])
    for call in (decided, announced):
        approved = make_application(call, w, name=f"认定集群{call.year}", status=a.ACCEPTED, materials=True)
        ApplicationDecision.objects.create(application=approved, conditions_met=True, recommended=True,
                                           approved=True, by=mw.users["admin"])
    mw.extra["apps"] = apps
    return apps


def _app(key: str, name: str = "pk") -> Kwargs:
    return lambda mw: {name: _apps(mw)[key].pk}


def _app_status(key: str, status: str) -> Callable[[MatrixWorld], bool]:
    return lambda mw: type(_apps(mw)[key]).objects.get(pk=_apps(mw)[key].pk).status == status


def _apply_data(mw: MatrixWorld, persona: str) -> Mapping[str, Any]:
    return {"name": "新申报集群", "leading_industry": "新材料", "core_park_name": "新材料园",
            "park_county": mw.world.counties["A2"].pk}


APPS_ADMIN_DONE = {"admin": DONE, "province": 403, "city_a": 403, "county_a1": 403, "submitter_a1": 403,
                   "expert": 403, "outsider": 404}
APPS_PROVINCE = {"admin": OK, "province": OK, "city_a": 403, "county_a1": 403, "submitter_a1": 403,
                 "expert": 403, "outsider": 404}
APPS_PROVINCE_DONE = {**APPS_PROVINCE, "admin": DONE, "province": DONE}

MATRIX.update({
    "applications:index": (Case(expect(OK)),),
    "applications:call_create": (
        Case(expect(403, admin=OK)),
        Case(expect(403, admin=DONE), method="POST",
             data=lambda mw, p: {"scheme": _apps(mw)["open"].scheme_id, "year": 2030, "deadline": "2030-04-30"},
             effect=lambda mw: type(_apps(mw)["open"]).objects.filter(year=2030).exists()),
    ),
    "applications:call": (Case(expect(OK, outsider=404), kwargs=_app("open")),),
    "applications:call_move": (Case(
        expect(**APPS_ADMIN_DONE), method="POST", kwargs=_app("open"), data=lambda mw, p: {"to": "review"},
        effect=_app_status("open", "review")),),
    "applications:call_deadline": (Case(
        expect(**APPS_ADMIN_DONE), method="POST", kwargs=_app("open"),
        data=lambda mw, p: {"deadline": "2099-05-31", "reason": "延期"},
        effect=lambda mw: type(_apps(mw)["open"]).objects.get(pk=_apps(mw)["open"].pk).deadline.month == 5),),
    "applications:apply": (Case(
        expect(403, city_a=DONE, county_a1=DONE, outsider=404), method="POST", kwargs=_app("open"),
        data=_apply_data, effect=lambda mw: _apps(mw)["open"].applications.filter(name="新申报集群").exists()),),
    "applications:panel": (Case(
        expect(**APPS_PROVINCE_DONE), method="POST", kwargs=_app("expert_call"),
        data=lambda mw, p: {"experts": [mw.users["expert"].pk]},
        effect=lambda mw: _apps(mw)["y"].assignments.exists()),),
    "applications:recommended": (Case(expect(**APPS_PROVINCE), kwargs=_app("expert_call")),),
    "applications:recommend": (Case(
        expect(**APPS_PROVINCE_DONE), method="POST", kwargs=_app("expert_call"),
        effect=lambda mw: type(_apps(mw)["x"]).objects.filter(pk=_apps(mw)["x"].pk, decision__isnull=False).exists()),),
    "applications:approve": (Case(  # no recommended list yet: refused
        expect(**{**APPS_ADMIN_DONE, "admin": REFUSED}), method="POST", kwargs=_app("expert_call"),
        effect=_app_status("expert_call", "decided")),),
    "applications:announce": (Case(
        expect(**APPS_ADMIN_DONE), method="POST", kwargs=_app("decided"), effect=_app_status("decided", "announced")),),
    "applications:recognise": (Case(
        expect(**APPS_ADMIN_DONE), method="POST", kwargs=_app("announced"),
        effect=lambda mw: _apps(mw)["announced"].applications.filter(cluster__isnull=False).exists()),),
    "applications:announcement": (
        Case(expect(OK, outsider=404), kwargs=_app("announced")),
        Case(expect(404, admin=OK, province=OK), kwargs=_app("decided")),  # approved: the province only
    ),
    "applications:announcement_export": (Case(
        expect(OK, outsider=404), kwargs=lambda mw: {"pk": _apps(mw)["announced"].pk, "fmt": "xlsx"}),),
    "applications:application": (
        Case(expect(404, admin=OK, province=OK, city_a=OK, county_a1=OK), kwargs=_app("at_city")),
        Case(expect(404, county_a1=DONE), method="POST", kwargs=_app("draft"),
             data=lambda mw, p: {"version": "1", "action": "save", "f-sales": "30"},
             effect=lambda mw: type(_apps(mw)["draft"]).objects.get(pk=_apps(mw)["draft"].pk).values["sales"] == "30"),
        Case(expect(404, admin=403, province=403, city_a=403, county_a1=400), method="POST",
             kwargs=_app("at_city"), data=lambda mw, p: {"version": "1", "action": "save", "f-sales": "30"}),
    ),
    "applications:material_add": (Case(expect(404, county_a1=REDIRECT), method="POST", kwargs=_app("draft")),),
    "applications:material_remove": (Case(
        expect(404, county_a1=DONE), method="POST",
        kwargs=lambda mw: {"pk": _apps(mw)["draft"].pk, "material_pk": _apps(mw)["draft"].materials.first().pk},
        effect=lambda mw: _apps(mw)["draft"].materials.count() == 4),),
    # The stored file is absent in the matrix world: 404 for everyone; scoped downloads of a real
    # file are tested in tests/applications/test_views.py.
    "applications:material": (Case(expect(404), kwargs=lambda mw: {"pk": _apps(mw)["at_city"].materials.first().pk}),),
    "applications:pass": (Case(
        expect(404, admin=REFUSED, province=REFUSED, city_a=DONE, county_a1=REFUSED), method="POST",
        kwargs=_app("at_city"), data=lambda mw, p: {"version": "1"}, effect=_app_status("at_city", "at_province")),),
    "applications:return": (Case(
        expect(404, admin=REFUSED, province=REFUSED, city_a=DONE, county_a1=REFUSED), method="POST",
        kwargs=_app("at_city"), data=lambda mw, p: {"version": "1", "reason": "规划未盖章"},
        effect=_app_status("at_city", "returned")),),
    "applications:judge": (Case(
        expect(404, admin=DONE, province=DONE, city_a=403), method="POST", kwargs=_app("city"),
        data=lambda mw, p: {"condition": "C1", "decision": "accept", "reason": "全国市场占有率高"},
        effect=lambda mw: _apps(mw)["city"].condition_results.filter(condition="C1", judgement="accepted").exists()),),
    "applications:assign": (Case(
        expect(404, admin=DONE, province=DONE, city_a=403, county_a1=403), method="POST", kwargs=_app("y"),
        data=lambda mw, p: {"experts": [mw.users["expert"].pk]}, effect=lambda mw: _apps(mw)["y"].assignments.exists()),),
    "applications:recommendation": (Case(  # no recommended list yet: refused
        expect(404, admin=REFUSED, province=REFUSED, city_a=403, county_a1=403, expert=403), method="POST",
        kwargs=_app("x"),
        data=lambda mw, p: {"recommended": "1", "reason": "特色突出"}),),
    "applications:assignment": (
        Case(expect(404, admin=OK, province=OK, expert=OK), kwargs=_app("assignment")),
        Case(expect(404, expert=DONE), method="POST", kwargs=_app("assignment"),
             data=lambda mw, p: {"score_C2": "12", "action": "save"},
             effect=lambda mw: _apps(mw)["assignment"].scores.filter(condition="C2", score="12").exists()),
    ),
    "applications:unassign": (Case(
        expect(404, admin=DONE, province=DONE, expert=403), method="POST", kwargs=_app("assignment"),
        data=lambda mw, p: {"reason": "回避"}, effect=lambda mw: not _apps(mw)["x"].assignments.exists()),),
})


# --- reports (reports/urls.py): a published 2024 round of the matrix scheme, computed by the actions --

def _reports_round(mw: MatrixWorld) -> Any:
    from clustermon.results.actions import approve_result_set, compute_round, publish_round

    if "reports_round" not in mw.extra:
        round_ = make_round(mw.world, year=2024, status=RoundStatus.SCORING)
        for code in ("a1", "a1b", "a2", "b1"):
            make_submission(round_, mw.world.clusters[code], SubmissionStatus.ACCEPTED)
        admin = mw.users["admin"]
        approve_result_set(compute_round(round_, by=admin), by=admin)
        publish_round(round_, by=admin)
        mw.extra["reports_round"] = round_
    return mw.extra["reports_round"]


def _reports(mw: MatrixWorld, cluster: str | None = None, fmt: str | None = None) -> Mapping[str, Any]:
    kwargs: dict[str, Any] = {"round_id": _reports_round(mw).pk}
    if cluster:
        kwargs["cluster_id"] = mw.world.clusters[cluster].pk
    if fmt:
        kwargs["fmt"] = fmt
    return kwargs


REPORTS_A1 = {"admin": OK, "province": OK, "city_a": OK, "county_a1": OK, "submitter_a1": OK}


@pytest.fixture(autouse=True)
def _reports_without_chromium(monkeypatch) -> None:  # noqa: ANN001
    """The matrix asks who may download a report; the Word files are made here without their chart
    images (Chromium's drawing is tested in tests/reports and tests/browser), which keeps it fast."""
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")

MATRIX.update({
    "reports:index": (Case(expect(OK)),),
    "reports:summary": (Case(expect(OK, outsider=404), kwargs=_reports),),  # the expert's: empty
    "reports:summary_file": (Case(expect(OK, outsider=404), kwargs=lambda mw: _reports(mw, fmt="docx")),),
    "reports:results_xlsx": (Case(expect(OK, outsider=404), kwargs=_reports),),
    "reports:cluster": (Case(expect(404, **REPORTS_A1), kwargs=lambda mw: _reports(mw, "a1")),),
    "reports:cluster_file": (Case(expect(404, admin=OK, province=OK),  # b1: city B
                                  kwargs=lambda mw: _reports(mw, "b1", "docx")),),
})


# --- background jobs (jobs/) and the robustness analysis (analysis/) -------------------------------
# The matrix round is under review: no results yet, so starting an export or the analysis is refused
# (the working paths, and downloads of real files, are in tests/jobs and tests/analysis).

def _jobs_job(mw: MatrixWorld) -> Mapping[str, Any]:
    """A finished job of the province reviewer on the matrix round (its file is not on disk here)."""
    from clustermon.jobs.models import Job

    if "jobs_job" not in mw.extra:
        mw.extra["jobs_job"] = Job.objects.create(kind="results_xlsx", round=mw.round, requested_by=mw.users["province"],
                                                  status="done", done=2, total=2)
    return {"pk": mw.extra["jobs_job"].pk}


def _jobs_started(mw: MatrixWorld) -> bool:
    from clustermon.jobs.models import Job

    return Job.objects.exists()


JOBS_PROVINCE = {"admin": OK, "province": OK}
ANALYSIS_OTHERS = {"city_a": 403, "county_a1": 403, "submitter_a1": 403, "expert": 403, "outsider": 404}
ANALYSIS_SETTINGS = {"weight_range": "20", "draws": "1000", "vary_aggregation": "on", "threshold": "90"}

MATRIX.update({
    "jobs:list": (Case(expect(OK)),),
    "jobs:start": (Case(expect(REFUSED, outsider=404), method="POST",
                        data=lambda mw, p: {"kind": "results_xlsx", "round": mw.round.pk}, effect=_jobs_started),),
    "jobs:detail": (Case(expect(404, **JOBS_PROVINCE), kwargs=_jobs_job),),
    "jobs:status": (Case(expect(404, **JOBS_PROVINCE), kwargs=_jobs_job),),
    # No file on disk in the matrix world: 404 for everyone (scoped downloads: tests/jobs/test_views.py).
    "jobs:download": (Case(expect(404), kwargs=_jobs_job),),
    "analysis:round": (Case(expect(OK, **ANALYSIS_OTHERS), kwargs=round_()),),
    "analysis:run": (Case(expect(REFUSED, **ANALYSIS_OTHERS), method="POST", kwargs=round_(),
                          data=lambda mw, p: ANALYSIS_SETTINGS, effect=_jobs_started),),
    "analysis:indicators": (Case(expect(OK, **ANALYSIS_OTHERS), kwargs=round_()),),
    "analysis:what_if": (Case(expect(OK, **ANALYSIS_OTHERS), kwargs=round_()),),
})


# --- enumeration ---------------------------------------------------------------------------------


def _walk(patterns: list, prefix: str = "", namespace: str | None = None):  # noqa: ANN202
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield name, prefix + str(p.pattern)


def api_schema() -> dict:
    from clustermon.api.core import api

    return api.get_openapi_schema()


def api_operations() -> set[str]:
    return {f"{method.upper()} {path}" for path, ops in api_schema()["paths"].items() for method in ops}


def _as_openapi(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def url_patterns() -> dict[str | None, str]:
    """{name: route} of every pattern to cover here (API operations are covered by API_MATRIX)."""
    api_paths = set(api_schema()["paths"])
    out: dict[str | None, str] = {}
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or _as_openapi(route) in api_paths:
            continue
        out[name] = route
    return out


def test_every_url_pattern_has_an_entry() -> None:
    patterns = url_patterns()
    unnamed = [route for name, route in patterns.items() if not name]
    assert not unnamed, f"Give these URL patterns a name (the matrix is keyed by name): {unnamed}"
    missing = sorted(set(patterns) - set(MATRIX))
    assert not missing, (
        "These URL patterns have no entry in MATRIX (tests/test_authz_matrix.py); add one per name with "
        "the expected outcome for every persona:\n  " + "\n  ".join(f"{n}  ({patterns[n]})" for n in missing))
    stale = sorted(set(MATRIX) - set(patterns))
    assert not stale, f"MATRIX has entries for URL names that no longer exist: {stale}"


def test_every_api_operation_has_an_entry() -> None:
    operations = api_operations()
    missing = sorted(operations - set(API_MATRIX))
    assert not missing, ("These API operations have no entry in API_MATRIX (tests/test_authz_matrix.py):\n  "
                         + "\n  ".join(missing))
    stale = sorted(set(API_MATRIX) - operations)
    assert not stale, f"API_MATRIX has entries for operations that no longer exist: {stale}"


def test_matrix_states_every_persona() -> None:
    for key, cases in [*MATRIX.items(), *API_MATRIX.items()]:
        for case in cases:
            assert set(case.expect) == set(PERSONAS), key


# --- running the cases -----------------------------------------------------------------------------


def _check(response, case: Case, mw: MatrixWorld, persona: str, where: str) -> None:  # noqa: ANN001
    wanted = case.expect[persona]
    status = response.status_code
    happened = case.effect(mw) if case.effect is not None else None
    info = f"{where} as {persona}: got {status}" + (f", effect={happened}" if happened is not None else "")
    if wanted == OK:
        assert status == 200, info
    elif wanted == REDIRECT:
        assert status == 302, info
    elif wanted == DONE:
        assert status in (200, 201, 302), info
        assert happened is True, info
    elif wanted == REFUSED:
        assert status in (302, 400, 403, 409), info
        assert happened is not True, info
    elif wanted == LOGIN:
        assert status == 302 and response["Location"].startswith(reverse("login")), info
        assert happened is not True, info
    else:
        assert status == wanted, info
        assert happened is not True, info


def _cases(matrix: Mapping[str, tuple[Case, ...]]) -> list:
    return [pytest.param(key, i, persona, id=f"{key}#{i}-{persona}")
            for key, cases in matrix.items() for i in range(len(cases)) for persona in PERSONAS]


@pytest.mark.parametrize("name, index, persona", _cases(MATRIX))
def test_url_matrix(client, mw, name, index, persona) -> None:
    case = MATRIX[name][index]
    if persona != "anonymous":
        client.force_login(mw.users[persona])
    url = reverse(name, kwargs=dict(case.kwargs(mw)))
    data = dict(case.data(mw, persona)) if case.data else {}
    response = getattr(client, case.method.lower())(url, data)
    _check(response, case, mw, persona, f"{case.method} {url}")


@pytest.mark.parametrize("operation, index, persona", _cases(API_MATRIX))
def test_api_matrix(client, mw, operation, index, persona) -> None:
    case = API_MATRIX[operation][index]
    method, path = operation.split(" ", 1)
    url = path.format(**case.kwargs(mw))
    headers = {}
    if persona != "anonymous":
        _token, key = ApiToken.objects.issue(mw.users[persona])
        headers["Authorization"] = f"Bearer {key}"
    body = json.dumps(dict(case.data(mw, persona))) if case.data else None
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    response = getattr(client, method.lower())(url, headers=headers, **kwargs)
    _check(response, case, mw, persona, operation)


def test_a_wrong_method_is_405(client, mw) -> None:
    """GET on the actions is refused before any scope check (one sample per kind)."""
    client.force_login(mw.users["county_a1"])
    for name, kwargs in (("review:pass", sub("a1")(mw)), ("review:bulk_pass", round_()(mw))):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 405
    _token, key = ApiToken.objects.issue(mw.users["county_a1"])
    r = client.get(f"/api/submissions/{mw.subs['a1'].pk}/pass", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 405
