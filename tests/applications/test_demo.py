"""The demo call: six applications in their states, one failing condition 1; idempotent; nothing
without the scheme's province."""

from __future__ import annotations

from collections import Counter

from clustermon.applications.models import Application, ApplicationCall
from clustermon.demo.applications import load_application_demo
from clustermon.registry.models import County
from tests.applications.factories import make_scheme


def test_the_demo_call(world) -> None:
    County.objects.create(city=world.cities["A"], code="a3", name="甲三县")
    County.objects.create(city=world.cities["B"], code="b2", name="乙二县")
    make_scheme(world)
    summary = load_application_demo(world.province)
    call = ApplicationCall.objects.get(year=2019)
    assert call.status == "open" and call.deadline.month == 4 and call.deadline.day == 30
    assert "6 applications" in summary
    applications = list(Application.objects.filter(call=call))
    assert Counter(a.status for a in applications) == {"accepted": 1, "at_city": 2, "at_province": 1,
                                                        "returned": 1, "draft": 1}
    failing = [a.name for a in applications if a.condition_results.filter(outcome="fail").exists()]
    assert len(failing) == 1 and "纺织服装" in failing[0]
    judged = [a for a in applications if a.condition_results.filter(outcome="needs_judgement").exists()]
    assert len(judged) == 1 and judged[0].county is None
    draft = next(a for a in applications if a.status == "draft")
    assert draft.materials.count() == 4
    assert load_application_demo(world.province).endswith("nothing to do")
    assert ApplicationCall.objects.count() == 1


def test_nothing_without_the_province(db) -> None:
    assert "nothing created" in load_application_demo()
    assert not ApplicationCall.objects.exists()
