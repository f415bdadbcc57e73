import pytest

from tests.review.factories import review_world


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """The production hasher costs a third of a second per persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rw(world):
    """The `world` personas with a round under review and four submissions (see factories)."""
    return review_world(world)
