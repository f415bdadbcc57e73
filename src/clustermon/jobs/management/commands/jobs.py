"""`clustermon jobs run KIND --round ID [--user NAME] [--set N] [--param key=value …]` and
`clustermon jobs list`.

`run` does a background job in the foreground (no worker needed): a text progress bar on
stderr, the path of the file made on stdout. The job is made for `--user` (default: the first
active province administrator of the round's province) and recorded like a job started on the
web, so it appears in that user's job list and can be downloaded there too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clustermon.accounts.models import Role, User
from clustermon.jobs import run
from clustermon.jobs.models import Job, JobStatus
from clustermon.jobs.registry import KINDS
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused

BAR = 30


def parse_param(text: str) -> tuple[str, Any]:
    """key=value; the value read as JSON when it is JSON (numbers, true/false), else as text."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise CommandError(f"--param takes key=value, not {text!r}")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


class TextBar:
    """A one-line progress bar on a stream (redrawn in place on a terminal)."""

    def __init__(self, stream: Any, label: str) -> None:
        self.stream, self.label = stream, label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int, message: str) -> None:
        percent = int(done * 100 / total) if total else 0
        if not self.tty and percent == self.last:
            return
        self.last = percent
        filled = BAR * percent // 100
        line = f"{self.label} [{'#' * filled}{'.' * (BAR - filled)}] {percent:3d}% {done}/{total} {message}"
        self.stream.write(("\r" + line[:150].ljust(150)) if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Run a background job in the foreground (reports_zip, results_xlsx, robustness), or list jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        runner = sub.add_parser("run", help="Run a job here, with a progress bar; prints the file's path.")
        runner.add_argument("kind", help=f"One of: {', '.join(sorted(KINDS))}.")
        runner.add_argument("--round", type=int, required=True, help="The round's id.")
        runner.add_argument("--user", help="Username the job is made for (default: a province administrator).")
        runner.add_argument("--set", type=int, help="The results version (default: the one the user sees).")
        runner.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                            help="A parameter of the job, e.g. draws=500 weight_range=0.2 (repeatable).")
        lister = sub.add_parser("list", help="The latest jobs.")
        lister.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options["limit"])
        else:
            self._run(options)

    def _list(self, limit: int) -> None:
        for job in Job.objects.select_related("round", "requested_by")[:limit]:
            self.stdout.write(f"{job.pk}\t{job.kind}\t{job.round.title}\t{job.requested_by.username}\t"
                              f"{job.status}\t{job.percent}%\t{job.result_path}")

    def _user(self, round_: Round, username: str | None) -> User:
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"No user {username!r}.") from None
        user = (User.objects.filter(role=Role.PROVINCE_ADMIN, province_id=round_.scheme.province_id,
                                    is_active=True).order_by("pk").first())
        if user is None:
            raise CommandError("The round's province has no active province administrator: give --user.")
        return user

    def _run(self, options: dict[str, Any]) -> None:
        kind = options["kind"]
        if kind not in KINDS:
            raise CommandError(f"Unknown job kind {kind!r}; known: {', '.join(sorted(KINDS))}.")
        try:
            round_ = Round.objects.select_related("scheme").get(pk=options["round"])
        except Round.DoesNotExist:
            raise CommandError(f"No round {options['round']}.") from None
        user = self._user(round_, options["user"])
        params = dict(parse_param(p) for p in options["param"])
        if options["set"] is not None:
            params["set"] = options["set"]
        try:
            job = run.create(kind, by=user, round=round_, params=params)
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
        bar = TextBar(getattr(self.stderr, "_out", sys.stderr), kind)
        job = run.execute(job.pk, hook=bar)
        bar.close()
        if job.status != JobStatus.DONE:
            raise CommandError(f"Job {job.pk} failed: {job.message}")
        path = (Path(settings.MEDIA_ROOT) / job.result_path) if job.result_path else None
        self.stderr.write(f"Job {job.pk} done: {job.message}")
        self.stdout.write(str(path) if path else "")
