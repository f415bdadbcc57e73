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
    Table,
    check_filled,
    check_unique,
    parse_number,
    read_table,
    report,
    write_output,
)
from clustermon.scoring import GradePolicy, rank_and_grade, round_score

COLUMNS = ("cluster_id", "group", "score")
OUTPUT = ("cluster_id", "group", "score", "rank", "group_size", "grade")
QUOTA_ROUNDINGS = ("floor", "round_half_up", "ceil")  # D2; GradePolicy checks them too


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
    parser.add_argument(
        "--quota-rounding",
        choices=QUOTA_ROUNDINGS,
        default="floor",
        help=_("how a band's share of the group size is rounded (default: floor)"),
    )
    parser.add_argument(
        "--pass-mark",
        type=pass_mark,
        default=Decimal("60"),
        help=_("lowest passing score (default: 60)"),
    )
    parser.add_argument(
        "--pass-exclusive", action="store_true", help=_("a score equal to the pass mark fails")
    )
    parser.set_defaults(func=run)


def pass_mark(text: str) -> Decimal:
    number = parse_number(text)
    if number is None or number < 0:
        raise argparse.ArgumentTypeError(_("“%(value)s” is not a number ≥ 0") % {"value": text})
    return number


def read_scores(table: Table, column: str) -> list[Decimal | None]:
    """Each row's score rounded half up to cents (D1); None, with a problem recorded, if bad."""
    scores: list[Decimal | None] = []
    for row in table.rows:
        text, number = row[column], parse_number(row[column])
        if not text:
            table.add(_("the score is empty"), row.number, column)
        elif number is None:
            table.add(_("“%(value)s” is not a number") % {"value": text}, row.number, column)
        elif number < 0:
            table.add(
                _("a score cannot be negative (“%(value)s”)") % {"value": text}, row.number, column
            )
        scores.append(round_score(number) if number is not None and number >= 0 else None)
    return scores


def run(args: argparse.Namespace) -> int:
    try:
        table = read_table(args.input)
        table.require(*COLUMNS)
        check_unique(table, "cluster_id")
        check_filled(table, "group")
        scores = read_scores(table, "score")
        table.check()
        policy = GradePolicy(
            quota_rounding=args.quota_rounding,
            pass_mark=args.pass_mark,
            pass_inclusive=not args.pass_exclusive,
        )
        members: dict[str, list[int]] = {}
        for index, row in enumerate(table.rows):
            members.setdefault(row["group"], []).append(index)
        out: list[list[object]] = [[] for _row in table.rows]
        for indexes in members.values():
            grading = rank_and_grade([scores[i] for i in indexes], policy)
            for i, rank, grade in zip(indexes, grading.ranks, grading.grades, strict=True):
                row = table.rows[i]
                out[i] = [
                    row["cluster_id"],
                    row["group"],
                    scores[i],
                    rank,
                    grading.size,
                    grade.value,
                ]
        write_output(args.out, OUTPUT, out)
    except BadInput as error:
        return report(error)
    return EXIT_OK
