"""Issues (file, tree path, message, stable code) and the small value checks every loader uses.

Each message is an English format string keyed by its `code` in `MESSAGES`, filled from the
issue's `args`, so the web and CLI layers can translate by code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from clustermon.scoring.methods import PARAM_MESSAGES
from clustermon.scoring.types import Text

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


class Issues:
    """Collects issues while a document is walked; `file` is the file being read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Issue] = []

    def add(self, code: str, path: str, *, file: str | None = None, **args: Any) -> None:
        self.items.append(Issue(file or self.file, path, MESSAGES[code].format(**args), code, args))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def type_name(value: Any) -> str:
    return type(value).__name__ if value is not None else "nothing"


# ------------------------------------------------------------------------------ small checks


def number(
    value: Any, path: str, issues: Issues, *, positive: bool = False, file: str | None = None
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


def plain(x: Fraction) -> int | float:
    """A Fraction back to the plain number YAML would write (8, not 8.0; 2.5)."""
    return int(x) if x.denominator == 1 else float(x)


def fmt(x: Fraction) -> str:
    return str(plain(x))


def text_field(
    value: Any, path: str, issues: Issues, *, required: bool = True, file: str | None = None
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


def unknown_keys(
    data: Mapping[str, Any],
    allowed: tuple[str, ...],
    path: str,
    issues: Issues,
    file: str | None = None,
) -> None:
    for key in data:
        if key not in allowed:
            issues.add(
                "unknown_key", join(path, str(key)), file=file, key=key, allowed=", ".join(allowed)
            )


def check_code(
    value: Any, path: str, issues: Issues, seen: dict[str, str], *, file: str | None = None
) -> str | None:
    """Check a code's form and uniqueness within `seen` (code → where first used)."""
    where = join(path, "code")
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


def exact(x: float) -> Fraction:
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)
