"""Reading applications: condition rows, the materials checklist, expert scales and means."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from clustermon.applications.conditions import Outcome, plain
from clustermon.applications.rules import CallRules, ConditionSpec
from clustermon.applications.validation import label
from clustermon.experts.scale import EXPERT_GRADE, EXPERT_POINTS, Leaf, ScoreError

if TYPE_CHECKING:
    from clustermon.applications.models import Application, ApplicationAssignment

OUTCOME_LABELS = {
    Outcome.PASS: _("met"),
    Outcome.FAIL: _("not met"),
    Outcome.NEEDS_JUDGEMENT: _("needs judgement"),
    Outcome.MISSING: _("no data yet"),
}
MEAN_PLACES = Decimal("0.01")


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))


# ------------------------------------------------------------------------------- conditions


def condition_rows(rules: CallRules, results: Iterable[Any]) -> list[dict[str, Any]]:
    """Every condition of the call in order: checks with their stored result, expert ones marked."""
    by_code = {r.condition: r for r in results}
    rows = []
    for spec in rules.conditions:
        row: dict[str, Any] = {"spec": spec, "code": spec.code, "article": spec.article, "name": label(spec.name),
                               "text": label(spec.text), "kind": spec.kind}
        if spec.kind == "check":
            result = by_code.get(spec.code)
            outcome = result.outcome if result else Outcome.MISSING
            row.update(result=result, outcome=outcome, outcome_label=outcome_label(outcome),
                       reason=label(result.reason) if result else "",
                       figures=[{"name": label(f["name"]), "value": f["value"], "unit": f.get("unit", "")}
                                for f in (result.figures if result else [])],
                       rule=rule_text(rules, spec), code_rule=str(spec.check))
        rows.append(row)
    return rows


def rule_text(rules: CallRules, spec: ConditionSpec) -> str:
    """A check in words of the form: "集群年销售额 > 20 亿元", "集群销售收入增长率 > 本区域…"."""
    fields = rules.field_map
    check = spec.check
    left = fields[check.left]
    if check.right_field is not None:
        right = label(fields[check.right_field].name)
    else:
        right = f"{plain(check.right_number)} {left.unit}".strip()
    return f"{label(left.name)} {check.op} {right}"


def failing(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in rows if r["kind"] == "check" and r["outcome"] == Outcome.FAIL]


# -------------------------------------------------------------------------------- materials


def checklist(rules: CallRules, materials: Iterable[Any]) -> list[dict[str, Any]]:
    """Each checklist item with its files and whether a required one is missing."""
    by_item: dict[str, list[Any]] = {}
    for material in materials:
        by_item.setdefault(material.item, []).append(material)
    return [{"spec": m, "code": m.code, "name": label(m.name), "note": label(m.note) if m.note else "",
             "required": m.required, "files": by_item.get(m.code, []),
             "missing": m.required and not by_item.get(m.code)} for m in rules.materials]


# --------------------------------------------------------------------------------- experts


def expert_leaves(rules: CallRules) -> list[Leaf]:
    """The qualitative conditions as the experts app's scale leaves (points 0..p, or letters)."""
    method = EXPERT_GRADE if rules.expert.scale == "grades" else EXPERT_POINTS
    grades = rules.expert.grades if method == EXPERT_GRADE else ()
    return [Leaf(code=c.code, name=c.name, points=c.points, method=method, grades=grades, definition=c.text)
            for c in rules.expert_conditions]


def assignment_total(leaves: Iterable[Leaf], scores: Mapping[str, str]) -> Decimal | None:
    """One expert's points (of 100) from their scores; None when a condition is unscored."""
    total = Decimal(0)
    for leaf in leaves:
        raw = scores.get(leaf.code)
        if not raw:
            return None
        try:
            total += leaf.share(raw) * leaf.points if leaf.is_grade else Decimal(leaf.parse(raw))
        except ScoreError:
            return None
    return total


@dataclass(frozen=True)
class ExpertSummary:
    mean: Decimal | None
    count: int
    totals: tuple[Decimal, ...]


def expert_summary(rules: CallRules, assignments: Iterable[ApplicationAssignment]) -> ExpertSummary:
    """The mean of the submitted experts' totals (rounded half up to 0.01). Assignments need
    `scores` prefetched."""
    leaves = expert_leaves(rules)
    totals = []
    for assignment in assignments:
        if assignment.submitted_at is None:
            continue
        total = assignment_total(leaves, {s.condition: s.score for s in assignment.scores.all()})
        if total is not None:
            totals.append(total)
    if not totals:
        return ExpertSummary(None, 0, ())
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)
    return ExpertSummary(mean, len(totals), tuple(totals))


def conditions_met(application: Application, rules: CallRules) -> tuple[bool, list[ConditionSpec]]:
    """Whether every automatic check passed (or its exception was accepted); the ones that did not.
    Needs `condition_results` (prefetched or not)."""
    results = {r.condition: r for r in application.condition_results.all()}
    unmet = [c for c in rules.checks if c.code not in results or not results[c.code].satisfied]
    return not unmet, unmet
