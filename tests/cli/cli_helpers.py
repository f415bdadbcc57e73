"""Helpers for the offline command-line tools' tests: run `clustermon …`, build input files."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "clustermon" / "locale"
LANG_VARS = ("CLUSTERMON_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_console(*args: str, lang: str = "zh", cwd: Path | None = None) -> Result:
    """Run the installed console command in a child process, as a user would."""
    env = {k: v for k, v in os.environ.items() if k not in LANG_VARS}
    if lang == "en":
        env["LANG"] = "en_US.UTF-8"
    env.setdefault("CLUSTERMON_TESTING", "1")
    proc = subprocess.run(
        [sys.executable, "-m", "clustermon", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def write_csv(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def files_in(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}
