"""The `clustermon` console command.

Offline tools (grade, ratings, score, scheme, bench) are sub-commands of their own; any other
sub-command is handed to Django's management machinery, so `clustermon migrate`,
`clustermon runserver` and `clustermon demo-data` work as in a `manage.py`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from clustermon.cli import bench, grade, ratings, scheme, score

OFFLINE_COMMANDS = {"grade": grade, "ratings": ratings, "score": score, "scheme": scheme, "bench": bench}
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clustermon", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for module in OFFLINE_COMMANDS.values():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the console command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clustermon.settings")
    if argv and argv[0] in OFFLINE_COMMANDS or argv[:1] in (["-h"], ["--help"]):
        from clustermon.cli.i18n import activate_user_language

        os.environ["CLUSTERMON_OFFLINE"] = "1"

        activate_user_language()
        args = _parser().parse_args(argv)
        return int(args.func(args) or 0)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clustermon", *argv])
    return 0
