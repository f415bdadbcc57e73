"""The automatic check of an application's quantitative conditions. Pure: no Django.

`evaluate(rules, values)` returns one `ConditionOutcome` per `check` condition of the call:

- `pass` / `fail` from the declared comparison (`field > number`, `field >= number`,
  `field_a > field_b`, `field_a < field_b`, …), in exact decimal arithmetic. Strict comparisons
  are strict: 20 is not above 20, and the reason says so.
- `needs_judgement` when the comparison fails but the condition declares an `exception` whose
  yes/no flag field is set (e.g. a nationally influential speciality below the sales threshold):
  the province decides.
- `missing` when a figure the check needs is not filled in (a draft; submission requires them).

Each outcome carries the reason in Chinese and English and the figures it compared (name, value,
unit), so pages and exports show why without recomputing.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from clustermon.applications.rules import CallRules, ConditionSpec, FieldSpec, text_in


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_JUDGEMENT = "needs_judgement"
    MISSING = "missing"


COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
}
# (holds, does not hold) in Chinese and English.
WORDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    ">": (("高于", "above"), ("未高于", "not above")),
    ">=": (("不低于", "at least"), ("低于", "below")),
    "<": (("低于", "below"), ("未低于", "not below")),
    "<=": (("不高于", "at most"), ("高于", "above")),
}
STRICT = frozenset({">", "<"})
YES_WORDS = frozenset({"1", "是", "有", "yes", "y", "true", "on"})
THRESHOLD = {"zh": "门槛", "en": "threshold"}


@dataclass(frozen=True)
class Figure:
    """One figure a check compared: a form field's value, or the call's threshold."""

    name: Mapping[str, str]
    value: str
    unit: str = ""
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": dict(self.name), "value": self.value, "unit": self.unit}


@dataclass(frozen=True)
class ConditionOutcome:
    code: str
    outcome: Outcome
    reason: Mapping[str, str]
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "outcome": str(self.outcome), "reason": dict(self.reason),
                "figures": [f.to_dict() for f in self.figures]}


# ------------------------------------------------------------------------------------ values


def parse_number(raw: Any) -> Decimal | None:
    """A finite Decimal from typed text ("１，２３４.５" → 1234.5), or None."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        raw = repr(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain(number: Decimal) -> str:
    """Decimal text without exponent or trailing zeros: 20.00 → "20", 1E+1 → "10"."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def is_set(raw: Any) -> bool:
    """A yes/no field's value is "yes" (1, 是, yes, true, on)."""
    if isinstance(raw, bool):
        return raw
    return unicodedata.normalize("NFKC", str(raw or "")).strip().lower() in YES_WORDS


# ---------------------------------------------------------------------------------- wording


def _amount(value: str, unit: str, language: str) -> str:
    if not unit:
        return value
    return f"{value}{unit}" if language == "zh" or unit == "%" else f"{value} {unit}"


def _operand(figure: Figure, language: str, *, first: bool = True) -> str:
    amount = _amount(figure.value, figure.unit, language)
    if figure.code is None:  # the threshold: the number alone reads best
        return amount
    name = text_in(figure.name, language)
    if language == "en" and not first and name[:1].isupper() and not name[1:2].isupper():
        name = "the " + name[0].lower() + name[1:]
    return f"{name} {amount}"


def _reason(outcome: Outcome, op: str, left: Figure, right: Figure, exception_text: Mapping[str, str] | None,
            equal: bool) -> dict[str, str]:
    (holds_zh, holds_en), (fails_zh, fails_en) = WORDS[op]
    lz, rz = _operand(left, "zh"), _operand(right, "zh", first=False)
    le, re_ = _operand(left, "en"), _operand(right, "en", first=False)
    if outcome == Outcome.PASS:
        return {"zh": f"{lz}，{holds_zh}{rz}：符合。", "en": f"{le} is {holds_en} {re_}: met."}
    note_zh = note_en = ""
    if equal and op in STRICT:
        note_zh = f"（条件要求{holds_zh}，恰好相等不算）"
        note_en = f" (the condition is strictly {holds_en}: equal is not enough)"
    if outcome == Outcome.NEEDS_JUDGEMENT:
        return {"zh": f"{lz}，{fails_zh}{rz}{note_zh}；{text_in(exception_text, 'zh')}：需研判。",
                "en": f"{le} is {fails_en} {re_}{note_en}; {text_in(exception_text, 'en')}: needs judgement."}
    return {"zh": f"{lz}，{fails_zh}{rz}{note_zh}：不符合。", "en": f"{le} is {fails_en} {re_}{note_en}: not met."}


def _missing(specs: list[FieldSpec]) -> dict[str, str]:
    zh = "、".join(text_in(s.name, "zh") for s in specs)
    en = ", ".join(text_in(s.name, "en") for s in specs)
    return {"zh": f"未填写{zh}，无法判断。", "en": f"{en} not filled in: cannot be checked."}


# ------------------------------------------------------------------------------- evaluation


def evaluate_condition(condition: ConditionSpec, fields: Mapping[str, FieldSpec],
                       values: Mapping[str, Any]) -> ConditionOutcome:
    """One `check` condition on the form's values (text as stored, or numbers)."""
    check = condition.check
    if check is None:
        raise ValueError(f"{condition.code} is not an automatic check")
    left_spec = fields[check.left]
    left_value = parse_number(values.get(check.left))
    if check.right_field is not None:
        right_spec = fields[check.right_field]
        right_value = parse_number(values.get(check.right_field))
    else:
        right_spec, right_value = None, check.right_number
    missing = [s for s, v in ((left_spec, left_value), (right_spec, right_value)) if s is not None and v is None]
    if missing:
        return ConditionOutcome(condition.code, Outcome.MISSING, _missing(missing))
    left = Figure(left_spec.name, plain(left_value), left_spec.unit, left_spec.code)
    if right_spec is not None:
        right = Figure(right_spec.name, plain(right_value), right_spec.unit, right_spec.code)
    else:
        right = Figure(THRESHOLD, plain(right_value), left_spec.unit)
    figures = (left, right)
    if COMPARE[check.op](left_value, right_value):
        outcome = Outcome.PASS
    elif condition.exception is not None and is_set(values.get(condition.exception.flag)):
        outcome = Outcome.NEEDS_JUDGEMENT
        flag = fields[condition.exception.flag]
        figures += (Figure(flag.name, "是", "", flag.code),)
    else:
        outcome = Outcome.FAIL
    text = condition.exception.text if condition.exception is not None else None
    reason = _reason(outcome, check.op, left, right, text, equal=left_value == right_value)
    return ConditionOutcome(condition.code, outcome, reason, figures)


def evaluate(rules: CallRules, values: Mapping[str, Any]) -> list[ConditionOutcome]:
    """Every automatic check of the call, in the call file's order."""
    fields = rules.field_map
    return [evaluate_condition(c, fields, values) for c in rules.checks]
