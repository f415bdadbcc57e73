"""`clustermon score --framework FILE --input VALUES`: score, rank and grade one group offline.

VALUES (CSV or .xlsx) has `cluster_id` and one column per leaf of the framework: growth leaves
also `CODE@prev`; expert leaves one score or several separated by `;`; accepted bonus and
deduction points in optional `bonus:ITEM` / `deduction:ITEM` columns. An empty value is missing
(zero points, D9; a warning names it when the leaf is required).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from clustermon.cli.issues import issue_lines
from clustermon.cli.tabular import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    BadInput,
    Problem,
    Table,
    check_unique,
    parse_number,
    read_table,
    report,
    write_output,
)
from clustermon.scoring import (
    METHODS,
    Framework,
    FrameworkError,
    GroupInputs,
    Indicator,
    load_framework,
    round_score,
    score_group,
)

DEFAULT_LETTERS = ("A", "B", "C", "D")  # expert_grade without `grades:` (framework-format.md)
# What the core reads as yes/no (checked here only to name the row of a bad cell).
YES_NO_WORDS = frozenset({"1", "0", "yes", "no", "y", "n", "true", "false", "是", "否", "有", "无"})
SEPARATORS = (";", "；")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help=_("score, rank and grade one group with a framework"),
        description=_(
            "Score one group offline: VALUES (CSV or .xlsx) has cluster_id and one column per "
            "leaf indicator of the framework (CODE@prev for growth indicators, expert scores "
            "separated by “;”, optional bonus:ITEM and deduction:ITEM columns)."
        ),
    )
    parser.add_argument("--framework", required=True, metavar="FILE", help=_("framework YAML file"))
    parser.add_argument("--input", required=True, metavar="VALUES", help=_("CSV or .xlsx file"))
    parser.add_argument(
        "--out",
        metavar="OUTPUT",
        help=_("output file, CSV or .xlsx (default: CSV on standard output)"),
    )
    parser.set_defaults(func=run)


def number(table: Table, text: str, row: int, column: str, *, signed: bool = False) -> float | None:
    """The cell as a float; None after recording a problem (negative only when `signed`)."""
    value = parse_number(text)
    if value is None:
        table.add(_("“%(value)s” is not a number") % {"value": text}, row, column)
    elif value < 0 and not signed:
        table.add(_("“%(value)s” is not a number ≥ 0") % {"value": text}, row, column)
    else:
        return float(value)
    return None


def leaf_column(table: Table, leaf: Indicator, column: str) -> list[Any]:
    """One column's cells as the core takes them; problems are recorded on the table."""
    method = METHODS[leaf.method]
    out: list[Any] = []
    letters = tuple(str(k).upper() for k in leaf.params.get("grades", {})) or DEFAULT_LETTERS
    for row in table.rows:
        text = row[column]
        if method.experts:
            for sep in SEPARATORS[1:]:
                text = text.replace(sep, SEPARATORS[0])
            scores = [s.strip() for s in text.split(SEPARATORS[0]) if s.strip()]
            if not method.letter_input:
                scores = [number(table, s, row.number, column) for s in scores]
            else:
                for s in scores:
                    if s.upper() not in letters:
                        table.add(
                            _("unknown expert grade “%(value)s”; expected one of %(letters)s")
                            % {"value": s, "letters": ", ".join(letters)},
                            row.number,
                            column,
                        )
            out.append(scores)
        elif not text:
            out.append(None)
        elif method.yes_no_input:
            if text.lower() not in YES_NO_WORDS:
                table.add(
                    _("“%(value)s” is not yes or no (是/否, yes/no, 1/0)") % {"value": text},
                    row.number,
                    column,
                )
            out.append(text)
        else:
            out.append(number(table, text, row.number, column, signed=True))
    return out


def inputs_from(table: Table, framework: Framework) -> GroupInputs:
    leaves = framework.leaves()
    with_prev = {leaf.code for leaf in leaves if METHODS[leaf.method].uses_prev}
    table.require("cluster_id", *(leaf.code for leaf in leaves), *(f"{c}@prev" for c in with_prev))
    check_unique(table, "cluster_id")
    inputs = GroupInputs(cluster_ids=[row["cluster_id"] for row in table.rows])
    for leaf in leaves:
        experts = METHODS[leaf.method].experts
        target = inputs.expert_scores if experts else inputs.values
        target[leaf.code] = leaf_column(table, leaf, leaf.code)
        if leaf.code in with_prev:
            inputs.values[f"{leaf.code}@prev"] = [
                None
                if not row[f"{leaf.code}@prev"]
                else number(
                    table, row[f"{leaf.code}@prev"], row.number, f"{leaf.code}@prev", signed=True
                )
                for row in table.rows
            ]
    unknown_item = {
        "bonus": _("the framework has no bonus item “%(item)s”"),
        "deduction": _("the framework has no deduction item “%(item)s”"),
    }
    for kind, catalogue, claims in (
        ("bonus", framework.bonus, inputs.bonus),
        ("deduction", framework.deduction, inputs.deduction),
    ):
        known = {item.code for item in catalogue.items}
        for column in (c for c in table.header if c.startswith(f"{kind}:")):
            item = column.split(":", 1)[1].strip()
            if item not in known:
                table.add(unknown_item[kind] % {"item": item}, 1, column)
                continue
            claims[item] = [
                0.0 if not row[column] else number(table, row[column], row.number, column)
                for row in table.rows
            ]
    table.check()
    return inputs


def cents(x: float) -> Decimal:
    """A float sub-score to cents, half up, after dropping binary noise below 10⁻⁸ the way the
    engine does for totals (so 12.344999999999 shows as 12.35, as on paper)."""
    return round_score(round(float(x), 8))


def run(args: argparse.Namespace) -> int:

    try:
        framework = load_framework(args.framework)
    except FrameworkError as error:
        for line in issue_lines(error, args.framework):
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        table = read_table(args.input)
        result = score_group(framework, inputs_from(table, framework))
        for code, flags in result.missing.items():
            for row, missing in zip(table.rows, flags, strict=True):
                if missing:
                    print(
                        Problem(
                            _("warning: a required value is missing and scores 0"), row.number, code
                        ).render(table.source),
                        file=sys.stderr,
                    )
        parts = [part.code for part in framework.parts]
        header = [
            "cluster_id",
            *parts,
            "base",
            "bonus",
            "deduction",
            "total",
            "rank",
            "group_size",
            "grade",
        ]
        out = [
            [
                cid,
                *(cents(result.part_scores[p][i]) for p in parts),
                *(cents(a[i]) for a in (result.base, result.bonus, result.deduction)),
                result.totals[i],
                result.ranks[i],
                result.grading.size,
                result.grades[i].value,
            ]
            for i, cid in enumerate(result.cluster_ids)
        ]
        write_output(args.out, header, out)
    except BadInput as error:
        return report(error)
    return EXIT_OK
