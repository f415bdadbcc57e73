"""Every audit action written anywhere in the code has a readable sentence in the timeline."""

import re
from pathlib import Path

from clustermon.audit.queries import PHRASES

SRC = Path(__file__).resolve().parents[2] / "src/clustermon"
RECORDED = re.compile(r"\brecord\(\s*[\"']([a-z_]+\.[a-z_.]+)[\"']")
# Actions chosen at run time and passed to `record` in a variable (plans/actions.py).
INDIRECT = {"plans.passed", "plans.accepted", "plans.returned"}


def recorded_actions() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        found.update(RECORDED.findall(path.read_text(encoding="utf-8")))
    return found | INDIRECT


def test_the_scan_finds_the_actions() -> None:
    assert {"review.pass", "application.save", "submission.start"} <= recorded_actions()


def test_every_recorded_action_has_a_phrase() -> None:
    missing = sorted(recorded_actions() - set(PHRASES))
    assert not missing, f"register_phrase(...) is missing for: {missing}"
