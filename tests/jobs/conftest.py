from __future__ import annotations

import pytest

from tests.analysis.factories import NEAR_TIE, NEAR_TIE_VALUES, Made, make_round


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path) -> None:
    """Job files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def computed(world) -> Made:
    """A round in scoring with its results computed (the near-tie round of tests/analysis)."""
    return make_round(world, NEAR_TIE, NEAR_TIE_VALUES)
