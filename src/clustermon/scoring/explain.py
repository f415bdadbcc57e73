"""Explanations: how each figure of one cluster's result was obtained, as a plain dict.

The dict is JSON-friendly (numbers, text, lists) so the web page, the CLI and an export can all
show it. Intermediate floats are shown to 6 decimals: enough to follow the arithmetic without
binary noise such as 23.999999999999996; the total is shown both unrounded and as the exact
Decimal that ranks and grades use.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from clustermon.scoring.framework import Catalogue, Indicator

if TYPE_CHECKING:
    from clustermon.scoring.engine import GroupResult

SHOWN_DECIMALS = 6


def _num(x: Any) -> float | None:
    value = float(x)
    return None if math.isnan(value) else round(value, SHOWN_DECIMALS)


def _raw(x: Any) -> Any:
    """A raw input as shown: numbers as numbers, missing as None, text as text."""
    if x is None:
        return None
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float):
        return None if math.isnan(x) else x
    return x


def _leaf(result: GroupResult, leaf: Indicator, i: int) -> dict[str, Any]:
    j = result.leaf_codes.index(leaf.code)
    out: dict[str, Any] = {
        "code": leaf.code,
        "name": leaf.name,
        "kind": leaf.kind,
        "method": leaf.method,
        "params": leaf.params,
        "max_points": leaf.points,
    }
    experts = result._experts.get(leaf.code)
    if experts is not None:
        scores = (
            experts.raw[i] if not isinstance(experts.raw, np.ndarray) else experts.raw[i].tolist()
        )
        shares = experts.shares[i]
        policy = result.framework.aggregation
        out["experts"] = {
            "scores": [_raw(s) for s in (scores or [])],
            "shares": [_num(s) for s in shares if not np.isnan(s)],
            "count": int(experts.count[i]),
            "aggregation": policy.method,
            "trim_from": policy.trim_from,
            "trimmed": bool(experts.trimmed[i]),
        }
        out["missing"] = bool(experts.count[i] == 0)
    else:
        value = result._values.get(leaf.code)
        out["value"] = _raw(value[i]) if value is not None else None
        prev = result._values.get(leaf.code + "@prev")
        if prev is not None:
            out["prev"] = _raw(prev[i])
        out["missing"] = out["value"] is None or ("prev" in out and out["prev"] is None)
    out["share"] = _num(result.shares[i, j])
    out["points"] = _num(result.leaf_points[i, j])
    return out


def _node(result: GroupResult, node: Indicator, i: int) -> dict[str, Any]:
    if node.is_leaf:
        return _leaf(result, node, i)
    return {
        "code": node.code,
        "name": node.name,
        "max_points": node.points,
        "points": _num(result.node_points[node.code][i]),
        "children": [_node(result, child, i) for child in node.children],
    }


def _catalogue(result: GroupResult, kind: str, catalogue: Catalogue, i: int) -> dict[str, Any]:
    accepted = result._claims.get(kind, {})
    counted = result.bonus_items if kind == "bonus" else result.deduction_items
    items = [
        {
            "code": item.code,
            "name": item.name,
            "max_points": item.max_points,
            "accepted": _num(accepted[item.code][i]),
            "counted": _num(counted[item.code][i]),
        }
        for item in catalogue.items
        if item.code in counted and counted[item.code][i] != 0
    ]
    applied = result.bonus[i] if kind == "bonus" else result.deduction[i]
    return {
        "items": items,
        "sum": _num(sum(item["counted"] for item in items)),
        "cap": catalogue.cap,
        "applied": _num(applied),
    }


def explain(result: GroupResult, i: int) -> dict[str, Any]:
    """The explanation of the cluster at position `i` of a GroupResult."""
    fw = result.framework
    grading = result.grading
    policy = grading.policy
    parts = [
        {
            "code": part.code,
            "name": part.name,
            "weight": part.weight,
            "score": _num(result.part_scores[part.code][i]),
            "weighted": _num(float(part.weight) * result.part_scores[part.code][i] / 100),
            "indicators": [_node(result, node, i) for node in part.indicators],
        }
        for part in fw.parts
    ]
    return {
        "cluster_id": result.cluster_ids[i],
        "scheme": fw.scheme,
        "group": fw.group,
        "framework_version": fw.version,
        "framework_hash": fw.content_hash(),
        "parts": parts,
        "base": _num(result.base[i]),
        "bonus": _catalogue(result, "bonus", fw.bonus, i),
        "deduction": _catalogue(result, "deduction", fw.deduction, i),
        "total_unrounded": _num(result.total_unrounded[i]),
        "total": str(result.totals[i]),
        "rounding": "half up to 2 decimals (base + bonus - deduction, never below 0)",
        "rank": grading.ranks[i],
        "size": grading.size,
        "grade": str(grading.grades[i]),
        "grade_rule": grading.rule(i),
        "grade_policy": {
            **policy.to_dict(),
            "excellent_quota": grading.excellent_quota,
            "good_quota": grading.good_quota,
        },
        "missing": result.missing_codes(result.cluster_ids[i]),
    }
