"""A round's frameworks and scoring inputs, gathered by the results app's own code
(`results.actions.gather_inputs`, the very inputs `compute_round` scores)."""

from __future__ import annotations

from clustermon import scoring
from clustermon.results.actions import gather_inputs
from clustermon.rounds.models import Round, RoundFramework


def round_frameworks(round_: Round) -> dict[str, scoring.Framework]:
    """{group: the pinned framework}, groups in code order (one query)."""
    pins = (RoundFramework.objects.filter(round=round_).select_related("framework_version").order_by("group"))
    return {pin.group: pin.framework_version.framework for pin in pins}


def round_inputs(round_: Round) -> tuple[dict[str, scoring.Framework], dict[str, scoring.GroupInputs]]:
    """Every pinned group's framework and inputs (clusters in id order)."""
    frameworks = round_frameworks(round_)
    return frameworks, gather_inputs(round_, frameworks)


def group_inputs(round_: Round, group: str) -> tuple[scoring.Framework, scoring.GroupInputs] | None:
    """One group's framework and inputs, or None when the round has no framework for it."""
    frameworks = {code: fw for code, fw in round_frameworks(round_).items() if code == group}
    if not frameworks:
        return None
    return frameworks[group], gather_inputs(round_, frameworks)[group]
