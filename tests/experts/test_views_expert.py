"""The expert's pages: their list, the declaration on first open, scoring, diagnosis."""

import pytest
from django.urls import reverse

from clustermon.experts import actions
from clustermon.experts.models import Assignment, ConflictDeclaration, ExpertScore
from clustermon.submissions.models import Evidence
from tests.experts.conftest import make_assignment


def as_user(client, user):
    client.force_login(user)
    return client


# --- index ---------------------------------------------------------------------------------------

def test_index_lists_only_my_assignments(client, review, django_assert_max_num_queries) -> None:
    make_assignment(review, "a1", "expert", opened=False)
    make_assignment(review, "a2", "x2")
    as_user(client, review.experts["expert"])
    with django_assert_max_num_queries(7):
        response = client.get(reverse("experts:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "a1产业集群" in body and "a2产业集群" not in body


def test_index_for_the_province_links_the_rounds(client, review) -> None:
    response = as_user(client, review.world.users["province"]).get(reverse("experts:index"))
    assert response.status_code == 200
    assert reverse("experts:assignments", args=[review.round.pk]) in response.content.decode()


def test_index_is_missing_for_other_roles_and_anonymous_goes_to_login(client, review) -> None:
    assert as_user(client, review.world.users["submitter_a1"]).get(reverse("experts:index")).status_code == 404
    client.logout()
    response = client.get(reverse("experts:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_index_refuses_post(client, review) -> None:
    assert as_user(client, review.experts["expert"]).post(reverse("experts:index")).status_code == 405


# --- declaration ---------------------------------------------------------------------------------

def test_first_open_asks_for_the_declaration(client, review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    as_user(client, review.experts["expert"])
    response = client.get(reverse("experts:assignment", args=[a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("experts:declare", args=[a.pk])
    response = client.get(reverse("experts:declare", args=[a.pk]))
    assert response.status_code == 200
    assert "规划完整" not in response.content.decode()  # no material before the declaration


def test_declaring_none_opens_the_scoring_page(client, review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    response = as_user(client, review.experts["expert"]).post(reverse("experts:declare", args=[a.pk]),
                                                              {"kind": "none"})
    assert response.status_code == 302 and response["Location"] == reverse("experts:assignment", args=[a.pk])
    assert client.get(response["Location"]).status_code == 200


def test_declaring_a_conflict_removes_the_assignment(client, review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    response = as_user(client, review.experts["expert"]).post(
        reverse("experts:declare", args=[a.pk]), {"kind": "affiliation", "note": "亲属在集群企业"})
    assert response.status_code == 302 and response["Location"] == reverse("experts:index")
    assert not Assignment.objects.filter(pk=a.pk).exists()
    assert ConflictDeclaration.objects.get().note == "亲属在集群企业"
    assert client.get(reverse("experts:assignment", args=[a.pk])).status_code == 404


def test_declare_other_without_details_is_refused(client, review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    response = as_user(client, review.experts["expert"]).post(reverse("experts:declare", args=[a.pk]),
                                                              {"kind": "other", "note": ""})
    assert response.status_code == 400
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("who", ["x2", "province", "city_a", "outsider"])
def test_declare_is_missing_for_anyone_else(client, review, who) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    user = review.experts.get(who) or review.world.users[who]
    assert as_user(client, user).get(reverse("experts:declare", args=[a.pk])).status_code == 404


def test_declare_refuses_put(client, review) -> None:
    a = make_assignment(review, "a1", "expert", opened=False)
    assert as_user(client, review.experts["expert"]).put(reverse("experts:declare", args=[a.pk])).status_code == 405


# --- scoring -------------------------------------------------------------------------------------

def test_the_scoring_page_shows_the_cluster_read_only(client, review, django_assert_max_num_queries) -> None:
    a = make_assignment(review, "a1", "expert")
    evidence = Evidence.objects.create(submission=review.submissions["a1"], indicator="D1.1", original_name="报表.pdf",
                            name="报表.pdf", path="evidence/x.pdf", content_type="application/pdf", size=10,
                            sha256="0" * 64)
    as_user(client, review.experts["expert"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("experts:assignment", args=[a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "规划完整" in body  # the narrative
    assert "120" in body and "营业收入" in body  # a value, labelled from the framework
    assert f'href="{reverse("submissions:evidence", args=[evidence.pk])}"' in body  # evidence, linked
    assert 'name="score_Q1"' in body and 'name="score_Q2"' in body
    assert 'name="score_D1.1"' not in body
    assert "5" in body  # the trim threshold stated with the rule


def test_save_come_back_then_submit(client, review) -> None:
    a = make_assignment(review, "a1", "expert")
    url = reverse("experts:assignment", args=[a.pk])
    as_user(client, review.experts["expert"])
    response = client.post(url, {"score_Q1": "B", "comment_Q1": "较好", "score_Q2": "", "action": "save"})
    assert response.status_code == 302
    assert ExpertScore.objects.get(assignment=a, indicator="Q1").score == "B"
    page = client.get(url).content.decode()
    assert '<option value="B" selected>' in page and "较好" in page
    response = client.post(url, {"score_Q1": "B", "comment_Q1": "较好", "score_Q2": "4", "action": "submit"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.submitted_at is not None
    page = client.get(url).content.decode()
    assert 'name="score_Q1"' not in page  # read-only now
    response = client.post(url, {"score_Q1": "A", "score_Q2": "4", "action": "save"})
    assert response.status_code == 400
    assert ExpertScore.objects.get(assignment=a, indicator="Q1").score == "B"


def test_a_score_off_the_scale_is_shown_and_nothing_saved(client, review) -> None:
    a = make_assignment(review, "a1", "expert")
    response = as_user(client, review.experts["expert"]).post(
        reverse("experts:assignment", args=[a.pk]), {"score_Q1": "A", "score_Q2": "7", "action": "save"})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not ExpertScore.objects.exists()


def test_submitting_with_a_missing_score_is_refused(client, review) -> None:
    a = make_assignment(review, "a1", "expert")
    response = as_user(client, review.experts["expert"]).post(
        reverse("experts:assignment", args=[a.pk]), {"score_Q1": "A", "score_Q2": "", "action": "submit"})
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.submitted_at is None


def test_the_province_reads_the_page_but_cannot_post(client, review) -> None:
    a = make_assignment(review, "a1", "expert")
    as_user(client, review.world.users["province"])
    response = client.get(reverse("experts:assignment", args=[a.pk]))
    assert response.status_code == 200 and 'name="score_Q1"' not in response.content.decode()
    assert client.post(reverse("experts:assignment", args=[a.pk]), {"score_Q1": "A"}).status_code == 404


@pytest.mark.parametrize("who", ["x2", "city_a", "county_a1", "submitter_a1", "outsider"])
def test_the_scoring_page_is_missing_for_others(client, review, who) -> None:
    a = make_assignment(review, "a1", "expert")
    user = review.experts.get(who) or review.world.users[who]
    assert as_user(client, user).get(reverse("experts:assignment", args=[a.pk])).status_code == 404


def test_the_scoring_page_anonymous_and_wrong_method(client, review) -> None:
    a = make_assignment(review, "a1", "expert")
    url = reverse("experts:assignment", args=[a.pk])
    assert client.get(url).status_code == 302
    assert as_user(client, review.experts["expert"]).delete(url).status_code == 405


# --- diagnosis -----------------------------------------------------------------------------------

def test_the_expert_files_a_diagnosis_the_province_reads_it(client, review) -> None:
    diagnosis = actions.assign_diagnosis(review.round, review.world.clusters["b1"], review.experts["x2"],
                                         by=review.world.users["province"])
    url = reverse("experts:diagnosis", args=[diagnosis.pk])
    as_user(client, review.experts["x2"])
    assert "b1产业集群" in client.get(reverse("experts:index")).content.decode()
    response = client.post(url, {"note": "建议补齐检测认证平台"})
    assert response.status_code == 302
    diagnosis.refresh_from_db()
    assert diagnosis.note == "建议补齐检测认证平台" and diagnosis.filed_at is not None
    as_user(client, review.world.users["province"])
    assert "建议补齐检测认证平台" in client.get(url).content.decode()
    assert client.post(url, {"note": "改写"}).status_code == 404
    assert as_user(client, review.experts["x3"]).get(url).status_code == 404
    assert as_user(client, review.experts["x2"]).patch(url).status_code == 405
