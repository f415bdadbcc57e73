"""`clustermon ratings`: stars (H-Art.16) and labels (H-Art.17) from two consecutive grades.

INPUT has `cluster_id,grade_prev,grade_curr` (a grade word in English or Chinese, or empty for a
year without monitoring); the output adds `stars` and `label`, in the input order.
"""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from clustermon.cli.tabular import (
    EXIT_OK,
    BadInput,
    Table,
    check_unique,
    read_table,
    report,
    write_output,
)
from clustermon.scoring import Grade, label, parse_optional_grade, stars

COLUMNS = ("cluster_id", "grade_prev", "grade_curr")
OUTPUT = ("cluster_id", "grade_prev", "grade_curr", "stars", "label")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ratings",
        help=_("stars and labels from two consecutive years' grades"),
        description=_(
            "Stars and promotion-organisation labels: INPUT (CSV or .xlsx) needs the columns "
            "cluster_id, grade_prev and grade_curr (empty when a year was not monitored)."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help=_("CSV or .xlsx file"))
    parser.add_argument("--out", metavar="OUTPUT", help=_("output file (default: standard output)"))
    parser.set_defaults(func=run)


def read_grade(table: Table, text: str, row: int, column: str) -> Grade | None:
    try:
        return parse_optional_grade(text)
    except ValueError:
        table.add(
            _(
                "unknown grade “%(value)s”: use excellent, good, qualified or unqualified "
                "(优秀, 良好, 合格, 不合格), or leave it empty"
            )
            % {"value": text},
            row,
            column,
        )
        return None


def run(args: argparse.Namespace) -> int:
    try:
        table = read_table(args.input)
        table.require(*COLUMNS)
        check_unique(table, "cluster_id")
        out = []
        for row in table.rows:
            prev = read_grade(table, row["grade_prev"], row.number, "grade_prev")
            curr = read_grade(table, row["grade_curr"], row.number, "grade_curr")
            out.append(
                [
                    row["cluster_id"],
                    prev.value if prev else "",
                    curr.value if curr else "",
                    stars(prev, curr),
                    label(prev, curr).value,
                ]
            )
        table.check()
        write_output(args.out, OUTPUT, out)
    except BadInput as error:
        return report(error)
    return EXIT_OK
