"""The enterprise-list workbook: a template per submission, and reading a filled one back.

Sheet layout (after an instructions sheet):

    row 1   title (cluster · round)
    row 2   hidden: "clustermon-enterprises:1", round id, cluster code
    row 3   hidden: the column keys: credit_code, name, county, then each field and field@prev
    row 4   headers
    row 5…  one enterprise per row (the current list is filled in; rows may be added)

Reading is as defensive as the submissions workbook (the same size and zip-bomb checks, formulas
refused, every problem reported by sheet, row and cell) and stores nothing: `actions.replace_rows`
applies the entries, all or nothing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from clustermon.enterprises.actions import Entry
from clustermon.submissions.excel import (
    MAX_SHEETS,
    SHEET_TITLE_MAX,
    CellError,
    workbook_max_bytes,
    workbook_max_unzipped,
)
from clustermon.submissions.uploads import UploadRefused, check_size, open_zip
from clustermon.submissions.validation import localized, parse_number

if TYPE_CHECKING:
    from clustermon.enterprises.models import EnterpriseFigure
    from clustermon.scoring import EnterpriseData
    from clustermon.submissions.models import Submission

MARKER = "clustermon-enterprises:1"
META_ROW, KEYS_ROW, HEADER_ROW, FIRST_ROW = 2, 3, 4, 5
MAX_ROWS = 2000
BLANK_ROWS = 30  # empty, formatted rows after the listed ones
PREV = "@prev"
HEADING_FILL = PatternFill("solid", fgColor="EEF2F6")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")


def keys_of(spec: EnterpriseData) -> list[str]:
    keys = ["credit_code", "name", "county"]
    for f in spec.fields:
        keys += [f.code, f.code + PREV]
    return keys


def headers_of(spec: EnterpriseData) -> dict[str, str]:
    out = {"credit_code": _("Unified social credit code"), "name": _("Enterprise name"), "county": _("County")}
    for f in spec.fields:
        unit = f" ({f.unit})" if f.unit else ""
        out[f.code] = _("%(field)s%(unit)s, this year") % {"field": localized(f.name), "unit": unit}
        out[f.code + PREV] = _("%(field)s%(unit)s, last year") % {"field": localized(f.name), "unit": unit}
    return out


def text_cell(cell: Any, value: Any) -> Any:
    """Write text that Excel must never take for a formula ("=…", "+…", "@…")."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def number_value(raw: Any) -> Any:
    number = parse_number(raw)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() and abs(number) < 10**15 else float(number)


# ------------------------------------------------------------------------------------ template


def build_template(submission: Submission, spec: EnterpriseData, figures: Sequence[EnterpriseFigure]) -> bytes:
    wb = Workbook()
    _instructions(wb.active, spec)
    ws = wb.create_sheet(_("Enterprises")[:SHEET_TITLE_MAX])
    keys = keys_of(spec)
    headers = headers_of(spec)
    last = get_column_letter(len(keys))
    title = f"{submission.cluster.name} · {submission.round.title} · {localized(spec.name) or _('Enterprises')}"
    text_cell(ws.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    for i, value in enumerate((MARKER, submission.round_id, submission.cluster.code), start=1):
        ws.cell(row=META_ROW, column=i, value=value)
    for i, key in enumerate(keys, start=1):
        ws.cell(row=KEYS_ROW, column=i, value=key)
        cell = text_cell(ws.cell(row=HEADER_ROW, column=i), headers[key])
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = {"credit_code": 22, "name": 36, "county": 12}.get(key, 16)
    ws.row_dimensions[META_ROW].hidden = True
    ws.row_dimensions[KEYS_ROW].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    fields = {f.code: f for f in spec.fields}
    row = FIRST_ROW
    for figure in figures:
        enterprise = figure.enterprise
        values = {"credit_code": enterprise.credit_code, "name": enterprise.name,
                  "county": enterprise.county.name if enterprise.county_id else ""}
        for code in fields:
            values[code] = number_value((figure.current or {}).get(code))
            values[code + PREV] = number_value((figure.previous or {}).get(code))
        _write_row(ws, row, keys, values, fields)
        row += 1
    for _blank in range(BLANK_ROWS):
        _write_row(ws, row, keys, {}, fields)
        row += 1
    _validations(ws, keys, fields, FIRST_ROW, row - 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_row(ws: Any, row: int, keys: list[str], values: dict[str, Any], fields: dict) -> None:
    for i, key in enumerate(keys, start=1):
        cell = ws.cell(row=row, column=i)
        base = key.removesuffix(PREV)
        if base in fields:
            cell.value = values.get(key)
            cell.number_format = "#,##0" if fields[base].integer else "#,##0.00"
        else:
            text_cell(cell, values.get(key))
            cell.number_format = "@"
        cell.fill = EDITABLE_FILL


def _validations(ws: Any, keys: list[str], fields: dict, first: int, last: int) -> None:
    for i, key in enumerate(keys, start=1):
        f = fields.get(key.removesuffix(PREV))
        if f is None:
            continue
        low = f.min if f.min is not None else -1e15
        high = f.max if f.max is not None else 1e15
        dv = DataValidation(type="whole" if f.integer else "decimal", operator="between",
                            formula1=str(low), formula2=str(high), allow_blank=True)
        dv.showErrorMessage = True
        dv.error = _("Enter a number in the unit of the column.")
        letter = get_column_letter(i)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def _instructions(ws: Any, spec: EnterpriseData) -> None:
    ws.title = _("Instructions")[:SHEET_TITLE_MAX]
    lines = [
        _("How to fill in the enterprise list"),
        localized(spec.note) or "",
        _("One enterprise per row, on the sheet \"Enterprises\": its unified social credit code (18 characters), "
          "its name, its county (empty: the cluster's county), and each figure for this year and last year."),
        _("Numbers only, in the unit of the column: no formulas, no text such as \"about 100\"."),
        _("Type the credit code as text (the column is formatted as text); a code with a wrong check character "
          "is refused."),
        _("Do not change the hidden rows 2 and 3: they tell the system which cluster and which column a cell "
          "belongs to. Columns may be moved; rows may be sorted, added or deleted."),
        _("The upload replaces the whole list. It is checked as a whole: if any cell is wrong nothing is stored, "
          "and the errors name the sheet, row and cell."),
    ]
    for i, line in enumerate((x for x in lines if x), start=1):
        text_cell(ws.cell(row=i, column=1), line)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120


# ------------------------------------------------------------------------------------- reading


@dataclass
class ParsedList:
    """What a workbook holds: the entries with where each came from, and the problems found."""

    entries: list[Entry] = field(default_factory=list)
    places: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row, {key: cell ref})
    errors: list[CellError] = field(default_factory=list)
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # key → column letter

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_at(self, index: int, key: str, message: str) -> CellError:
        number, refs = self.places[index]
        ref = refs.get(key) or (f"{self.columns[key]}{number}" if key in self.columns else "")
        return CellError(self.sheet, number, ref, message)


def read_list(f: IO[bytes], submission: Submission, spec: EnterpriseData) -> ParsedList:
    """Read an uploaded enterprise list for `submission`. UploadRefused when the file as a whole
    cannot be read; cell problems are collected in `.errors`. Nothing is stored."""
    check_size(f, workbook_max_bytes())
    open_zip(f, max_total=workbook_max_unzipped()).close()
    f.seek(0)
    try:
        wb = load_workbook(f, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds
        raise UploadRefused(_("The file is not a readable Excel workbook (.xlsx); open it in Excel, "
                              "save it as .xlsx and try again.")) from None
    parsed = ParsedList()
    try:
        if len(wb.worksheets) > MAX_SHEETS:
            raise UploadRefused(_("The workbook has too many sheets (%(n)s).") % {"n": len(wb.worksheets)})
        found = False
        for ws in wb.worksheets:
            if hasattr(ws, "iter_rows") and _read_sheet(ws, submission, spec, parsed):
                found = True
                break
    except UploadRefused:
        raise
    except Exception:
        raise UploadRefused(_("The file is not a readable Excel workbook (.xlsx); open it in Excel, "
                              "save it as .xlsx and try again.")) from None
    finally:
        wb.close()
    if not found:
        raise UploadRefused(_("No enterprise sheet found: upload the template downloaded from this page."))
    return parsed


def _read_sheet(ws: Any, submission: Submission, spec: EnterpriseData, parsed: ParsedList) -> bool:
    """Read the sheet if it is an enterprise sheet (True), else leave it (False)."""
    ws.reset_dimensions()
    meta: list[Any] | None = None
    columns: dict[str, int] | None = None
    keys_at = 0
    wanted = keys_of(spec)
    for number, cells in enumerate(ws.iter_rows(), start=1):
        number = next((c.row for c in cells if getattr(c, "row", None)), number)
        if columns is None:
            if number > HEADER_ROW + 5:
                return meta is not None and _sheet_error(parsed, ws.title, _(
                    "The hidden rows of the template were changed; download a new template."))
            values = [c.value for c in cells]
            if MARKER in values:
                meta = values[values.index(MARKER):]
            elif "credit_code" in values:
                columns = {v: i for i, v in enumerate(values) if isinstance(v, str) and v in wanted}
                keys_at = number
            if meta is not None and columns is not None:
                parsed.sheet = ws.title
                parsed.columns = {key: get_column_letter(i + 1) for key, i in columns.items()}
                if not _check_meta(meta, submission, parsed):
                    return True
                missing = [k for k in wanted if k not in columns]
                if missing:
                    return _sheet_error(parsed, ws.title, _(
                        "Columns are missing (%(keys)s); download a new template.") % {"keys": ", ".join(missing)})
            continue
        if number == keys_at + 1:
            continue  # the visible headers
        if len(parsed.entries) >= MAX_ROWS:
            return _sheet_error(parsed, ws.title, _("Too many rows; at most %(n)s are read.") % {"n": MAX_ROWS})
        _read_row(ws.title, number, cells, columns, spec, parsed)
    if meta is None:
        return False
    if columns is None:
        return _sheet_error(parsed, ws.title, _("The hidden rows of the template were changed; download a new template."))
    return True


def _sheet_error(parsed: ParsedList, title: str, message: str) -> bool:
    parsed.sheet = title
    parsed.errors.append(CellError(title, None, "", message))
    return True


def _check_meta(meta: list[Any], submission: Submission, parsed: ParsedList) -> bool:
    round_id = meta[1] if len(meta) > 1 else None
    code = meta[2] if len(meta) > 2 else None
    if isinstance(round_id, float) and round_id.is_integer():
        round_id = int(round_id)
    if round_id != submission.round_id or code != submission.cluster.code:
        parsed.errors.append(CellError(parsed.sheet, None, "", _(
            "This list belongs to another cluster or round; download this submission's template.")))
        return False
    return True


def _read_row(title: str, number: int, cells: Any, columns: dict[str, int], spec: EnterpriseData,
              parsed: ParsedList) -> None:
    raw: dict[str, Any] = {}
    refs: dict[str, str] = {}
    problems: list[CellError] = []
    for key, index in columns.items():
        if index >= len(cells):
            continue
        c = cells[index]
        value = c.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        ref = f"{get_column_letter(index + 1)}{number}"
        refs[key] = ref
        if c.data_type == "f":
            problems.append(CellError(title, number, ref, _("Holds a formula (%(formula)s); type the value itself.")
                                      % {"formula": str(value)[:60]}))
        elif c.data_type == "e":
            problems.append(CellError(title, number, ref, _("Holds an Excel error (%(value)s).") % {"value": value}))
        elif c.data_type == "d":
            problems.append(CellError(title, number, ref, _("Holds a date.")))
        elif key == "credit_code" and c.data_type == "n":
            problems.append(CellError(title, number, ref, _(
                "The credit code was stored as a number (Excel drops digits); format the cell as text and type it again.")))
        else:
            raw[key] = value
    if not raw and not problems:
        return  # an empty row
    parsed.errors.extend(problems)
    fields = [f.code for f in spec.fields]
    parsed.entries.append(Entry(
        credit_code=raw.get("credit_code"), name=raw.get("name"), county=raw.get("county"),
        current={code: raw[code] for code in fields if code in raw},
        previous={code: raw[code + PREV] for code in fields if code + PREV in raw}))
    parsed.places.append((number, refs))
