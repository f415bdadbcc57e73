"""Reading and writing the offline tools' tables: CSV (UTF-8, BOM optional) and .xlsx.

Everything read becomes text: a `Table` of `Row`s whose cells are stripped strings keyed by the
(trimmed) header names, each row knowing its spreadsheet row number (header = row 1), so that
every message can point at the cell to fix. Workbooks are opened read-only with the cached
values (`data_only=True`): formulas are never evaluated, and a formula with no cached value reads
as an empty cell.

Problems are collected as `Problem`s and raised together in one `BadInput`; the commands print
them and exit 2. Writing is atomic: a temporary file in the target directory renamed over the
target only once complete, so a failed run never leaves a partial or clobbered output.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sys
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


MAX_INPUT_BYTES = _env_int("CLUSTERMON_MAX_INPUT_BYTES", 20 * 1024 * 1024)
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # guards against zip bombs disguised as workbooks
MAX_ROWS = 100_000
MAX_REPORTED = 20
MAX_NUMBER = Decimal(10) ** 15

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
# Plain decimal notation in ASCII digits (after NFKC, so full-width digits are accepted);
# rejects NaN, Infinity, "1_000", "1,234" and hex that Decimal() or float() would take.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as known."""

    message: str
    row: int | None = None
    column: str | None = None

    def render(self, source: str) -> str:
        where = {"file": source, "row": self.row, "column": self.column, "problem": self.message}
        if self.row is not None and self.column is not None:
            return _("%(file)s: row %(row)s, column “%(column)s”: %(problem)s") % where
        if self.row is not None:
            return _("%(file)s: row %(row)s: %(problem)s") % where
        return _("%(file)s: %(problem)s") % where


class BadInput(Exception):
    """The input cannot be used; `problems` says why (all of them, not only the first)."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        super().__init__(source)
        self.source = source
        self.problems = list(problems)

    def lines(self) -> list[str]:
        shown = [p.render(self.source) for p in self.problems[:MAX_REPORTED]]
        hidden = len(self.problems) - MAX_REPORTED
        if hidden > 0:
            shown.append(_("… and %(count)s more problems") % {"count": hidden})
        return shown


@dataclass
class Row:
    number: int  # spreadsheet row number; the header is row 1
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    """The rows of a file; `problems` collects what is wrong so far (all reported together)."""

    source: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def require(self, *columns: str) -> None:
        """Raise BadInput naming every required column the header lacks (and earlier problems)."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            self.problems[:0] = [
                Problem(_("missing column “%(column)s”") % {"column": c}, row=1) for c in missing
            ]
            self.check()

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(message, row, column))

    def check(self) -> None:
        """Raise BadInput if any problem was recorded."""
        if self.problems:
            order = {name: i for i, name in enumerate(self.header)}

            def position(problem: Problem) -> tuple[int, int]:
                return (problem.row or 0, order.get(problem.column or "", -1))

            raise BadInput(self.source, sorted(self.problems, key=position))


def _bad(source: str, message: str) -> BadInput:
    """One problem with the file as a whole."""
    return BadInput(source, [Problem(message)])


def report(error: BadInput) -> int:
    """Print the problems on stderr; returns the exit status for bad input."""
    for line in error.lines():
        print(line, file=sys.stderr)
    return EXIT_BAD_INPUT


# --- reading -------------------------------------------------------------------------------


def read_table(path: str | os.PathLike[str]) -> Table:
    """Read a CSV or .xlsx file (first sheet) into text cells; raise BadInput if unusable."""
    source = os.fspath(path)
    file = Path(source)
    suffix = file.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise _bad(
            source,
            _("unknown file type “%(suffix)s”: give a .csv or .xlsx file")
            % {"suffix": file.suffix or _("(none)")},
        )
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise IsADirectoryError(21, os.strerror(21))
        if size > MAX_INPUT_BYTES:
            raise _bad(
                source,
                _("the file is too large (%(size)s bytes; the limit is %(limit)s bytes)")
                % {"size": size, "limit": MAX_INPUT_BYTES},
            )
        with file.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise _bad(source, _("file not found")) from None
    except OSError as exc:
        raise _bad(
            source, _("cannot read the file: %(reason)s") % {"reason": exc.strerror or exc}
        ) from None
    if data.startswith(_ZIP_MAGIC):
        records = _xlsx_records(source, data)
    elif suffix in XLSX_SUFFIXES or data.startswith(_OLE_MAGIC):
        raise _bad(source, _("not a valid .xlsx workbook (old .xls files must be saved as .xlsx)"))
    else:
        records = _csv_records(source, data)
    return _table(source, records)


def _csv_records(source: str, data: bytes) -> Iterator[list[Any]]:
    if b"\x00" in data:
        raise _bad(source, _("not a text file (binary content)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _bad(
            source,
            _("not UTF-8 text (line %(line)s); save the file as “CSV UTF-8”") % {"line": line},
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as exc:
        raise _bad(
            source,
            _("malformed CSV near line %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": exc},
        ) from None


def _xlsx_records(source: str, data: bytes) -> list[Sequence[Any]]:
    import openpyxl  # imported here: CSV users do not pay for it

    corrupt = _bad(source, _("the .xlsx workbook is damaged or unreadable"))
    with warnings.catch_warnings():  # openpyxl's style and extension warnings are noise here
        warnings.simplefilter("ignore")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNZIPPED_BYTES:
                raise _bad(source, _("the .xlsx workbook is too large once unpacked"))
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except BadInput:
            raise
        except Exception:  # zipfile, XML and openpyxl errors of every kind: the file is unusable
            raise corrupt from None
        try:
            if not book.worksheets:
                raise _bad(source, _("the workbook has no worksheet"))
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # do not trust a stored (possibly wrong) sheet size
            records: list[Sequence[Any]] = []
            for values in sheet.iter_rows(min_row=1, values_only=True):
                records.append(values)
                if len(records) > MAX_ROWS + 1 and any(v is not None for v in values):
                    break  # enough for _table to say there are too many rows
            return records
        except BadInput:
            raise
        except Exception:
            raise corrupt from None
        finally:
            book.close()


def _text(value: Any) -> str:
    """A cell as the text a user sees: no binary float noise, no formulas evaluated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as the same double: 59.995
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _table(source: str, records: Iterable[Sequence[Any]]) -> Table:
    iterator = iter(records)
    header_cells = next(iterator, None)
    if header_cells is None:
        raise _bad(source, _("the file is empty: row 1 must hold the column names"))
    if not any(_text(v) for v in header_cells):
        raise BadInput(source, [Problem(_("row 1 must hold the column names"), row=1)])
    header = [_text(v) for v in header_cells]
    table = Table(source, [name for name in header if name])
    for i, name in enumerate(header):
        if name and name in header[:i]:
            table.add(_("column “%(column)s” appears more than once") % {"column": name}, row=1)
    for number, values in enumerate(iterator, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue  # blank rows are skipped but still counted
        if number > MAX_ROWS + 1:
            table.add(_("too many rows (the limit is %(limit)s)") % {"limit": MAX_ROWS})
            raise BadInput(source, table.problems)
        if any(cells[len(header) :]):
            table.add(
                _("the row has more cells than the header has columns (an unquoted comma?)"),
                row=number,
            )
        cells += [""] * (len(header) - len(cells))  # short rows: the missing cells are empty
        table.rows.append(
            Row(number, {name: value for name, value in zip(header, cells, strict=False) if name})
        )
    return table


# --- checking cells ------------------------------------------------------------------------


def parse_number(text: str) -> Decimal | None:
    """Decimal from plain decimal text (full-width digits allowed), None if it is not one.

    Magnitudes of 10¹⁵ and more are refused too: no score is that large, and rounding them to
    cents would overflow the decimal context.
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER.fullmatch(normal):
        return None
    try:
        number = Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        return None
    return number.copy_abs() if number.is_zero() else number  # "-0" is 0, not -0.00


def check_filled(table: Table, *columns: str) -> None:
    """Record every empty cell in `columns`."""
    for row in table.rows:
        for column in columns:
            if not row[column]:
                table.add(_("the value is empty"), row.number, column)


def check_unique(table: Table, column: str) -> None:
    """Record every empty cell in `column` and every value seen in an earlier row."""
    seen: dict[str, int] = {}
    for row in table.rows:
        value = row[column]
        if not value:
            table.add(_("the value is empty"), row.number, column)
        elif value in seen:
            table.add(
                _("“%(value)s” already appears in row %(first)s")
                % {"value": value, "first": seen[value]},
                row.number,
                column,
            )
        else:
            seen[value] = row.number


# --- writing -------------------------------------------------------------------------------


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 without BOM, `\\n` line ends; Decimals and ints as their text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def render_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook; numbers stay numbers, text is never taken for a formula."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()

    def cell(value: Any) -> WriteOnlyCell:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            result = WriteOnlyCell(sheet, value=value)
            if isinstance(value, Decimal):
                result.number_format = "0.00"
            return result
        result = WriteOnlyCell(sheet, value="" if value is None else str(value))
        result.data_type = "s"  # "=HYPERLINK(…)" in a cluster id stays text
        return result

    sheet.append([cell(name) for name in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_output(path: str | None, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write to `path` (.xlsx by name, else CSV) atomically, or CSV to stdout when None.

    The content is built in memory first, so nothing at all is written when it fails.
    """
    if path is None or path == "-":
        content = render_csv(header, rows)
        try:
            sys.stdout.flush()
            if hasattr(sys.stdout, "buffer"):
                sys.stdout.buffer.write(content)
                sys.stdout.buffer.flush()
            else:  # a text-only stream (some test harnesses)
                sys.stdout.write(content.decode("utf-8"))
        except BrokenPipeError:  # `clustermon grade x.csv | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    xlsx = Path(path).suffix.lower() in XLSX_SUFFIXES
    content = render_xlsx(header, rows) if xlsx else render_csv(header, rows)
    write_atomically(path, content)


def write_atomically(path: str, content: bytes) -> None:
    """Replace `path` with `content` in one rename; raise BadInput if it cannot be written."""
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temp_name = None
    try:
        if target.is_dir():
            raise IsADirectoryError(21, os.strerror(21))
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
        temp_name = None
    except OSError as exc:
        raise BadInput(
            path,
            [Problem(_("cannot write the output: %(reason)s") % {"reason": exc.strerror or exc})],
        ) from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
