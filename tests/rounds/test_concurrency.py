"""Two administrators moving the same round at once, on PostgreSQL with real threads.

`transition` locks the round row (`select_for_update`) before it reads the status: the second
one waits, then sees the new status and is refused. Exactly one step is recorded.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/rounds/test_concurrency.py
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent
from clustermon.rounds import actions
from clustermon.rounds.models import Round, RoundTransition
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import advance

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 20


@pytest.mark.parametrize("attempt", range(3))
def test_two_admins_close_submission_at_once(world, scheme, monkeypatch, attempt) -> None:
    admin = world.users["admin"]
    second = type(admin).objects.create_user(username="admin2", role=Role.PROVINCE_ADMIN, province=world.province)
    round_ = actions.create_round(scheme, 2025, by=admin)
    advance(round_, "open", admin)

    gate = threading.Barrier(2)
    original = actions._lock

    def lock_together(r: Round) -> Round:
        gate.wait(TIMEOUT)  # both have passed every check before the lock
        return original(r)

    monkeypatch.setattr(actions, "_lock", lock_together)
    results: list[str | None] = [None, None]

    def worker(i: int, who) -> None:  # noqa: ANN001
        try:
            actions.transition(Round.objects.get(pk=round_.pk), "review", by=who)
            results[i] = "ok"
        except ActionRefused:
            results[i] = "refused"
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, who)) for i, who in enumerate((admin, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    assert sorted(results) == ["ok", "refused"], results
    assert Round.objects.get(pk=round_.pk).status == "review"
    assert RoundTransition.objects.filter(round=round_, to_status="review").count() == 1
    assert AuditEvent.objects.filter(round_id=round_.pk, action="round.transition").count() == 2  # open, review
