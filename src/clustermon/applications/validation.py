"""The application form's values: what is stored, what is wrong, what is missing before submission.

Messages are translated (the active language); the checks of the conditions themselves are the pure
`conditions` module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clustermon.applications.conditions import is_set, parse_number, plain
from clustermon.applications.rules import CallRules, FieldSpec, text_in

MAX_TEXT = 2000
MAX_RAW = 200
PROFILE_FIELDS = ("name", "leading_industry", "core_park_name", "promotion_organisation_name")
REQUIRED_PROFILE = ("name", "leading_industry", "core_park_name")
PROFILE_MAX = {"name": 160, "leading_industry": 120, "core_park_name": 120, "promotion_organisation_name": 160}


def language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def label(text: Any) -> str:
    return text_in(text, language())


def normalise(spec: FieldSpec, raw: Any) -> str:
    """The stored text of a typed value: plain numbers, "1"/"" for yes/no, trimmed text. A number
    that does not parse is kept as typed (cut) so the applicant loses nothing; `problems` reports it."""
    if raw is None:
        return ""
    if spec.type == "boolean":
        return "1" if is_set(raw) else ""
    text = str(raw).strip()
    if not text:
        return ""
    if spec.is_numeric:
        number = parse_number(text)
        return plain(number) if number is not None else text[:MAX_RAW]
    return text[:MAX_TEXT * 2]


def problem(spec: FieldSpec, stored: str, *, complete: bool) -> str | None:
    """What is wrong with one stored value, or None."""
    if stored in ("", None):
        if complete and spec.required and spec.type != "boolean":
            return _("Required.")
        return None
    if spec.type == "text":
        return _("Too long: at most %(n)s characters.") % {"n": MAX_TEXT} if len(stored) > MAX_TEXT else None
    if not spec.is_numeric:
        return None
    number = parse_number(stored)
    if number is None:
        return _("Not a number.")
    if spec.type == "integer" and number != number.to_integral_value():
        return _("A whole number, please.")
    if spec.min is not None and number < spec.min:
        return _("At least %(min)s.") % {"min": plain(spec.min)}
    if spec.max is not None and number > spec.max:
        return _("At most %(max)s.") % {"max": plain(spec.max)}
    return None


@dataclass
class Completeness:
    """What keeps an application from being submitted: field problems and missing materials."""

    fields: dict[str, str] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)
    missing_materials: list[str] = field(default_factory=list)  # item codes

    @property
    def ok(self) -> bool:
        return not (self.fields or self.profile or self.missing_materials)

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.profile) + len(self.missing_materials)


def check(rules: CallRules, values: Mapping[str, Any], *, complete: bool, profile: Mapping[str, Any] | None = None,
          present_items: set[str] | None = None) -> Completeness:
    result = Completeness()
    for spec in rules.fields:
        message = problem(spec, values.get(spec.code, ""), complete=complete)
        if message:
            result.fields[spec.code] = message
    if complete and profile is not None:
        for name in REQUIRED_PROFILE:
            if not str(profile.get(name) or "").strip():
                result.profile[name] = _("Required.")
    if complete and present_items is not None:
        result.missing_materials = [m.code for m in rules.materials if m.required and m.code not in present_items]
    return result


def field_rows(rules: CallRules, values: Mapping[str, Any], problems: Mapping[str, str]) -> list[dict[str, Any]]:
    """The form's fields as a template shows them."""
    rows = []
    for spec in rules.fields:
        stored = values.get(spec.code, "")
        rows.append({
            "spec": spec, "code": spec.code, "label": label(spec.name), "unit": spec.unit, "value": stored,
            "checked": spec.type == "boolean" and is_set(stored), "help": label(spec.help) if spec.help else "",
            "error": problems.get(spec.code), "required": spec.required and spec.type != "boolean",
            "display": (_("yes") if is_set(stored) else _("no")) if spec.type == "boolean" else stored,
        })
    return rows
