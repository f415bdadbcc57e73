"""The results of a round as an Excel workbook (openpyxl): one sheet per group, the by-city summary,
the raw values as submitted and a sheet saying what the workbook is.

Headers are frozen, scores carry the number format 0.00, columns have widths. Text that people
typed (cluster names, values as submitted…) is written as text with Excel's quote prefix when it
starts with = + - @ or a tab or carriage return, so that no spreadsheet runs it as a formula
(CSV/formula injection); the text itself is kept as it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from clustermon.frameworks.display import text
from clustermon.reports.data import GRADES, RawValue, SummaryReport
from clustermon.results.display import GRADE_NAMES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SCORE, INTEGER = "0.00", "0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Cell:
    """Write one cell; text is always text (never a formula), numbers get `number_format`."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def as_submitted(value: Any) -> Any:
    """A submitted value: plain decimal text as a number, anything else as (guarded) text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if value is None:
        return None
    textual = str(value)
    return Decimal(textual) if NUMBER.match(textual.strip()) else textual


def header(ws: Worksheet, titles: Sequence[str], widths: Sequence[float], freeze: str = "A2") -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = put(ws, 1, column, str(title))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}1"


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = SHEET_FORBIDDEN.sub("_", name).strip("'") or "sheet"
    title, n = base[:31], 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _first_level(rows: Sequence[Any]) -> list[tuple[str, str]]:
    """(code, name) of the first-level indicators, from the group's first explanation."""
    if not rows:
        return []
    out = []
    for part in rows[0].explanation.get("parts") or []:
        out += [(node["code"], text(node.get("name"))) for node in part.get("indicators") or []]
    return out


def _parts(rows: Sequence[Any]) -> list[tuple[str, str]]:
    if not rows:
        return []
    return [(part["code"], text(part.get("name"))) for part in rows[0].explanation.get("parts") or []]


def _group_sheet(ws: Worksheet, group: Any) -> None:
    parts, first = _parts(group.rows), _first_level(group.rows)
    titles = [_("Rank"), _("Code"), _("Cluster"), _("City"), _("County"), _("Total"), _("Base score"), _("Bonus"),
              _("Deduction"), *[name for _code, name in parts], *[f"{code} {name}" for code, name in first],
              _("Grade"), _("Stars"), _("Label")]
    widths = [7, 20, 34, 12, 14, 9, 9, 8, 8, *[11] * len(parts), *[13] * len(first), 9, 7, 9]
    header(ws, titles, widths, freeze="D2")
    for i, row in enumerate(group.rows, start=2):
        values: list[tuple[Any, str | None]] = [
            (row.rank, INTEGER), (row.cluster.code, None), (row.cluster.name, None),
            (row.cluster.county.city.name, None), (row.cluster.county.name, None),
            (row.total, SCORE), (row.base, SCORE), (row.bonus, SCORE), (row.deduction, SCORE),
            *[(Decimal(row.part_scores.get(code, "0")), SCORE) for code, _name in parts],
            *[(Decimal(row.node_points.get(code, "0")), SCORE) for code, _name in first],
            (row.grade_name, None), (row.stars, INTEGER), (row.label_name, None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            put(ws, i, column, value, number_format)


def _city_sheet(ws: Worksheet, report: SummaryReport) -> None:
    titles = [_("City"), _("Clusters"), _("Average total"), *[str(GRADE_NAMES[g]) for g in GRADES], _("With stars")]
    header(ws, titles, [22, 9, 12, 9, 9, 9, 9, 10], freeze="B2")
    cities = [c for c in report.cities if c.count]
    for i, city in enumerate(cities, start=2):
        values = [(city.city.name, None), (city.count, INTEGER), (city.average_total, SCORE),
                  *[(city.grades[g], INTEGER) for g in GRADES], (city.starred, INTEGER)]
        for column, (value, number_format) in enumerate(values, start=1):
            put(ws, i, column, value, number_format)


def _raw_sheet(ws: Worksheet, raw: Sequence[RawValue], group_names: dict[str, str]) -> None:
    titles = [_("Group"), _("Code"), _("Cluster"), _("City"), _("Indicator code"), _("Indicator"), _("Unit"),
              _("Value as submitted")]
    header(ws, titles, [22, 20, 34, 12, 14, 36, 10, 18], freeze="D2")
    for i, item in enumerate(raw, start=2):
        sub = item.submission
        values = [group_names.get(sub.group, sub.group), sub.cluster.code, sub.cluster.name,
                  sub.cluster.county.city.name, item.code, item.name, item.unit, as_submitted(item.value)]
        for column, value in enumerate(values, start=1):
            put(ws, i, column, value)


def _about_sheet(ws: Worksheet, report: SummaryReport, user: Any) -> None:
    result_set = report.result_set
    rows = [
        (_("Round"), report.round.title),
        (_("Results version"), f"{result_set.number} ({result_set.get_status_display()})"),
        (_("Content hash"), result_set.content_hash),
        (_("Generated"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Generated for"), f"{user.get_full_name() or user.username} ({user.get_role_display()})"),
        (_("Scope"), _("clusters in the user's area") if report.scoped else _("the whole province")),
    ]
    header(ws, [_("Item"), _("Value")], [18, 70])
    for i, (key, value) in enumerate(rows, start=2):
        put(ws, i, 1, str(key))
        put(ws, i, 2, str(value))


def results_workbook(report: SummaryReport, raw: Sequence[RawValue], user: Any) -> bytes:
    wb = Workbook()
    used: set[str] = set()
    first = True
    for group in report.groups:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sheet_title(group.name, used)
        _group_sheet(ws, group)
    if first:  # no result in scope: keep one (empty) sheet
        wb.active.title = sheet_title(_("Results"), used)
    _city_sheet(wb.create_sheet(sheet_title(_("By city"), used)), report)
    names = {group.code: group.name for group in report.groups}
    _raw_sheet(wb.create_sheet(sheet_title(_("Raw values"), used)), raw, names)
    _about_sheet(wb.create_sheet(sheet_title(_("About"), used)), report, user)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
