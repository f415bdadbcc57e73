"""Enterprise rows → leaf values, and the checks on single enterprises. No database.

`totals(spec, rows)` computes the framework's feeds (`Σ sales → P1`, `Σ sales@prev → P1@prev`, a
count of rows…) in Decimal, as the text `Submission.values` holds. A sum is left empty while any
row lacks the figure it adds: a partial list must not pass for a complete total (the required
check then stops the submission).

`jumps(spec, rows)` finds the figures a reviewer should look at: a figure more than `jump_ratio`
times (or less than 1/`jump_ratio` of) last year's, and growth far from the cluster's other
enterprises (modified z-score of log(this year / last year), see `submissions.outliers`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from clustermon.scoring import EnterpriseData, EnterpriseField
from clustermon.submissions.outliers import robust_z
from clustermon.submissions.validation import format_number, is_blank, parse_number

CURRENT, PREVIOUS = "current", "previous"


@dataclass(frozen=True)
class Row:
    """One listed enterprise: its credit code, name and figures (field code → number text)."""

    code: str
    name: str
    current: Mapping[str, Any] = field(default_factory=dict)
    previous: Mapping[str, Any] = field(default_factory=dict)

    def figure(self, field_code: str, previous: bool = False) -> Decimal | None:
        raw = (self.previous if previous else self.current).get(field_code)
        return None if is_blank(raw) else parse_number(raw)


def parse_figure(f: EnterpriseField, raw: Any) -> tuple[str, str | None]:
    """The stored text of one figure and its problem (translated), or ("", None) when blank."""
    if is_blank(raw):
        return "", None
    if isinstance(raw, bool):
        return str(raw), _("Not a number.")
    number = parse_number(raw)
    if number is None:
        return str(raw).strip()[:60], _("Not a number.")
    if f.integer and number != number.to_integral_value():
        return format_number(number), _("Must be a whole number.")
    if f.min is not None and number < _exact(f.min):
        return format_number(number), _("Must not be below %(min)s.") % {"min": format_number(_exact(f.min))}
    if f.max is not None and number > _exact(f.max):
        return format_number(number), _("Must not be above %(max)s.") % {"max": format_number(_exact(f.max))}
    return format_number(number), None


def _exact(x: float | int) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def totals(spec: EnterpriseData, rows: Sequence[Row]) -> dict[str, str]:
    """{feed target: value text}; "" for a sum over no rows or over a row lacking the figure."""
    out: dict[str, str] = {}
    for feed in spec.feeds:
        figures = [row.figure(feed.field_code, feed.previous_year) for row in rows]
        if feed.op == "count":
            out[feed.target] = str(sum(f is not None for f in figures))
        elif not figures or any(f is None for f in figures):
            out[feed.target] = ""
        else:
            out[feed.target] = format_number(sum(figures, Decimal(0)))
    return out


@dataclass(frozen=True)
class FieldTotal:
    """One field summed over the rows, both years, with the increase and the growth rate."""

    field: EnterpriseField
    current: Decimal | None
    previous: Decimal | None
    missing: int  # rows lacking this year's or last year's figure

    @property
    def increment(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def rate(self) -> Decimal | None:
        """(this − last) / last, None when last year's is 0 or unknown."""
        if self.increment is None or not self.previous:
            return None
        return self.increment / abs(self.previous)


def field_totals(spec: EnterpriseData, rows: Sequence[Row]) -> list[FieldTotal]:
    """Each field's totals; a year's total is None while a row lacks that year's figure."""
    out = []
    for f in spec.fields:
        now = [row.figure(f.code) for row in rows]
        before = [row.figure(f.code, True) for row in rows]
        missing = sum(a is None or b is None for a, b in zip(now, before, strict=True))

        def total(xs: list[Decimal | None]) -> Decimal | None:
            return None if not xs or any(x is None for x in xs) else sum(xs, Decimal(0))  # noqa: B023

        out.append(FieldTotal(f, total(now), total(before), missing))
    return out


@dataclass(frozen=True)
class Jump:
    """A figure to check: `kind` "ratio" (this/last beyond the bounds) or "spread" (robust z)."""

    row: int  # index into the rows
    field: EnterpriseField
    kind: str
    current: Decimal
    previous: Decimal
    ratio: float | None
    z: float | None = None


def jumps(spec: EnterpriseData, rows: Sequence[Row]) -> list[Jump]:
    """The implausible moves of single enterprises, row by row, field by field."""
    limit = float(spec.checks.get("jump_ratio", 3))
    threshold = float(spec.checks.get("robust_z", 3.5))
    min_rows = int(spec.checks.get("min_rows", 5))
    found: list[Jump] = []
    for f in spec.fields:
        logs: list[tuple[int, float]] = []
        for i, row in enumerate(rows):
            now, before = row.figure(f.code), row.figure(f.code, True)
            if now is None or before is None or before <= 0:
                continue
            ratio = float(now / before)
            if ratio > limit or ratio < 1 / limit:
                found.append(Jump(i, f, "ratio", now, before, ratio))
            elif now > 0:
                logs.append((i, math.log(ratio)))
        if len(logs) < min_rows:
            continue
        z, _method = robust_z(np.array([y for _, y in logs]))
        for (i, _y), zi in zip(logs, z, strict=True):
            if abs(zi) > threshold:
                row = rows[i]
                now, before = row.figure(f.code), row.figure(f.code, True)
                found.append(Jump(i, f, "spread", now, before, float(now / before), float(zi)))  # type: ignore[operator, arg-type]
    found.sort(key=lambda j: (j.row, spec.fields.index(j.field), j.kind))
    return found
