"""Fixtures for the offline command-line tools' tests."""

from __future__ import annotations

import pytest
from tests.cli.cli_helpers import LANG_VARS, Result


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `clustermon ARGS…` in-process; `lang` "zh" (no locale set: the default) or "en"."""
    from django.utils import translation

    from clustermon.cli import main

    def run(*args: str, lang: str = "zh") -> Result:
        for var in LANG_VARS:
            monkeypatch.delenv(var, raising=False)
        if lang == "en":
            monkeypatch.setenv("LANG", "en_US.UTF-8")
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            translation.deactivate()
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
