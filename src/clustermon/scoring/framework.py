"""Loading and validating schemes and frameworks (指标体系) from YAML or plain dicts.

The loader never stops at the first problem: it walks the whole document and collects every
`Issue` (file, path in the tree, message, stable code), then raises one `FrameworkError`.
Paths look like `parts[0].indicators[AMC1].children[AMC1.2].points` so a province can find the
line to fix. Messages are English format strings keyed by `code` (see `MESSAGES`), so the web
and CLI layers can translate them.

A loaded `Framework` is resolved: `tree:` includes are read, `overrides:` applied, inner-node
points filled in. `Framework.to_dict()` is that resolved, self-contained document, the form the
database stores as a version; `parse_framework(fw.to_dict())` gives the same framework back.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from clustermon.scoring.methods import METHODS, PARAM_MESSAGES, check_params
from clustermon.scoring.policy import (
    DEFAULT_AGGREGATION_POLICY,
    DEFAULT_GRADE_POLICY,
    DEFAULT_RATING_POLICY,
    AggregationPolicy,
    GradePolicy,
    RatingPolicy,
)

SCHEMES_DIR = Path(__file__).resolve().parent.parent / "schemes"
MANIFEST = "scheme.yaml"

KINDS = ("quantitative", "qualitative", "yes_no")
STATUSES = ("draft", "official")
RULE_OPS = ("<", "<=", ">", ">=", "==", "!=")
PART_TOTAL = Fraction(100)  # every part's tree scores 100 points
WEIGHT_TOTAL = Fraction(100)  # part weights add up to 100
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
REF_RE = re.compile(r"^(?P<code>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<prev>@prev)?$")

# One English format string per issue code; `Issue.args` fills it. Translations key on the code.
MESSAGES: dict[str, str] = {
    "file_not_found": "file not found: {target}",
    "yaml_error": "not valid YAML: {error}",
    "not_a_mapping": "must be a mapping (key: value), got {got}",
    "not_a_list": "must be a list, got {got}",
    "empty_list": "must not be empty",
    "missing_field": "{field!r} is required",
    "unknown_key": "unknown key {key!r}; allowed: {allowed}",
    "bad_code": "code {value!r} may only hold letters, digits, '.', '_' and '-'",
    "duplicate_code": "duplicate code {value!r}, first used at {first}",
    "bad_text": "must be a mapping of languages to text, e.g. {{zh: 名称, en: Name}}",
    "bad_number": "must be a number, got {value!r}",
    "negative_number": "must not be negative, got {value}",
    "not_positive": "must be greater than 0, got {value}",
    "bad_bool": "must be true or false, got {value!r}",
    "bad_choice": "must be one of {choices}, got {value!r}",
    "unknown_kind": "unknown kind {value!r}; expected one of {choices}",
    "unknown_method": "unknown scoring method {value!r}; known: {known}",
    "method_kind_mismatch": "method {method!r} does not fit kind {kind!r}: {reason}",
    "leaf_field_on_inner": "{key!r} belongs on a leaf; this node has children",
    "points_mismatch": "declared points {declared} differ from the children's sum {actual}",
    "part_points_mismatch": "the leaf points of part {part!r} add up to {actual}, not {expected}",
    "weights_mismatch": "part weights add up to {actual}, not {expected}",
    "min_above_max": "min {min} is above max {max}",
    "tree_and_indicators": "give either 'tree' or 'indicators', not both",
    "tree_without_base": "'tree: {target}' needs the framework's folder (base_dir) to be read",
    "tree_outside": "tree file {target!r} is outside the scheme folder",
    "unknown_override": "override for unknown indicator {value!r}",
    "bad_override": "{key!r} cannot be overridden; allowed: {allowed}",
    "item_exceeds_cap": "item max_points {value} exceed the catalogue cap {cap}",
    "bad_rule_ref": "{value!r} is not a leaf indicator code (optionally followed by @prev)",
    "bad_policy": "{error}",
    "mismatch": "{field} is {value!r} but the manifest says {expected!r}",
    "unknown_scheme": "no scheme {value!r}; shipped schemes: {known}",
    **PARAM_MESSAGES,  # parameter problems found by each method's checker
}


@dataclass(frozen=True)
class Issue:
    """One problem found in a scheme or framework document.

    `file` is the file the offending text is in, `path` its place in the (resolved) tree,
    `message` readable English, `code` a stable key for translation, `args` the message's fields.
    """

    file: str
    path: str
    message: str
    code: str = "invalid"
    args: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class FrameworkError(Exception):
    """A scheme or framework is not valid; `.issues` lists every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) in the framework:\n{lines}")


class _Issues:
    """Collects issues while a document is walked; `file` is the file being read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Issue] = []

    def add(self, code: str, path: str, *, file: str | None = None, **args: Any) -> None:
        self.items.append(Issue(file or self.file, path, MESSAGES[code].format(**args), code, args))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    return type(value).__name__ if value is not None else "nothing"


# --------------------------------------------------------------------------- parsed values

Text = dict[str, str]


@dataclass(frozen=True)
class Indicator:
    """A node of the indicator tree. Leaves have kind/method/params; inner nodes children.

    `points` is the node's full marks: given on leaves, the children's sum on inner nodes.
    """

    code: str
    name: Text
    points: float
    children: tuple[Indicator, ...] = ()
    kind: str | None = None
    method: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    required: bool = False
    unit: str | None = None
    definition: Text | None = None
    source: Text | None = None
    note: Text | None = None
    min: float | None = None
    max: float | None = None
    yoy_warning: float | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        """This node and all below it, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "name": dict(self.name), "points": self.points}
        if self.children:
            out["children"] = [child.to_dict() for child in self.children]
        else:
            out.update(
                kind=self.kind,
                method=self.method,
                params=copy.deepcopy(self.params),
                required=self.required,
            )
        for key in ("unit", "definition", "source", "note", "min", "max", "yoy_warning"):
            value = getattr(self, key)
            if value is not None:
                out[key] = dict(value) if isinstance(value, dict) else value
        return out


@dataclass(frozen=True)
class Part:
    """A weighted part of the base score; its tree scores 100 points."""

    code: str
    name: Text
    weight: float
    indicators: tuple[Indicator, ...]

    def walk(self) -> Iterator[Indicator]:
        for node in self.indicators:
            yield from node.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": dict(self.name),
            "weight": self.weight,
            "indicators": [node.to_dict() for node in self.indicators],
        }


@dataclass(frozen=True)
class CatalogueItem:
    """A bonus or deduction item a cluster may claim, worth at most `max_points`."""

    code: str
    name: Text
    max_points: float
    description: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": dict(self.name),
            "max_points": self.max_points,
        }
        if self.description is not None:
            out["description"] = dict(self.description)
        return out


@dataclass(frozen=True)
class Catalogue:
    """Bonus or deduction items; the accepted points of all items together are capped at `cap`."""

    cap: float = 0
    items: tuple[CatalogueItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"cap": self.cap, "items": [item.to_dict() for item in self.items]}


@dataclass(frozen=True)
class Rule:
    """A cross-field check used by submission validation: `left op right`."""

    code: str
    left: str
    op: str
    right: str | float
    message: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "left": self.left,
            "op": self.op,
            "right": self.right,
            "message": dict(self.message),
        }


@dataclass(frozen=True)
class Framework:
    """One group's resolved indicator system with its scoring rules and policies."""

    scheme: str
    group: str
    version: str
    parts: tuple[Part, ...]
    status: str = "draft"
    note: Text | None = None
    bonus: Catalogue = Catalogue()
    deduction: Catalogue = Catalogue()
    rules: tuple[Rule, ...] = ()
    grade_policy: GradePolicy = DEFAULT_GRADE_POLICY
    aggregation: AggregationPolicy = DEFAULT_AGGREGATION_POLICY
    source: str = field(default="", compare=False)

    def nodes(self) -> Iterator[Indicator]:
        """Every indicator, depth first, part after part."""
        for part in self.parts:
            yield from part.walk()

    def leaves(self) -> list[Indicator]:
        """The scored leaves in document order."""
        return [node for node in self.nodes() if node.is_leaf]

    def indicator(self, code: str) -> Indicator:
        """The node with this code; KeyError if there is none."""
        for node in self.nodes():
            if node.code == code:
                return node
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        """The resolved, self-contained document (trees inlined, overrides applied)."""
        out: dict[str, Any] = {
            "scheme": self.scheme,
            "group": self.group,
            "version": self.version,
            "status": self.status,
        }
        if self.note is not None:
            out["note"] = dict(self.note)
        out["grade_policy"] = self.grade_policy.to_dict()
        out["aggregation"] = self.aggregation.to_dict()
        out["parts"] = [part.to_dict() for part in self.parts]
        out["bonus"] = self.bonus.to_dict()
        out["deduction"] = self.deduction.to_dict()
        out["rules"] = [rule.to_dict() for rule in self.rules]
        return out

    def content_hash(self) -> str:
        """sha256 (hex) of the canonical JSON of `to_dict()`: equal content, equal hash."""
        return self._hash

    @cached_property
    def _hash(self) -> str:
        # Computed once: explanations quote it for every cluster. (cached_property writes the
        # instance __dict__ directly, which a frozen dataclass allows.)
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GroupSpec:
    """A group of a scheme as the manifest lists it."""

    code: str
    name: Text
    framework: str  # file name beside the manifest


@dataclass(frozen=True)
class Scheme:
    """A scheme manifest with its policies and the resolved framework of every group."""

    code: str
    name: Text
    groups: tuple[GroupSpec, ...]
    frameworks: dict[str, Framework]
    grade_policy: GradePolicy = DEFAULT_GRADE_POLICY
    rating_policy: RatingPolicy = DEFAULT_RATING_POLICY
    aggregation: AggregationPolicy = DEFAULT_AGGREGATION_POLICY
    authority: Text | None = None
    basis: Text | None = None
    path: Path | None = field(default=None, compare=False)

    def framework(self, group: str) -> Framework:
        """The framework of `group`; KeyError naming the known groups otherwise."""
        try:
            return self.frameworks[group]
        except KeyError:
            raise KeyError(
                f"scheme {self.code} has no group {group!r}; groups: {', '.join(self.frameworks)}"
            ) from None


# ------------------------------------------------------------------------------ small checks


def _number(
    value: Any, path: str, issues: _Issues, *, positive: bool = False, file: str | None = None
) -> Fraction | None:
    """The value as an exact Fraction (floats through repr), or None after recording an issue."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        issues.add("bad_number", path, file=file, value=value)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        issues.add("bad_number", path, file=file, value=value)
        return None
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if positive and exact <= 0:
        issues.add("not_positive", path, file=file, value=value)
        return None
    if exact < 0:
        issues.add("negative_number", path, file=file, value=value)
        return None
    return exact


def _plain(x: Fraction) -> int | float:
    """A Fraction back to the plain number YAML would write (8, not 8.0; 2.5)."""
    return int(x) if x.denominator == 1 else float(x)


def _fmt(x: Fraction) -> str:
    return str(_plain(x))


def _text(
    value: Any, path: str, issues: _Issues, *, required: bool = True, file: str | None = None
) -> Text | None:
    if value is None:
        if required:
            issues.add("missing_field", path, file=file, field=path.rsplit(".", 1)[-1])
        return None
    if (
        not isinstance(value, Mapping)
        or not value
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        or not any(v.strip() for v in value.values())
    ):
        issues.add("bad_text", path, file=file)
        return None
    return dict(value)


def _unknown_keys(
    data: Mapping[str, Any],
    allowed: tuple[str, ...],
    path: str,
    issues: _Issues,
    file: str | None = None,
) -> None:
    for key in data:
        if key not in allowed:
            issues.add(
                "unknown_key", _join(path, str(key)), file=file, key=key, allowed=", ".join(allowed)
            )


def _code(
    value: Any, path: str, issues: _Issues, seen: dict[str, str], *, file: str | None = None
) -> str | None:
    """Check a code's form and uniqueness within `seen` (code → where first used)."""
    where = _join(path, "code")
    if value is None:
        issues.add("missing_field", where, file=file, field="code")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or not CODE_RE.match(str(value)):
        issues.add("bad_code", where, file=file, value=value)
        return None
    code = str(value)
    if code in seen:
        issues.add("duplicate_code", where, file=file, value=code, first=seen[code])
        return None
    seen[code] = path
    return code


# ------------------------------------------------------------------------ indicator nodes

NODE_KEYS = (
    "code",
    "name",
    "points",
    "children",
    "kind",
    "method",
    "params",
    "required",
    "unit",
    "definition",
    "source",
    "note",
    "min",
    "max",
    "yoy_warning",
)
LEAF_ONLY = ("kind", "method", "params", "required", "min", "max", "yoy_warning")
OVERRIDABLE = tuple(k for k in NODE_KEYS if k not in ("code", "children"))


def _label(raw: Any, index: int) -> str:
    """How a node appears in a path: by its code when it has one, else by position."""
    if (
        isinstance(raw, Mapping)
        and isinstance(raw.get("code"), str | int)
        and raw.get("code") != ""
    ):
        return str(raw["code"])
    return str(index)


Built = tuple[Indicator | None, Fraction | None]  # the node (None if invalid) and its points


def _node(raw: Any, path: str, file: str, issues: _Issues, seen: dict[str, str]) -> Built:
    """Validate one node and its subtree. The points come back even when something else in the
    node is wrong, so the sums above it are still checked and every issue is reported."""
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", path, file=file, got=_type_name(raw))
        return None, None
    _unknown_keys(raw, NODE_KEYS, path, issues, file)
    code = _code(raw.get("code"), path, issues, seen, file=file)
    name = _text(raw.get("name"), _join(path, "name"), issues, file=file)
    texts = {
        key: _text(raw.get(key), _join(path, key), issues, required=False, file=file)
        for key in ("definition", "source", "note")
    }
    unit = raw.get("unit")
    if unit is not None and not isinstance(unit, str):
        issues.add("bad_text", _join(path, "unit"), file=file)
        unit = None
    if "children" in raw:
        return _inner(raw, path, file, issues, seen, code, name, texts, unit)
    return _leaf(raw, path, file, issues, code, name, texts, unit)


def _inner(
    raw: Mapping[str, Any],
    path: str,
    file: str,
    issues: _Issues,
    seen: dict[str, str],
    code: str | None,
    name: Text | None,
    texts: dict[str, Text | None],
    unit: str | None,
) -> Built:
    for key in LEAF_ONLY:
        if key in raw:
            issues.add("leaf_field_on_inner", _join(path, key), file=file, key=key)
    declared = None
    if "points" in raw:
        declared = _number(raw["points"], _join(path, "points"), issues, file=file)
    children_raw = raw["children"]
    if not isinstance(children_raw, list):
        issues.add("not_a_list", _join(path, "children"), file=file, got=_type_name(children_raw))
        return None, declared
    if not children_raw:
        issues.add("empty_list", _join(path, "children"), file=file)
        return None, declared
    built = [
        _node(child, f"{path}.children[{_label(child, i)}]", file, issues, seen)
        for i, child in enumerate(children_raw)
    ]
    children = [node for node, _ in built]
    child_points = [points for _, points in built]
    if any(points is None for points in child_points):
        return None, declared  # a child's points are unknown: its own issue says why
    actual = sum(child_points, Fraction(0))  # type: ignore[arg-type]
    if declared is not None and declared != actual:
        issues.add(
            "points_mismatch",
            _join(path, "points"),
            file=file,
            declared=_fmt(declared),
            actual=_fmt(actual),
        )
        return None, actual
    if code is None or name is None or any(child is None for child in children):
        return None, actual
    node = Indicator(
        code=code,
        name=name,
        points=_plain(actual),
        children=tuple(c for c in children if c is not None),
        unit=unit,
        **texts,
    )
    return node, actual


def _leaf(
    raw: Mapping[str, Any],
    path: str,
    file: str,
    issues: _Issues,
    code: str | None,
    name: Text | None,
    texts: dict[str, Text | None],
    unit: str | None,
) -> Built:
    ok = code is not None and name is not None
    points = None
    if "points" not in raw:
        issues.add("missing_field", _join(path, "points"), file=file, field="points")
    else:
        points = _number(raw["points"], _join(path, "points"), issues, file=file)
    kind = raw.get("kind")
    if kind is None:
        issues.add("missing_field", _join(path, "kind"), file=file, field="kind")
    elif kind not in KINDS:
        issues.add(
            "unknown_kind", _join(path, "kind"), file=file, value=kind, choices=", ".join(KINDS)
        )
        kind = None
    method = raw.get("method")
    spec = METHODS.get(method) if isinstance(method, str) else None
    if method is None:
        issues.add("missing_field", _join(path, "method"), file=file, field="method")
    elif spec is None:
        issues.add(
            "unknown_method",
            _join(path, "method"),
            file=file,
            value=method,
            known=", ".join(sorted(METHODS)),
        )
    params = raw.get("params", {})
    if params is None:
        params = {}
    if spec is not None:
        if not isinstance(params, Mapping):
            issues.add("not_a_mapping", _join(path, "params"), file=file, got=_type_name(params))
            ok = False
        else:
            for problem in check_params(spec.name, params, float(points or 0)):
                issues.add(
                    problem.code,
                    _join(_join(path, "params"), problem.param),
                    file=file,
                    **problem.args,
                )
                ok = False
        if kind is not None and spec.experts != (kind == "qualitative"):
            reason = (
                "qualitative indicators are scored by experts (expert_grade, expert_points)"
                if kind == "qualitative"
                else "expert methods score qualitative indicators"
            )
            issues.add(
                "method_kind_mismatch",
                _join(path, "method"),
                file=file,
                method=spec.name,
                kind=kind,
                reason=reason,
            )
            ok = False
    required = raw.get("required", kind in ("quantitative", "yes_no"))  # D9 default
    if not isinstance(required, bool):
        issues.add("bad_bool", _join(path, "required"), file=file, value=required)
        ok = False
    bounds: dict[str, Any] = {}
    for key in ("min", "max", "yoy_warning"):
        if raw.get(key) is not None:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                issues.add("bad_number", _join(path, key), file=file, value=value)
                ok = False
            else:
                bounds[key] = value
    if "yoy_warning" in bounds and bounds["yoy_warning"] <= 0:
        issues.add(
            "not_positive", _join(path, "yoy_warning"), file=file, value=bounds["yoy_warning"]
        )
        ok = False
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        issues.add(
            "min_above_max", _join(path, "min"), file=file, min=bounds["min"], max=bounds["max"]
        )
        ok = False
    if not ok or points is None or kind is None or spec is None:
        return None, points
    node = Indicator(
        code=code,
        name=name,
        points=_plain(points),
        kind=kind,
        method=spec.name,  # type: ignore[arg-type]
        params=copy.deepcopy(dict(params)),
        required=required,
        unit=unit,
        **texts,
        **bounds,
    )
    return node, points


# ------------------------------------------------------------------- includes and overrides


def _read_yaml(path: Path, issues: _Issues, where: str, *, file: str | None = None) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        issues.add("file_not_found", where, file=file, target=str(path))
        return None
    except OSError as exc:
        issues.add("file_not_found", where, file=file, target=f"{path} ({exc.strerror})")
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        issues.add("yaml_error", "", file=str(path), error=str(exc).replace("\n", " "))
        return None


def _include(target: Any, path: str, base_dir: Path | None, issues: _Issues) -> tuple[Any, str]:
    """Read a part's `tree:` file: a list of nodes, or a mapping with `indicators:`."""
    if not isinstance(target, str) or not target:
        issues.add("bad_text", path)
        return None, issues.file
    if base_dir is None:
        issues.add("tree_without_base", path, target=target)
        return None, issues.file
    base = base_dir.resolve()
    file_path = (base / target).resolve()
    if not file_path.is_relative_to(base):  # a framework must not read files outside its scheme
        issues.add("tree_outside", path, target=target)
        return None, issues.file
    data = _read_yaml(file_path, issues, path)
    if isinstance(data, Mapping) and "indicators" in data:
        data = data["indicators"]
    return copy.deepcopy(data), str(file_path)


def _index_nodes(nodes: Any, into: dict[str, dict[str, Any]]) -> None:
    if not isinstance(nodes, list):
        return
    for node in nodes:
        if isinstance(node, dict):
            code = node.get("code")
            if isinstance(code, str | int) and str(code) not in into:
                into[str(code)] = node
            _index_nodes(node.get("children"), into)


def _index_leaves(nodes: Any, into: set[str]) -> None:
    if not isinstance(nodes, list):
        return
    for node in nodes:
        if isinstance(node, dict):
            if "children" in node:
                _index_leaves(node["children"], into)
            elif isinstance(node.get("code"), str | int):
                into.add(str(node["code"]))


def _apply_overrides(overrides: Any, part_nodes: list[Any], issues: _Issues) -> None:
    """Merge `overrides:` into the raw nodes. `params` merge key by key unless the override
    changes the method too (then the new params replace the old ones); other keys replace."""
    if overrides is None:
        return
    if not isinstance(overrides, Mapping):
        issues.add("not_a_mapping", "overrides", got=_type_name(overrides))
        return
    index: dict[str, dict[str, Any]] = {}
    for nodes in part_nodes:
        _index_nodes(nodes, index)
    for code, change in overrides.items():
        where = f"overrides[{code}]"
        node = index.get(str(code))
        if node is None:
            issues.add("unknown_override", where, value=code)
            continue
        if not isinstance(change, Mapping):
            issues.add("not_a_mapping", where, got=_type_name(change))
            continue
        for key, value in change.items():
            if key not in OVERRIDABLE:
                issues.add(
                    "bad_override", _join(where, str(key)), key=key, allowed=", ".join(OVERRIDABLE)
                )
            elif (
                key == "params"
                and isinstance(value, Mapping)
                and "method" not in change
                and isinstance(node.get("params"), Mapping)
            ):
                node["params"] = {**node["params"], **copy.deepcopy(dict(value))}
            else:
                node[key] = copy.deepcopy(value)


# ------------------------------------------------------------------------------ framework

FRAMEWORK_KEYS = (
    "scheme",
    "group",
    "version",
    "status",
    "note",
    "parts",
    "overrides",
    "bonus",
    "deduction",
    "rules",
    "grade_policy",
    "aggregation",
)
PART_KEYS = ("code", "name", "weight", "tree", "indicators")
CATALOGUE_KEYS = ("cap", "items")
ITEM_KEYS = ("code", "name", "max_points", "description")
RULE_KEYS = ("code", "left", "op", "right", "message")


def _string(
    data: Mapping[str, Any], key: str, issues: _Issues, *, required: bool = True
) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            issues.add("missing_field", key, field=key)
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        issues.add("bad_text", key)
        return None
    return str(value)


def _parts(
    data: Mapping[str, Any],
    base_dir: Path | None,
    issues: _Issues,
    seen: dict[str, str],
    leaf_codes: set[str],
) -> list[Part] | None:
    """The parts, or None; fills `leaf_codes` with every leaf code written (even in a part
    that has other problems), so rules are checked against what the author meant."""
    parts_raw = data.get("parts")
    if parts_raw is None:
        issues.add("missing_field", "parts", field="parts")
        return None
    if not isinstance(parts_raw, list):
        issues.add("not_a_list", "parts", got=_type_name(parts_raw))
        return None
    if not parts_raw:
        issues.add("empty_list", "parts")
        return None
    # First read every part's nodes (includes), then apply overrides, then validate the result,
    # so an override's effect is checked like any other value.
    heads: list[tuple[str, str | None, Text | None, Fraction | None, Any, str]] = []
    part_codes: dict[str, str] = {}
    weights_ok = True
    for i, raw in enumerate(parts_raw):
        path = f"parts[{i}]"
        if not isinstance(raw, Mapping):
            issues.add("not_a_mapping", path, got=_type_name(raw))
            weights_ok = False
            continue
        _unknown_keys(raw, PART_KEYS, path, issues)
        code = _code(raw.get("code"), path, issues, part_codes)
        name = _text(raw.get("name"), _join(path, "name"), issues)
        weight = None
        if "weight" not in raw:
            issues.add("missing_field", _join(path, "weight"), field="weight")
        else:
            weight = _number(raw["weight"], _join(path, "weight"), issues, positive=True)
        weights_ok = weights_ok and weight is not None
        nodes: Any = None
        file = issues.file
        if "tree" in raw and "indicators" in raw:
            issues.add("tree_and_indicators", path)
        elif "tree" in raw:
            nodes, file = _include(raw["tree"], _join(path, "tree"), base_dir, issues)
        elif "indicators" in raw:
            nodes = copy.deepcopy(raw["indicators"])
        else:
            issues.add("missing_field", _join(path, "indicators"), field="indicators")
        heads.append((path, code, name, weight, nodes, file))

    if weights_ok:
        total = sum((h[3] for h in heads if h[3] is not None), Fraction(0))
        if total != WEIGHT_TOTAL:
            issues.add("weights_mismatch", "parts", actual=_fmt(total), expected=_fmt(WEIGHT_TOTAL))

    _apply_overrides(data.get("overrides"), [h[4] for h in heads], issues)

    for head in heads:
        _index_leaves(head[4], leaf_codes)
    parts: list[Part] = []
    for path, code, name, weight, nodes, file in heads:
        where = _join(path, "indicators")
        if nodes is None:
            continue
        if not isinstance(nodes, list):
            issues.add("not_a_list", where, file=file, got=_type_name(nodes))
            continue
        if not nodes:
            issues.add("empty_list", where, file=file)
            continue
        built = [
            _node(n, f"{where}[{_label(n, j)}]", file, issues, seen) for j, n in enumerate(nodes)
        ]
        points = [p for _, p in built]
        # Each node's points equal its leaves' sum (checked above), so the top level's sum is
        # the part's leaf sum.
        if all(p is not None for p in points):
            leaf_sum = sum(points, Fraction(0))  # type: ignore[arg-type]
            if leaf_sum != PART_TOTAL:
                issues.add(
                    "part_points_mismatch",
                    where,
                    file=file,
                    part=code or path,
                    actual=_fmt(leaf_sum),
                    expected=_fmt(PART_TOTAL),
                )
        indicators = tuple(n for n, _ in built if n is not None)
        if (
            len(indicators) == len(built)
            and code is not None
            and name is not None
            and weight is not None
        ):
            parts.append(Part(code=code, name=name, weight=_plain(weight), indicators=indicators))
    return parts


def _exact(x: float) -> Fraction:
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def _catalogue(raw: Any, key: str, issues: _Issues, seen: dict[str, str]) -> Catalogue:
    if raw is None:
        return Catalogue()
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", key, got=_type_name(raw))
        return Catalogue()
    _unknown_keys(raw, CATALOGUE_KEYS, key, issues)
    cap = None
    if "cap" not in raw:
        issues.add("missing_field", _join(key, "cap"), field="cap")
    else:
        cap = _number(raw["cap"], _join(key, "cap"), issues)
    items_raw = raw.get("items", [])
    if not isinstance(items_raw, list):
        issues.add("not_a_list", _join(key, "items"), got=_type_name(items_raw))
        return Catalogue()
    items: list[CatalogueItem] = []
    for i, item in enumerate(items_raw):
        path = f"{key}.items[{_label(item, i)}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", path, got=_type_name(item))
            continue
        _unknown_keys(item, ITEM_KEYS, path, issues)
        code = _code(item.get("code"), path, issues, seen)
        name = _text(item.get("name"), _join(path, "name"), issues)
        description = _text(
            item.get("description"), _join(path, "description"), issues, required=False
        )
        max_points = None
        if "max_points" not in item:
            issues.add("missing_field", _join(path, "max_points"), field="max_points")
        else:
            max_points = _number(
                item["max_points"], _join(path, "max_points"), issues, positive=True
            )
        if max_points is not None and cap is not None and max_points > cap:
            issues.add(
                "item_exceeds_cap", _join(path, "max_points"), value=_fmt(max_points), cap=_fmt(cap)
            )
            continue
        if code is not None and name is not None and max_points is not None:
            items.append(CatalogueItem(code, name, _plain(max_points), description))
    return Catalogue(cap=_plain(cap) if cap is not None else 0, items=tuple(items))


def _rules(raw: Any, issues: _Issues, leaves: set[str]) -> list[Rule]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        issues.add("not_a_list", "rules", got=_type_name(raw))
        return []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw):
        path = f"rules[{_label(item, i)}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", path, got=_type_name(item))
            continue
        _unknown_keys(item, RULE_KEYS, path, issues)
        code = _code(item.get("code"), path, issues, seen)
        ok = code is not None
        for side in ("left", "right"):
            value = item.get(side)
            if value is None:
                issues.add("missing_field", _join(path, side), field=side)
                ok = False
            elif side == "right" and isinstance(value, int | float) and not isinstance(value, bool):
                continue
            elif not isinstance(value, str) or not _is_leaf_ref(value, leaves):
                issues.add("bad_rule_ref", _join(path, side), value=value)
                ok = False
        op = item.get("op")
        if op is None:
            issues.add("missing_field", _join(path, "op"), field="op")
            ok = False
        elif op not in RULE_OPS:
            issues.add("bad_choice", _join(path, "op"), value=op, choices=", ".join(RULE_OPS))
            ok = False
        message = _text(item.get("message"), _join(path, "message"), issues)
        if ok and message is not None:
            rules.append(Rule(code, item["left"], op, item["right"], message))  # type: ignore[arg-type]
    return rules


def _is_leaf_ref(value: str, leaves: set[str]) -> bool:
    match = REF_RE.match(value)
    return bool(match) and match.group("code") in leaves


def _policy(raw: Any, key: str, cls: type, default: Any, issues: _Issues) -> Any:
    if raw is None:
        return default
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", key, got=_type_name(raw))
        return default
    try:
        return cls.from_dict(raw)
    except (ValueError, TypeError) as exc:
        issues.add("bad_policy", key, error=str(exc))
        return default


def _framework(
    data: Any,
    issues: _Issues,
    base_dir: Path | None,
    grade_policy: GradePolicy,
    aggregation: AggregationPolicy,
) -> Framework | None:
    if not isinstance(data, Mapping):
        if data is not None or not issues.items:  # an unreadable file is already reported
            issues.add("not_a_mapping", "", got=_type_name(data))
        return None
    _unknown_keys(data, FRAMEWORK_KEYS, "", issues)
    scheme = _string(data, "scheme", issues)
    group = _string(data, "group", issues)
    version = _string(data, "version", issues)
    status = data.get("status", "draft")
    if status not in STATUSES:
        issues.add("bad_choice", "status", value=status, choices=", ".join(STATUSES))
    note = _text(data.get("note"), "note", issues, required=False)
    seen: dict[str, str] = {}
    leaves: set[str] = set()
    parts = _parts(data, base_dir, issues, seen, leaves)
    items_seen: dict[str, str] = {}
    bonus = _catalogue(data.get("bonus"), "bonus", issues, items_seen)
    deduction = _catalogue(data.get("deduction"), "deduction", issues, items_seen)
    rules = _rules(data.get("rules"), issues, leaves) if parts is not None else []
    grade = _policy(data.get("grade_policy"), "grade_policy", GradePolicy, grade_policy, issues)
    agg = _policy(data.get("aggregation"), "aggregation", AggregationPolicy, aggregation, issues)
    if issues.items or parts is None:
        return None
    return Framework(
        scheme=scheme,
        group=group,
        version=version,
        parts=tuple(parts),  # type: ignore[arg-type]
        status=status,
        note=note,
        bonus=bonus,
        deduction=deduction,
        rules=tuple(rules),
        grade_policy=grade,
        aggregation=agg,
        source=issues.file,
    )


def parse_framework(
    data: Mapping[str, Any],
    *,
    source: str = "<framework>",
    base_dir: str | Path | None = None,
    grade_policy: GradePolicy = DEFAULT_GRADE_POLICY,
    aggregation: AggregationPolicy = DEFAULT_AGGREGATION_POLICY,
) -> Framework:
    """Validate a framework document (a dict as YAML gives it) and resolve it.

    `source` names the document in issues; `base_dir` is the folder `tree:` paths are relative
    to (a tree may not point outside it). `grade_policy` and `aggregation` apply when the
    document has no `grade_policy:` / `aggregation:` of its own (load_scheme passes the
    manifest's). Raises FrameworkError listing every issue found.
    """
    issues = _Issues(source)
    framework = _framework(
        data, issues, Path(base_dir) if base_dir is not None else None, grade_policy, aggregation
    )
    if framework is None:
        raise FrameworkError(issues.items)
    return framework


def load_framework(
    path: str | Path,
    *,
    grade_policy: GradePolicy = DEFAULT_GRADE_POLICY,
    aggregation: AggregationPolicy = DEFAULT_AGGREGATION_POLICY,
) -> Framework:
    """Read and validate a framework YAML file; `tree:` includes are read beside it."""
    path = Path(path)
    issues = _Issues(str(path))
    data = _read_yaml(path, issues, "")
    framework = _framework(data, issues, path.parent, grade_policy, aggregation)
    if framework is None:
        raise FrameworkError(issues.items)
    return framework


# --------------------------------------------------------------------------------- schemes

MANIFEST_KEYS = (
    "code",
    "name",
    "authority",
    "basis",
    "groups",
    "grade_policy",
    "rating_policy",
    "aggregation",
)
GROUP_KEYS = ("code", "name", "framework")


def list_schemes() -> list[str]:
    """Codes of the schemes shipped under clustermon/schemes/, sorted."""
    if not SCHEMES_DIR.is_dir():
        return []
    return sorted(p.name for p in SCHEMES_DIR.iterdir() if (p / MANIFEST).is_file())


def _scheme_path(code_or_path: str | Path) -> Path | None:
    candidate = Path(code_or_path)
    if (
        isinstance(code_or_path, Path)
        or candidate.suffix in (".yaml", ".yml")
        or candidate.exists()
    ):
        return candidate.parent if candidate.is_file() else candidate
    if CODE_RE.match(str(code_or_path)) and (SCHEMES_DIR / str(code_or_path) / MANIFEST).is_file():
        return SCHEMES_DIR / str(code_or_path)
    return None


def load_scheme(code_or_path: str | Path) -> Scheme:
    """Load a scheme by code (a folder under clustermon/schemes/) or by path (its folder or its
    scheme.yaml), with every group's framework resolved. Raises FrameworkError listing every
    issue in the manifest and in all framework and tree files."""
    folder = _scheme_path(code_or_path)
    if folder is None:
        issues = _Issues(str(code_or_path))
        issues.add(
            "unknown_scheme", "", value=str(code_or_path), known=", ".join(list_schemes()) or "none"
        )
        raise FrameworkError(issues.items)
    manifest = folder / MANIFEST
    issues = _Issues(str(manifest))
    data = _read_yaml(manifest, issues, "")
    if not isinstance(data, Mapping):
        if data is not None or not issues.items:
            issues.add("not_a_mapping", "", got=_type_name(data))
        raise FrameworkError(issues.items)
    _unknown_keys(data, MANIFEST_KEYS, "", issues)
    code = _string(data, "code", issues)
    name = _text(data.get("name"), "name", issues)
    authority = _text(data.get("authority"), "authority", issues, required=False)
    basis = _text(data.get("basis"), "basis", issues, required=False)
    grade = _policy(
        data.get("grade_policy"), "grade_policy", GradePolicy, DEFAULT_GRADE_POLICY, issues
    )
    rating = _policy(
        data.get("rating_policy"), "rating_policy", RatingPolicy, DEFAULT_RATING_POLICY, issues
    )
    agg = _policy(
        data.get("aggregation"),
        "aggregation",
        AggregationPolicy,
        DEFAULT_AGGREGATION_POLICY,
        issues,
    )
    groups: list[GroupSpec] = []
    frameworks: dict[str, Framework] = {}
    groups_raw = data.get("groups")
    if not isinstance(groups_raw, list) or not groups_raw:
        issues.add(
            "missing_field" if groups_raw is None else "not_a_list",
            "groups",
            field="groups",
            got=_type_name(groups_raw),
        )
        groups_raw = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(groups_raw):
        path = f"groups[{_label(raw, i)}]"
        if not isinstance(raw, Mapping):
            issues.add("not_a_mapping", path, got=_type_name(raw))
            continue
        _unknown_keys(raw, GROUP_KEYS, path, issues)
        group_code = _code(raw.get("code"), path, issues, seen)
        group_name = _text(raw.get("name"), _join(path, "name"), issues)
        file = raw.get("framework")
        if not isinstance(file, str) or not file:
            issues.add("missing_field", _join(path, "framework"), field="framework")
            continue
        if group_code is None or group_name is None:
            continue
        fw_path = (folder / file).resolve()
        if not fw_path.is_relative_to(folder.resolve()):
            issues.add("tree_outside", _join(path, "framework"), target=file)
            continue
        groups.append(GroupSpec(group_code, group_name, file))
        try:
            framework = load_framework(fw_path, grade_policy=grade, aggregation=agg)
        except FrameworkError as exc:
            issues.items.extend(exc.issues)
            continue
        for field_name, expected in (("scheme", code), ("group", group_code)):
            if expected is not None and getattr(framework, field_name) != expected:
                issues.add(
                    "mismatch",
                    field_name,
                    file=str(fw_path),
                    field=field_name,
                    value=getattr(framework, field_name),
                    expected=expected,
                )
        frameworks[group_code] = framework
    if issues.items:
        raise FrameworkError(issues.items)
    return Scheme(
        code=code,
        name=name,
        groups=tuple(groups),
        frameworks=frameworks,  # type: ignore[arg-type]
        grade_policy=grade,
        rating_policy=rating,
        aggregation=agg,
        authority=authority,
        basis=basis,
        path=folder,
    )
