"""The audit trail is append-only: the application can neither change nor delete an event.

Every refusal happens before any SQL is sent, so the surrounding transaction stays usable on
PostgreSQL too; the rows are read back afterwards to prove nothing changed.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models.deletion import ProtectedError

from clustermon.audit.log import record
from clustermon.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(world, draft_round) -> AuditEvent:
    return record("round.note", draft_round, by=world.users["admin"], before={"a": 1}, after={"a": 2}, reason="原因")


def unchanged(event: AuditEvent) -> bool:
    fresh = AuditEvent.objects.get(pk=event.pk)
    return (fresh.action, fresh.reason, fresh.before, fresh.after) == ("round.note", "原因", {"a": 1}, {"a": 2})


def test_saving_an_event_again_is_refused(event) -> None:
    event.reason = "改过的原因"
    with pytest.raises(AppendOnlyError), transaction.atomic():
        event.save()
    assert unchanged(event)


def test_updating_through_a_queryset_is_refused(event) -> None:
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="改过的原因")
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert unchanged(event)


def test_deleting_is_refused(event) -> None:
    with pytest.raises(AppendOnlyError), transaction.atomic():
        event.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert unchanged(event)


def test_the_things_an_event_names_cannot_be_deleted_under_it(world, event, draft_round) -> None:
    with pytest.raises(ProtectedError), transaction.atomic():
        world.users["admin"].delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        draft_round.delete()
    assert unchanged(event)


def test_the_database_connection_is_still_usable_afterwards(event) -> None:
    """On PostgreSQL a failed statement would poison the transaction; nothing here reaches SQL."""
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert unchanged(event)


def test_no_url_edits_or_deletes_events(client, world, event) -> None:
    """The trail is only ever listed: no pattern of the audit app takes an event id."""
    from clustermon.audit.urls import urlpatterns

    assert [str(p.pattern) for p in urlpatterns] == [""]
    client.force_login(world.users["admin"])
    assert client.post("/audit/", {"id": event.pk, "reason": "x"}).status_code == 405
    assert unchanged(event)
