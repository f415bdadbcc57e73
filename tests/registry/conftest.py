"""Fixtures of the results tests (the tiny scheme, a published round) reused for registry pages."""

from tests.results.conftest import fast_password_hasher, published, tiny  # noqa: F401
