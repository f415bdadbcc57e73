"""Enterprise-level data (企业名单): the optional `enterprise_data:` block of a framework.

A framework may ask each cluster for a list of enterprises with a few figures for this year and
last year, and compute leaf values from the list instead of having them typed:

    enterprise_data:
      name: {zh: 规模以上工业企业, en: Above-designated-size industrial enterprises}
      note: {zh: ..., en: ...}          # optional: who belongs in the list
      fields:                          # the figures each enterprise reports, both years
        - code: sales
          name: {zh: 销售收入, en: Sales revenue}
          unit: 万元
          min: 0                       # optional bounds of one enterprise's figure
        - {code: employees, name: {zh: 从业人员, en: Employees}, unit: 人, integer: true}
      feeds:                           # leaf values computed from the rows
        - {target: P1, field: sales}             # Σ this year's sales          → P1
        - {target: P1@prev, field: sales@prev}   # Σ last year's sales          → P1@prev
        - {target: N1, op: count, field: sales}  # enterprises reporting sales  → N1
      checks:                          # prompts for reviewers; every key optional
        jump_ratio: 3                  # a figure above 3× or below 1/3 of last year's
        robust_z: 3.5                  # growth far from the cluster's other enterprises
        min_rows: 5                    # fewest enterprises with both years for the z check

`target` is a quantitative leaf code, optionally with `@prev`; `field` an enterprise field code,
optionally with `@prev` (last year's figure); `op` is `sum` (the default) or `count`. Pure data:
the web layer stores the rows and does the arithmetic (in Decimal).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clustermon.scoring.types import Text
from clustermon.scoring.validation import (
    REF_RE,
    Issues,
    check_code,
    join,
    number,
    plain,
    text_field,
    type_name,
    unknown_keys,
)

PREV = "@prev"
OPS = ("sum", "count")
BLOCK_KEYS = ("name", "note", "fields", "feeds", "checks")
FIELD_KEYS = ("code", "name", "unit", "integer", "min", "max", "definition")
FEED_KEYS = ("target", "op", "field")
CHECK_KEYS = ("jump_ratio", "robust_z", "min_rows")
DEFAULT_CHECKS = {"jump_ratio": 3, "robust_z": 3.5, "min_rows": 5}


@dataclass(frozen=True)
class EnterpriseField:
    """One figure every listed enterprise reports, for this year and for last year."""

    code: str
    name: Text
    unit: str | None = None
    integer: bool = False
    min: float | None = None
    max: float | None = None
    definition: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "name": dict(self.name), "integer": self.integer}
        for key in ("unit", "min", "max"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.definition is not None:
            out["definition"] = dict(self.definition)
        return out


@dataclass(frozen=True)
class Feed:
    """A leaf value computed from the rows: `op` (sum or count) of `field` (maybe `X@prev`)."""

    target: str
    field: str
    op: str = "sum"

    @property
    def field_code(self) -> str:
        return self.field.removesuffix(PREV)

    @property
    def previous_year(self) -> bool:
        return self.field.endswith(PREV)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "op": self.op, "field": self.field}


@dataclass(frozen=True)
class EnterpriseData:
    """The enterprise list a framework asks for, what it feeds and the checks on it."""

    fields: tuple[EnterpriseField, ...]
    feeds: tuple[Feed, ...]
    name: Text | None = None
    note: Text | None = None
    checks: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CHECKS))

    def field_named(self, code: str) -> EnterpriseField:
        """The field with this code; KeyError if there is none."""
        for item in self.fields:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def targets(self) -> list[str]:
        return [feed.target for feed in self.feeds]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = dict(self.name)
        if self.note is not None:
            out["note"] = dict(self.note)
        out["fields"] = [item.to_dict() for item in self.fields]
        out["feeds"] = [feed.to_dict() for feed in self.feeds]
        out["checks"] = copy.deepcopy(self.checks)
        return out


def _fields(raw: Any, issues: Issues) -> list[EnterpriseField]:
    path = "enterprise_data.fields"
    if raw is None:
        issues.add("missing_field", path, field="fields")
        return []
    if not isinstance(raw, list):
        issues.add("not_a_list", path, got=type_name(raw))
        return []
    if not raw:
        issues.add("empty_list", path)
        return []
    seen: dict[str, str] = {}
    out: list[EnterpriseField] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", where, got=type_name(item))
            continue
        unknown_keys(item, FIELD_KEYS, where, issues)
        code = check_code(item.get("code"), where, issues, seen)
        if code is not None and code.endswith(PREV):
            issues.add("bad_code", join(where, "code"), value=code)
            code = None
        name = text_field(item.get("name"), join(where, "name"), issues)
        definition = text_field(item.get("definition"), join(where, "definition"), issues, required=False)
        unit = item.get("unit")
        if unit is not None and not isinstance(unit, str):
            issues.add("bad_text", join(where, "unit"))
            unit = None
        integer = item.get("integer", False)
        if not isinstance(integer, bool):
            issues.add("bad_bool", join(where, "integer"), value=integer)
            integer = False
        bounds: dict[str, Any] = {}
        for key in ("min", "max"):
            if key in item:
                value = item[key]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    issues.add("bad_number", join(where, key), value=value)
                else:
                    bounds[key] = value
        if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            issues.add("min_above_max", where, min=bounds["min"], max=bounds["max"])
        if code is not None and name is not None:
            out.append(EnterpriseField(code, name, unit, integer, bounds.get("min"), bounds.get("max"),
                                       definition))
    return out


def _feeds(raw: Any, issues: Issues, fields: list[EnterpriseField], leaf_kinds: Mapping[str, str]) -> list[Feed]:
    path = "enterprise_data.feeds"
    if raw is None:
        issues.add("missing_field", path, field="feeds")
        return []
    if not isinstance(raw, list):
        issues.add("not_a_list", path, got=type_name(raw))
        return []
    if not raw:
        issues.add("empty_list", path)
        return []
    refs = [f.code for f in fields] + [f.code + PREV for f in fields]
    seen: dict[str, str] = {}
    out: list[Feed] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", where, got=type_name(item))
            continue
        unknown_keys(item, FEED_KEYS, where, issues)
        ok = True
        target = item.get("target")
        match = REF_RE.match(target) if isinstance(target, str) else None
        if target is None:
            issues.add("missing_field", join(where, "target"), field="target")
            ok = False
        elif match is None or leaf_kinds.get(match.group("code")) != "quantitative":
            issues.add("bad_rule_ref", join(where, "target"), value=target)
            ok = False
        elif target in seen:
            issues.add("duplicate_code", join(where, "target"), value=target, first=seen[target])
            ok = False
        else:
            seen[target] = where
        op = item.get("op", "sum")
        if op not in OPS:
            issues.add("bad_choice", join(where, "op"), value=op, choices=", ".join(OPS))
            ok = False
        ref = item.get("field")
        if ref is None:
            issues.add("missing_field", join(where, "field"), field="field")
            ok = False
        elif ref not in refs:
            if fields:  # with no valid field the fields' own issues say enough
                issues.add("bad_choice", join(where, "field"), value=ref, choices=", ".join(refs))
            ok = False
        if ok:
            out.append(Feed(target=target, field=ref, op=op))
    return out


def _checks(raw: Any, issues: Issues) -> dict[str, float]:
    path = "enterprise_data.checks"
    checks = dict(DEFAULT_CHECKS)
    if raw is None:
        return checks
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", path, got=type_name(raw))
        return checks
    unknown_keys(raw, CHECK_KEYS, path, issues)
    for key in CHECK_KEYS:
        if key not in raw:
            continue
        value = number(raw[key], join(path, key), issues, positive=True)
        if value is None:
            continue
        if key == "jump_ratio" and value <= 1:
            issues.add("bad_policy", join(path, key), error=f"jump_ratio must be greater than 1, got {raw[key]}")
            continue
        if key == "min_rows" and value.denominator != 1:
            issues.add("bad_number", join(path, key), value=raw[key])
            continue
        checks[key] = plain(value)
    return checks


def parse_enterprise_data(raw: Any, issues: Issues, leaf_kinds: Mapping[str, str]) -> EnterpriseData | None:
    """The block, or None when it is absent or has issues (recorded in `issues`).

    `leaf_kinds` maps every leaf code of the framework to its kind: feed targets must be
    quantitative leaves.
    """
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", "enterprise_data", got=type_name(raw))
        return None
    before = len(issues.items)
    unknown_keys(raw, BLOCK_KEYS, "enterprise_data", issues)
    name = text_field(raw.get("name"), "enterprise_data.name", issues, required=False)
    note = text_field(raw.get("note"), "enterprise_data.note", issues, required=False)
    fields = _fields(raw.get("fields"), issues)
    feeds = _feeds(raw.get("feeds"), issues, fields, leaf_kinds)
    checks = _checks(raw.get("checks"), issues)
    if len(issues.items) > before:
        return None
    return EnterpriseData(fields=tuple(fields), feeds=tuple(feeds), name=name, note=note, checks=checks)
