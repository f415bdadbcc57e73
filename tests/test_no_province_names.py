"""The code names no province: provinces differ by configuration (schemes), demo data and translations.

Every text file under src/clustermon except schemes/, demo/ and locale/ is searched for the
provinces' names in Chinese and in pinyin. A hit means a province's rule or wording has crept into
the general code: move it into the scheme files (or the demo data), or word it generally.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "clustermon"
EXCLUDED = {"schemes", "demo", "locale"}
SUFFIXES = {".py", ".html", ".txt", ".md", ".yaml", ".yml", ".css", ".js", ".json", ".toml", ".cfg", ".ini"}
NAMES = re.compile(r"湖北|湖南|hubei|hunan", re.IGNORECASE)


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if not path.is_file() or relative.parts[0] in EXCLUDED or "__pycache__" in relative.parts:
            continue
        if path.suffix not in SUFFIXES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if NAMES.search(line):
                found.append(f"{relative}:{number}: {line.strip()[:120]}")
    return found


def test_the_search_finds_what_it_looks_for() -> None:
    assert NAMES.search("the hunan-monitoring scheme") and NAMES.search("湖北省") and NAMES.search("HuBei")
    assert not NAMES.search("a province's scheme")


def test_no_province_is_named_outside_schemes_demo_data_and_translations() -> None:
    found = offenders()
    assert not found, "Province names in the general code (move them into a scheme, the demo or a " \
                      "translation):\n  " + "\n  ".join(found)
