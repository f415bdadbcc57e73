"""The parsed, resolved form of schemes and frameworks (指标体系): plain frozen dataclasses.

A `Framework` is resolved: `tree:` includes read, `overrides:` applied, inner-node points filled
in. `Framework.to_dict()` is that self-contained document, the form the database stores as a
version; `parse_framework(fw.to_dict())` gives the same framework back. Loading and validation
live in `loader`, `tree` and `schemes`; issues and messages in `validation`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from clustermon.scoring.enterprise import EnterpriseData
from clustermon.scoring.policy import (
    DEFAULT_AGGREGATION_POLICY,
    DEFAULT_GRADE_POLICY,
    DEFAULT_RATING_POLICY,
    AggregationPolicy,
    GradePolicy,
    RatingPolicy,
)
from clustermon.scoring.types import Text

# --------------------------------------------------------------------------- parsed values


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
    enterprise_data: EnterpriseData | None = None  # optional: leaf values from enterprise rows
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
        if self.enterprise_data is not None:  # absent, the document (and its hash) is unchanged
            out["enterprise_data"] = self.enterprise_data.to_dict()
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
