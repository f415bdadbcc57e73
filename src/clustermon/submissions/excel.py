"""Excel templates and their reading (openpyxl).

A workbook holds an instructions sheet and **one sheet per cluster**, the same for a cluster's own
template and for a county's or a city's. Each cluster sheet:

    row 1   title (cluster · round)
    row 2   hidden: "clustermon:1", round id, cluster code        (which submission the sheet fills)
    row 3   hidden: the column keys below                          (so moved columns are still read)
    row 4   headers
    row 5…  one row per leaf indicator; first-level headings between them have no code

    A code (hidden, locked) · B indicator · C unit · D value (this year, editable) · E last year ·
    F explanation (editable) · G what is accepted · H definition · I data source

The sheet is protected without a password so only D and F are typed into by accident-free users;
the reader never trusts positions: rows are matched by the code in column `code`, so sorted or
rearranged rows are read right.

Reading is defensive: a size limit, the ZIP members' declared sizes checked before openpyxl opens
anything (zip bombs), `read_only=True, data_only=False` so formulas are seen (and refused: the
stored value must be the typed number, not a cached result that may be stale), and every problem
reported by sheet, row and cell. Applying the values is `actions.import_workbook` (all or nothing).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from clustermon.submissions.uploads import MB, UploadRefused, check_size, open_zip
from clustermon.submissions.validation import (
    NO,
    QUALITATIVE,
    QUANTITATIVE,
    YES,
    YES_NO,
    Field,
    display,
    fields_of,
    localized,
    parse_number,
    range_hint,
)

if TYPE_CHECKING:
    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round
    from clustermon.scoring.framework import Framework

MARKER = "clustermon:1"
KEYS = ("code", "indicator", "unit", "value", "previous", "explanation", "accepts", "definition", "source")
META_ROW, KEYS_ROW, HEADER_ROW, FIRST_ROW = 2, 3, 4, 5
WIDTHS = {"code": 10, "indicator": 38, "unit": 9, "value": 16, "previous": 14, "explanation": 32,
          "accepts": 16, "definition": 60, "source": 36}
MAX_ROWS = 2000  # rows read per sheet
MAX_SHEETS = 400
SHEET_TITLE_MAX = 31
BAD_TITLE_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")
HEADING_FILL = PatternFill("solid", fgColor="EEF2F6")


def workbook_max_bytes() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_MB", 10)) * MB


def workbook_max_unzipped() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_UNZIPPED_MB", 50)) * MB


# ------------------------------------------------------------------------------------ templates


@dataclass(frozen=True)
class SheetSpec:
    """What one cluster sheet shows."""

    round: Round
    cluster: Cluster
    framework: Framework
    values: Mapping[str, Any] = field(default_factory=dict)
    narratives: Mapping[str, Any] = field(default_factory=dict)
    explanations: Mapping[str, Any] = field(default_factory=dict)
    previous: Mapping[str, Any] = field(default_factory=dict)


def _headers() -> dict[str, str]:
    return {"code": _("Code"), "indicator": _("Indicator"), "unit": _("Unit"),
            "value": _("This year's value"), "previous": _("Last year's value"),
            "explanation": _("Explanation of a large change"), "accepts": _("Accepts"),
            "definition": _("Definition"), "source": _("Data source")}


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title from a cluster name (Excel: 31 characters, no []:*?/\\)."""
    base = name.translate(BAD_TITLE_CHARS).strip("'") or "sheet"
    title, n = base[:SHEET_TITLE_MAX], 1
    while title.lower() in taken:
        n += 1
        suffix = f"({n})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def build_workbook(specs: Iterable[SheetSpec]) -> bytes:
    """The .xlsx bytes of a template with one sheet per spec, after an instructions sheet."""
    wb = Workbook()
    _instructions(wb.active)
    taken = {wb.active.title.lower()}
    for spec in specs:
        _cluster_sheet(wb.create_sheet(sheet_title(spec.cluster.name, taken)), spec)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(ws: Any) -> None:
    ws.title = _("Instructions")[:SHEET_TITLE_MAX]
    lines = [
        _("How to fill in this workbook"),
        _("Each cluster has its own sheet. Type this year's values in the yellow column \"This year's value\"."),
        _("Numbers only, in the unit shown: no formulas, no text such as \"about 100\", no units in the cell."),
        _("Yes/no indicators: type 是 or 否. Qualitative indicators: write the answer as text."),
        _("If a value moves a lot from last year's, explain why in the column \"Explanation of a large change\"."),
        _("Do not change the hidden code column or the hidden rows 2 and 3: they tell the system which "
          "cluster and which indicator a cell belongs to. Rows may be sorted."),
        _("Upload the file on the import page. It is checked as a whole: if any cell is wrong nothing is "
          "stored, and the list of errors names the sheet, row and cell."),
    ]
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110


def _cluster_sheet(ws: Any, spec: SheetSpec) -> None:
    col = {key: i for i, key in enumerate(KEYS, start=1)}
    last = get_column_letter(len(KEYS))
    ws.cell(row=1, column=1, value=f"{spec.cluster.name} · {spec.round.title}").font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    for i, v in enumerate((MARKER, spec.round.pk, spec.cluster.code), start=1):
        ws.cell(row=META_ROW, column=i, value=v)
    headers = _headers()
    for key, i in col.items():
        ws.cell(row=KEYS_ROW, column=i, value=key)
        cell = ws.cell(row=HEADER_ROW, column=i, value=headers[key])
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[key]
    ws.row_dimensions[META_ROW].hidden = True
    ws.row_dimensions[KEYS_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=col["indicator"])

    validations: dict[tuple, DataValidation] = {}
    row = FIRST_ROW
    heading = None
    for f in fields_of(spec.framework):
        if f.heading is not None and f.heading != heading:
            heading = f.heading
            cell = ws.cell(row=row, column=col["indicator"], value=localized(heading))
            cell.font = Font(bold=True)
            row += 1
        _leaf_row(ws, row, col, f, spec)
        _validation(ws, validations, f, f"{get_column_letter(col['value'])}{row}")
        row += 1
    for dv in validations.values():
        ws.add_data_validation(dv)
    ws.protection.sheet = True
    for attr in ("formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(ws.protection, attr, False)


def _leaf_row(ws: Any, row: int, col: dict[str, int], f: Field, spec: SheetSpec) -> None:
    current = spec.narratives.get(f.code) if f.kind == QUALITATIVE else spec.values.get(f.code)
    texts = {
        "code": f.code,
        "indicator": localized(f.name),
        "unit": f.unit,
        "value": _cell_value(f, current),
        "previous": _cell_value(f, spec.previous.get(f.code)),
        "explanation": spec.explanations.get(f.code) or None,
        "accepts": range_hint(f),
        "definition": localized(f.definition) or None,
        "source": localized(f.source) or None,
    }
    for key, value in texts.items():
        cell = ws.cell(row=row, column=col[key], value=value)
        if key in ("value", "explanation"):
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE_FILL
        if key in ("indicator", "definition", "source", "explanation") or f.kind == QUALITATIVE:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell_value(f: Field, stored: Any) -> Any:
    """A stored value as the cell holds it: numbers as numbers, 是/否, text."""
    if stored is None or stored == "":
        return None
    if f.kind == QUANTITATIVE:
        number = parse_number(stored)
        return number if number is not None else str(stored)
    if f.kind == YES_NO:
        return {YES: "是", NO: "否"}.get(str(stored), display(f, stored))
    return str(stored)


def _validation(ws: Any, cache: dict[tuple, DataValidation], f: Field, ref: str) -> None:
    """Excel's own input check on the value cell (a convenience: the server checks again)."""
    if f.kind == YES_NO:
        key: tuple = ("list", '"是,否"', None)
    elif f.kind == QUANTITATIVE:
        low = f.min if f.min is not None else Decimal("-1e15")
        high = f.max if f.max is not None else Decimal("1e15")
        key = ("decimal", str(low), str(high))
    else:
        return
    dv = cache.get(key)
    if dv is None:
        kind, formula1, formula2 = key
        dv = cache[key] = DataValidation(type=kind, formula1=formula1, formula2=formula2,
                                         operator="between" if formula2 else None, allow_blank=True)
        dv.showErrorMessage = True
        dv.errorTitle = _("Invalid value")
        dv.error = _("Enter a value as the column \"Accepts\" says.")
    dv.add(ref)


# -------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CellError:
    """A problem at a place in the workbook; row and cell are empty for sheet- or file-wide ones."""

    sheet: str
    row: int | None
    cell: str
    message: str

    def __str__(self) -> str:
        if self.row is not None:
            return _("Sheet %(sheet)s, row %(row)s, %(cell)s: %(message)s") % {
                "sheet": self.sheet, "row": self.row, "cell": self.cell, "message": self.message}
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return self.message


@dataclass(frozen=True)
class CellValue:
    ref: str  # e.g. D12
    value: Any
    data_type: str  # openpyxl: n s b d e f


@dataclass(frozen=True)
class Row:
    number: int
    code: str
    value: CellValue | None
    explanation: CellValue | None


@dataclass
class Sheet:
    title: str
    round_id: int | None
    cluster_code: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class ParsedWorkbook:
    sheets: list[Sheet] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # sheets that are not cluster sheets


def read_workbook(f: IO[bytes]) -> ParsedWorkbook:
    """Read an uploaded template. UploadRefused when the file as a whole cannot be read; problems
    in cells are collected in `.errors`. Nothing is stored."""
    check_size(f, workbook_max_bytes())
    open_zip(f, max_total=workbook_max_unzipped()).close()
    f.seek(0)
    try:
        wb = load_workbook(f, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, InvalidFileException…)
        raise UploadRefused(_("The file is not a readable Excel workbook (.xlsx); open it in Excel, "
                              "save it as .xlsx and try again.")) from None
    book = ParsedWorkbook()
    try:
        if len(wb.worksheets) > MAX_SHEETS:
            raise UploadRefused(_("The workbook has too many sheets (%(n)s).") % {"n": len(wb.worksheets)})
        for ws in wb.worksheets:
            _read_sheet(ws, book)
    except UploadRefused:
        raise
    except Exception:
        raise UploadRefused(_("The file is not a readable Excel workbook (.xlsx); open it in Excel, "
                              "save it as .xlsx and try again.")) from None
    finally:
        wb.close()
    if not book.sheets and not book.errors:
        raise UploadRefused(_("No cluster sheet found: upload a template downloaded from this system."))
    return book


def _read_sheet(ws: Any, book: ParsedWorkbook) -> None:
    if not hasattr(ws, "iter_rows"):
        book.ignored.append(ws.title)  # a chart sheet
        return
    ws.reset_dimensions()
    meta: list[Any] | None = None
    keys: dict[str, int] | None = None
    sheet: Sheet | None = None
    keys_at = 0
    for number, cells in enumerate(ws.iter_rows(), start=1):
        number = next((c.row for c in cells if getattr(c, "row", None)), number)
        if sheet is None:
            if number > HEADER_ROW + 5:
                break
            values = [c.value for c in cells]
            if MARKER in values:
                meta = values[values.index(MARKER):]
            elif "code" in values and "value" in values:
                keys = {v: i for i, v in enumerate(values) if isinstance(v, str) and v in KEYS}
                keys_at = number
            if meta is not None and keys is not None:
                sheet = _start_sheet(ws.title, meta, book)
                if sheet is None:
                    return
            continue
        if number == keys_at + 1:
            continue  # the visible headers
        if number - HEADER_ROW > MAX_ROWS:
            book.errors.append(CellError(ws.title, None, "", _("Too many rows; at most %(n)s are read.")
                                         % {"n": MAX_ROWS}))
            return
        row = _read_row(ws.title, number, cells, keys, book)  # type: ignore[arg-type]
        if row is not None:
            sheet.rows.append(row)
    if sheet is None:
        if meta is not None:
            book.errors.append(CellError(ws.title, None, "", _(
                "The hidden rows of the template were changed; download a new template.")))
        else:
            book.ignored.append(ws.title)
    else:
        book.sheets.append(sheet)


def _start_sheet(title: str, values: list[Any], book: ParsedWorkbook) -> Sheet | None:
    round_id = values[1] if len(values) > 1 else None
    code = values[2] if len(values) > 2 else None
    if isinstance(round_id, float) and round_id.is_integer():
        round_id = int(round_id)  # a spreadsheet program may store the id as 2.0
    if isinstance(round_id, bool) or not isinstance(round_id, int) or not isinstance(code, str) or not code:
        book.errors.append(CellError(title, None, "", _(
            "The hidden rows of the template were changed; download a new template.")))
        return None
    return Sheet(title=title, round_id=round_id, cluster_code=code)


def _cell(cells: Any, index: int | None, number: int) -> CellValue | None:
    if index is None or index >= len(cells):
        return None
    c = cells[index]
    if c.value is None or (isinstance(c.value, str) and not c.value.strip()):
        return None
    return CellValue(f"{get_column_letter(index + 1)}{number}", c.value, c.data_type)


def _read_row(title: str, number: int, cells: Any, keys: dict[str, int], book: ParsedWorkbook) -> Row | None:
    code_cell = _cell(cells, keys["code"], number)
    value = _cell(cells, keys["value"], number)
    explanation = _cell(cells, keys.get("explanation"), number)
    for c in (code_cell, value, explanation):
        if c is not None and c.data_type == "f":
            book.errors.append(CellError(title, number, c.ref, _(
                "Holds a formula (%(formula)s); type the number itself.") % {"formula": str(c.value)[:60]}))
            return None
    if code_cell is None:
        if value is not None:
            book.errors.append(CellError(title, number, value.ref, _(
                "A value in a row without an indicator code; the hidden code column was changed.")))
        return None
    return Row(number, str(code_cell.value).strip(), value, explanation)


def cell_to_raw(f: Field, c: CellValue) -> tuple[Any, str | None]:
    """The raw value to validate from a cell, or the cell's type error (as the web form would)."""
    if c.data_type == "e":
        return None, _("Holds an Excel error (%(value)s).") % {"value": c.value}
    if c.data_type == "d":
        return None, _("Holds a date, not a number.") if f.kind == QUANTITATIVE else _("Holds a date.")
    if f.kind == QUANTITATIVE:
        if c.data_type == "b" or isinstance(c.value, bool):
            return None, _("Not a number.")
        if c.data_type == "n":
            return c.value, None
        if parse_number(c.value) is None:
            return None, _("Not a number.")
        return c.value, None
    if f.kind == QUALITATIVE and c.data_type == "n":
        return str(c.value), None
    return c.value, None
