"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, a check digit.

    position 1      registration authority (登记管理部门码): a digit or letter
    position 2      kind of organisation (机构类别码)
    positions 3–8   administrative division code (登记管理机关行政区划码): digits
    positions 9–17  organisation code (主体标识码, GB 11714)
    position 18     check character: 31 − (Σ value(cᵢ) · wᵢ mod 31), 31 written as 0

The alphabet has 31 characters: the digits and the capital letters without I, O, S, V and Z.
Pure functions, no Django.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalise(raw: object) -> str:
    """What was typed, as the code is compared and stored: full-width folded, no spaces, upper case."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    return "".join(text.split()).upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in the alphabet)."""
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why a (normalised) code is not valid, as a short English key; None when it is valid.

    Keys: "length", "character", "division", "check".
    """
    if len(code) != LENGTH:
        return "length"
    if any(c not in VALUE for c in code):
        return "character"
    if not code[2:8].isdigit():
        return "division"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid(raw: object) -> bool:
    return problem(normalise(raw)) is None


def with_check(first17: str) -> str:
    """A full code from its first 17 characters (for test and demo data)."""
    return first17 + check_character(first17)
