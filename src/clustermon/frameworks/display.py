"""How a stored framework document reads on a page: names in the user's language, the tree as rows."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

METHOD_LABELS: dict[str, Any] = {
    "tiers": _("tiered thresholds"), "linear": _("linear between floor and target"),
    "relative_to_best": _("relative to the best in the group"), "rank": _("rank in the group"),
    "growth": _("year-on-year growth"), "yes_no": _("yes / no"), "count": _("count with a cap"),
    "expert_grade": _("expert grade (A–D)"), "expert_points": _("expert points"),
}

KIND_LABELS: dict[str, Any] = {
    "quantitative": _("quantitative"), "qualitative": _("qualitative"), "yes_no": _("yes / no"),
}


def text(value: Any) -> str:
    """A {zh:…, en:…} text in the active language (Chinese when no English is given)."""
    if isinstance(value, Mapping):
        lang = "en" if (get_language() or "").startswith("en") else "zh"
        return str(value.get(lang) or value.get("zh") or value.get("en") or "")
    return "" if value is None else str(value)


def params_text(params: Any) -> str:
    if not params:
        return ""
    return json.dumps(params, ensure_ascii=False)


def rule_text(node: Mapping[str, Any]) -> str:
    """A leaf's scoring method and parameters in words ("" for an indicator without a method).

    Reuses the results explanation's wording (`clustermon.results.explain.method_words`).
    """
    # Imported here: results.explain itself imports this module (for `text`).
    from clustermon.results.explain import method_words

    method = node.get("method") or ""
    if not method:
        return ""
    return method_words(str(method), node.get("params"), node.get("points"), node.get("unit") or "")


@dataclass(frozen=True)
class Row:
    """One indicator as a table row; `depth` 0 is first-level."""

    depth: int
    code: str
    name: str
    points: Any
    is_leaf: bool
    kind: str
    method: str
    params: str
    unit: str
    definition: str
    source: str
    rule: str = ""

    @property
    def indent(self) -> str:
        return f"{self.depth * 1.5}em"


def _rows(nodes: list[Mapping[str, Any]], depth: int) -> Iterator[Row]:
    for node in nodes or []:
        children = node.get("children") or []
        method = node.get("method") or ""
        yield Row(depth, str(node.get("code", "")), text(node.get("name")), node.get("points"),
                  not children, str(KIND_LABELS.get(node.get("kind"), node.get("kind") or "")),
                  str(METHOD_LABELS.get(method, method)), params_text(node.get("params")),
                  node.get("unit") or "", text(node.get("definition")), text(node.get("source")),
                  rule_text(node))
        yield from _rows(children, depth + 1)


@dataclass(frozen=True)
class PartView:
    code: str
    name: str
    weight: Any
    rows: list[Row]


def parts(document: Mapping[str, Any]) -> list[PartView]:
    return [PartView(str(p.get("code")), text(p.get("name")), p.get("weight"),
                     list(_rows(p.get("indicators") or [], 0)))
            for p in document.get("parts") or []]


def catalogue(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    raw = document.get(key) or {}
    return {"cap": raw.get("cap"),
            "items": [{"code": i.get("code"), "name": text(i.get("name")), "max_points": i.get("max_points"),
                       "description": text(i.get("description"))} for i in raw.get("items") or []]}


def rules(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"code": r.get("code"), "expression": f"{r.get('left')} {r.get('op')} {r.get('right')}",
             "message": text(r.get("message"))} for r in document.get("rules") or []]
