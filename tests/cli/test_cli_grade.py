"""`clustermon grade`: expectations computed by hand from H-Art.10 and D1–D5.

Quotas (D2): excellent iff rank ≤ q(N/5), good iff rank ≤ q(N/2), q = floor by default.
"""

from __future__ import annotations

import pytest
from tests.cli.cli_helpers import files_in, write_csv, write_xlsx

HEADER = "cluster_id,group,score,rank,group_size,grade\n"

FIVE = "cluster_id,group,score\nA,g1,90\nB,g1,80\nC,g1,80\nD,g1,59.995\nE,g1,50\n"
# N=5: excellent quota floor(1)=1, good floor(2.5)=2; 59.995 → 60.00 ≥ 60 passes (D4).
FIVE_OUT = HEADER + (
    "A,g1,90.00,1,5,excellent\n"
    "B,g1,80.00,2,5,good\n"
    "C,g1,80.00,2,5,good\n"
    "D,g1,60.00,4,5,qualified\n"
    "E,g1,50.00,5,5,unqualified\n"
)


def test_it_ranks_ties_and_rounds_half_up(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", FIVE)
    result = cli("grade", src)
    assert (result.code, result.err) == (0, "")
    assert result.out == FIVE_OUT


def test_it_writes_the_output_file_without_bom_and_with_lf(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", FIVE)
    out = tmp_path / "out.csv"
    result = cli("grade", src, "--out", out)
    assert (result.code, result.out) == (0, "")
    assert out.read_bytes() == FIVE_OUT.encode("utf-8")
    assert files_in(tmp_path) == {"in.csv", "out.csv"}  # no temporary file left behind


def test_bom_crlf_and_plain_inputs_give_the_same_output(cli, tmp_path):
    plain = write_csv(tmp_path / "plain.csv", FIVE)
    bom = write_csv(tmp_path / "bom.csv", FIVE.replace("\n", "\r\n"), bom=True)
    assert cli("grade", plain).out == FIVE_OUT
    assert cli("grade", bom).out == FIVE_OUT


def test_groups_are_graded_apart_and_input_order_is_kept(cli, tmp_path):
    src = write_csv(
        tmp_path / "in.csv",
        (
            "cluster_id,group,score\n"
            "x1,small,95\ny1,big,70\nx2,small,90\ny2,big,70\nx3,small,85\n"
            "y3,big,70\nx4,small,80\ny4,big,65\ny5,big,64.999\ny6,big,60\n"
        ),
    )
    # small, N=4: excellent quota floor(0.8)=0 -> no excellent at all; good floor(2)=2.
    # big, N=6: excellent floor(1.2)=1 -> the three tied at rank 1 are all excellent (D3);
    # good floor(3)=3 -> rank 4 (65.00, 64.999 -> 65.00) is qualified; 60 is qualified (D4).
    assert cli("grade", src).out == HEADER + (
        "x1,small,95.00,1,4,good\n"
        "y1,big,70.00,1,6,excellent\n"
        "x2,small,90.00,2,4,good\n"
        "y2,big,70.00,1,6,excellent\n"
        "x3,small,85.00,3,4,qualified\n"
        "y3,big,70.00,1,6,excellent\n"
        "x4,small,80.00,4,4,qualified\n"
        "y4,big,65.00,4,6,qualified\n"
        "y5,big,65.00,4,6,qualified\n"
        "y6,big,60.00,6,6,qualified\n"
    )


SEVEN = "cluster_id,group,score\n" + "".join(f"c{i},g,{100 - i}\n" for i in range(1, 8))


@pytest.mark.parametrize(
    ("rounding", "grades"),
    [
        # N=7: N/5 = 1.4 and N/2 = 3.5
        ("floor", "E G G Q Q Q Q"),  # quotas 1 and 3
        ("round_half_up", "E G G G Q Q Q"),  # quotas 1 and 4
        ("ceil", "E E G G Q Q Q"),  # quotas 2 and 4
    ],
)
def test_quota_rounding(cli, tmp_path, rounding, grades):
    src = write_csv(tmp_path / "in.csv", SEVEN)
    words = {"E": "excellent", "G": "good", "Q": "qualified"}
    expected = HEADER + "".join(
        f"c{i},g,{100 - i}.00,{i},7,{words[g]}\n" for i, g in enumerate(grades.split(), start=1)
    )
    assert cli("grade", src, "--quota-rounding", rounding).out == expected


def test_pass_mark_and_pass_exclusive(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", "cluster_id,group,score\na,g,70\nb,g,69.994\n")
    # N=2: excellent quota 0, good quota 1.
    assert cli("grade", src, "--pass-mark", "70").out == HEADER + (
        "a,g,70.00,1,2,good\nb,g,69.99,2,2,unqualified\n"
    )
    assert cli("grade", src, "--pass-mark", "70", "--pass-exclusive").out == HEADER + (
        "a,g,70.00,1,2,unqualified\nb,g,69.99,2,2,unqualified\n"
    )


def test_a_top_ranked_score_below_the_pass_mark_is_unqualified(cli, tmp_path):
    rows = "".join(f"c{i},g,{60 - i}\n" for i in range(1, 6))
    src = write_csv(tmp_path / "in.csv", "cluster_id,group,score\n" + rows)
    out = cli("grade", src).out.splitlines()[1:]
    assert out[0] == "c1,g,59.00,1,5,unqualified"  # D5
    assert all(line.endswith(",unqualified") for line in out)


def test_extra_columns_trimmed_headers_and_blank_lines(cli, tmp_path):
    src = write_csv(
        tmp_path / "in.csv",
        (
            "名称, cluster_id ,note,group , score \n"
            "甲,A,x,g1, 90 \n\n"
            "乙,B,y,g1,８０．５\n"  # full-width digits as typed with a Chinese input method
        ),
    )
    assert cli("grade", src).out == HEADER + "A,g1,90.00,1,2,good\nB,g1,80.50,2,2,qualified\n"


def test_xlsx_input_first_sheet(cli, tmp_path):
    src = write_xlsx(
        tmp_path / "in.xlsx",
        [
            ["cluster_id", "group", "score", "note"],
            ["A", "g1", 90, "x"],
            [1002, "g1", 59.995, None],
            ["C", "g1", "80", None],
        ],
    )
    # N=3: excellent quota floor(0.6)=0, good floor(1.5)=1.
    assert cli("grade", src).out == HEADER + (
        "A,g1,90.00,1,3,good\n1002,g1,60.00,3,3,qualified\nC,g1,80.00,2,3,qualified\n"
    )


def test_the_type_is_sniffed_from_the_content(cli, tmp_path):
    xlsx = write_xlsx(tmp_path / "in.xlsx", [["cluster_id", "group", "score"], ["A", "g", 61]])
    disguised = tmp_path / "really-a-workbook.csv"
    disguised.write_bytes(xlsx.read_bytes())
    # N=1: both quotas are 0 (floor of 0.2 and 0.5), so the only cluster is qualified.
    assert cli("grade", disguised).out == HEADER + "A,g,61.00,1,1,qualified\n"


def test_xlsx_output(cli, tmp_path):
    import openpyxl

    src = write_csv(tmp_path / "in.csv", FIVE)
    out = tmp_path / "out.xlsx"
    assert cli("grade", src, "--out", out).code == 0
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("cluster_id", "group", "score", "rank", "group_size", "grade")
    assert rows[4] == ("D", "g1", 60, 4, 5, "qualified")


def test_a_header_only_file_gives_a_header_only_output(cli, tmp_path):
    src = write_csv(tmp_path / "in.csv", "cluster_id,group,score\n")
    assert cli("grade", src).out == HEADER
