from __future__ import annotations

import pytest

from tests.analysis.factories import (
    CORRELATED,
    CORRELATED_VALUES,
    NEAR_TIE,
    NEAR_TIE_VALUES,
    Made,
    make_round,
)


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path) -> None:
    """Job files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def near_tie(world) -> Made:
    return make_round(world, NEAR_TIE, NEAR_TIE_VALUES)


@pytest.fixture
def correlated(world) -> Made:
    return make_round(world, CORRELATED, CORRELATED_VALUES)
