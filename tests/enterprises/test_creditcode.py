"""The unified social credit code (GB 32100-2015) and its check character, computed by hand."""

from __future__ import annotations

import pytest

from clustermon.enterprises import creditcode


def test_the_published_sample_code_is_valid() -> None:
    # The standard's sample 91350100M000100Y43: Σ value·weight over the first 17 = 9 + 3 + 27 + 135 + 26
    # + 420 (M = 21, ×20) + 8 + 900 (Y = 30, ×30) + 112 = 1640,
    # 1640 mod 31 = 28, 31 − 28 = 3 → "3".
    values = [creditcode.VALUE[c] for c in "91350100M000100Y4"]
    assert sum(v * w for v, w in zip(values, creditcode.WEIGHTS, strict=True)) == 1640
    assert creditcode.check_character("91350100M000100Y4") == "3"
    assert creditcode.problem("91350100M000100Y43") is None


def test_a_check_of_31_is_written_as_0() -> None:
    # Find a prefix whose weighted sum is a multiple of 31: its check character must be "0".
    prefix = next(p for n in range(10_000) if (p := f"91420115DM{n:07d}")
                  and sum(creditcode.VALUE[c] * w for c, w in zip(p, creditcode.WEIGHTS, strict=True)) % 31 == 0)
    assert creditcode.check_character(prefix) == "0"


@pytest.mark.parametrize("raw, why", [
    ("91350100M000100Y44", "check"),       # one character off
    ("91350100M000100Y4", "length"),
    ("91350100M000100Y433", "length"),
    ("91350100M0001O0Y43", "character"),   # the letter O is not in the alphabet
    ("9135010AM000100Y43", "division"),    # positions 3–8 are digits
])
def test_invalid_codes_say_why(raw: str, why: str) -> None:
    assert creditcode.problem(creditcode.normalise(raw)) == why


def test_typing_is_forgiven_lower_case_spaces_and_full_width() -> None:
    assert creditcode.normalise(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert creditcode.is_valid("９１３５０１００Ｍ０００１００Ｙ４３")
    assert creditcode.is_valid("9135 0100 M000 100Y 43")


def test_with_check_makes_valid_codes() -> None:
    code = creditcode.with_check("91420115DM0000001")
    assert len(code) == 18 and creditcode.is_valid(code)
