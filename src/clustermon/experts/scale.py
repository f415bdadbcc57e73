"""The scale of each qualitative leaf: what an expert may answer and the share it is worth.

Read from a framework version's stored document (`Framework.to_dict()`, see
docs/framework-format.md): parts → indicators → children; a leaf whose method is `expert_grade`
(letters, `params.grades` maps each to a share) or `expert_points` (0..points) is scored by experts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clustermon.scoring import AggregationPolicy

EXPERT_GRADE = "expert_grade"
EXPERT_POINTS = "expert_points"
EXPERT_METHODS = (EXPERT_GRADE, EXPERT_POINTS)
# The core's default for `expert_grade` without `grades` (scoring.methods.DEFAULT_EXPERT_GRADES;
# tests/experts/test_scale.py checks the two agree).
DEFAULT_GRADES: dict[str, Decimal] = {"A": Decimal("1.0"), "B": Decimal("0.8"), "C": Decimal("0.6"),
                                      "D": Decimal("0.3")}
POINT_PLACES = Decimal("0.01")


class ScoreError(ValueError):
    """A score outside the leaf's scale; the message is translated."""


def _decimal(value: Any) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def _plain(number: Decimal) -> str:
    """Text without exponent or trailing zeros: 4.50 → "4.5", 40 → "40"."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def localised(text: Any, fallback: str = "") -> str:
    """A `{zh: …, en: …}` text in the current language (Chinese first otherwise)."""
    if not isinstance(text, Mapping):
        return str(text) if text else fallback
    language = "en" if (get_language() or "").startswith("en") else "zh"
    return text.get(language) or text.get("zh") or text.get("en") or fallback


@dataclass(frozen=True)
class Leaf:
    """One qualitative leaf as the expert sees it."""

    code: str
    name: Mapping[str, str]
    points: Decimal
    method: str
    grades: tuple[tuple[str, Decimal], ...] = ()
    definition: Mapping[str, str] | None = None
    part: Mapping[str, str] | None = None

    @property
    def label(self) -> str:
        return localised(self.name, self.code)

    @property
    def definition_text(self) -> str:
        return localised(self.definition)

    @property
    def points_text(self) -> str:
        return _plain(self.points)

    @property
    def is_grade(self) -> bool:
        return self.method == EXPERT_GRADE

    @property
    def letters(self) -> list[str]:
        return [letter for letter, _share in self.grades]

    @property
    def scale_text(self) -> str:
        if self.is_grade:
            return " · ".join(f"{letter} = {_plain(share * 100)}%" for letter, share in self.grades)
        return _("0 to %(points)s points") % {"points": self.points_text}

    def parse(self, raw: str) -> str:
        """The score as stored (a letter of the map, or plain points); ScoreError if off the scale."""
        text = (raw or "").strip()
        if self.is_grade:
            for letter, _share in self.grades:
                if text.upper() == letter.upper():
                    return letter
            raise ScoreError(_("%(indicator)s: “%(value)s” is not one of %(letters)s") % {
                "indicator": self.code, "value": text, "letters": ", ".join(self.letters)})
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ScoreError(_("%(indicator)s: “%(value)s” is not a number") % {
                "indicator": self.code, "value": text}) from None
        if not number.is_finite() or not 0 <= number <= self.points:
            raise ScoreError(_("%(indicator)s: %(value)s is outside 0 to %(points)s") % {
                "indicator": self.code, "value": text, "points": self.points_text})
        if number != number.quantize(POINT_PLACES):
            raise ScoreError(_("%(indicator)s: use at most two decimals (“%(value)s”)") % {
                "indicator": self.code, "value": text})
        return _plain(number)

    def share(self, score: str) -> Decimal:
        """The share in [0, 1] a stored score is worth (ScoreError if off the scale)."""
        canonical = self.parse(score)
        if self.is_grade:
            return dict(self.grades)[canonical]
        return Decimal(canonical) / self.points if self.points else Decimal(0)


def _nodes(nodes: Any) -> Iterator[Mapping[str, Any]]:
    for node in nodes or ():
        if not isinstance(node, Mapping):
            continue
        yield node
        yield from _nodes(node.get("children"))


def _grades(params: Mapping[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    table = params.get("grades") or DEFAULT_GRADES
    return tuple((str(letter).strip().upper(), _decimal(share)) for letter, share in table.items())


def qualitative_leaves(document: Mapping[str, Any] | None) -> list[Leaf]:
    """The expert-scored leaves of a stored framework document, in document order."""
    leaves = []
    for part in (document or {}).get("parts") or ():
        for node in _nodes(part.get("indicators")):
            method = node.get("method")
            if node.get("children") or method not in EXPERT_METHODS:
                continue
            params = node.get("params") or {}
            leaves.append(Leaf(
                code=str(node["code"]), name=node.get("name") or {}, points=_decimal(node.get("points", 0)),
                method=method, grades=_grades(params) if method == EXPERT_GRADE else (),
                definition=node.get("definition"), part=part.get("name"),
            ))
    return leaves


def indicator_names(document: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Every node of the document by code (to label a submission's values)."""
    return {str(node["code"]): node
            for part in (document or {}).get("parts") or ()
            for node in _nodes(part.get("indicators")) if "code" in node}


def aggregation_policy(document: Mapping[str, Any] | None, manifest: Mapping[str, Any] | None) -> AggregationPolicy:
    """D10 per scheme: the framework's `aggregation` (copied from the manifest), else the
    manifest's, else the default."""
    data = (document or {}).get("aggregation") or (manifest or {}).get("aggregation")
    return AggregationPolicy.from_dict(data)
