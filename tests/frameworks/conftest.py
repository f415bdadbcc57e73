from tests.rounds.conftest import (  # noqa: F401 - fixtures shared with the rounds tests
    draft_round,
    fast_password_hasher,
    open_round,
    other_scheme,
    scheme,
)
