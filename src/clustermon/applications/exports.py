"""The announcement list (公示名单) as CSV, .xlsx and .docx.

Cell text is never taken for a formula: CSV cells starting with = + - @ or a tab / carriage return
get a leading apostrophe (the usual CSV-injection guard), .xlsx cells are written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from clustermon.applications.models import ApplicationCall

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
FORMATS = {"csv": CSV, "xlsx": XLSX, "docx": DOCX}


def guard(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def announcement_table(call: ApplicationCall) -> tuple[list[str], list[list[str]]]:
    from clustermon.applications.actions import approved_applications

    header = [_("No."), _("Cluster"), _("City"), _("County"), _("Leading industry"), _("Core park"),
              _("Promotion organisation")]
    rows = [[str(i), a.name, a.city.name, a.park_county.name, a.leading_industry, a.core_park_name,
             a.promotion_organisation_name]
            for i, a in enumerate(approved_applications(call), start=1)]
    return header, rows


def as_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([guard(v) for v in header])
    for row in rows:
        writer.writerow([guard(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel opens UTF-8 correctly


def as_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Announcement")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(v) for v in header])
    for row in rows:
        sheet.append(["" if v is None else str(v) for v in row])
    for line in sheet.iter_rows():
        for cell in line:
            if cell.value is not None:
                cell.data_type = "s"  # "=HYPERLINK(…)" in a name stays text
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (6, 36, 14, 14, 20, 28, 32), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_docx(title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    if subtitle:
        document.add_paragraph(subtitle)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
