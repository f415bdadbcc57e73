"""`clustermon score`: a small framework scored by hand.

Framework: development (weight 70) = D1 linear 0→100 (40 pts) + D2 growth rate, linear 0→0.5
(30 pts) + D3 yes/no (30 pts); activity (weight 30) = A1 expert grade A–D (60 pts) + A2 expert
points (40 pts). Bonus B1 (max 5), deduction X1 (max 10), caps 10.
"""

from __future__ import annotations

import pytest
from tests.cli.cli_helpers import files_in, write_csv, write_xlsx

FRAMEWORK = """\
scheme: test
group: g1
version: "1"
status: draft
parts:
  - code: development
    name: {zh: 发展水平, en: Development level}
    weight: 70
    indicators:
      - {code: D1, name: {zh: 营收, en: Revenue}, kind: quantitative, points: 40,
         method: linear, params: {floor: 0, target: 100}, required: true}
      - {code: D2, name: {zh: 增长, en: Growth}, kind: quantitative, points: 30,
         method: growth, params: {mode: rate, score: linear, floor: 0, target: 0.5}}
      - {code: D3, name: {zh: 有无, en: Yes or no}, kind: yes_no, points: 30, method: yes_no}
  - code: activity
    name: {zh: 活跃度, en: Activity}
    weight: 30
    indicators:
      - {code: A1, name: {zh: 专家评级, en: Expert grade}, kind: qualitative, points: 60,
         method: expert_grade}
      - {code: A2, name: {zh: 专家打分, en: Expert points}, kind: qualitative, points: 40,
         method: expert_points}
bonus: {cap: 10, items: [{code: B1, name: {zh: 加分, en: Bonus}, max_points: 5}]}
deduction: {cap: 10, items: [{code: X1, name: {zh: 减分, en: Deduction}, max_points: 10}]}
"""

HEADER = "cluster_id,D1,D2,D2@prev,D3,A1,A2,bonus:B1,deduction:X1\n"
VALUES = HEADER + ("c1,100,150,100,是,A;A;B,40;30,2,\nc2,50,100,100,否,B,20,,1\n")
OUT_HEADER = "cluster_id,development,activity,base,bonus,deduction,total,rank,group_size,grade\n"
# c1: D1 40 + D2 (150-100)/100 = 0.5 → 30 + D3 30 = 100; A1 mean(1, 1, 0.8) × 60 = 56,
#     A2 mean(40/40, 30/40) × 40 = 35 → 91; base 0.7×100 + 0.3×91 = 97.30; +2 → 99.30.
# c2: D1 20 + D2 0 + D3 0 = 20; A1 0.8 × 60 = 48, A2 20 → 68; base 14 + 20.4 = 34.40; −1 → 33.40.
# N=2: excellent quota 0, good quota 1; 33.40 < 60 is unqualified.
EXPECTED = OUT_HEADER + (
    "c1,100.00,91.00,97.30,2.00,0.00,99.30,1,2,good\n"
    "c2,20.00,68.00,34.40,0.00,1.00,33.40,2,2,unqualified\n"
)


@pytest.fixture
def framework(tmp_path):
    path = tmp_path / "g1.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return path


def test_it_scores_ranks_and_grades(cli, tmp_path, framework):
    src = write_csv(tmp_path / "values.csv", VALUES)
    result = cli("score", "--framework", framework, "--input", src)
    assert (result.code, result.err) == (0, "")
    assert result.out == EXPECTED


def test_xlsx_in_and_out(cli, tmp_path, framework):
    import openpyxl

    src = write_xlsx(
        tmp_path / "values.xlsx",
        [
            HEADER.strip().split(","),
            ["c1", 100, 150, 100, "是", "A;A;B", "40;30", 2, None],
            ["c2", 50, 100, 100, "否", "B", 20, None, 1],
        ],
    )
    out = tmp_path / "scores.xlsx"
    assert cli("score", "--framework", framework, "--input", src, "--out", out).code == 0
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == tuple(OUT_HEADER.strip().split(","))
    assert rows[1] == ("c1", 100, 91, 97.3, 2, 0, 99.3, 1, 2, "good")
    assert rows[2] == ("c2", 20, 68, 34.4, 0, 1, 33.4, 2, 2, "unqualified")


def test_empty_values_score_zero_with_a_warning_for_required_ones(cli, tmp_path, framework):
    src = write_csv(tmp_path / "values.csv", VALUES + "c3,,,,0,,,,\n")
    result = cli("score", "--framework", framework, "--input", src, lang="en")
    assert result.code == 0
    assert result.out.splitlines()[-1] == "c3,0.00,0.00,0.00,0.00,0.00,0.00,3,3,unqualified"
    assert f"{src}: row 4, column “D1”: warning: a required value is missing" in result.err


@pytest.mark.parametrize(
    ("values", "row", "column", "zh", "en"),
    [
        (
            HEADER.replace(",D3", "") + "c1,1,1,1,A,1,,\n",
            1,
            None,
            "缺少“D3”列",
            "missing column “D3”",
        ),
        (HEADER + "c1,abc,1,1,1,A,1,,\n", 2, "D1", "“abc”不是数字", "“abc” is not a number"),
        (HEADER + "c1,NaN,1,1,1,A,1,,\n", 2, "D1", "“NaN”不是数字", "“NaN” is not a number"),
        (
            HEADER + "c1,1,1,1,maybe,A,1,,\n",
            2,
            "D3",
            "“maybe”不是“是”或“否”",
            "“maybe” is not yes or no",
        ),
        (
            HEADER + "c1,1,1,1,1,A;E,1,,\n",
            2,
            "A1",
            "无法识别的专家评级“E”",
            "unknown expert grade “E”",
        ),
        (HEADER + "c1,1,1,1,1,A,8;x,,\n", 2, "A2", "“x”不是数字", "“x” is not a number"),
        (
            HEADER + "c1,1,1,1,1,A,1,-2,\n",
            2,
            "bonus:B1",
            "不是大于等于 0 的数",
            "is not a number ≥ 0",
        ),
        (
            HEADER + "c1,1,1,1,1,A,1,,\nc1,1,1,1,1,A,1,,\n",
            3,
            "cluster_id",
            "“c1”已在第 2 行出现",
            "“c1” already appears in row 2",
        ),
        (
            HEADER.replace("bonus:B1", "bonus:B7") + "c1,1,1,1,1,A,1,,\n",
            1,
            "bonus:B7",
            "没有加分项“B7”",
            "no bonus item “B7”",
        ),
    ],
    ids=[
        "missing-column",
        "not-a-number",
        "nan",
        "yes-no",
        "expert-grade",
        "expert-points",
        "negative-bonus",
        "duplicate-id",
        "unknown-bonus-item",
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_values(cli, tmp_path, framework, lang, values, row, column, zh, en):
    src = write_csv(tmp_path / "values.csv", values)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = cli(
        "score",
        "--framework",
        framework,
        "--input",
        src,
        "--out",
        out_dir / "scores.csv",
        lang=lang,
    )
    assert (result.code, result.out) == (2, "")
    assert files_in(out_dir) == set()
    where = (
        [f"第 {row} 行"] + ([f"“{column}”列"] if column else [])
        if lang == "zh"
        else [f"row {row}"] + ([f"column “{column}”"] if column else [])
    )
    for fragment in [zh if lang == "zh" else en, *where]:
        assert fragment in result.err


def test_an_invalid_framework_is_reported_and_nothing_written(cli, tmp_path, framework):
    framework.write_text(FRAMEWORK.replace("weight: 30", "weight: 20"), encoding="utf-8")
    src = write_csv(tmp_path / "values.csv", VALUES)
    out = tmp_path / "scores.csv"
    result = cli("score", "--framework", framework, "--input", src, "--out", out, lang="en")
    assert result.code == 2
    assert f"{framework}: parts: part weights add up to 90, not 100" in result.err
    assert not out.exists()


def test_a_missing_values_file(cli, tmp_path, framework):
    result = cli("score", "--framework", framework, "--input", tmp_path / "nope.csv")
    assert result.code == 2
    assert "文件不存在" in result.err
