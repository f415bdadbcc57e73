"""How one cluster's result reads on its explanation page: every figure with how it was obtained.

The stored `ClusterResult.explanation` (the scoring core's `explain`, plus who gave each expert
score) is the snapshot taken when the result was computed: this module only puts it into words
in the user's language — each scoring method with its parameters, the experts' scores with the
aggregation rule (D10), the parts with their weights, bonus and deduction with their caps (D8),
the rounding (D1), the rank of N and the sentence of the grade rule (H-Art.10, D2–D5), and the
stars and label from last year's grade (H-Art.16–17, D6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from clustermon import scoring
from clustermon.experts.spread import rule_label
from clustermon.frameworks.display import text
from clustermon.results.display import grade_name, label_name, star_text

CENT = Decimal("0.01")


# --- numbers ----------------------------------------------------------------------------------

def decimal(x: Any) -> Decimal | None:
    """A stored number as a Decimal read from its text (floats through repr: no binary noise)."""
    if x is None or isinstance(x, bool):
        return None
    try:
        return Decimal(repr(x) if isinstance(x, float) else str(x))
    except (InvalidOperation, ValueError):
        return None


def cents(x: Any) -> str:
    """Half up to 2 decimals, as text ("36.00"); "—" for nothing."""
    value = decimal(x)
    return "—" if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def percent(share: Any) -> str:
    """A share in [0, 1] as a percentage to 2 decimals ("80.00%")."""
    value = decimal(share)
    return "—" if value is None else f"{(value * 100).quantize(CENT, rounding=ROUND_HALF_UP)}%"


def plain(x: Any) -> str:
    """A parameter as written: 0.15 → "0.15", 100.0 → "100", text as text."""
    value = decimal(x)
    if value is None:
        return "" if x is None else str(x)
    normal = value.normalize()
    return f"{normal:f}" if normal == normal.to_integral() else str(normal)


def figure(x: Any) -> str:
    """A stored figure with at least 2 decimals and no more than it has ("88.80", "92.799999")."""
    value = decimal(x)
    if value is None:
        return "—"
    return str(value.quantize(CENT)) if value.as_tuple().exponent >= -2 else plain(value)


def share_words(share: Any) -> str:
    """A quota share such as "1/5" as a percentage ("20%")."""
    try:
        value = Fraction(str(share)) * 100
    except (ValueError, ZeroDivisionError):
        return str(share)
    return f"{plain(Decimal(value.numerator) / Decimal(value.denominator))}%"


# --- methods in words -------------------------------------------------------------------------

def with_unit(x: Any, unit: str) -> str:
    """A number with its unit: "35.85 亿元", "72.94%"."""
    if not unit:
        return plain(x)
    return f"{plain(x)}{unit}" if unit in ("%", "‰") else f"{plain(x)} {unit}"


def _linear_words(params: Mapping[str, Any], unit: str, points: str, *, rate: bool = False) -> str:
    def show(x: Any) -> str:
        return percent(x) if rate else with_unit(x, unit)

    floor, target = params.get("floor"), params.get("target")
    if decimal(floor) is not None and decimal(target) is not None and decimal(floor) > decimal(target):
        return _("lower is better: %(floor)s or more scores 0, %(target)s or less scores the full "
                 "%(points)s points, in proportion in between") % {
                     "floor": show(floor), "target": show(target), "points": points}
    return _("%(floor)s or less scores 0, %(target)s or more scores the full %(points)s points, in "
             "proportion in between") % {"floor": show(floor), "target": show(target), "points": points}


def _tier_words(params: Mapping[str, Any], unit: str) -> str:
    lower = params.get("direction", "higher") == "lower"
    parts = []
    for tier in params.get("tiers") or []:
        bound = tier.get("max") if lower else tier.get("min")
        template = _("%(bound)s or less: %(share)s") if lower else _("%(bound)s or more: %(share)s")
        parts.append(template % {"bound": with_unit(bound, unit), "share": percent(tier.get("share"))})
    return _("; ").join(parts)  # a translated separator: “；” in Chinese


DEFAULT_GRADES = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3}  # the core's default for expert_grade


def _grade_words(params: Mapping[str, Any]) -> str:
    grades = params.get("grades") or DEFAULT_GRADES
    return _(", ").join(f"{letter} = {percent(share)}" for letter, share in grades.items())


def method_words(method: str, params: Mapping[str, Any] | None, points: Any, unit: str = "") -> str:
    """The scoring rule of one leaf in a sentence, with its parameters and full points."""
    params = params or {}
    full = plain(points)
    if method == "linear":
        return _("Linear: %(rule)s.") % {"rule": _linear_words(params, unit, full)}
    if method == "tiers":
        return _("Tiers (share of the %(points)s points reached): %(tiers)s.") % {
            "points": full, "tiers": _tier_words(params, unit)}
    if method == "relative_to_best":
        if params.get("direction", "higher") == "lower":
            return _("Compared with the best of the group: the group's lowest value ÷ this value × "
                     "%(points)s points.") % {"points": full}
        return _("Compared with the best of the group: this value ÷ the group's highest value × "
                 "%(points)s points.") % {"points": full}
    if method == "rank":
        return _("By rank in the group: (N − rank) ÷ (N − 1) × %(points)s points.") % {"points": full}
    if method == "growth":
        rate = params.get("mode", "rate") != "increment"
        change = (_("growth rate over last year: (this year − last year) ÷ |last year|") if rate
                  else _("increase over last year: this year − last year"))
        if params.get("score", "linear") == "relative_to_best":
            return _("By the %(change)s, compared with the best of the group (%(points)s points).") % {
                "change": change, "points": full}
        return _("By the %(change)s; %(rule)s.") % {
            "change": change, "rule": _linear_words(params, "" if rate else unit, full, rate=rate)}
    if method == "yes_no":
        return _("Yes scores the full %(points)s points, no scores 0.") % {"points": full}
    if method == "count":
        return _("%(per_item)s points per item, at most %(points)s points.") % {
            "per_item": plain(params.get("per_item")), "points": full}
    if method == "expert_grade":
        return _("Expert grade, as a share of the %(points)s points: %(grades)s.") % {
            "points": full, "grades": _grade_words(params)}
    if method == "expert_points":
        return _("Each expert gives 0 to %(points)s points.") % {"points": full}
    return method


# --- the sentences ------------------------------------------------------------------------------

def _rounding(name: str) -> str:
    return {"floor": _("rounded down"), "round_half_up": _("rounded half up"),
            "ceil": _("rounded up")}.get(name, name)


def grade_rule(explanation: Mapping[str, Any]) -> str:
    """Which rule of H-Art.10 gave the grade, with this group's quotas (D2–D5)."""
    policy = explanation.get("grade_policy") or {}
    mark = plain(policy.get("pass_mark", "60"))
    inclusive = policy.get("pass_inclusive", True) not in (False, "false", "False")
    args = {
        "rank": explanation.get("rank"), "size": explanation.get("size"), "total": explanation.get("total"),
        "mark": mark, "eq": policy.get("excellent_quota"), "gq": policy.get("good_quota"),
        "eshare": share_words(policy.get("excellent_share", "1/5")),
        "gshare": share_words(policy.get("good_share", "1/2")),
        "rounding": _rounding(str(policy.get("quota_rounding", "floor"))),
    }
    grade = explanation.get("grade")
    if grade == "unqualified":
        if inclusive:
            return _("The total %(total)s is below the pass mark %(mark)s: unqualified, whatever the "
                     "rank (D5).") % args
        return _("The total %(total)s is not above the pass mark %(mark)s: unqualified, whatever the "
                 "rank (D5).") % args
    reach = (_("the total %(total)s reaches the pass mark %(mark)s") if inclusive
             else _("the total %(total)s is above the pass mark %(mark)s")) % args
    args["reach"] = reach
    if grade == "excellent":
        return _("Rank %(rank)s of %(size)s is within the excellent quota of %(eq)s (top %(eshare)s of "
                 "%(size)s, %(rounding)s) and %(reach)s: excellent.") % args
    if grade == "good":
        return _("Rank %(rank)s of %(size)s is beyond the excellent quota of %(eq)s and within the good "
                 "quota of %(gq)s (top %(gshare)s of %(size)s, %(rounding)s) and %(reach)s: good.") % args
    return _("Rank %(rank)s of %(size)s is beyond the good quota of %(gq)s (top %(gshare)s of %(size)s, "
             "%(rounding)s) and %(reach)s: qualified.") % args


def rank_rule(explanation: Mapping[str, Any]) -> str:
    return _("Rank %(rank)s of %(size)s in the group: competition ranking on the total rounded to 2 "
             "decimals, equal totals share the best rank (1, 2, 2, 4) (D1).") % {
                 "rank": explanation.get("rank"), "size": explanation.get("size")}


def rounding_rule(explanation: Mapping[str, Any]) -> str:
    return _("Base %(base)s + bonus %(bonus)s − deduction %(deduction)s = %(unrounded)s, never below 0, "
             "rounded half up to 2 decimals: %(total)s.") % {
                 "base": figure(explanation.get("base")),
                 "bonus": figure((explanation.get("bonus") or {}).get("applied", 0)),
                 "deduction": figure((explanation.get("deduction") or {}).get("applied", 0)),
                 "unrounded": figure(explanation.get("total_unrounded")), "total": explanation.get("total")}


def rating_rule(grade: str, previous: str | None, previous_year: int | None, stars: int, label: str,
                label_basis: str = "overall") -> str:
    """Stars (H-Art.16) and label (H-Art.17) from last year's grade and this year's (D6, D7)."""
    if previous is None:
        return _("No approved result of this cluster in the round of the year before: no stars and no "
                 "label (D6: two consecutive years are needed).")
    args = {"year": previous_year, "prev": grade_name(previous), "curr": grade_name(grade),
            "stars": stars, "label": label_name(label) or _("no label")}
    if stars == 0 and label in ("", "none"):
        return _("Last year (%(year)s) %(prev)s, this year %(curr)s: this pair gives no stars and no "
                 "label (H-Art.16–17).") % args
    sentence = _("Last year (%(year)s) %(prev)s, this year %(curr)s: %(stars)s stars (H-Art.16) and "
                 "%(label)s (H-Art.17).") % args
    if label_basis == "activity":
        sentence += " " + _("The label is taken from the grade of the promotion-organisation part alone (D7).")
    return sentence


STAR_RULES = [("E+E", 5), ("E+G", 4), ("G+G, E+Q", 3), ("G+Q", 2), ("Q+Q", 1)]
LABEL_RULES = [("E+E", "gold"), ("E+G", "silver"), ("E+Q, G+G", "bronze")]


def star_rules() -> list[tuple[str, str]]:
    return [(pair, star_text(n)) for pair, n in STAR_RULES]


def label_rules() -> list[tuple[str, str]]:
    return [(pair, label_name(code)) for pair, code in LABEL_RULES]


# --- the tree as rows ---------------------------------------------------------------------------

@dataclass
class ExpertCell:
    who: str
    score: Any
    share: str
    dropped: bool = False


@dataclass
class Row:
    """One indicator of the explanation: a subtotal (inner node) or a scored leaf."""

    depth: int
    code: str
    name: str
    max_points: str
    points: str
    is_leaf: bool
    value: str = ""
    prev: str | None = None
    unit: str = ""
    method: str = ""
    share: str = ""
    missing: bool = False
    experts: list[ExpertCell] = field(default_factory=list)
    aggregation: str = ""

    @property
    def indent(self) -> str:
        return f"{self.depth * 1.5}em"


def _dropped(shares: Sequence[Any], trimmed: bool) -> set[int]:
    """Which experts the trimmed mean left out: the first highest and the first lowest share."""
    if not trimmed or len(shares) < 3:
        return set()
    values = [decimal(s) or Decimal(0) for s in shares]
    high = max(range(len(values)), key=lambda k: (values[k], -k))
    low = min((k for k in range(len(values)) if k != high), key=lambda k: (values[k], k))
    return {high, low}


def _raw(value: Any, method: str = "", unit: str = "") -> str:
    """A raw input as entered, with its unit; yes/no in words; "—" when missing."""
    if value is None:
        return "—"
    if method == "yes_no":
        number = decimal(value)
        return _("yes") if number is not None and number > 0 else _("no")
    if isinstance(value, int | float) or decimal(value) is not None:
        return with_unit(value, unit)
    return str(value)


def _experts(node: Mapping[str, Any], names: Mapping[int, str]) -> tuple[list[ExpertCell], str]:
    experts = node.get("experts") or {}
    scores = experts.get("scores") or []
    shares = experts.get("shares") or []
    ids = experts.get("expert_ids") or []
    aligned = len(shares) == len(scores)
    dropped = _dropped(shares, bool(experts.get("trimmed"))) if aligned else set()
    cells = []
    for k, score in enumerate(scores):
        expert_id = ids[k] if k < len(ids) else None
        who = names.get(expert_id) if expert_id is not None else None
        cells.append(ExpertCell(who=who or _("Expert %(n)s") % {"n": k + 1}, score=_raw(score),
                                share=percent(shares[k]) if aligned else "", dropped=k in dropped))
    if not scores:
        aggregation = _("No expert score: 0 points (D9).")
    elif experts.get("trimmed"):
        aggregation = _("%(count)s experts: one highest and one lowest dropped, the other %(used)s averaged.") % {
            "count": experts.get("count", len(scores)), "used": int(experts.get("count", len(scores))) - 2}
    else:
        aggregation = _("%(count)s experts averaged.") % {"count": experts.get("count", len(scores))}
    return cells, aggregation


def rows(nodes: Sequence[Mapping[str, Any]], *, units: Mapping[str, str], names: Mapping[int, str],
         depth: int = 0) -> list[Row]:
    out: list[Row] = []
    for node in nodes:
        code = str(node.get("code", ""))
        if "children" in node:
            out.append(Row(depth, code, text(node.get("name")), plain(node.get("max_points")),
                           cents(node.get("points")), False))
            out.extend(rows(node["children"], units=units, names=names, depth=depth + 1))
            continue
        unit = units.get(code, "")
        row = Row(depth, code, text(node.get("name")), plain(node.get("max_points")), cents(node.get("points")),
                  True, unit=unit, share=percent(node.get("share")), missing=bool(node.get("missing")),
                  method=method_words(str(node.get("method", "")), node.get("params"), node.get("max_points"), unit))
        if "experts" in node:
            row.experts, row.aggregation = _experts(node, names)
        else:
            method = str(node.get("method", ""))
            row.value = _raw(node.get("value"), method, unit)
            if "prev" in node:
                row.prev = _raw(node.get("prev"), method, unit)
        out.append(row)
    return out


def units_of(document: Mapping[str, Any] | None) -> dict[str, str]:
    """{leaf code: unit} from a stored framework document."""
    out: dict[str, str] = {}

    def walk(nodes: Sequence[Mapping[str, Any]]) -> None:
        for node in nodes or []:
            if node.get("unit"):
                out[str(node.get("code"))] = str(node["unit"])
            walk(node.get("children") or [])

    for part in (document or {}).get("parts") or []:
        walk(part.get("indicators") or [])
    return out


def expert_ids(explanation: Mapping[str, Any]) -> set[int]:
    """Every expert named in an explanation."""
    found: set[int] = set()

    def walk(nodes: Sequence[Mapping[str, Any]]) -> None:
        for node in nodes or []:
            walk(node.get("children") or [])
            found.update((node.get("experts") or {}).get("expert_ids") or [])

    for part in explanation.get("parts") or []:
        walk(part.get("indicators") or [])
    return found


def aggregation_rule(recipe: Mapping[str, Any], group: str) -> str:
    """The D10 sentence for a group of a result set (from its recipe)."""
    stored = (recipe.get("aggregation") or {}).get(group)
    policy = scoring.AggregationPolicy.from_dict(stored) if stored else scoring.DEFAULT_AGGREGATION_POLICY
    return rule_label(policy)


def catalogue(section: Mapping[str, Any] | None) -> dict[str, Any]:
    section = section or {}
    return {
        "items": [{"code": item.get("code"), "name": text(item.get("name")), "max_points": plain(item.get("max_points")),
                   "accepted": cents(item.get("accepted")), "counted": cents(item.get("counted"))}
                  for item in section.get("items") or []],
        "sum": cents(section.get("sum", 0)), "cap": plain(section.get("cap")), "applied": cents(section.get("applied", 0)),
    }


def parts(explanation: Mapping[str, Any], *, units: Mapping[str, str], names: Mapping[int, str]) -> list[dict]:
    return [{"code": part.get("code"), "name": text(part.get("name")), "weight": plain(part.get("weight")),
             "score": cents(part.get("score")), "weighted": cents(part.get("weighted")),
             "rows": rows(part.get("indicators") or [], units=units, names=names)}
            for part in explanation.get("parts") or []]
