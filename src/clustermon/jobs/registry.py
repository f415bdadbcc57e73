"""The kinds of background job: what each one runs, who may start it and how its parameters are
checked. Apps register their kinds when they are ready (`jobs.kinds`, `analysis.jobs`).

A kind's `run(ctx)` does the work through a `JobContext`: `ctx.progress(done, total, message)`
reports progress, `ctx.save(name, content_type, data)` (or `ctx.result_file(suffix)` and
`ctx.set_result(...)` for a file written piece by piece) leaves the file to download. It raises
`ActionRefused` with a translated message when the job cannot be done; anything else is logged
with its traceback and shown to the user as an unexpected failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.jobs.models import Job
    from clustermon.rounds.models import Round

Progress = Callable[..., None]

JOBS_DIR = "jobs"


def jobs_root() -> Path:
    """MEDIA_ROOT/jobs: outside the web root, served only through the scoped download view."""
    return Path(settings.MEDIA_ROOT) / JOBS_DIR


@dataclass
class JobContext:
    """What a running job sees: its row, the user it runs for, its round and parameters."""

    job: Job
    progress: Progress
    result_path: str = ""
    result_name: str = ""
    content_type: str = ""
    messages: list[str] = field(default_factory=list)

    @property
    def user(self) -> User:
        return self.job.requested_by

    @property
    def round(self) -> Round:
        return self.job.round

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    def result_file(self, suffix: str) -> Path:
        """A fresh path MEDIA_ROOT/jobs/<job id>/result<suffix> (its folder created)."""
        folder = jobs_root() / str(self.job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"result{suffix}"

    def set_result(self, path: Path, name: str, content_type: str) -> None:
        self.result_path = path.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
        self.result_name = name
        self.content_type = content_type

    def save(self, name: str, content_type: str, data: bytes) -> Path:
        """Write the file to download as `name`."""
        path = self.result_file(Path(name).suffix or ".bin")
        path.write_bytes(data)
        self.set_result(path, name, content_type)
        return path


@dataclass(frozen=True)
class JobKind:
    """`may_start(user, round)` is the policy question; `prepare(user, round, params)` checks and
    completes the parameters (raising ActionRefused) before the job is queued; `view_url(job)`
    is a page showing the job's result, if it has one besides the file."""

    code: str
    label: Any  # a lazy translated string
    run: Callable[[JobContext], None]
    may_start: Callable[[User, Round], bool]
    prepare: Callable[[User, Round, dict[str, Any]], dict[str, Any]] = lambda user, round_, params: params
    view_url: Callable[[Job], str | None] = lambda job: None
    offered: bool = True  # offered on the job list's start form


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> JobKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown job kind {code!r}; known: {', '.join(sorted(KINDS))}") from None
