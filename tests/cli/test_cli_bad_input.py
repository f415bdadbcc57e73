"""Bad input: exit 2, a message naming the row and column in the user's language, no output.

Each case is run in Chinese (the default, no locale variable set) and in English
(LANG=en_US.UTF-8), always with --out, and checks that no file at all appears in the output
directory and that a file already there is left byte for byte as it was.
"""

from __future__ import annotations

import zipfile

import pytest
from tests.cli.cli_helpers import files_in, run_console, write_csv, write_xlsx

from clustermon.cli import tabular

GOOD = "cluster_id,group,score\nA,g,90\n"


def _formula_workbook(path):
    # openpyxl stores "=50+10" as a formula with no cached value: read with data_only it is empty.
    return write_xlsx(
        path, [["cluster_id", "group", "score"], ["A", "g", 90], ["B", "g", "=50+10"]]
    )


def _text_formula_workbook(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["cluster_id", "group", "score"])
    sheet.append(["A", "g", 90])
    sheet.append(["B", "g", "x"])
    sheet["C3"].value = "=50+10"
    sheet["C3"].data_type = "s"  # a text cell that looks like a formula
    book.save(path)
    return path


def _truncated_workbook(path):
    write_xlsx(path, [["cluster_id", "group", "score"], ["A", "g", 90]])
    path.write_bytes(path.read_bytes()[:300])
    return path


def _junk_zip(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    return path


def _zip_without_workbook(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


# (id, file name, builder, row, column, Chinese fragment, English fragment)
# fmt: off
CASES = [
    ("missing-column", "in.csv", lambda p: write_csv(p, "cluster_id,group\nA,g\n"),
     1, "score", "缺少“score”列", "missing column “score”"),
    ("not-a-number", "in.csv", lambda p: write_csv(p, GOOD + "B,g,abc\n"),
     3, "score", "“abc”不是数字", "“abc” is not a number"),
    ("thousands-separator", "in.csv", lambda p: write_csv(p, GOOD + 'B,g,"1,234"\n'),
     3, "score", "不是数字", "is not a number"),
    ("nan", "in.csv", lambda p: write_csv(p, GOOD + "B,g,NaN\n"),
     3, "score", "“NaN”不是数字", "“NaN” is not a number"),
    ("inf", "in.csv", lambda p: write_csv(p, GOOD + "B,g,inf\n"),
     3, "score", "“inf”不是数字", "“inf” is not a number"),
    ("infinity", "in.csv", lambda p: write_csv(p, GOOD + "B,g,-Infinity\n"),
     3, "score", "不是数字", "is not a number"),
    ("huge", "in.csv", lambda p: write_csv(p, GOOD + "B,g,1e999\n"),
     3, "score", "不是数字", "is not a number"),
    ("negative", "in.csv", lambda p: write_csv(p, GOOD + "B,g,-1\n"),
     3, "score", "不能为负数", "cannot be negative"),
    ("empty-score", "in.csv", lambda p: write_csv(p, GOOD + "B,g,\n"),
     3, "score", "分数为空", "the score is empty"),
    ("blank-score", "in.csv", lambda p: write_csv(p, GOOD + "B,g,   \n"),
     3, "score", "分数为空", "the score is empty"),
    ("empty-group", "in.csv", lambda p: write_csv(p, GOOD + "B,,70\n"),
     3, "group", "值为空", "the value is empty"),
    ("duplicate-id", "in.csv", lambda p: write_csv(p, GOOD + "B,g,80\nA,h,70\n"),
     4, "cluster_id", "“A”已在第 2 行出现", "“A” already appears in row 2"),
    ("empty-id", "in.csv", lambda p: write_csv(p, GOOD + ",g,80\n"),
     3, "cluster_id", "值为空", "the value is empty"),
    ("xlsx-formula", "in.xlsx", _formula_workbook, 3, "score", "分数为空", "the score is empty"),
    ("xlsx-formula-text", "in.xlsx", _text_formula_workbook,
     3, "score", "“=50+10”不是数字", "“=50+10” is not a number"),
    ("xlsx-not-a-number", "in.xlsx",
     lambda p: write_xlsx(p, [["cluster_id", "group", "score"], ["A", "g", 1], ["B", "g", "n/a"]]),
     3, "score", "“n/a”不是数字", "“n/a” is not a number"),
    ("unquoted-comma", "in.csv", lambda p: write_csv(p, GOOD + "B,g,1,5\n"),
     3, None, "多于表头的列数", "more cells than the header"),
    ("duplicate-header", "in.csv", lambda p: write_csv(p, "cluster_id,group,score,score\nA,g,1,2\n"),
     1, None, "“score”列重复出现", "column “score” appears more than once"),
    ("blank-header", "in.csv", lambda p: write_csv(p, "\n" + GOOD),
     1, None, "第 1 行应为列名", "row 1 must hold the column names"),
    ("empty-file", "in.csv", lambda p: write_csv(p, ""), 1, None, "文件为空", "the file is empty"),
    ("not-utf8", "in.csv", lambda p: write_csv(p, GOOD + "乙,g,80\n", encoding="gbk"),
     None, None, "不是 UTF-8 编码", "not UTF-8 text"),
    ("binary", "in.csv", lambda p: p.write_bytes(b"\x00\x01\x02\xff" * 10) and p,
     None, None, "不是文本文件", "not a text file"),
    ("bad-quoting", "in.csv", lambda p: write_csv(p, GOOD + 'B,g,"80"x\n'),
     None, None, "CSV 格式错误", "malformed CSV"),
    ("corrupt-zip", "in.xlsx", _junk_zip, None, None, ".xlsx 工作簿已损坏", ".xlsx workbook is damaged"),
    ("truncated-xlsx", "in.xlsx", _truncated_workbook,
     None, None, ".xlsx 工作簿已损坏", ".xlsx workbook is damaged"),
    ("zip-not-workbook", "in.xlsx", _zip_without_workbook,
     None, None, ".xlsx 工作簿已损坏", ".xlsx workbook is damaged"),
    ("text-named-xlsx", "in.xlsx", lambda p: write_csv(p, GOOD),
     None, None, "不是有效的 .xlsx 工作簿", "not a valid .xlsx workbook"),
    ("legacy-xls", "in.xlsx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100) and p,
     None, None, "不是有效的 .xlsx 工作簿", "not a valid .xlsx workbook"),
    ("unknown-extension", "in.json", lambda p: write_csv(p, GOOD),
     None, None, "无法识别的文件类型“.json”", "unknown file type “.json”"),
    ("no-extension", "scores", lambda p: write_csv(p, GOOD),
     None, None, "无法识别的文件类型", "unknown file type"),
    ("missing-file", "absent.csv", lambda p: p, None, None, "文件不存在", "file not found"),
    ("directory", "folder.csv", lambda p: p.mkdir() or p,
     None, None, "无法读取文件", "cannot read the file"),
]
# fmt: on


def _where(lang: str, row: int | None, column: str | None) -> list[str]:
    if lang == "zh":
        return ([f"第 {row} 行"] if row else []) + ([f"“{column}”列"] if column else [])
    return ([f"row {row}"] if row else []) + ([f"column “{column}”"] if column else [])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("name", "builder", "row", "column", "zh", "en"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_bad_grade_input(cli, tmp_path, lang, name, builder, row, column, zh, en):
    data, out_dir = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    out_dir.mkdir()
    src = builder(data / name)
    result = cli("grade", src, "--out", out_dir / "graded.csv", lang=lang)
    assert result.code == 2
    assert result.out == ""
    assert files_in(out_dir) == set()
    assert name in result.err
    for fragment in [zh if lang == "zh" else en, *_where(lang, row, column)]:
        assert fragment in result.err


@pytest.mark.parametrize("name", ["not-a-number", "duplicate-id", "corrupt-zip", "missing-file"])
def test_an_existing_output_is_left_untouched(cli, tmp_path, name):
    case = next(c for c in CASES if c[0] == name)
    src = case[2](tmp_path / case[1])
    out = tmp_path / "graded.csv"
    out.write_bytes(b"previous result\r\n")
    before = files_in(tmp_path)
    assert cli("grade", src, "--out", out).code == 2
    assert out.read_bytes() == b"previous result\r\n"
    assert files_in(tmp_path) == before


def test_every_problem_is_reported_not_only_the_first(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", "cluster_id,group,score\nA,g,x\nB,,\nA,g,70\n")
    err = cli("grade", src, lang="en").err.splitlines()
    assert err == [
        "in.csv: row 2, column “score”: “x” is not a number".replace("in.csv", str(src)),
        f"{src}: row 3, column “group”: the value is empty",
        f"{src}: row 3, column “score”: the score is empty",
        f"{src}: row 4, column “cluster_id”: “A” already appears in row 2",
    ]


def test_the_list_of_problems_is_capped(cli, tmp_path):
    rows = "".join(f"c{i},g,bad\n" for i in range(30))
    src = write_csv(tmp_path / "in.csv", "cluster_id,group,score\n" + rows)
    en = cli("grade", src, lang="en").err.splitlines()
    assert len(en) == 21
    assert en[0].endswith("row 2, column “score”: “bad” is not a number")
    assert en[-1] == "… and 10 more problems"
    assert cli("grade", src).err.splitlines()[-1] == "……另有 10 个问题未列出"


def test_a_file_over_the_size_limit_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_INPUT_BYTES", 20)
    src = write_csv(tmp_path / "in.csv", GOOD + "B,g,80\n")  # 23 + 7 + 7 = 37 bytes
    zh = cli("grade", src)
    assert zh.code == 2
    assert "文件过大（37 字节，上限为 20 字节）" in zh.err
    assert "too large (37 bytes; the limit is 20 bytes)" in cli("grade", src, lang="en").err


def test_an_unwritable_output_is_a_clear_error(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", GOOD)
    result = cli("grade", src, "--out", tmp_path / "no-such-dir" / "out.csv", lang="en")
    assert result.code == 2
    assert "cannot write the output" in result.err
    assert "无法写入输出文件" in cli("grade", src, "--out", tmp_path, lang="zh").err


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--quota-rounding", "bankers"],
        ["--pass-mark", "sixty"],
        ["--pass-mark", "-1"],
        ["--no-such-option"],
    ],
    ids=["no-input", "bad-rounding", "bad-pass-mark", "negative-pass-mark", "unknown-option"],
)
def test_usage_errors_exit_2(tmp_path, args):
    src = write_csv(tmp_path / "in.csv", GOOD)
    out = tmp_path / "out.csv"
    argv = ["grade", src, *args, "--out", out] if args else ["grade"]
    result = run_console(*argv, cwd=tmp_path)
    assert result.code == 2
    assert "usage:" in result.err
    assert not out.exists()


def test_the_console_command_speaks_chinese_by_default_and_english_on_request(tmp_path):
    src = write_csv(tmp_path / "in.csv", GOOD + "B,g,abc\n")
    zh = run_console("grade", src, cwd=tmp_path)
    en = run_console("grade", src, lang="en", cwd=tmp_path)
    assert (zh.code, en.code) == (2, 2)
    assert zh.err == f"{src}：第 3 行“score”列：“abc”不是数字\n"
    assert en.err == f"{src}: row 3, column “score”: “abc” is not a number\n"
