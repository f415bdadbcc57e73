"""The scoring tests are pure: no database, no Django settings (run them with `-p no:django`)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini_scheme_dir() -> Path:
    """A small scheme with every scoring method, a shared tree, overrides and three groups."""
    return DATA / "mini-scheme"
