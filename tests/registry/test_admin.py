"""The back office: province administrators and superusers only; records are read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clustermon.audit.models import AuditEvent
from tests.conftest import PASSWORD


def login(client, world, who: str, **flags) -> None:
    user = world.users[who]
    for key, value in flags.items():
        setattr(user, key, value)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)


def test_a_province_administrator_with_staff_access_enters(client, world) -> None:
    login(client, world, "admin", is_staff=True)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "产业集群" in response.content.decode()


@pytest.mark.parametrize("who", ["province", "city_a", "expert"])
def test_other_roles_stay_out_even_as_staff(client, world, who) -> None:
    login(client, world, who, is_staff=True)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_province_administrator_sees_only_its_province(client, world) -> None:
    login(client, world, "admin", is_staff=True)
    html = client.get(reverse("admin:registry_cluster_changelist")).content.decode()
    assert "a1产业集群" in html and "q1产业集群" not in html
    other = world.clusters["q1"]
    assert client.get(reverse("admin:registry_cluster_change", args=[other.pk])).status_code == 302


def test_a_change_through_the_admin_is_audited(client, world) -> None:
    login(client, world, "admin", is_superuser=True, is_staff=True)
    park_url = reverse("admin:registry_park_add")
    response = client.post(park_url, {"name": "甲一经济开发区", "county": world.counties["A1"].pk,
                                      "level": "provincial"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.added")
    assert event.object_type == "registry.park" and event.actor == world.users["admin"]


def test_audit_events_and_approved_results_are_read_only(client, world, published) -> None:
    login(client, world, "admin", is_superuser=True, is_staff=True)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    result_set = published.round.result_sets.get()
    change = client.get(reverse("admin:results_resultset_change", args=[result_set.pk]))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False and change.context["has_delete_permission"] is False
    delete = client.post(reverse("admin:results_resultset_delete", args=[result_set.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert result_set.__class__.objects.filter(pk=result_set.pk).exists()
