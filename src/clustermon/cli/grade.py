"""`clustermon grade`: rank and grade scores inside each group (H-Art.10, D1–D5).

INPUT (CSV or .xlsx) has at least `cluster_id,group,score`; the output keeps the input order
with `cluster_id,group,score,rank,group_size,grade`, the score rounded half up to 2 decimals.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from django.utils.translation import gettext as _

from clustermon.cli.tabular import (
    EXIT_OK,
    BadInput,
    Problem,
    check_unique_ids,
    parse_number,
    read_table,
    report,
    write_output,
)
from clustermon.scoring import QUOTA_ROUNDINGS, GradePolicy, rank_and_grade, round_score

COLUMNS = ("cluster_id", "group", "score")
OUTPUT = ("cluster_id", "group", "score", "rank", "group_size", "grade")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "grade",
        help=_("rank and grade scores inside each group"),
        description=_(
            "Rank and grade the clusters of each group: INPUT (CSV or .xlsx) needs the columns "
            "cluster_id, group and score."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help=_("CSV or .xlsx file"))
    parser.add_argument("--out", metavar="OUTPUT", help=_("output file (default: standard output)"))
    parser.add_argument("--quota-rounding", choices=QUOTA_ROUNDINGS, default="floor",
                        help=_("how a band's share of the group size is rounded (default: floor)"))
    parser.add_argument("--pass-mark", type=pass_mark, default=Decimal("60"),
                        help=_("lowest passing score (default: 60)"))
    parser.add_argument("--pass-exclusive", action="store_true",
                        help=_("a score equal to the pass mark fails"))
    parser.set_defaults(func=run)


def pass_mark(text: str) -> Decimal:
    number = parse_number(text)
    if number is None or number < 0:
        raise argparse.ArgumentTypeError(_("“%(value)s” is not a number ≥ 0") % {"value": text})
    return number


def read_score(text: str, row: int, column: str, problems: list[Problem]) -> Decimal | None:
    """The score rounded half up to cents, or None after recording what is wrong with it."""
    number = parse_number(text)
    if not text:
        problems.append(Problem(_("the score is empty"), row, column))
    elif number is None:
        problems.append(Problem(_("“%(value)s” is not a number") % {"value": text}, row, column))
    elif number < 0:
        problems.append(Problem(_("a score cannot be negative (“%(value)s”)") % {"value": text},
                                row, column))
    else:
        return round_score(number)
    return None


def run(args: argparse.Namespace) -> int:
    try:
        table = read_table(args.input)
        table.require(*COLUMNS)
        problems: list[Problem] = []
        check_unique_ids(table, "cluster_id", problems)
        scores = [read_score(row["score"], row.number, "score", problems) for row in table.rows]
        for row in table.rows:
            if not row["group"]:
                problems.append(Problem(_("the value is empty"), row.number, "group"))
        if problems:
            raise BadInput(table.source, problems)
        policy = GradePolicy(quota_rounding=args.quota_rounding, pass_mark=args.pass_mark,
                             pass_inclusive=not args.pass_exclusive)
        members: dict[str, list[int]] = {}
        for index, row in enumerate(table.rows):
            members.setdefault(row["group"], []).append(index)
        out: list[list[object] | None] = [None] * len(table.rows)
        for indexes in members.values():
            grading = rank_and_grade([scores[i] for i in indexes], policy)
            for i, rank, grade in zip(indexes, grading.ranks, grading.grades, strict=True):
                row = table.rows[i]
                out[i] = [row["cluster_id"], row["group"], scores[i], rank, grading.size, grade.value]
        write_output(args.out, OUTPUT, out)
    except BadInput as error:
        return report(error)
    return EXIT_OK
