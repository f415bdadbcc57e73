"""A call's rules (申报通知): the form, the materials checklist, the conditions and the expert scale.

Pure: no Django. `parse_call(document)` turns the YAML mapping of a scheme's
`application-call.yaml` (format: docs/application-call-format.md) into `CallRules`, or raises
`CallError` listing every problem with its place. The database stores the validated document and
its hash (`content_hash`); pages and actions re-parse it (`parse_call` is cheap).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

CALL_FILE = "application-call.yaml"

FIELD_TYPES = ("decimal", "integer", "boolean", "text")
NUMERIC_TYPES = ("decimal", "integer")
CONDITION_KINDS = ("check", "expert")
APPLICANT_LEVELS = ("county", "city")
SCALES = ("points", "grades")
DEFAULT_GRADES = {"A": Decimal("1.0"), "B": Decimal("0.8"), "C": Decimal("0.6"), "D": Decimal("0.3")}
CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")
DEADLINE_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
# `left op right`: right is a field code or a number.
CHECK_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_.-]*)\s*(>=|<=|>|<)\s*([A-Za-z][A-Za-z0-9_.-]*|[-+]?\d+(?:\.\d+)?)\s*$")
OPERATORS = (">", ">=", "<", "<=")
TOP_KEYS = {"code", "name", "basis", "authority", "scope", "deadline", "applicants", "target", "fields",
            "materials", "conditions", "expert_review"}
FIELD_KEYS = {"code", "name", "unit", "type", "required", "min", "max", "help"}
MATERIAL_KEYS = {"code", "name", "required", "types", "note"}
CONDITION_KEYS = {"code", "article", "name", "text", "kind", "check", "exception", "points"}
EXPERT_KEYS = {"scale", "grades", "pass_mark", "pass_inclusive"}
TARGET_KEYS = {"group", "kind", "level"}


class CallError(ValueError):
    """The call document is not valid; `issues` lists (place, message) pairs."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{place}: {message}" for place, message in issues))
        self.issues = issues


Text = Mapping[str, str]


def text_in(text: Text | None, language: str = "zh") -> str:
    """A `{zh: …, en: …}` text in `language`, falling back to Chinese, then English."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get("zh") or text.get("en") or ""


@dataclass(frozen=True)
class FieldSpec:
    code: str
    name: Text
    type: str = "decimal"
    unit: str = ""
    required: bool = True
    min: Decimal | None = None
    max: Decimal | None = None
    help: Text | None = None

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: Text
    required: bool = True
    types: tuple[str, ...] = ()
    note: Text | None = None


@dataclass(frozen=True)
class Check:
    """`left op right`; `right` is a field code (`right_field`) or a number (`right_number`)."""

    left: str
    op: str
    right_field: str | None = None
    right_number: Decimal | None = None

    def __str__(self) -> str:
        right = self.right_field if self.right_field is not None else _plain(self.right_number)
        return f"{self.left} {self.op} {right}"


@dataclass(frozen=True)
class ExceptionSpec:
    """When the check fails and the boolean `flag` field is set, the result is "needs judgement"."""

    flag: str
    text: Text


@dataclass(frozen=True)
class ConditionSpec:
    code: str
    name: Text
    kind: str
    article: str = ""
    text: Text | None = None
    check: Check | None = None
    exception: ExceptionSpec | None = None
    points: Decimal = Decimal(0)


@dataclass(frozen=True)
class ExpertScale:
    scale: str = "points"
    grades: tuple[tuple[str, Decimal], ...] = tuple(DEFAULT_GRADES.items())
    pass_mark: Decimal = Decimal(60)
    pass_inclusive: bool = True

    def passes(self, mean: Decimal) -> bool:
        return mean >= self.pass_mark if self.pass_inclusive else mean > self.pass_mark


@dataclass(frozen=True)
class CallRules:
    code: str
    name: Text
    target_group: str
    target_kind: str
    target_level: str
    fields: tuple[FieldSpec, ...]
    materials: tuple[MaterialSpec, ...]
    conditions: tuple[ConditionSpec, ...]
    expert: ExpertScale
    applicants: tuple[str, ...] = APPLICANT_LEVELS
    deadline: str | None = None  # "MM-DD"
    basis: Text | None = None
    authority: Text | None = None
    scope: Text | None = None
    document: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def field_map(self) -> dict[str, FieldSpec]:
        return {f.code: f for f in self.fields}

    @property
    def checks(self) -> tuple[ConditionSpec, ...]:
        return tuple(c for c in self.conditions if c.kind == "check")

    @property
    def expert_conditions(self) -> tuple[ConditionSpec, ...]:
        return tuple(c for c in self.conditions if c.kind == "expert")

    @property
    def expert_total(self) -> Decimal:
        return sum((c.points for c in self.expert_conditions), Decimal(0))


# ----------------------------------------------------------------------------------- parsing


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


class _Issues:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, place: str, message: str) -> None:
        self.items.append((place, message))

    def text(self, data: Mapping, key: str, place: str, *, required: bool = True) -> Text | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(f"{place}.{key}", "missing")
            return None
        if isinstance(value, str):
            return {"zh": value}
        if not isinstance(value, Mapping) or not any(isinstance(v, str) and v.strip() for v in value.values()):
            self.add(f"{place}.{key}", "a text must be {zh: …, en: …}")
            return None
        return {str(k): str(v) for k, v in value.items()}

    def code(self, data: Mapping, place: str, seen: set[str]) -> str | None:
        code = data.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            self.add(f"{place}.code", f"not a valid code: {code!r}")
            return None
        if code in seen:
            self.add(f"{place}.code", f"duplicate code {code}")
        seen.add(code)
        return code

    def keys(self, data: Mapping, allowed: set[str], place: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(f"{place}.{key}", "unknown key (a typo?)")


def _list(data: Mapping, key: str, issues: _Issues) -> list:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        issues.add(key, "must be a non-empty list")
        return []
    return value


def _fields(data: Mapping, issues: _Issues) -> list[FieldSpec]:
    out, seen = [], set()
    for i, raw in enumerate(_list(data, "fields", issues)):
        place = f"fields[{i}]"
        if not isinstance(raw, Mapping):
            issues.add(place, "must be a mapping")
            continue
        issues.keys(raw, FIELD_KEYS, place)
        code = issues.code(raw, place, seen)
        name = issues.text(raw, "name", place)
        kind = raw.get("type", "decimal")
        if kind not in FIELD_TYPES:
            issues.add(f"{place}.type", f"must be one of {', '.join(FIELD_TYPES)}")
        bounds = {}
        for key in ("min", "max"):
            if key in raw:
                bounds[key] = _number(raw[key])
                if bounds[key] is None:
                    issues.add(f"{place}.{key}", "not a number")
        if code and name:
            out.append(FieldSpec(code=code, name=name, type=kind, unit=str(raw.get("unit") or ""),
                                 required=bool(raw.get("required", kind != "boolean")),
                                 min=bounds.get("min"), max=bounds.get("max"),
                                 help=issues.text(raw, "help", place, required=False)))
    return out


def _materials(data: Mapping, issues: _Issues) -> list[MaterialSpec]:
    out, seen = [], set()
    for i, raw in enumerate(_list(data, "materials", issues)):
        place = f"materials[{i}]"
        if not isinstance(raw, Mapping):
            issues.add(place, "must be a mapping")
            continue
        issues.keys(raw, MATERIAL_KEYS, place)
        code = issues.code(raw, place, seen)
        name = issues.text(raw, "name", place)
        types = raw.get("types") or []
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            issues.add(f"{place}.types", "must be a list of file type keys (pdf, docx, xlsx, …)")
            types = []
        if code and name:
            out.append(MaterialSpec(code=code, name=name, required=bool(raw.get("required", True)),
                                    types=tuple(types), note=issues.text(raw, "note", place, required=False)))
    return out


def parse_check(text: Any) -> Check | None:
    """`sales > 20`, `core_sales >= 1`, `growth > region_growth`, `energy < local_energy`; None if malformed."""
    if not isinstance(text, str):
        return None
    match = CHECK_RE.match(text)
    if match is None:
        return None
    left, op, right = match.groups()
    number = _number(right) if right[0] in "+-0123456789" else None
    if number is not None:
        return Check(left=left, op=op, right_number=number)
    return Check(left=left, op=op, right_field=right)


def _condition(raw: Mapping, place: str, issues: _Issues, seen: set[str],
               fields: Mapping[str, FieldSpec]) -> ConditionSpec | None:
    issues.keys(raw, CONDITION_KEYS, place)
    code = issues.code(raw, place, seen)
    name = issues.text(raw, "name", place)
    kind = raw.get("kind")
    if kind not in CONDITION_KINDS:
        issues.add(f"{place}.kind", f"must be one of {', '.join(CONDITION_KINDS)}")
        return None
    check = exception = None
    points = Decimal(0)
    if kind == "check":
        check = parse_check(raw.get("check"))
        if check is None:
            issues.add(f"{place}.check", "write `field > number`, `field >= number`, `field_a > field_b` or "
                                         "`field_a < field_b`")
        else:
            for ref in (check.left, check.right_field):
                if ref is not None and (ref not in fields or not fields[ref].is_numeric):
                    issues.add(f"{place}.check", f"{ref} is not a numeric field of the form")
        if "points" in raw:
            issues.add(f"{place}.points", "only expert conditions carry points")
        exc = raw.get("exception")
        if exc is not None:
            if not isinstance(exc, Mapping) or not isinstance(exc.get("flag"), str):
                issues.add(f"{place}.exception", "needs `flag` (a yes/no field) and `text`")
            elif exc["flag"] not in fields or fields[exc["flag"]].type != "boolean":
                issues.add(f"{place}.exception.flag", f"{exc['flag']} is not a yes/no field of the form")
            else:
                exception = ExceptionSpec(flag=exc["flag"], text=issues.text(exc, "text", f"{place}.exception")
                                          or {"zh": exc["flag"]})
    else:
        for key in ("check", "exception"):
            if key in raw:
                issues.add(f"{place}.{key}", "an expert condition has no automatic check")
        points = _number(raw.get("points"))
        if points is None or points <= 0:
            issues.add(f"{place}.points", "an expert condition needs positive points")
            points = Decimal(0)
    if code is None or name is None:
        return None
    return ConditionSpec(code=code, name=name, kind=kind, article=str(raw.get("article") or ""),
                         text=issues.text(raw, "text", place, required=False), check=check,
                         exception=exception, points=points)


def _expert(data: Mapping, issues: _Issues) -> ExpertScale:
    raw = data.get("expert_review") or {}
    if not isinstance(raw, Mapping):
        issues.add("expert_review", "must be a mapping")
        return ExpertScale()
    issues.keys(raw, EXPERT_KEYS, "expert_review")
    scale = raw.get("scale", "points")
    if scale not in SCALES:
        issues.add("expert_review.scale", f"must be one of {', '.join(SCALES)}")
        scale = "points"
    grades = tuple(DEFAULT_GRADES.items())
    if "grades" in raw:
        table = raw["grades"]
        parsed = []
        if isinstance(table, Mapping) and table:
            for letter, share in table.items():
                number = _number(share)
                if number is None or not Decimal(0) <= number <= Decimal(1):
                    issues.add(f"expert_review.grades.{letter}", "a share between 0 and 1")
                else:
                    parsed.append((str(letter).strip().upper(), number))
        else:
            issues.add("expert_review.grades", "must map letters to shares")
        grades = tuple(parsed) or grades
    mark = _number(raw.get("pass_mark", 60))
    if mark is None or mark < 0:
        issues.add("expert_review.pass_mark", "must be a number of at least 0")
        mark = Decimal(60)
    return ExpertScale(scale=scale, grades=grades, pass_mark=mark,
                       pass_inclusive=bool(raw.get("pass_inclusive", True)))


def parse_call(document: Any, *, source: str = "") -> CallRules:
    """The rules of a call document; CallError listing every problem otherwise."""
    issues = _Issues()
    if not isinstance(document, Mapping):
        raise CallError([(source or "document", "must be a mapping")])
    issues.keys(document, TOP_KEYS, "")
    code = document.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        issues.add("code", f"not a valid code: {code!r}")
    name = issues.text(document, "name", "")
    target = document.get("target")
    if not isinstance(target, Mapping) or not all(isinstance(target.get(k), str) and target.get(k)
                                                  for k in TARGET_KEYS):
        issues.add("target", "needs group, kind and level of the registry")
        target = {}
    else:
        issues.keys(target, TARGET_KEYS, "target")
    deadline = document.get("deadline")
    if deadline is not None and (not isinstance(deadline, str) or not DEADLINE_RE.match(deadline)):
        issues.add("deadline", "write the default last day as \"MM-DD\" (e.g. \"04-30\")")
        deadline = None
    applicants = document.get("applicants", list(APPLICANT_LEVELS))
    if not isinstance(applicants, list) or not applicants or any(a not in APPLICANT_LEVELS for a in applicants):
        issues.add("applicants", "a list of county and/or city")
        applicants = list(APPLICANT_LEVELS)
    fields = _fields(document, issues)
    field_map = {f.code: f for f in fields}
    materials = _materials(document, issues)
    conditions, seen = [], set()
    for i, raw in enumerate(_list(document, "conditions", issues)):
        if not isinstance(raw, Mapping):
            issues.add(f"conditions[{i}]", "must be a mapping")
            continue
        condition = _condition(raw, f"conditions[{i}]", issues, seen, field_map)
        if condition is not None:
            conditions.append(condition)
    expert = _expert(document, issues)
    experts = [c for c in conditions if c.kind == "expert"]
    if experts and expert.scale == "points" and sum(c.points for c in experts) != 100:
        issues.add("conditions", f"the expert conditions' points add up to "
                                 f"{_plain(sum(c.points for c in experts))}, not 100")
    if issues.items:
        if source:
            issues.items = [(f"{source}: {place}", message) for place, message in issues.items]
        raise CallError(issues.items)
    return CallRules(
        code=code, name=name, target_group=target["group"], target_kind=target["kind"],
        target_level=target["level"], fields=tuple(fields), materials=tuple(materials),
        conditions=tuple(conditions), expert=expert, applicants=tuple(applicants), deadline=deadline,
        basis=issues.text(document, "basis", "", required=False),
        authority=issues.text(document, "authority", "", required=False),
        scope=issues.text(document, "scope", "", required=False), document=document,
    )


def content_hash(document: Mapping[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_call_file(path: Path) -> dict[str, Any]:
    """The YAML mapping of a call file (validated by `parse_call`, which raises CallError)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except OSError as exc:
        raise CallError([(str(path), f"cannot be read: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        raise CallError([(str(path), f"is not valid YAML: {exc}")]) from None
    parse_call(document, source=path.name)
    return json.loads(json.dumps(document, ensure_ascii=False, default=str))
