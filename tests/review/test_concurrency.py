"""Two reviewers acting on the same submission at once, on PostgreSQL with real threads.

Each thread has its own database connection and commits for real (`transaction=True`). Exactly one
decision wins; the other reviewer is told the submission changed, and nothing of theirs is stored.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/review/test_concurrency.py
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent
from clustermon.review import actions
from clustermon.review.models import ReviewComment, ReviewDecision
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.review.factories import review_world

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 20


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def race(world):
    """The review world plus a second county reviewer of county A1."""
    rw = review_world(world)
    rw.users["county_a1_bis"] = type(world.users["county_a1"]).objects.create_user(
        username="county_a1_bis", password="x", role=Role.COUNTY_REVIEWER, province=world.province,
        county=world.counties["A1"])
    return rw


def run_together(*jobs: Callable[[], object], gate: threading.Barrier) -> list[tuple[str, object]]:
    """Run each job in its own thread (and connection); [("ok", result) | ("refused", exc) | ("error", exc)]."""
    results: list[tuple[str, object] | None] = [None] * len(jobs)

    def worker(i: int, job: Callable[[], object]) -> None:
        try:
            gate.wait(TIMEOUT)
            results[i] = ("ok", job())
        except actions.ChangedMeanwhile as exc:
            results[i] = ("refused", exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    assert not any(t.is_alive() for t in threads), "a reviewer's thread hung"
    assert all(r is not None and r[0] != "error" for r in results), results
    return results  # type: ignore[return-value]


def hold_before_update(monkeypatch, gate: threading.Barrier) -> None:  # noqa: ANN001
    """Make both reviewers read the same version and pass every check before either UPDATE runs,
    so that only the conditional UPDATE can tell them apart."""
    original = actions._move

    def move(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        gate.wait(TIMEOUT)
        return original(*args, **kwargs)

    monkeypatch.setattr(actions, "_move", move)


def outcome(results: list[tuple[str, object]]) -> tuple[int, int]:
    return (sum(r[0] == "ok" for r in results), sum(r[0] == "refused" for r in results))


@pytest.mark.parametrize("checks_first", [False, True], ids=["race", "both-checked"])
def test_pass_against_return_one_wins(race, monkeypatch, checks_first) -> None:
    sub = race.subs["a1"]
    if checks_first:
        hold_before_update(monkeypatch, threading.Barrier(2))
    results = run_together(
        lambda: actions.pass_up(Submission.objects.get(pk=sub.pk), by=race.users["county_a1"],
                               expected_version=1),
        lambda: actions.return_(Submission.objects.get(pk=sub.pk), by=race.users["county_a1_bis"],
                                reason="数据不实", comments={"D1.1": "请核实"}, expected_version=1),
        gate=threading.Barrier(2),
    )
    assert outcome(results) == (1, 1)
    refused = next(r[1] for r in results if r[0] == "refused")
    assert "changed by someone else" in refused.message or "已被他人修改" in refused.message
    stored = Submission.objects.get(pk=sub.pk)
    decision = ReviewDecision.objects.get(submission=sub)  # exactly one decision stored
    assert stored.version == 2
    if results[0][0] == "ok":  # the pass won
        assert (stored.status, decision.decision, decision.by_id) == (
            SubmissionStatus.AT_CITY, "pass", race.users["county_a1"].pk)
        assert not ReviewComment.objects.exists()
    else:  # the return won
        assert (stored.status, decision.decision, decision.reason) == (SubmissionStatus.RETURNED, "return", "数据不实")
        assert list(ReviewComment.objects.values_list("indicator", flat=True)) == ["D1.1"]
    assert AuditEvent.objects.filter(action__startswith="review.").count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_two_passes_of_the_same_version(race, monkeypatch, attempt) -> None:
    sub = race.subs["a1"]
    hold_before_update(monkeypatch, threading.Barrier(2))
    results = run_together(
        *[(lambda who=who: actions.pass_up(Submission.objects.get(pk=sub.pk), by=race.users[who],
                                           expected_version=1))
          for who in ("county_a1", "county_a1_bis")],
        gate=threading.Barrier(2),
    )
    assert outcome(results) == (1, 1)
    winner = next(r[1] for r in results if r[0] == "ok")
    stored = Submission.objects.get(pk=sub.pk)
    assert (stored.status, stored.version) == (SubmissionStatus.AT_CITY, 2)
    assert list(ReviewDecision.objects.values_list("pk", "by_id")) == [(winner.pk, winner.by_id)]
