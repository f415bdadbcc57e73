"""A Hypothesis state machine walks random moves by random people and compares every step with a
plain reference model of the lifecycle table, written out here independently of the code."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from clustermon.audit.models import AuditEvent
from clustermon.rounds.models import RoundTransition
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import DUES, GROUPS, store_version, tiny_framework

STATUSES = ["draft", "open", "review", "expert_review", "scoring", "approved", "published", "closed"]
FORWARD = {("draft", "open"), ("open", "review"), ("review", "expert_review"),
           ("expert_review", "scoring"), ("scoring", "approved"), ("approved", "published"),
           ("published", "closed")}
BACK = {("review", "open"), ("expert_review", "review"), ("scoring", "expert_review"),
        ("approved", "scoring"), ("published", "scoring")}
PEOPLE = ["admin", "province", "city_a", "county_a1", "submitter_a1", "expert", "outsider"]


class Reference:
    """The lifecycle as a provincial official would describe it."""

    def __init__(self) -> None:
        self.status = "draft"
        self.steps = 1  # the creation
        self.pinned = True
        self.deadlines = False
        self.approved = False

    def allows(self, target: str, who: str, reason: str) -> bool:
        edge = (self.status, target)
        if who != "admin" or edge not in FORWARD | BACK:
            return False
        if edge in BACK and not reason.strip():
            return False
        if target == "open" and not (self.pinned and self.deadlines):
            return False
        # The results app's guard: approving and publishing need an approved result set.
        return not (target in ("approved", "published") and not self.approved)


def test_random_walks_follow_the_table(world) -> None:
    from clustermon.frameworks.models import FrameworkVersion, Scheme
    from clustermon.results.models import ResultSet
    from clustermon.rounds import actions
    from clustermon.rounds.models import Round, RoundFramework

    walks = itertools.count(1)
    reached: set[str] = set()
    admin = world.users["admin"]

    def new_scheme() -> Scheme:
        """A scheme of its own for every walk (rounds cannot be deleted under their audit trail)."""
        code = f"walk-{next(walks)}"
        scheme = Scheme.objects.create(code=code, name=code, province=world.province, manifest={"groups": GROUPS})
        for group in GROUPS:
            store_version(scheme, group["code"], document=tiny_framework(group["code"], scheme=code))
        return scheme

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.scheme = new_scheme()
            self.round = actions.create_round(self.scheme, 2025, by=admin)
            self.model = Reference()

        @initialize(start=st.sampled_from(STATUSES))
        def start_somewhere(self, start: str) -> None:
            """Walks start in any status (its deadlines set), so that every part of the table is walked."""
            if start != "draft":
                actions.set_deadlines(self.round, DUES, by=admin)
                Round.objects.filter(pk=self.round.pk).update(status=start)
                self.model.deadlines = True
                self.model.status = start

        @rule(to=st.sampled_from(STATUSES), who=st.sampled_from(PEOPLE),
              reason=st.sampled_from(["", "  ", "材料需补正"]))
        def move(self, to: str, who: str, reason: str) -> None:
            expected = self.model.allows(to, who, reason)
            try:
                actions.transition(self.round, to, by=world.users[who], reason=reason)
            except ActionRefused:
                assert not expected, (self.model.status, to, who, reason)
            else:
                assert expected, (self.model.status, to, who, reason)
                self.model.status = to
                reached.add(to)
                self.model.steps += 1

        @rule(data=st.data(), reason=st.sampled_from(["", "材料需补正"]))
        def follow_the_table(self, data: st.DataObject, reason: str) -> None:
            """The admin tries an edge of the reference table (guards may still refuse): walks get far."""
            forward = sorted(t for s, t in FORWARD if s == self.model.status)
            edges = forward * 3 + sorted(t for s, t in BACK if s == self.model.status)  # forward mostly
            if edges:
                self.move(data.draw(st.sampled_from(edges)), "admin", reason)

        @precondition(lambda self: not self.model.deadlines and self.model.status == "draft")
        @rule()
        def set_deadlines(self) -> None:
            actions.set_deadlines(self.round, DUES, by=admin)
            self.model.deadlines = True

        @precondition(lambda self: self.model.pinned)
        @rule()
        def unpin_a_group(self) -> None:
            RoundFramework.objects.filter(round=self.round, group="provincial_sme").delete()
            self.model.pinned = False

        @precondition(lambda self: not self.model.pinned)
        @rule()
        def pin_it_again(self) -> None:
            version = FrameworkVersion.objects.get(scheme=self.scheme, group="provincial_sme")
            RoundFramework.objects.create(round=self.round, group="provincial_sme", framework_version=version)
            self.model.pinned = True

        @rule(approved=st.booleans())
        def compute_results(self, approved: bool) -> None:
            ResultSet.objects.create(round=self.round, number=self.round.result_sets.count() + 1, recipe={},
                                     content_hash="h", computed_by=admin,
                                     status="approved" if approved else "computed")
            self.model.approved = self.model.approved or approved

        @invariant()
        def matches_the_model(self) -> None:
            self.round.refresh_from_db()
            assert self.round.status == self.model.status
            assert RoundTransition.objects.filter(round=self.round).count() == self.model.steps
            transitions = AuditEvent.objects.filter(round_id=self.round.pk, action="round.transition")
            assert transitions.count() == self.model.steps - 1

    run_state_machine_as_test(Lifecycle, settings=settings(
        max_examples=25, stateful_step_count=60, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    # The walks do move (every edge is also walked one by one in test_lifecycle.py).
    assert len(reached) >= 4, reached
