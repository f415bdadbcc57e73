"""Indicator trees: validating nodes, reading `tree:` includes and applying `overrides:`."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from clustermon.scoring.framework import Indicator
from clustermon.scoring.methods import METHODS, check_params
from clustermon.scoring.types import Text
from clustermon.scoring.validation import (
    Issues,
    check_code,
    fmt,
    join,
    number,
    plain,
    text_field,
    type_name,
    unknown_keys,
)

KINDS = ("quantitative", "qualitative", "yes_no")

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


def label_of(raw: Any, index: int) -> str:
    """How a node appears in a path: by its code when it has one, else by position."""
    if (
        isinstance(raw, Mapping)
        and isinstance(raw.get("code"), str | int)
        and raw.get("code") != ""
    ):
        return str(raw["code"])
    return str(index)


Built = tuple[Indicator | None, Fraction | None]  # the node (None if invalid) and its points


def build_node(raw: Any, path: str, file: str, issues: Issues, seen: dict[str, str]) -> Built:
    """Validate one node and its subtree. The points come back even when something else in the
    node is wrong, so the sums above it are still checked and every issue is reported."""
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", path, file=file, got=type_name(raw))
        return None, None
    unknown_keys(raw, NODE_KEYS, path, issues, file)
    code = check_code(raw.get("code"), path, issues, seen, file=file)
    name = text_field(raw.get("name"), join(path, "name"), issues, file=file)
    texts = {
        key: text_field(raw.get(key), join(path, key), issues, required=False, file=file)
        for key in ("definition", "source", "note")
    }
    unit = raw.get("unit")
    if unit is not None and not isinstance(unit, str):
        issues.add("bad_text", join(path, "unit"), file=file)
        unit = None
    if "children" in raw:
        return _inner(raw, path, file, issues, seen, code, name, texts, unit)
    return _leaf(raw, path, file, issues, code, name, texts, unit)


def _inner(
    raw: Mapping[str, Any],
    path: str,
    file: str,
    issues: Issues,
    seen: dict[str, str],
    code: str | None,
    name: Text | None,
    texts: dict[str, Text | None],
    unit: str | None,
) -> Built:
    for key in LEAF_ONLY:
        if key in raw:
            issues.add("leaf_field_on_inner", join(path, key), file=file, key=key)
    declared = None
    if "points" in raw:
        declared = number(raw["points"], join(path, "points"), issues, file=file)
    children_raw = raw["children"]
    if not isinstance(children_raw, list):
        issues.add("not_a_list", join(path, "children"), file=file, got=type_name(children_raw))
        return None, declared
    if not children_raw:
        issues.add("empty_list", join(path, "children"), file=file)
        return None, declared
    built = [
        build_node(child, f"{path}.children[{label_of(child, i)}]", file, issues, seen)
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
            join(path, "points"),
            file=file,
            declared=fmt(declared),
            actual=fmt(actual),
        )
        return None, actual
    if code is None or name is None or any(child is None for child in children):
        return None, actual
    node = Indicator(
        code=code,
        name=name,
        points=plain(actual),
        children=tuple(c for c in children if c is not None),
        unit=unit,
        **texts,
    )
    return node, actual


def _leaf(
    raw: Mapping[str, Any],
    path: str,
    file: str,
    issues: Issues,
    code: str | None,
    name: Text | None,
    texts: dict[str, Text | None],
    unit: str | None,
) -> Built:
    ok = code is not None and name is not None
    points = None
    if "points" not in raw:
        issues.add("missing_field", join(path, "points"), file=file, field="points")
    else:
        points = number(raw["points"], join(path, "points"), issues, file=file)
    kind = raw.get("kind")
    if kind is None:
        issues.add("missing_field", join(path, "kind"), file=file, field="kind")
    elif kind not in KINDS:
        issues.add(
            "unknown_kind", join(path, "kind"), file=file, value=kind, choices=", ".join(KINDS)
        )
        kind = None
    method = raw.get("method")
    spec = METHODS.get(method) if isinstance(method, str) else None
    if method is None:
        issues.add("missing_field", join(path, "method"), file=file, field="method")
    elif spec is None:
        issues.add(
            "unknown_method",
            join(path, "method"),
            file=file,
            value=method,
            known=", ".join(sorted(METHODS)),
        )
    params = raw.get("params", {})
    if params is None:
        params = {}
    if spec is not None:
        if not isinstance(params, Mapping):
            issues.add("not_a_mapping", join(path, "params"), file=file, got=type_name(params))
            ok = False
        else:
            for problem in check_params(spec.name, params, float(points or 0)):
                issues.add(
                    problem.code,
                    join(join(path, "params"), problem.param),
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
                join(path, "method"),
                file=file,
                method=spec.name,
                kind=kind,
                reason=reason,
            )
            ok = False
    required = raw.get("required", kind in ("quantitative", "yes_no"))  # D9 default
    if not isinstance(required, bool):
        issues.add("bad_bool", join(path, "required"), file=file, value=required)
        ok = False
    bounds: dict[str, Any] = {}
    for key in ("min", "max", "yoy_warning"):
        if raw.get(key) is not None:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                issues.add("bad_number", join(path, key), file=file, value=value)
                ok = False
            else:
                bounds[key] = value
    if "yoy_warning" in bounds and bounds["yoy_warning"] <= 0:
        issues.add(
            "not_positive", join(path, "yoy_warning"), file=file, value=bounds["yoy_warning"]
        )
        ok = False
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        issues.add(
            "min_above_max", join(path, "min"), file=file, min=bounds["min"], max=bounds["max"]
        )
        ok = False
    if not ok or points is None or kind is None or spec is None:
        return None, points
    node = Indicator(
        code=code,
        name=name,
        points=plain(points),
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


def read_yaml(path: Path, issues: Issues, where: str, *, file: str | None = None) -> Any:
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


def include(target: Any, path: str, base_dir: Path | None, issues: Issues) -> tuple[Any, str]:
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
    data = read_yaml(file_path, issues, path)
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


def index_leaves(nodes: Any, into: set[str]) -> None:
    if not isinstance(nodes, list):
        return
    for node in nodes:
        if isinstance(node, dict):
            if "children" in node:
                index_leaves(node["children"], into)
            elif isinstance(node.get("code"), str | int):
                into.add(str(node["code"]))


def apply_overrides(overrides: Any, part_nodes: list[Any], issues: Issues) -> None:
    """Merge `overrides:` into the raw nodes. `params` merge key by key unless the override
    changes the method too (then the new params replace the old ones); other keys replace."""
    if overrides is None:
        return
    if not isinstance(overrides, Mapping):
        issues.add("not_a_mapping", "overrides", got=type_name(overrides))
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
            issues.add("not_a_mapping", where, got=type_name(change))
            continue
        for key, value in change.items():
            if key not in OVERRIDABLE:
                issues.add(
                    "bad_override", join(where, str(key)), key=key, allowed=", ".join(OVERRIDABLE)
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
