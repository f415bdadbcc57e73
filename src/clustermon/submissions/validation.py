"""Validation of a submission's data against its framework. Pure: no database, no request.

`validate(framework, values, previous, …)` returns a `Report` of errors and warnings per field
(indicator code), in the active language (Chinese by default):

- required values (D9: a required leaf left empty blocks submission; drafts may be partial),
- types (a number for quantitative leaves, 是/否 for yes/no leaves, text for qualitative ones),
- ranges from the leaf's `min` / `max`,
- cross-field rules from `framework.rules` (`left op right`, either side may be `CODE@prev`),
- year-over-year warnings: a value that moves more than the leaf's `yoy_warning` share from last
  year's asks for an explanation; `submit` refuses until one is given.

The same function serves the web form, the Excel import, the submit action, the review lists and
the API. `framework` is the core's `Framework` (`FrameworkVersion.framework`).
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from clustermon.scoring.framework import Framework, Indicator

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
YES_NO = "yes_no"

YES = "1"
NO = "0"
YES_WORDS = frozenset({"1", "是", "有", "yes", "y", "true"})
NO_WORDS = frozenset({"0", "否", "无", "no", "n", "false"})

MAX_NARRATIVE = 20_000  # characters of one narrative answer
MAX_EXPLANATION = 4_000
MAX_RAW = 200  # characters kept of a draft value that is not a number
MAX_ABS = Decimal("1e15")

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}
PREV_SUFFIX = "@prev"


# --------------------------------------------------------------------------- the form's fields


@dataclass(frozen=True)
class Field:
    """One leaf as the data-entry form and the Excel template show it."""

    code: str
    kind: str
    name: Mapping[str, str]
    unit: str
    required: bool
    min: Decimal | None
    max: Decimal | None
    yoy_warning: Decimal | None
    definition: Mapping[str, str] | None
    source: Mapping[str, str] | None
    part: Mapping[str, str]
    heading: Mapping[str, str] | None  # the first-level indicator it sits under

    @property
    def is_number(self) -> bool:
        return self.kind == QUANTITATIVE

    @property
    def is_text(self) -> bool:
        return self.kind == QUALITATIVE


def _exact(x: float | int | None) -> Decimal | None:
    return None if x is None else Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def fields_of(framework: Framework) -> list[Field]:
    """The framework's leaves in document order, with the part and first-level heading above each."""
    out: list[Field] = []
    for part in framework.parts:
        for top in part.indicators:
            heading = top.name if top.children else None
            for node in top.walk():
                if node.is_leaf:
                    out.append(_field(node, part.name, heading))
    return out


def _field(node: Indicator, part: Mapping[str, str], heading: Mapping[str, str] | None) -> Field:
    return Field(
        code=node.code, kind=node.kind or QUANTITATIVE, name=node.name, unit=node.unit or "",
        required=bool(node.required), min=_exact(node.min), max=_exact(node.max),
        yoy_warning=_exact(node.yoy_warning), definition=node.definition, source=node.source,
        part=part, heading=heading,
    )


def localized(text: Mapping[str, str] | str | None, default: str = "") -> str:
    """A {zh: …, en: …} text in the active language (Chinese unless English is active)."""
    if text is None:
        return default
    if isinstance(text, str):
        return text
    lang = "en" if (get_language() or "zh").lower().startswith("en") else "zh"
    return text.get(lang) or text.get("zh") or next(iter(text.values()), default) or default


# ------------------------------------------------------------------------------- single values


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_number(raw: Any) -> Decimal | None:
    """A finite Decimal from what a person typed or a cell held, or None if it is not a number.

    Full-width digits and thousands separators are accepted ("１，２３４.５" → 1234.5); booleans,
    NaN, infinities and text such as "约100" are not.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        raw = repr(raw)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    if not value.is_finite() or abs(value) >= MAX_ABS:
        return None
    return value


def format_number(value: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros: 1.50 → "1.5", 1E+2 → "100"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_yes_no(raw: Any) -> str | None:
    if isinstance(raw, bool):
        return YES if raw else NO
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    if text in YES_WORDS:
        return YES
    if text in NO_WORDS:
        return NO
    if parse_number(text) in (Decimal(1), Decimal(0)):
        return YES if parse_number(text) == 1 else NO
    return None


def normalise(field_: Field, raw: Any) -> tuple[str, str | None]:
    """The stored text of a value and its type error (None when the value is fine).

    A value that does not parse is kept as typed (cut to MAX_RAW) so a draft loses nothing; the
    error says what is wrong and `submit` refuses it.
    """
    if is_blank(raw):
        return "", None
    if field_.kind == YES_NO:
        parsed = parse_yes_no(raw)
        if parsed is None:
            return str(raw).strip()[:MAX_RAW], _("Answer 是 (yes) or 否 (no).")
        return parsed, None
    if field_.kind == QUALITATIVE:
        text = str(raw).strip()
        if len(text) > MAX_NARRATIVE:
            return text, _("Too long: at most %(n)s characters.") % {"n": MAX_NARRATIVE}
        return text, None
    number = parse_number(raw)
    if number is None:
        return str(raw).strip()[:MAX_RAW], _("Not a number.")
    return format_number(number), None


def display(field_: Field, stored: Any) -> str:
    """A stored value as people read it (是/否 for yes/no leaves)."""
    if is_blank(stored):
        return ""
    if field_.kind == YES_NO:
        parsed = parse_yes_no(stored)
        return {YES: _("yes"), NO: _("no")}.get(parsed or "", str(stored))
    return str(stored)


def range_hint(field_: Field) -> str:
    """What the form accepts, e.g. "0 – 30000"."""
    if field_.kind == YES_NO:
        return _("yes / no")
    if field_.kind == QUALITATIVE:
        return _("text")
    low = format_number(field_.min) if field_.min is not None else None
    high = format_number(field_.max) if field_.max is not None else None
    if low is not None and high is not None:
        return f"{low} – {high}"
    if low is not None:
        return f"≥ {low}"
    if high is not None:
        return f"≤ {high}"
    return _("number")


# ------------------------------------------------------------------------------------ reports


@dataclass(frozen=True)
class Message:
    kind: str  # required | type | range | rule | yoy | explanation
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Report:
    """Errors and warnings by field code. Errors block submission; warnings ask for an explanation."""

    errors: dict[str, list[Message]] = field(default_factory=dict)
    warnings: dict[str, list[Message]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, code: str, kind: str, text: str) -> None:
        self.errors.setdefault(code, []).append(Message(kind, text))

    def warn(self, code: str, kind: str, text: str) -> None:
        self.warnings.setdefault(code, []).append(Message(kind, text))

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def as_dict(self) -> dict[str, dict[str, list[dict[str, str]]]]:
        """JSON-ready form for the API."""
        def plain(d: dict[str, list[Message]]) -> dict[str, list[dict[str, str]]]:
            return {code: [{"kind": m.kind, "message": m.text} for m in ms] for code, ms in d.items()}

        return {"errors": plain(self.errors), "warnings": plain(self.warnings)}


def numbers_of(fields: list[Field], values: Mapping[str, Any]) -> dict[str, Decimal]:
    """The parsed numbers (yes = 1, no = 0) of the values that parse."""
    out: dict[str, Decimal] = {}
    for f in fields:
        raw = values.get(f.code)
        if is_blank(raw) or f.kind == QUALITATIVE:
            continue
        if f.kind == YES_NO:
            parsed = parse_yes_no(raw)
            if parsed is not None:
                out[f.code] = Decimal(parsed)
        else:
            number = parse_number(raw)
            if number is not None:
                out[f.code] = number
    return out


def yoy_change(value: Decimal, prev: Decimal) -> Decimal | None:
    """The relative change from last year, or None when last year's was 0 (undefined)."""
    if prev == 0:
        return None
    return (value - prev) / abs(prev)


def _pct(x: Decimal) -> str:
    return format_number((x * 100).quantize(Decimal("0.1")))


def validate(
    framework: Framework,
    values: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    *,
    narratives: Mapping[str, Any] | None = None,
    explanations: Mapping[str, Any] | None = None,
    complete: bool = True,
    fields: list[Field] | None = None,
) -> Report:
    """Check a submission's values; see the module docstring.

    `complete=False` is a draft: required values may be missing and unexplained warnings are not
    errors. `complete=True` (submission) adds both. Qualitative leaves read `narratives` (falling
    back to `values`). `fields` may pass `fields_of(framework)` already computed.
    """
    fields = fields if fields is not None else fields_of(framework)
    previous = previous or {}
    narratives = narratives or {}
    explanations = explanations or {}
    report = Report()
    for f in fields:
        if f.kind == QUALITATIVE:
            raw = narratives.get(f.code, values.get(f.code))
        else:
            raw = values.get(f.code)
        if is_blank(raw):
            if complete and f.required:
                report.error(f.code, "required", _("Required: enter a value.") if f.kind != QUALITATIVE
                             else _("Required: write an answer."))
            continue
        _stored, problem = normalise(f, raw)
        if problem:
            report.error(f.code, "type", problem)
    now = numbers_of(fields, values)
    before = numbers_of(fields, previous)
    # Last year's figures the submission states itself (e.g. totals of an enterprise list) come first.
    stated_prev = {f"{f.code}{PREV_SUFFIX}": n for f in fields
                   if f.kind == QUANTITATIVE and (n := parse_number(values.get(f"{f.code}{PREV_SUFFIX}"))) is not None}
    for f in fields:
        value = now.get(f.code)
        if value is None or f.kind != QUANTITATIVE:
            continue
        if f.min is not None and value < f.min:
            report.error(f.code, "range", _("Must not be below %(min)s.") % {"min": format_number(f.min)})
        if f.max is not None and value > f.max:
            report.error(f.code, "range", _("Must not be above %(max)s.") % {"max": format_number(f.max)})
        _check_yoy(report, f, value, before.get(f.code))
    _check_rules(report, framework, {**now, **stated_prev}, before)
    if complete:
        for code in report.warnings:
            if any(m.kind == "yoy" for m in report.warnings[code]) and is_blank(explanations.get(code)):
                report.error(code, "explanation", _("Explain the change from last year before submitting."))
    for code, text in explanations.items():
        if isinstance(text, str) and len(text) > MAX_EXPLANATION:
            report.error(code, "type", _("Too long: at most %(n)s characters.") % {"n": MAX_EXPLANATION})
    return report


def _check_yoy(report: Report, f: Field, value: Decimal, prev: Decimal | None) -> None:
    if f.yoy_warning is None or prev is None:
        return
    change = yoy_change(value, prev)
    if change is None:
        if value != 0:
            report.warn(f.code, "yoy", _("Last year's value was 0 and this year's is %(value)s: "
                                         "please explain the change.") % {"value": format_number(value)})
        return
    if abs(change) > f.yoy_warning:
        report.warn(f.code, "yoy", _(
            "Changed by %(change)s%% from last year's %(prev)s, more than %(limit)s%%: please explain."
        ) % {"change": _pct(change), "prev": format_number(prev), "limit": _pct(f.yoy_warning)})


def _side(ref: Any, now: Mapping[str, Decimal], before: Mapping[str, Decimal]) -> Decimal | None:
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int | float):
        return _exact(ref)
    ref = str(ref)
    if ref.endswith(PREV_SUFFIX) and ref not in now:
        return before.get(ref[: -len(PREV_SUFFIX)])
    return now.get(ref)


def _rule_field(rule: Any) -> str:
    """The field a rule's error is shown next to: its left side, or the right when left is last year's."""
    for ref in (rule.left, rule.right):
        if isinstance(ref, str) and not ref.endswith(PREV_SUFFIX):
            return ref
    return str(rule.left).removesuffix(PREV_SUFFIX)


def _check_rules(report: Report, framework: Framework, now: Mapping[str, Decimal],
                 before: Mapping[str, Decimal]) -> None:
    for rule in framework.rules:
        left = _side(rule.left, now, before)
        right = _side(rule.right, now, before)
        if left is None or right is None:
            continue  # a missing side is the required check's business
        if not OPS[rule.op](left, right):
            text = localized(rule.message) or _("Rule %(code)s is not met.") % {"code": rule.code}
            report.error(_rule_field(rule), "rule", text)

