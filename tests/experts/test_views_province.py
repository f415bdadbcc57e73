"""The province's pages: pool, assignment, progress, spread, diagnoses."""

import pytest
from django.urls import reverse

from clustermon.audit.models import AuditEvent
from clustermon.experts import actions
from clustermon.experts.models import Affiliation, Assignment, ExpertProfile, ExpertScore
from tests.experts.conftest import make_assignment

NOT_PROVINCE = ["expert", "city_a", "county_a1", "submitter_a1", "outsider"]


def as_user(client, review, who: str):
    client.force_login(review.experts.get(who) or review.world.users[who])
    return client


def round_url(name: str, review, *args) -> str:
    return reverse(f"experts:{name}", args=[review.round.pk, *args])


# --- the pool ------------------------------------------------------------------------------------

def test_pool_lists_the_province_experts(client, review, django_assert_max_num_queries) -> None:
    as_user(client, review, "province")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("experts:pool"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "专家x1" in body and "园区专家委员" not in body and "甲一高新区" in body


def test_add_an_expert(client, review) -> None:
    response = as_user(client, review, "admin").post(reverse("experts:expert_new"), {
        "username": "x9", "name": "王九", "field": "新材料", "industries": "新材料、化工, 装备制造",
        "home_city": review.world.cities["B"].pk, "employer": "某大学", "active": "on"})
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user__username="x9")
    assert profile.industries == ["新材料", "化工", "装备制造"]
    assert profile.user.role == "expert" and profile.user.province == review.world.province
    assert profile.user.first_name == "王九" and not profile.user.has_usable_password()
    assert AuditEvent.objects.filter(action="experts.expert_created").count() == 1


def test_add_refuses_a_city_of_another_province(client, review) -> None:
    response = as_user(client, review, "admin").post(reverse("experts:expert_new"), {
        "username": "x9", "name": "王九", "home_city": review.world.cities["Q"].pk})
    assert response.status_code == 400
    assert not ExpertProfile.objects.filter(user__username="x9").exists()


def test_edit_an_expert_and_their_affiliations(client, review) -> None:
    x2 = review.experts["x2"]
    as_user(client, review, "province")
    url = reverse("experts:expert", args=[x2.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "专家二", "field": "材料", "industries": "新材料", "employer": "研究院",
                                 "active": ""})
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=x2)
    assert (profile.employer, profile.active) == ("研究院", False)
    response = client.post(reverse("experts:affiliation_add", args=[x2.pk]),
                           {"cluster": review.world.clusters["b1"].pk, "note": "兼职"})
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(expert=x2)
    response = client.post(reverse("experts:affiliation_remove", args=[x2.pk, affiliation.pk]))
    assert response.status_code == 302
    assert not Affiliation.objects.filter(expert=x2).exists()


def test_an_affiliation_names_a_cluster_or_a_park(client, review) -> None:
    x2 = review.experts["x2"]
    as_user(client, review, "province").post(reverse("experts:affiliation_add", args=[x2.pk]), {"note": "?"})
    assert not Affiliation.objects.filter(expert=x2).exists()


@pytest.mark.parametrize("who", NOT_PROVINCE)
def test_the_pool_is_missing_for_others(client, review, who) -> None:
    as_user(client, review, who)
    assert client.get(reverse("experts:expert", args=[review.experts["x2"].pk])).status_code == 404
    response = client.get(reverse("experts:pool"))
    if who == "outsider":  # the province of Q has a pool of its own, without P's experts
        assert response.status_code == 200 and "专家x2" not in response.content.decode()
    else:
        assert response.status_code == 404


def test_an_expert_of_another_province_is_missing(client, review, django_user_model) -> None:
    foreign = django_user_model.objects.create_user(username="qx", role="expert", province=review.world.other_province)
    assert as_user(client, review, "province").get(reverse("experts:expert", args=[foreign.pk])).status_code == 404


def test_pool_anonymous_and_wrong_method(client, review) -> None:
    assert client.get(reverse("experts:pool")).status_code == 302
    assert as_user(client, review, "province").post(reverse("experts:pool")).status_code == 405
    assert client.get(reverse("experts:affiliation_add", args=[review.experts["x2"].pk])).status_code == 405


# --- assignment ----------------------------------------------------------------------------------

def test_the_assignment_page_runs_and_shows_the_table(client, review, django_assert_max_num_queries) -> None:
    as_user(client, review, "province")
    response = client.post(round_url("auto_assign", review), {"per_cluster": "2"})
    assert response.status_code == 302
    assert Assignment.objects.filter(round=review.round).count() == 8
    # b1's submission sent back after the run: its experts stay listed (their row needs its city too).
    review.submissions["b1"].status = "returned"
    review.submissions["b1"].save()
    with django_assert_max_num_queries(10):
        response = client.get(round_url("assignments", review))
    assert response.status_code == 200
    body = response.content.decode()
    assert "专家x4" in body and "b1产业集群" in body


def test_a_shortfall_is_reported(client, review) -> None:
    as_user(client, review, "province")
    response = client.post(round_url("auto_assign", review), {"per_cluster": "4"}, follow=True)
    body = response.content.decode()
    assert "a1b (−1)" in body and "a2 (−1)" in body


def test_override_without_reason_changes_nothing(client, review) -> None:
    as_user(client, review, "province")
    data = {"cluster": review.world.clusters["a1"].pk, "expert": review.experts["x1"].pk, "reason": ""}
    client.post(round_url("assign", review), data)
    assert not Assignment.objects.exists()
    client.post(round_url("assign", review), {**data, "reason": "本领域仅此一人"})
    a = Assignment.objects.get()
    assert AuditEvent.objects.get(action="experts.assigned").reason == "本领域仅此一人"
    client.post(reverse("experts:unassign", args=[a.pk]), {"reason": ""})
    assert Assignment.objects.filter(pk=a.pk).exists()
    client.post(reverse("experts:unassign", args=[a.pk]), {"reason": "时间冲突"})
    assert not Assignment.objects.filter(pk=a.pk).exists()
    assert "时间冲突" in client.get(round_url("assignments", review)).content.decode()


def test_override_of_an_out_of_scope_cluster_or_expert_is_missing(client, review, django_user_model) -> None:
    as_user(client, review, "province")
    data = {"cluster": review.world.clusters["q1"].pk, "expert": review.experts["x1"].pk, "reason": "r"}
    assert client.post(round_url("assign", review), data).status_code == 404
    data = {"cluster": review.world.clusters["a1"].pk, "expert": review.world.users["city_a"].pk, "reason": "r"}
    assert client.post(round_url("assign", review), data).status_code == 404


@pytest.mark.parametrize("who", NOT_PROVINCE)
def test_assignment_pages_are_missing_for_others(client, review, who) -> None:
    a = make_assignment(review, "a1", "x2")
    as_user(client, review, who)
    for name in ("assignments", "progress", "spread", "diagnoses"):
        assert client.get(round_url(name, review)).status_code == 404, name
    assert client.get(round_url("spread_cluster", review, review.world.clusters["a1"].pk)).status_code == 404
    assert client.post(round_url("auto_assign", review), {"per_cluster": "2"}).status_code == 404
    assert client.post(reverse("experts:unassign", args=[a.pk]), {"reason": "r"}).status_code == 404
    assert Assignment.objects.filter(pk=a.pk).exists()


def test_assignment_pages_anonymous_and_wrong_method(client, review) -> None:
    for name in ("assignments", "progress", "spread", "diagnoses"):
        assert client.get(round_url(name, review)).status_code == 302
    as_user(client, review, "province")
    assert client.get(round_url("auto_assign", review)).status_code == 405
    assert client.get(round_url("assign", review)).status_code == 405
    assert client.post(round_url("progress", review)).status_code == 405
    assert client.post(round_url("spread", review)).status_code == 405


# --- progress and spread -------------------------------------------------------------------------

def _submit(review, cluster: str, expert: str, q1: str, q2: str) -> None:
    a = make_assignment(review, cluster, expert)
    actions.save_scores(a, {"Q1": (q1, ""), "Q2": (q2, "")}, by=review.experts[expert])
    actions.submit_scores(a, by=review.experts[expert])


def test_progress_per_expert_and_cluster_with_conflicts(client, review, django_assert_max_num_queries) -> None:
    _submit(review, "b1", "x2", "A", "5")
    make_assignment(review, "b1", "x3")
    unopened = make_assignment(review, "a1", "x4", opened=False)
    actions.declare_conflict(unopened, "employment", "园区任职", by=review.experts["x4"])
    as_user(client, review, "province")
    with django_assert_max_num_queries(8):
        response = client.get(round_url("progress", review))
    assert response.status_code == 200
    body = response.content.decode()
    assert "园区任职" in body  # the province is told of the conflict
    assert "2 / 4" in body  # b1: 2 of 4 indicators scored (x2 both, x3 none)


def test_spread_flags_the_far_expert_and_states_the_rule(client, review, django_assert_max_num_queries) -> None:
    # Five experts on b1 (the world persona `expert` lives in B but is assigned by hand here).
    for expert, q1 in (("expert", "A"), ("x1", "A"), ("x2", "B"), ("x3", "A"), ("x4", "D")):
        _submit(review, "b1", expert, q1, "4")
    as_user(client, review, "province")
    with django_assert_max_num_queries(6):
        overview = client.get(round_url("spread", review))
    assert overview.status_code == 200 and "Q1" in overview.content.decode()
    with django_assert_max_num_queries(6):
        response = client.get(round_url("spread_cluster", review, review.world.clusters["b1"].pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="outlier"') == 1  # x4's D
    assert "9.33" in body  # trimmed mean of A A B A D: (0.8 + 1 + 1) / 3 × 10
    assert "8.20" in body  # the plain mean, shown beside it
    assert "5" in body and "⚑" in body


def test_spread_of_a_cluster_out_of_scope_is_missing(client, review) -> None:
    as_user(client, review, "province")
    assert client.get(round_url("spread_cluster", review, review.world.clusters["q1"].pk)).status_code == 404


def test_an_unsubmitted_score_is_not_in_the_spread(client, review) -> None:
    a = make_assignment(review, "b1", "x2")
    ExpertScore.objects.create(assignment=a, indicator="Q1", score="D")
    as_user(client, review, "province")
    body = client.get(round_url("spread_cluster", review, review.world.clusters["b1"].pk)).content.decode()
    assert "专家x2" not in body


def test_diagnosis_request_page(client, review) -> None:
    as_user(client, review, "province")
    response = client.post(round_url("diagnosis_assign", review),
                           {"cluster": review.world.clusters["a2"].pk, "expert": review.experts["x1"].pk})
    assert response.status_code == 302
    assert "a2产业集群" in client.get(round_url("diagnoses", review)).content.decode()
