"""`clustermon scheme validate FILE…`: check scheme manifests and framework files.

A directory, a `scheme.yaml` or the code of a shipped scheme loads the whole scheme (manifest,
every group's framework and their trees); any other file is read as one framework. Every issue
is printed as `FILE: PATH: message` in the user's language; exit 2 if any file is invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from clustermon.cli.issues import issue_lines
from clustermon.cli.tabular import EXIT_BAD_INPUT, EXIT_OK
from clustermon.scoring import FrameworkError, load_framework, load_scheme

MANIFEST_NAMES = ("scheme.yaml", "scheme.yml")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scheme", help=_("check scheme and framework files"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    validate = actions.add_parser(
        "validate",
        help=_("validate scheme manifests or framework files"),
        description=_(
            "Validate scheme manifests (a scheme folder, its scheme.yaml or a shipped scheme's "
            "code) or single framework files; prints every problem, exit status 2 if any."
        ),
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help=_("file, folder or scheme code"))
    validate.set_defaults(func=run)


def is_scheme(target: str) -> bool:
    path = Path(target)
    if path.is_dir() or path.name in MANIFEST_NAMES:
        return True
    # A bare code (no such file, no YAML suffix) names a shipped scheme.
    return not path.exists() and path.suffix not in (".yaml", ".yml") and "/" not in target


def validate(target: str) -> tuple[str, list[str]]:
    """(OK line, []) for a valid file, ("", problem lines) otherwise."""
    try:
        if is_scheme(target):
            scheme = load_scheme(target)
            return _("%(file)s: OK (scheme %(code)s, %(groups)s groups)") % {
                "file": target,
                "code": scheme.code,
                "groups": len(scheme.frameworks),
            }, []
        framework = load_framework(target)
    except FrameworkError as error:
        return "", issue_lines(error, target)
    ok = _(
        "%(file)s: OK (framework %(scheme)s/%(group)s version %(version)s, "
        "%(leaves)s scored indicators)"
    )
    return ok % {
        "file": target,
        "scheme": framework.scheme,
        "group": framework.group,
        "version": framework.version,
        "leaves": len(framework.leaves()),
    }, []


def run(args: argparse.Namespace) -> int:
    invalid = False
    for target in args.files:
        ok, problems = validate(target)
        if ok:
            print(ok)
        for line in problems:
            print(line, file=sys.stderr)
        invalid = invalid or bool(problems)
    return EXIT_BAD_INPUT if invalid else EXIT_OK
