"""The JSON API: tokens, scoped lists, one submission, review actions, data entry, progress, docs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from clustermon.api.models import ApiToken, hash_key
from clustermon.review import actions
from clustermon.review.models import ReviewDecision
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.conftest import PASSWORD
from tests.review.factories import make_round, make_submission

S = SubmissionStatus


class Api:
    """A client speaking JSON with a bearer token."""

    def __init__(self, client: Client, user=None, language: str | None = None) -> None:  # noqa: ANN001
        self.client = client
        self.headers = {}
        if user is not None:
            _token, key = ApiToken.objects.issue(user)
            self.headers["Authorization"] = f"Bearer {key}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, **params):  # noqa: ANN003, ANN201
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: dict | None = None, method: str = "post"):  # noqa: ANN201
        return getattr(self.client, method)(path, body or {}, content_type="application/json",
                                            headers=self.headers)


@pytest.fixture
def api(client):  # noqa: ANN201
    return lambda user=None, language=None: Api(client, user, language)


# --- tokens -------------------------------------------------------------------------------------


def test_token_from_json_and_form(client, world) -> None:
    r = client.post("/api/token", {"username": "city_a", "password": PASSWORD}, content_type="application/json")
    assert r.status_code == 200
    key = r.json()["token"]
    stored = ApiToken.objects.get()
    assert stored.user == world.users["city_a"] and stored.key_hash == hash_key(key) and key not in stored.key_hash
    r = client.post("/api/token", {"username": "city_a", "password": PASSWORD})  # form body
    assert r.status_code == 200 and r.json()["token"] != key
    r = client.get("/api/clusters", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200
    assert ApiToken.objects.filter(last_used__isnull=False).count() == 1


@pytest.mark.parametrize("body", [{"username": "city_a", "password": "wrong"}, {"username": "city_a"}, {}])
def test_token_refused(client, world, body) -> None:
    r = client.post("/api/token", body, content_type="application/json")
    assert r.status_code == 401
    assert r.json() == {"detail": "用户名或密码错误。"}
    assert not ApiToken.objects.exists()


def test_token_of_inactive_user_stops_working(api, world) -> None:
    a = api(world.users["city_a"])
    assert a.get("/api/clusters").status_code == 200
    world.users["city_a"].is_active = False
    world.users["city_a"].save()
    assert a.get("/api/clusters").status_code == 401


def test_missing_or_bad_token_is_401_in_the_users_language(client, world) -> None:
    r = client.get("/api/clusters")
    assert r.status_code == 401 and r["WWW-Authenticate"] == "Bearer"
    assert "令牌" in r.json()["detail"]
    r = client.get("/api/clusters", headers={"Authorization": "Bearer nope", "Accept-Language": "en"})
    assert r.status_code == 401 and r.json()["detail"].startswith("Authentication required")


# --- reading ------------------------------------------------------------------------------------


def test_clusters_in_scope(api, world) -> None:
    r = api(world.users["county_a1"]).get("/api/clusters")
    assert [(c["name"], c["city"], c["county"], c["group"]) for c in r.json()] == [
        ("a1产业集群", "甲市", "甲一县", "provincial_amc"), ("a1b产业集群", "甲市", "甲一县", "provincial_amc")]
    assert {c["id"] for c in api(world.users["outsider"]).get("/api/clusters").json()} == {world.clusters["q1"].pk}
    assert api(world.users["expert"]).get("/api/clusters").json() == []


def test_rounds(api, rw) -> None:
    make_round(rw.world, year=2027, status=RoundStatus.DRAFT)
    rounds = api(rw.users["province"]).get("/api/rounds").json()
    assert [(r["year"], r["scheme"], r["status"]) for r in rounds] == [(2027, "test-scheme", "draft"),
                                                                       (2026, "test-scheme", "review")]
    assert [r["year"] for r in api(rw.users["city_a"]).get("/api/rounds").json()] == [2026]  # no drafts
    assert api(rw.users["outsider"]).get("/api/rounds").json() == []


def test_round_submissions_scoped_and_filtered(api, rw) -> None:
    url = f"/api/rounds/{rw.round.pk}/submissions"
    rows = api(rw.users["city_a"]).get(url).json()
    assert [(r["cluster_id"], r["status"]) for r in rows] == [
        (rw.world.clusters[k].pk, s) for k, s in (("a1", "at_county"), ("a1b", "draft"), ("a2", "at_city"))]
    assert [r["id"] for r in api(rw.users["province"]).get(url, status="at_province").json()] == [rw.subs["b1"].pk]
    assert [r["id"] for r in api(rw.users["province"]).get(url, level="city").json()] == [rw.subs["a2"].pk]
    assert len(api(rw.users["province"]).get(url, city=rw.world.cities["B"].pk).json()) == 1
    assert api(rw.users["province"]).get(url, status="bogus").status_code == 422
    assert api(rw.users["outsider"]).get(url).status_code == 404


def test_one_submission_with_comments_and_history(api, rw) -> None:
    sub = rw.subs["a1"]
    actions.return_(sub, by=rw.users["county_a1"], reason="请核实", comments={"D1.1": "口径不符"},
                    expected_version=1)
    Submission.objects.filter(pk=sub.pk).update(values={"D1.1": "48", "D1.2": "20"}, status=S.AT_COUNTY, version=3)
    body = api(rw.users["submitter_a1"]).get(f"/api/submissions/{sub.pk}").json()
    assert (body["status"], body["version"], body["cluster_id"]) == ("at_county", 3, rw.world.clusters["a1"].pk)
    assert body["values"] == {"D1.1": "48", "D1.2": "20"} == body["effective_values"]
    assert body["comments"] == [{"indicator": "D1.1", "text": "口径不符"}]
    assert body["changes_since_return"] == [{"indicator": "D1.1", "before": "50", "after": "48"}]
    assert [(h["level"], h["decision"], h["reason"]) for h in body["history"]] == [("county", "return", "请核实")]
    assert "甲一县" in body["holder"]
    assert len(body["timeline"]) == 1 and "请核实" in body["timeline"][0]["text"]
    assert api(rw.users["county_a1"]).get(f"/api/submissions/{rw.subs['b1'].pk}").status_code == 404
    assert api(rw.users["county_a1"]).get("/api/submissions/999999").json() == {"detail": "未找到。"}


# --- review actions -----------------------------------------------------------------------------


def test_pass_and_conflict(api, rw) -> None:
    a = api(rw.users["county_a1"], "en")
    url = f"/api/submissions/{rw.subs['a1'].pk}/pass"
    r = a.post(url, {"expected_version": 1})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("level", "decision", "status", "version")} == {
        "level": "county", "decision": "pass", "status": "at_city", "version": 2}
    r = a.post(url, {"expected_version": 1})
    assert r.status_code == 409
    assert r.json() == {"detail": "This submission has been changed by someone else; reload it and try again."}
    r = api(rw.users["county_a1"]).post(url, {"expected_version": 1})
    assert r.status_code == 409 and "他人" in r.json()["detail"]


def test_pass_at_the_wrong_level_is_400(api, rw) -> None:
    r = api(rw.users["city_a"], "en").post(f"/api/submissions/{rw.subs['a1'].pk}/pass", {"expected_version": 1})
    assert r.status_code == 400 and "county" in r.json()["detail"]
    assert Submission.objects.get(pk=rw.subs["a1"].pk).status == S.AT_COUNTY


def test_return_with_comments(api, rw) -> None:
    url = f"/api/submissions/{rw.subs['a2'].pk}/return"
    a = api(rw.users["city_a"])
    r = a.post(url, {"expected_version": 1, "reason": " "})
    assert r.status_code == 400 and r.json()["detail"]
    r = a.post(url, {"expected_version": 1, "reason": "请补充", "comments": {"D1.2": "名单"}})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    decision = ReviewDecision.objects.get()
    assert [(c.indicator, c.text) for c in decision.comments.all()] == [("D1.2", "名单")]
    assert a.post(url, {"reason": "x"}).status_code == 422  # expected_version is required


def test_bulk_pass(api, rw) -> None:
    Submission.objects.filter(pk=rw.subs["a1b"].pk).update(status=S.AT_COUNTY)
    a = api(rw.users["county_a1"])
    url = f"/api/rounds/{rw.round.pk}/bulk-pass"
    items = [{"id": rw.subs["a1"].pk, "version": 1}, {"id": rw.subs["a1b"].pk, "version": 1}]
    r = a.post(url, {"items": items})
    assert r.status_code == 200 and [p["status"] for p in r.json()["passed"]] == ["at_city", "at_city"]
    r = a.post(url, {"items": [{"id": rw.subs["b1"].pk, "version": 1}]})
    assert r.status_code == 404


def test_site_check(api, rw) -> None:
    url = f"/api/submissions/{rw.subs['b1'].pk}/site-checks"
    body = {"date": "2026-03-02", "inspectors": "张三", "findings": "属实",
            "corrections": [{"indicator": "D1.1", "corrected_value": "45", "reason": "税务数据"}]}
    r = api(rw.users["province"]).post(url, body)
    assert r.status_code == 201
    assert r.json()["corrections"] == [{"indicator": "D1.1", "original_value": "50", "corrected_value": "45",
                                        "reason": "税务数据"}]
    detail = api(rw.users["province"]).get(f"/api/submissions/{rw.subs['b1'].pk}").json()
    assert detail["values"]["D1.1"] == "50" and detail["effective_values"]["D1.1"] == "45"
    assert api(rw.users["city_a"]).post(f"/api/submissions/{rw.subs['a2'].pk}/site-checks", body).status_code == 403


def test_progress(api, rw) -> None:
    body = api(rw.users["city_a"]).get(f"/api/rounds/{rw.round.pk}/progress").json()
    assert body["total"] == {"expected": 3, "not_started": 0, "draft": 1, "at_county": 1, "at_city": 1,
                             "at_province": 0, "accepted": 0, "returned": 0, "overdue": 0}
    assert [c["city"] for c in body["cities"]] == ["甲市"]
    assert [c["county"] for c in body["cities"][0]["counties"]] == ["甲一县", "甲二县"]
    assert api(rw.users["county_a1"]).get(f"/api/rounds/{rw.round.pk}/progress").status_code == 403


# --- data entry through the submissions app's actions -------------------------------------------


@pytest.fixture
def open_round(world):  # noqa: ANN201
    round_ = make_round(world, year=2027, status=RoundStatus.OPEN)
    return make_submission(round_, world.clusters["a1"], S.DRAFT, values={})


def test_draft_and_submit(api, world, open_round) -> None:
    a = api(world.users["submitter_a1"])
    url = f"/api/submissions/{open_round.pk}"
    r = a.post(url + "/draft", {"expected_version": 1, "values": {"D1.2": "20"}}, method="put")
    assert r.status_code == 200
    assert (r.json()["version"], list(r.json()["report"]["errors"])) == (2, [])
    r = a.post(url + "/submit", {"expected_version": 2})
    assert r.status_code == 400 and "D1.1" in r.json()["report"]["errors"]  # required value missing
    a.post(url + "/draft", {"expected_version": 2, "values": {"D1.1": "60"}}, method="put")
    r = a.post(url + "/submit", {"expected_version": 3})
    assert r.status_code == 200 and r.json()["status"] == "at_county"
    r = a.post(url + "/draft", {"expected_version": 4, "values": {}}, method="put")
    assert r.status_code == 400 and "已锁定" in r.json()["detail"] or "locked" in r.json()["detail"]  # handed in
    assert a.post(url + "/submit", {"expected_version": 3}).status_code in (400, 409)


def test_returned_submission_goes_back_to_the_returning_level(api, world, open_round) -> None:
    Submission.objects.filter(pk=open_round.pk).update(status=S.AT_CITY, values={"D1.1": "60", "D1.2": "20"})
    open_round.round.status = RoundStatus.REVIEW
    open_round.round.save()
    r = api(world.users["city_a"]).post(f"/api/submissions/{open_round.pk}/return",
                                        {"expected_version": 1, "reason": "请核实", "comments": {"D1.1": "偏高"}})
    assert r.status_code == 200
    a = api(world.users["submitter_a1"])
    body = a.get(f"/api/submissions/{open_round.pk}").json()
    assert body["status"] == "returned" and body["comments"] == [{"indicator": "D1.1", "text": "偏高"}]
    a.post(f"/api/submissions/{open_round.pk}/draft", {"expected_version": 2, "values": {"D1.1": "58"}}, method="put")
    r = a.post(f"/api/submissions/{open_round.pk}/submit", {"expected_version": 3})
    assert r.status_code == 200 and r.json()["status"] == "at_city"
    body = api(world.users["city_a"]).get(f"/api/submissions/{open_round.pk}").json()
    assert body["changes_since_return"] == [{"indicator": "D1.1", "before": "60", "after": "58"}]


def test_others_may_not_enter_data(api, world, open_round) -> None:
    r = api(world.users["county_a1"]).post(f"/api/submissions/{open_round.pk}/draft",
                                           {"expected_version": 1, "values": {"D1.1": "1"}}, method="put")
    assert r.status_code == 400
    assert Submission.objects.get(pk=open_round.pk).values == {}


# --- the document and the docs ------------------------------------------------------------------


def test_openapi_document(client, world) -> None:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.") and doc["info"]["title"] == "clustermon API"
    assert {"/api/token", "/api/clusters", "/api/rounds", "/api/rounds/{round_id}/submissions",
            "/api/submissions/{submission_id}"} <= set(doc["paths"])
    assert any(s.get("scheme") == "bearer" for s in doc["components"]["securitySchemes"].values())
    assert doc["paths"]["/api/token"]["post"].get("security") in (None, [])
    rounds = doc["components"]["schemas"]["RoundOut"]["properties"]
    assert {"id", "year", "scheme", "status"} <= set(rounds)


def test_docs_load_swagger_from_our_own_static_files(client, world) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources and "/static/ninja/swagger-ui.css" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    assert "cdn" not in html.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_round_submissions_carry_warnings(api, rw) -> None:
    last = type(rw.round).objects.create(scheme=rw.round.scheme, year=2025, title="2025", status="closed")
    make_submission(last, rw.world.clusters["a1"], S.ACCEPTED, values={"D1.1": "10", "D1.2": "20"})
    rows = api(rw.users["county_a1"]).get(f"/api/rounds/{rw.round.pk}/submissions").json()
    assert {r["cluster"]: r["warnings"] for r in rows} == {"a1产业集群": ["D1.1"], "a1b产业集群": []}
    assert all(r["outliers"] == [] for r in rows)  # fewer than 5 values per indicator: not assessed
