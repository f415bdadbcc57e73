"""The province's buttons on the results page: compute, approve a version, publish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.results.models import ResultSet
from tests.conftest import PASSWORD


def login(client, world, who: str) -> None:
    assert client.login(username=world.users[who].username, password=PASSWORD)


def test_compute_approve_publish(client, world, tiny) -> None:
    login(client, world, "admin")
    response = client.post(reverse("results:compute", args=[tiny.round.pk]))
    assert response.status_code == 302 and response["Location"].endswith("?set=1")
    assert ResultSet.objects.get().status == "computed"
    page = client.get(response["Location"]).content.decode()
    assert "审定此版本" in page and "结果已计算" in page
    client.post(reverse("results:approve", args=[tiny.round.pk, 1]))
    tiny.round.refresh_from_db()
    assert ResultSet.objects.get().status == "approved" and tiny.round.status == "approved"
    client.post(reverse("results:publish", args=[tiny.round.pk]))
    tiny.round.refresh_from_db()
    assert tiny.round.status == "published"


def test_a_refusal_is_shown_not_raised(client, world, tiny) -> None:
    tiny.round.status = "expert_review"
    tiny.round.save()
    login(client, world, "admin")
    response = client.post(reverse("results:compute", args=[tiny.round.pk]), follow=True)
    assert response.status_code == 200
    assert "仅在评分阶段可以计算结果" in response.content.decode()
    assert not ResultSet.objects.exists()


@pytest.mark.parametrize("name", ["compute", "publish"])
def test_a_reviewer_is_forbidden(client, world, tiny, name) -> None:
    login(client, world, "province")
    assert client.post(reverse(f"results:{name}", args=[tiny.round.pk])).status_code == 403


def test_another_province_is_missing(client, world, tiny) -> None:
    login(client, world, "outsider")
    assert client.post(reverse("results:compute", args=[tiny.round.pk])).status_code == 404
    assert client.post(reverse("results:approve", args=[tiny.round.pk, 1])).status_code == 404


def test_approving_an_unknown_version_is_missing(client, world, tiny) -> None:
    login(client, world, "admin")
    assert client.post(reverse("results:approve", args=[tiny.round.pk, 7])).status_code == 404


@pytest.mark.parametrize("name", ["compute", "publish"])
def test_get_is_not_allowed(client, world, tiny, name) -> None:
    login(client, world, "admin")
    assert client.get(reverse(f"results:{name}", args=[tiny.round.pk])).status_code == 405


def test_anonymous_is_sent_to_login(client, tiny) -> None:
    response = client.post(reverse("results:compute", args=[tiny.round.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
