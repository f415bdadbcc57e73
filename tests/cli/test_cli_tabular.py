"""The shared table reader and writer of the offline tools."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from tests.cli.cli_helpers import files_in, write_csv, write_xlsx

from clustermon.cli import tabular
from clustermon.cli.tabular import BadInput, parse_number, read_table, render_xlsx, write_atomically


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60", Decimal("60")),
        (" 59.995 ", Decimal("59.995")),
        ("+5", Decimal("5")),
        ("-0.5", Decimal("-0.5")),
        ("-0", Decimal("0")),
        (".5", Decimal("0.5")),
        ("5.", Decimal("5")),
        ("1e2", Decimal("100")),
        ("６０．５", Decimal("60.5")),
        ("", None),
        ("abc", None),
        ("NaN", None),
        ("nan", None),
        ("inf", None),
        ("-Infinity", None),
        ("1_000", None),
        ("1,234", None),
        ("0x10", None),
        ("1e999", None),
        ("=50+10", None),
        ("60%", None),
        ("TRUE", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_minus_zero_is_plain_zero():
    assert not parse_number("-0").is_signed()
    assert not parse_number("-0.000").is_signed()


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    src = write_csv(tmp_path / "in.csv", 'id,v\nA,1\n\n"B\nsecond line",2\nC,3\n')
    table = read_table(src)
    assert [(row.number, row["id"], row["v"]) for row in table.rows] == [
        (2, "A", "1"),
        (4, "B\nsecond line", "2"),
        (5, "C", "3"),
    ]


def test_xlsx_rows_keep_their_sheet_numbers_and_cells_read_as_text(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", " v ", "when"])
    sheet.append(["A", 59.995, None])
    sheet.cell(row=5, column=1, value=1002)
    sheet.cell(row=5, column=2, value=60.0)
    sheet.cell(row=5, column=3, value=True)
    book.create_sheet("second").append(["ignored"])
    book.save(tmp_path / "in.xlsx")
    table = read_table(tmp_path / "in.xlsx")
    assert table.header == ["id", "v", "when"]
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, {"id": "A", "v": "59.995", "when": ""}),
        (5, {"id": "1002", "v": "60", "when": "TRUE"}),
    ]


def test_trailing_empty_cells_are_fine_but_extra_values_are_not(tmp_path):
    table = read_table(write_csv(tmp_path / "a.csv", "id,v\nA,1,,\nB,2,3\n"))
    assert [p.row for p in table.problems] == [3]


def test_required_columns_are_all_named(tmp_path):
    table = read_table(write_csv(tmp_path / "a.csv", "id\nA\n"))
    with pytest.raises(BadInput) as caught:
        table.require("id", "group", "score")
    assert caught.value.lines() == [
        f"{tmp_path / 'a.csv'}: row 1: missing column “group”",
        f"{tmp_path / 'a.csv'}: row 1: missing column “score”",
    ]


def test_atomic_write_replaces_in_one_step_and_keeps_the_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomically(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert files_in(tmp_path) == {"out.csv"}


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomically(str(tmp_path / "new.csv"), b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tabular.os, "replace", fail)
    with pytest.raises(BadInput) as caught:
        write_atomically(str(target), b"new")
    assert "No space left on device" in caught.value.lines()[0]
    assert target.read_bytes() == b"old"
    assert files_in(tmp_path) == {"out.csv"}


def test_xlsx_output_never_turns_text_into_a_formula(tmp_path):
    import openpyxl

    path = tmp_path / "out.xlsx"
    path.write_bytes(render_xlsx(["id", "total"], [['=HYPERLINK("http://x")', Decimal("60.00")]]))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].value == 60
    assert sheet["B2"].number_format == "0.00"


def test_a_formula_cell_without_a_cached_value_reads_as_empty(tmp_path):
    src = write_xlsx(tmp_path / "in.xlsx", [["id", "v"], ["A", "=1+1"]])
    assert read_table(src).rows[0]["v"] == ""


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_rows_are_refused(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    rows = [["id"], *([f"c{i}"] for i in range(4))]
    if kind == "csv":
        src = write_csv(tmp_path / "in.csv", "".join(f"{r[0]}\n" for r in rows))
    else:
        src = write_xlsx(tmp_path / "in.xlsx", rows)
    with pytest.raises(BadInput) as caught:
        read_table(src)
    assert caught.value.lines() == [f"{src}: too many rows (the limit is 3)"]
    three = rows[:4]
    if kind == "csv":
        write_csv(src, "".join(f"{r[0]}\n" for r in three))
    else:
        write_xlsx(src, three)
    assert len(read_table(src).rows) == 3
