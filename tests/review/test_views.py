"""Reviewer pages: the list with filters and badges, bulk pass, the review page, pass and return."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.registry.models import Cluster
from clustermon.review import actions
from clustermon.review.models import LastSeen, ReviewDecision
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.conftest import PASSWORD
from tests.review.factories import make_submission

S = SubmissionStatus


def login(client, user) -> None:  # noqa: ANN001
    assert client.login(username=user.username, password=PASSWORD)


def fresh(sub: Submission) -> Submission:
    return Submission.objects.get(pk=sub.pk)


def names_in(response) -> list[str]:  # noqa: ANN001
    return [i["s"].cluster.code for i in response.context["items"]]


# --- the list -----------------------------------------------------------------------------------


def test_queue_defaults_to_what_waits_at_my_level(client, rw) -> None:
    login(client, rw.users["county_a1"])
    r = client.get(reverse("review:queue", args=[rw.round.pk]))
    assert r.status_code == 200
    assert names_in(r) == ["a1"]
    assert [i["passable"] for i in r.context["items"]] == [True]
    r = client.get(reverse("review:queue", args=[rw.round.pk]), {"status": ""})
    assert names_in(r) == ["a1", "a1b"]  # county A1's scope only


def test_queue_filters_by_status_level_and_city(client, rw) -> None:
    login(client, rw.users["province"])
    url = reverse("review:queue", args=[rw.round.pk])
    assert names_in(client.get(url)) == ["b1"]
    assert names_in(client.get(url, {"status": ""})) == ["a1", "a1b", "a2", "b1"]
    assert names_in(client.get(url, {"status": "at_city"})) == ["a2"]
    assert names_in(client.get(url, {"status": "", "level": "county"})) == ["a1"]
    assert names_in(client.get(url, {"status": "", "city": rw.world.cities["A"].pk})) == ["a1", "a1b", "a2"]
    assert names_in(client.get(url, {"status": "", "county": rw.world.counties["A2"].pk})) == ["a2"]
    assert names_in(client.get(url, {"status": "nonsense"})) == ["a1", "a1b", "a2", "b1"]


def test_queue_badges_changed_since_last_seen(client, rw) -> None:
    login(client, rw.users["county_a1"])
    url = reverse("review:queue", args=[rw.round.pk])
    badges = client.get(url).context["items"][0]["badges"]
    assert (badges.never_seen, badges.changed_since_seen) == (True, False)
    client.get(reverse("review:submission", args=[rw.subs["a1"].pk]))
    assert LastSeen.objects.get(user=rw.users["county_a1"]).version == 1
    badges = client.get(url).context["items"][0]["badges"]
    assert (badges.never_seen, badges.changed_since_seen) == (False, False)
    Submission.objects.filter(pk=rw.subs["a1"].pk).update(version=2)
    r = client.get(url)
    assert r.context["items"][0]["badges"].changed_since_seen
    assert "changed since last seen" in r.content.decode() or "上次查看后有改动" in r.content.decode()


def test_queue_badges_resubmitted_and_warnings(client, rw) -> None:
    sub = rw.subs["a1"]
    actions.return_(sub, by=rw.users["county_a1"], reason="r", expected_version=1)
    Submission.objects.filter(pk=sub.pk).update(status=S.AT_COUNTY, version=3)
    # Last year's revenue was 10: 50 this year is a move of +400 %, above D1.1's 50 % warning.
    last = type(rw.round).objects.create(scheme=rw.round.scheme, year=2025, title="2025", status="closed")
    make_submission(last, rw.world.clusters["a1"], S.ACCEPTED, values={"D1.1": "10", "D1.2": "20"})
    login(client, rw.users["county_a1"])
    r = client.get(reverse("review:queue", args=[rw.round.pk]))
    badges = r.context["items"][0]["badges"]
    assert badges.resubmitted
    assert badges.warnings == ["D1.1"]
    assert not badges.clean
    assert 'name="pick"' not in r.content.decode()  # not clean: no checkbox for bulk pass


def test_queue_query_count_does_not_grow_with_rows(client, rw, world, django_assert_max_num_queries) -> None:
    login(client, rw.users["province"])
    url = reverse("review:queue", args=[rw.round.pk])
    client.get(url, {"status": ""})  # warm caches (session, parsed framework)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"status": ""})
    for i in range(12):
        cluster = Cluster.objects.create(
            code=f"x{i}", name=f"x{i}集群", province=world.province, county=world.counties["B1"], kind="amc",
            level="provincial", group="provincial_amc", year_recognised=2020)
        make_submission(rw.round, cluster, S.AT_PROVINCE, values={"D1.1": str(40 + i), "D1.2": "20"})
    with django_assert_max_num_queries(len(few)):
        r = client.get(url, {"status": ""})
    assert len(r.context["items"]) == 16


def test_queue_refuses_non_reviewers_and_other_provinces(client, rw) -> None:
    url = reverse("review:queue", args=[rw.round.pk])
    for who, status in (("submitter_a1", 403), ("expert", 403), ("outsider", 404)):
        login(client, rw.users[who])
        assert client.get(url).status_code == status, who
    assert client.post(url).status_code in (403, 404, 405)
    client.logout()
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_index_counts_what_waits(client, rw) -> None:
    login(client, rw.users["city_a"])
    r = client.get(reverse("review:index"))
    assert r.status_code == 200
    row = list(r.context["rounds"])[0]
    assert (row.waiting, row.returned) == (1, 0)


# --- bulk pass ----------------------------------------------------------------------------------


def test_bulk_pass_passes_the_checked_ones(client, rw) -> None:
    Submission.objects.filter(pk=rw.subs["a1b"].pk).update(status=S.AT_COUNTY)
    login(client, rw.users["county_a1"])
    picks = [f"{rw.subs['a1'].pk}:1", f"{rw.subs['a1b'].pk}:1"]
    r = client.post(reverse("review:bulk_pass", args=[rw.round.pk]), {"pick": picks, "status": ""})
    assert r.status_code == 302 and r["Location"].endswith("?status=")
    assert {fresh(rw.subs["a1"]).status, fresh(rw.subs["a1b"]).status} == {S.AT_CITY}


def test_bulk_pass_stale_version_passes_nothing(client, rw) -> None:
    Submission.objects.filter(pk=rw.subs["a1b"].pk).update(status=S.AT_COUNTY, version=2)
    login(client, rw.users["county_a1"])
    picks = [f"{rw.subs['a1'].pk}:1", f"{rw.subs['a1b'].pk}:1"]
    r = client.post(reverse("review:bulk_pass", args=[rw.round.pk]), {"pick": picks}, follow=True)
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY
    assert any("a1b" in str(m) for m in r.context["messages"])


def test_bulk_pass_out_of_scope_is_refused(client, rw) -> None:
    login(client, rw.users["county_a1"])
    picks = [f"{rw.subs['a1'].pk}:1", f"{rw.subs['b1'].pk}:1"]
    client.post(reverse("review:bulk_pass", args=[rw.round.pk]), {"pick": picks})
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY
    assert fresh(rw.subs["b1"]).status == S.AT_PROVINCE
    assert client.get(reverse("review:bulk_pass", args=[rw.round.pk])).status_code == 405


# --- the review page ----------------------------------------------------------------------------


def test_review_page_shows_values_comments_changes_and_history(client, rw) -> None:
    sub = rw.subs["a1"]
    actions.return_(sub, by=rw.users["county_a1"], reason="请核实营业收入", comments={"D1.1": "与统计年报不符"},
                    expected_version=1)
    Submission.objects.filter(pk=sub.pk).update(values={"D1.1": "45", "D1.2": "20"}, status=S.AT_COUNTY,
                                                version=3)
    login(client, rw.users["county_a1"])
    r = client.get(reverse("review:submission", args=[sub.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert [(c.indicator, c.before, c.after) for c in r.context["changes"]] == [("D1.1", "50", "45")]
    assert "与统计年报不符" in html and "请核实营业收入" in html
    assert r.context["can_review"] is True
    rows = {row["code"]: row for row in r.context["rows"]}
    assert rows["D1.1"]["changed"] and not rows["D1.2"]["changed"]
    assert rows["D1.1"]["name"] in ("营业收入", "Revenue")
    assert len(r.context["timeline"]) == 1  # the return (the direct ORM update is not an action)


def test_submitter_sees_where_it_stands(client, rw) -> None:
    sub = rw.subs["a1"]
    actions.return_(sub, by=rw.users["county_a1"], reason="请补充材料", comments={"D1.2": "缺少名单"},
                    expected_version=1)
    login(client, rw.users["submitter_a1"])
    r = client.get(reverse("review:submission", args=[sub.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "请补充材料" in html and "缺少名单" in html
    assert "a1产业集群" in r.context["holder"]
    assert r.context["can_review"] is False
    assert not LastSeen.objects.exists()  # only reviewers' visits are remembered


@pytest.mark.parametrize("who, status", [
    ("county_a1", 200), ("city_a", 200), ("province", 200), ("admin", 200), ("submitter_a1", 200),
    ("expert", 404), ("outsider", 404),
])
def test_review_page_scope(client, rw, who, status) -> None:
    login(client, rw.users[who])
    assert client.get(reverse("review:submission", args=[rw.subs["a1"].pk])).status_code == status


def test_review_page_other_cluster_of_the_county_is_hidden_from_the_submitter(client, rw) -> None:
    login(client, rw.users["submitter_a1"])
    assert client.get(reverse("review:submission", args=[rw.subs["a1b"].pk])).status_code == 404


def test_pass_view(client, rw) -> None:
    login(client, rw.users["county_a1"])
    r = client.post(reverse("review:pass", args=[rw.subs["a1"].pk]), {"version": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("review:queue", args=[rw.round.pk])
    assert fresh(rw.subs["a1"]).status == S.AT_CITY
    assert client.get(reverse("review:pass", args=[rw.subs["a1"].pk])).status_code == 405


def test_pass_view_stale_version_tells_the_reviewer(client, rw) -> None:
    login(client, rw.users["county_a1"])
    Submission.objects.filter(pk=rw.subs["a1"].pk).update(version=2)
    r = client.post(reverse("review:pass", args=[rw.subs["a1"].pk]), {"version": "1"}, follow=True)
    assert fresh(rw.subs["a1"]).status == S.AT_COUNTY
    assert [str(m) for m in r.context["messages"]] == [str(actions.ChangedMeanwhile().message)]


def test_return_view_keeps_typed_comments_when_refused(client, rw) -> None:
    login(client, rw.users["county_a1"])
    url = reverse("review:return", args=[rw.subs["a1"].pk])
    r = client.post(url, {"version": "1", "reason": " ", "comment:D1.1": "请核实"})
    assert r.status_code == 400
    assert 'value="请核实"' in r.content.decode()
    r = client.post(url, {"version": "1", "reason": "数据有误", "comment:D1.1": "请核实"})
    assert r.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.reason, [c.text for c in decision.comments.all()]) == ("数据有误", ["请核实"])


def test_pass_by_out_of_scope_reviewer_is_404(client, rw) -> None:
    login(client, rw.users["county_a1"])
    assert client.post(reverse("review:pass", args=[rw.subs["b1"].pk]), {"version": "1"}).status_code == 404
    assert fresh(rw.subs["b1"]).status == S.AT_PROVINCE


def test_review_page_queries_do_not_grow_with_history(client, rw, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sub = rw.subs["a1"]
    login(client, rw.users["county_a1"])
    url = reverse("review:submission", args=[sub.pk])
    actions.return_(sub, by=rw.users["county_a1"], reason="r0", comments={"D1.1": "c"}, expected_version=1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    version = 2
    for i in range(1, 5):  # four more rounds of resubmission and return, with comments
        Submission.objects.filter(pk=sub.pk).update(status=S.AT_COUNTY, version=version + 1)
        actions.return_(fresh(sub), by=rw.users["county_a1"], reason=f"r{i}",
                        comments={"D1.1": f"c{i}", "D1.2": f"d{i}"}, expected_version=version + 1)
        version += 2
    with django_assert_max_num_queries(len(one)):
        r = client.get(url)
    assert len(r.context["decisions"]) == 5
