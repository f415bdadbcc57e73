"""A call run end to end through the web pages, as the officials would:

the province creates the 2019 call from the scheme's call file and opens it → county A1 applies
three times (one with sales of 18 亿元, below the 20 亿元 of condition 1), city A once for itself
(15 亿元, flagged as a nationally influential speciality) → materials uploaded, submitted → city A
returns one, passes the others → the province accepts all, accepts the flagged exception → expert
review by three experts → recommended list → approval → announcement (exports) → recognition:
two new clusters in the registry, expected by the next round.

Expert means by hand (points of C2, C3.2, C4, C5.2, C6.2, C7; 15/15/20/15/15/20):
- HIGH = expert 12,12,16,12,12,16 = 80; x1 10.5,10.5,14,10.5,10.5,14 = 70; x2 9,9,12,9,9,12 = 60 → mean 70.00
- LOW  = expert 6,6,8,6,6,8 = 40; x1 9,9,12,9,9,12 = 60; x2 7.5,7.5,10,7.5,7.5,10 = 50 → mean 50.00
Recommended: 装备 (all checks met, 70) and 光电子 (exception accepted, 70). Not: 纺织 (C1 not met), 食品 (50 < 60).
"""

from __future__ import annotations

import csv
import io

import openpyxl
from django.urls import reverse

from clustermon.accounts.models import Role
from clustermon.applications.models import (
    Application,
    ApplicationCall,
    ApplicationStatus,
    CallStatus,
)
from clustermon.audit.models import AuditEvent
from clustermon.registry.models import Cluster, Park, PromotionOrganisation
from clustermon.review.progress import expected_clusters
from clustermon.rounds.models import Round
from tests.applications.factories import FAILING_SALES, PASSING, make_scheme, material_file
from tests.conftest import PASSWORD

POINTS = ["C2", "C3.2", "C4", "C5.2", "C6.2", "C7"]
HIGH = {"expert": [12, 12, 16, 12, 12, 16], "x1": [10.5, 10.5, 14, 10.5, 10.5, 14], "x2": [9, 9, 12, 9, 9, 12]}
LOW = {"expert": [6, 6, 8, 6, 6, 8], "x1": [9, 9, 12, 9, 9, 12], "x2": [7.5, 7.5, 10, 7.5, 7.5, 10]}


def as_user(client, user):  # noqa: ANN001, ANN201
    client.force_login(user)
    return client


def post_ok(client, url: str, data: dict | None = None, **extra) -> None:  # noqa: ANN001, ANN003
    response = client.post(url, data or {}, **extra)
    assert response.status_code == 302, (url, response.status_code,
                                         [str(m) for m in response.context["messages"]] if response.context else "")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert not any(m.level >= 40 for m in response.wsgi_request._messages), messages


def apply(client, call: ApplicationCall, name: str, values: dict, *, park_county=None) -> Application:  # noqa: ANN001
    data = {"name": name, "leading_industry": "装备制造", "core_park_name": f"{name}核心园",
            "promotion_organisation_name": f"{name}发展促进会"}
    if park_county is not None:
        data["park_county"] = park_county.pk
    post_ok(client, reverse("applications:apply", args=[call.pk]), data)
    application = Application.objects.get(call=call, name=name)
    url = reverse("applications:application", args=[application.pk])
    form = {"version": application.version, "action": "save", "form": "1", "name": name, "leading_industry": "装备制造",
            "core_park_name": f"{name}核心园", "promotion_organisation_name": f"{name}发展促进会"}
    form.update({f"f-{code}": value for code, value in values.items()})
    post_ok(client, url, form)
    for spec in call.parsed.materials:
        post_ok(client, reverse("applications:material_add", args=[application.pk]),
                {"item": spec.code, "file": material_file(spec.code)})
    application.refresh_from_db()
    post_ok(client, url, {**form, "version": application.version, "action": "submit"})
    application.refresh_from_db()
    return application


def score(client, application: Application, expert, points: list) -> None:  # noqa: ANN001
    assignment = application.assignments.get(expert=expert)
    data = {f"score_{code}": str(p) for code, p in zip(POINTS, points, strict=True)}
    post_ok(as_user(client, expert), reverse("applications:assignment", args=[assignment.pk]),
            {**data, "action": "submit"})


def test_a_call_from_creation_to_new_clusters_in_the_registry(client, world, django_user_model) -> None:
    u = world.users
    scheme = make_scheme(world)
    experts = {"expert": u["expert"]} | {
        name: django_user_model.objects.create_user(username=name, password=PASSWORD, role=Role.EXPERT,
                                                    province=world.province) for name in ("x1", "x2")}

    # The province creates the call from the call file and opens it.
    as_user(client, u["admin"])
    post_ok(client, reverse("applications:call_create"), {"scheme": scheme.pk, "year": 2019, "deadline": "2099-04-30"})
    call = ApplicationCall.objects.get(scheme=scheme, year=2019)
    assert call.status == CallStatus.DRAFT and len(call.rules_hash) == 64 and call.parsed.deadline == "04-30"
    post_ok(client, reverse("applications:call_move", args=[call.pk]), {"to": "open"})

    # County A1 applies three times, city A once for itself.
    as_user(client, u["county_a1"])
    machinery = apply(client, call, "甲一装备产业集群", PASSING)
    textiles = apply(client, call, "甲一纺织产业集群", FAILING_SALES)
    food = apply(client, call, "甲一食品产业集群", PASSING)
    assert {a.status for a in (machinery, textiles, food)} == {ApplicationStatus.AT_CITY}
    assert textiles.condition_results.get(condition="C1").outcome == "fail"
    assert machinery.materials.count() == 5
    as_user(client, u["city_a"])
    optics = apply(client, call, "甲市光电子产业集群", {**PASSING, "sales": "15", "national_speciality": "1"},
                   park_county=world.counties["A2"])
    assert optics.status == ApplicationStatus.AT_PROVINCE and optics.county is None
    assert optics.condition_results.get(condition="C1").outcome == "needs_judgement"

    # City A returns the food application once; the county resubmits; the city passes all three.
    post_ok(client, reverse("applications:return", args=[food.pk]), {"version": food.version, "reason": "规划未盖章"})
    food.refresh_from_db()
    assert food.status == ApplicationStatus.RETURNED
    as_user(client, u["county_a1"])
    page = client.get(reverse("applications:application", args=[food.pk]))
    assert "规划未盖章" in page.content.decode()
    post_ok(client, reverse("applications:application", args=[food.pk]),
            {"version": food.version, "action": "submit", "name": food.name})
    food.refresh_from_db()
    assert food.status == ApplicationStatus.AT_CITY
    as_user(client, u["city_a"])
    for application in (machinery, textiles, food):
        application.refresh_from_db()
        post_ok(client, reverse("applications:pass", args=[application.pk]), {"version": application.version})

    # The province accepts all four and decides the flagged exception.
    as_user(client, u["province"])
    for application in (machinery, textiles, food, optics):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.AT_PROVINCE
        post_ok(client, reverse("applications:pass", args=[application.pk]), {"version": application.version})
    post_ok(client, reverse("applications:judge", args=[optics.pk]),
            {"condition": "C1", "decision": "accept", "reason": "全国市场占有率第三，特色优势明显"})

    as_user(client, u["admin"])
    post_ok(client, reverse("applications:call_move", args=[call.pk]), {"to": "review"})
    post_ok(client, reverse("applications:call_move", args=[call.pk]), {"to": "expert_review"})
    as_user(client, u["province"])
    post_ok(client, reverse("applications:panel", args=[call.pk]), {"experts": [e.pk for e in experts.values()]})
    assert all(a.assignments.count() == 3 for a in (machinery, textiles, food, optics))

    for application, table in ((machinery, HIGH), (textiles, HIGH), (optics, HIGH), (food, LOW)):
        for name, expert in experts.items():
            score(client, application, expert, table[name])

    # The recommended list, approval, announcement.
    as_user(client, u["province"])
    post_ok(client, reverse("applications:recommend", args=[call.pk]))
    decisions = {a.name: a.decision for a in Application.objects.filter(call=call).select_related("decision")}
    assert {n: (str(d.expert_mean), d.conditions_met, d.recommended) for n, d in decisions.items()} == {
        "甲一装备产业集群": ("70.00", True, True),
        "甲一纺织产业集群": ("70.00", False, False),
        "甲市光电子产业集群": ("70.00", True, True),
        "甲一食品产业集群": ("50.00", True, False),
    }
    assert "C1" in decisions["甲一纺织产业集群"].reason
    as_user(client, u["admin"])
    post_ok(client, reverse("applications:approve", args=[call.pk]), {"reason": "省政府同意"})
    assert as_user(client, u["submitter_a1"]).get(reverse("applications:announcement", args=[call.pk])).status_code == 404
    as_user(client, u["admin"])
    post_ok(client, reverse("applications:announce", args=[call.pk]), {"note": "鄂经信函〔2019〕XX号"})
    call.refresh_from_db()
    assert call.status == CallStatus.ANNOUNCED and call.announced_at is not None

    # Everyone of the province reads the announcement and its exports; another province does not.
    for persona in ("submitter_a1", "expert", "county_a1"):
        page = as_user(client, u[persona]).get(reverse("applications:announcement", args=[call.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "甲一装备产业集群" in text and "甲市光电子产业集群" in text and "甲一纺织产业集群" not in text
    assert as_user(client, u["outsider"]).get(reverse("applications:announcement", args=[call.pk])).status_code == 404
    as_user(client, u["submitter_a1"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("applications:announcement_export", args=[call.pk, "xlsx"])).content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["甲一装备产业集群", "甲市光电子产业集群"]
    rows = list(csv.reader(io.StringIO(client.get(
        reverse("applications:announcement_export", args=[call.pk, "csv"])).content.decode("utf-8-sig"))))
    assert rows[1][1:4] == ["甲一装备产业集群", "甲市", "甲一县"] and rows[2][3] == "甲二县"
    docx = client.get(reverse("applications:announcement_export", args=[call.pk, "docx"]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")

    # Recognition: two clusters in the registry, expected by the next year's round.
    as_user(client, u["admin"])
    post_ok(client, reverse("applications:recognise", args=[call.pk]))
    post_ok(client, reverse("applications:recognise", args=[call.pk]))  # idempotent
    new = Cluster.objects.filter(application__call=call).order_by("name")
    assert [(c.name, c.county.name, c.group, c.kind, c.level, c.year_recognised) for c in new] == [
        ("甲一装备产业集群", "甲一县", "growth", "growth", "provincial", 2019),
        ("甲市光电子产业集群", "甲二县", "growth", "growth", "provincial", 2019),
    ]
    assert Park.objects.filter(name="甲市光电子产业集群核心园", county=world.counties["A2"]).count() == 1
    assert PromotionOrganisation.objects.filter(name="甲一装备产业集群发展促进会").count() == 1
    assert new[0].core_park.name == "甲一装备产业集群核心园"
    next_round = Round(scheme=scheme, year=2020)
    assert set(new) <= set(expected_clusters(next_round, Cluster.objects.all()))
    assert not set(new) & set(expected_clusters(Round(scheme=scheme, year=2019), Cluster.objects.all()))
    assert AuditEvent.objects.filter(action="application.recognise").count() == 2
    actions_logged = set(AuditEvent.objects.filter(action__startswith="application").values_list("action", flat=True))
    assert {"application_call.create", "application.submit", "application.return", "application.pass",
            "application.judge", "application_call.recommend", "application_call.approve",
            "application_call.announce"} <= actions_logged
