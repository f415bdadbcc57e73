"""Parsing a framework document: parts, catalogues, rules and policies, every issue collected.

`parse_framework` takes a dict (as YAML or the database gives it), `load_framework` a file.
Both resolve the document (includes read, overrides applied, inner points filled in) and raise
one `FrameworkError` listing every issue found.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from clustermon.scoring.enterprise import parse_enterprise_data
from clustermon.scoring.framework import (
    Catalogue,
    CatalogueItem,
    Framework,
    Part,
    Rule,
)
from clustermon.scoring.policy import (
    DEFAULT_AGGREGATION_POLICY,
    DEFAULT_GRADE_POLICY,
    AggregationPolicy,
    GradePolicy,
)
from clustermon.scoring.tree import (
    apply_overrides,
    build_node,
    include,
    index_leaves,
    label_of,
    read_yaml,
)
from clustermon.scoring.types import Text
from clustermon.scoring.validation import (
    REF_RE,
    FrameworkError,
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

STATUSES = ("draft", "official")
RULE_OPS = ("<", "<=", ">", ">=", "==", "!=")
PART_TOTAL = Fraction(100)  # every part's tree scores 100 points
WEIGHT_TOTAL = Fraction(100)  # part weights add up to 100

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
    "enterprise_data",
)
PART_KEYS = ("code", "name", "weight", "tree", "indicators")
CATALOGUE_KEYS = ("cap", "items")
ITEM_KEYS = ("code", "name", "max_points", "description")
RULE_KEYS = ("code", "left", "op", "right", "message")


def string_field(
    data: Mapping[str, Any], key: str, issues: Issues, *, required: bool = True
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
    issues: Issues,
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
        issues.add("not_a_list", "parts", got=type_name(parts_raw))
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
            issues.add("not_a_mapping", path, got=type_name(raw))
            weights_ok = False
            continue
        unknown_keys(raw, PART_KEYS, path, issues)
        code = check_code(raw.get("code"), path, issues, part_codes)
        name = text_field(raw.get("name"), join(path, "name"), issues)
        weight = None
        if "weight" not in raw:
            issues.add("missing_field", join(path, "weight"), field="weight")
        else:
            weight = number(raw["weight"], join(path, "weight"), issues, positive=True)
        weights_ok = weights_ok and weight is not None
        nodes: Any = None
        file = issues.file
        if "tree" in raw and "indicators" in raw:
            issues.add("tree_and_indicators", path)
        elif "tree" in raw:
            nodes, file = include(raw["tree"], join(path, "tree"), base_dir, issues)
        elif "indicators" in raw:
            nodes = copy.deepcopy(raw["indicators"])
        else:
            issues.add("missing_field", join(path, "indicators"), field="indicators")
        heads.append((path, code, name, weight, nodes, file))

    if weights_ok:
        total = sum((h[3] for h in heads if h[3] is not None), Fraction(0))
        if total != WEIGHT_TOTAL:
            issues.add("weights_mismatch", "parts", actual=fmt(total), expected=fmt(WEIGHT_TOTAL))

    apply_overrides(data.get("overrides"), [h[4] for h in heads], issues)

    for head in heads:
        index_leaves(head[4], leaf_codes)
    parts: list[Part] = []
    for path, code, name, weight, nodes, file in heads:
        where = join(path, "indicators")
        if nodes is None:
            continue
        if not isinstance(nodes, list):
            issues.add("not_a_list", where, file=file, got=type_name(nodes))
            continue
        if not nodes:
            issues.add("empty_list", where, file=file)
            continue
        built = [
            build_node(n, f"{where}[{label_of(n, j)}]", file, issues, seen)
            for j, n in enumerate(nodes)
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
                    actual=fmt(leaf_sum),
                    expected=fmt(PART_TOTAL),
                )
        indicators = tuple(n for n, _ in built if n is not None)
        if (
            len(indicators) == len(built)
            and code is not None
            and name is not None
            and weight is not None
        ):
            parts.append(Part(code=code, name=name, weight=plain(weight), indicators=indicators))
    return parts


def _catalogue(raw: Any, key: str, issues: Issues, seen: dict[str, str]) -> Catalogue:
    if raw is None:
        return Catalogue()
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", key, got=type_name(raw))
        return Catalogue()
    unknown_keys(raw, CATALOGUE_KEYS, key, issues)
    cap = None
    if "cap" not in raw:
        issues.add("missing_field", join(key, "cap"), field="cap")
    else:
        cap = number(raw["cap"], join(key, "cap"), issues)
    items_raw = raw.get("items", [])
    if not isinstance(items_raw, list):
        issues.add("not_a_list", join(key, "items"), got=type_name(items_raw))
        return Catalogue()
    items: list[CatalogueItem] = []
    for i, item in enumerate(items_raw):
        path = f"{key}.items[{label_of(item, i)}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", path, got=type_name(item))
            continue
        unknown_keys(item, ITEM_KEYS, path, issues)
        code = check_code(item.get("code"), path, issues, seen)
        name = text_field(item.get("name"), join(path, "name"), issues)
        description = text_field(
            item.get("description"), join(path, "description"), issues, required=False
        )
        max_points = None
        if "max_points" not in item:
            issues.add("missing_field", join(path, "max_points"), field="max_points")
        else:
            max_points = number(item["max_points"], join(path, "max_points"), issues, positive=True)
        if max_points is not None and cap is not None and max_points > cap:
            issues.add(
                "item_exceeds_cap", join(path, "max_points"), value=fmt(max_points), cap=fmt(cap)
            )
            continue
        if code is not None and name is not None and max_points is not None:
            items.append(CatalogueItem(code, name, plain(max_points), description))
    return Catalogue(cap=plain(cap) if cap is not None else 0, items=tuple(items))


def _rules(raw: Any, issues: Issues, leaves: set[str]) -> list[Rule]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        issues.add("not_a_list", "rules", got=type_name(raw))
        return []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw):
        path = f"rules[{label_of(item, i)}]"
        if not isinstance(item, Mapping):
            issues.add("not_a_mapping", path, got=type_name(item))
            continue
        unknown_keys(item, RULE_KEYS, path, issues)
        code = check_code(item.get("code"), path, issues, seen)
        ok = code is not None
        for side in ("left", "right"):
            value = item.get(side)
            if value is None:
                issues.add("missing_field", join(path, side), field=side)
                ok = False
            elif side == "right" and isinstance(value, int | float) and not isinstance(value, bool):
                continue
            elif not isinstance(value, str) or not _is_leaf_ref(value, leaves):
                issues.add("bad_rule_ref", join(path, side), value=value)
                ok = False
        op = item.get("op")
        if op is None:
            issues.add("missing_field", join(path, "op"), field="op")
            ok = False
        elif op not in RULE_OPS:
            issues.add("bad_choice", join(path, "op"), value=op, choices=", ".join(RULE_OPS))
            ok = False
        message = text_field(item.get("message"), join(path, "message"), issues)
        if ok and message is not None:
            rules.append(Rule(code, item["left"], op, item["right"], message))  # type: ignore[arg-type]
    return rules


def _is_leaf_ref(value: str, leaves: set[str]) -> bool:
    match = REF_RE.match(value)
    return bool(match) and match.group("code") in leaves


def policy_from(raw: Any, key: str, cls: type, default: Any, issues: Issues) -> Any:
    if raw is None:
        return default
    if not isinstance(raw, Mapping):
        issues.add("not_a_mapping", key, got=type_name(raw))
        return default
    try:
        return cls.from_dict(raw)
    except (ValueError, TypeError) as exc:
        issues.add("bad_policy", key, error=str(exc))
        return default


def _framework(
    data: Any,
    issues: Issues,
    base_dir: Path | None,
    grade_policy: GradePolicy,
    aggregation: AggregationPolicy,
) -> Framework | None:
    if not isinstance(data, Mapping):
        if data is not None or not issues.items:  # an unreadable file is already reported
            issues.add("not_a_mapping", "", got=type_name(data))
        return None
    unknown_keys(data, FRAMEWORK_KEYS, "", issues)
    scheme = string_field(data, "scheme", issues)
    group = string_field(data, "group", issues)
    version = string_field(data, "version", issues)
    status = data.get("status", "draft")
    if status not in STATUSES:
        issues.add("bad_choice", "status", value=status, choices=", ".join(STATUSES))
    note = text_field(data.get("note"), "note", issues, required=False)
    seen: dict[str, str] = {}
    leaves: set[str] = set()
    parts = _parts(data, base_dir, issues, seen, leaves)
    items_seen: dict[str, str] = {}
    bonus = _catalogue(data.get("bonus"), "bonus", issues, items_seen)
    deduction = _catalogue(data.get("deduction"), "deduction", issues, items_seen)
    rules = _rules(data.get("rules"), issues, leaves) if parts is not None else []
    grade = policy_from(data.get("grade_policy"), "grade_policy", GradePolicy, grade_policy, issues)
    agg = policy_from(
        data.get("aggregation"), "aggregation", AggregationPolicy, aggregation, issues
    )
    enterprise_data = (
        parse_enterprise_data(data.get("enterprise_data"), issues, _leaf_kinds(parts, leaves))
        if parts is not None
        else None
    )
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
        enterprise_data=enterprise_data,
        source=issues.file,
    )


def _leaf_kinds(parts: list[Part], written: set[str]) -> dict[str, str]:
    """{leaf code: kind} of the parts built; a leaf of a part with issues of its own is given the
    benefit of the doubt (its part's issues are reported already)."""
    kinds = {node.code: node.kind or "" for part in parts for node in part.walk() if node.is_leaf}
    for code in written:
        kinds.setdefault(code, "quantitative")
    return kinds


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
    issues = Issues(source)
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
    issues = Issues(str(path))
    data = read_yaml(path, issues, "")
    framework = _framework(data, issues, path.parent, grade_policy, aggregation)
    if framework is None:
        raise FrameworkError(issues.items)
    return framework
