"""The core's public surface: flat, documented, and free of Django."""

from __future__ import annotations

import subprocess
import sys

import clustermon.scoring as scoring


def test_core_does_not_import_django() -> None:
    code = "import sys, clustermon.scoring; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0


def test_public_names_are_exported_and_documented() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if callable(obj) and not isinstance(obj, dict):
            assert obj.__doc__, f"{name} has no docstring"


def test_names_the_architecture_doc_promises() -> None:
    promised = {
        "GradePolicy",
        "DEFAULT_GRADE_POLICY",
        "RatingPolicy",
        "AggregationPolicy",
        "Grade",
        "Label",
        "round_score",
        "rank_and_grade",
        "stars",
        "label",
        "load_scheme",
        "load_framework",
        "parse_framework",
        "FrameworkError",
        "Issue",
        "score_group",
        "GroupInputs",
        "GroupResult",
        "parse_grade",
        "rate_pairs",
        "list_schemes",
    }
    assert promised <= set(scoring.__all__)
