"""`clustermon ratings`: stars (H-Art.16) and labels (H-Art.17), by hand from the brief and D6."""

from __future__ import annotations

import pytest
from tests.cli.cli_helpers import files_in, write_csv, write_xlsx

HEADER = "cluster_id,grade_prev,grade_curr,stars,label\n"


def test_every_pair_of_grades(cli, tmp_path):
    src = write_csv(
        tmp_path / "in.csv",
        (
            "cluster_id,grade_prev,grade_curr\n"
            "ee,excellent,excellent\n"
            "eg,excellent,good\n"
            "ge,good,excellent\n"
            "gg,good,good\n"
            "eq,excellent,qualified\n"
            "qe,qualified,excellent\n"
            "gq,good,qualified\n"
            "qq,qualified,qualified\n"
            "eu,excellent,unqualified\n"
            "uu,unqualified,unqualified\n"
            "new,,excellent\n"
            "gone,good,\n"
            "none,,\n"
        ),
    )
    result = cli("ratings", src)
    assert (result.code, result.err) == (0, "")
    assert result.out == HEADER + (
        "ee,excellent,excellent,5,gold\n"
        "eg,excellent,good,4,silver\n"
        "ge,good,excellent,4,silver\n"
        "gg,good,good,3,bronze\n"
        "eq,excellent,qualified,3,bronze\n"
        "qe,qualified,excellent,3,bronze\n"
        "gq,good,qualified,2,none\n"
        "qq,qualified,qualified,1,none\n"
        "eu,excellent,unqualified,0,none\n"
        "uu,unqualified,unqualified,0,none\n"
        "new,,excellent,0,none\n"
        "gone,good,,0,none\n"
        "none,,,0,none\n"
    )


def test_chinese_grade_words_are_normalised_to_english(cli, tmp_path):
    src = write_csv(
        tmp_path / "in.csv",
        (
            "集群名称,cluster_id,grade_prev,grade_curr\n"
            "甲,c1,优秀,良好\n"
            "乙,c2,合格,不合格\n"
            "丙,c3, 良好 ,Good\n"
        ),
        bom=True,
    )
    out = tmp_path / "out.csv"
    assert cli("ratings", src, "--out", out).code == 0
    assert out.read_bytes().decode("utf-8") == HEADER + (
        "c1,excellent,good,4,silver\nc2,qualified,unqualified,0,none\nc3,good,good,3,bronze\n"
    )


def test_xlsx_input(cli, tmp_path):
    src = write_xlsx(
        tmp_path / "in.xlsx",
        [
            ["cluster_id", "grade_prev", "grade_curr"],
            [101, "优秀", "优秀"],
            [102, None, "良好"],
        ],
    )
    assert cli("ratings", src).out == HEADER + "101,excellent,excellent,5,gold\n102,,good,0,none\n"


@pytest.mark.parametrize(
    ("text", "row", "column", "zh", "en"),
    [
        (
            "cluster_id,grade_prev,grade_curr\nc1,excellent,good\nc2,great,good\n",
            3,
            "grade_prev",
            "无法识别的等次“great”",
            "unknown grade “great”",
        ),
        (
            "cluster_id,grade_prev,grade_curr\nc1,excellent,优\n",
            2,
            "grade_curr",
            "无法识别的等次“优”",
            "unknown grade “优”",
        ),
        (
            "cluster_id,grade_prev\nc1,excellent\n",
            1,
            None,
            "缺少“grade_curr”列",
            "missing column “grade_curr”",
        ),
        (
            "cluster_id,grade_prev,grade_curr\nc1,good,good\nc1,good,good\n",
            3,
            "cluster_id",
            "“c1”已在第 2 行出现",
            "“c1” already appears in row 2",
        ),
    ],
    ids=["unknown-word", "unknown-chinese-word", "missing-column", "duplicate-id"],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_ratings_input(cli, tmp_path, lang, text, row, column, zh, en):
    src = write_csv(tmp_path / "in.csv", text)
    out = tmp_path / "out" / "ratings.csv"
    out.parent.mkdir()
    result = cli("ratings", src, "--out", out, lang=lang)
    assert (result.code, result.out) == (2, "")
    assert files_in(out.parent) == set()
    if lang == "zh":
        expected = [zh, f"第 {row} 行"] + ([f"“{column}”列"] if column else [])
    else:
        expected = [en, f"row {row}"] + ([f"column “{column}”"] if column else [])
    for fragment in expected:
        assert fragment in result.err
