"""Rounding, competition ranks and grades (H-Art.10, D1–D5).

Most tests compare `rank_and_grade` with a deliberately naive reference written from the rule
text (O(N²), Decimal and Fraction only), or check one property of the rules with Hypothesis on
strategies that force ties and tiny groups.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustermon.scoring import (
    DEFAULT_GRADE_POLICY,
    Grade,
    GradePolicy,
    quota,
    rank_and_grade,
    round_score,
)

ORDER = {Grade.UNQUALIFIED: 0, Grade.QUALIFIED: 1, Grade.GOOD: 2, Grade.EXCELLENT: 3}

# A handful of values around the pass mark, drawn often, so ties and boundaries are common.
NEAR = [Decimal(x) for x in ("0", "59.98", "59.99", "60", "60.01", "75.5", "80", "99.99", "100")]
totals_st = st.one_of(
    st.sampled_from(NEAR),
    st.decimals(min_value=0, max_value=110, places=2, allow_nan=False, allow_infinity=False),
)
groups_st = st.lists(totals_st, min_size=1, max_size=25)
tiny_groups_st = st.lists(st.sampled_from(NEAR[2:6]), min_size=1, max_size=5)
shares_st = st.sampled_from(
    [
        Fraction(0),
        Fraction(1, 5),
        Fraction(1, 4),
        Fraction(1, 3),
        Fraction(1, 2),
        Fraction(3, 5),
        Fraction(1),
    ]
)


@st.composite
def policies(draw: st.DrawFn) -> GradePolicy:
    excellent, good = sorted((draw(shares_st), draw(shares_st)))
    return GradePolicy(
        excellent_share=excellent,
        good_share=good,
        quota_rounding=draw(st.sampled_from(["floor", "round_half_up", "ceil"])),
        pass_mark=draw(st.sampled_from([Decimal("60"), Decimal("59.995"), Decimal("0")])),
        pass_inclusive=draw(st.booleans()),
    )


def reference(totals: list[Decimal], policy: GradePolicy) -> tuple[list[int], list[Grade]]:
    """The rule as written: rank = 1 + how many are strictly better; bands by exact fractions."""
    n = len(totals)

    def band(share: Fraction) -> int:
        exact = share * n
        if policy.quota_rounding == "floor":
            return exact.numerator // exact.denominator
        if policy.quota_rounding == "ceil":
            return -((-exact.numerator) // exact.denominator)
        doubled = 2 * exact + 1  # round half up: floor(x + 1/2) = floor((2x + 1) / 2)
        return doubled.numerator // (2 * doubled.denominator)

    ranks = [1 + sum(other > t for other in totals) for t in totals]
    grades = []
    for t, r in zip(totals, ranks, strict=True):
        passes = t >= policy.pass_mark if policy.pass_inclusive else t > policy.pass_mark
        if not passes:
            grades.append(Grade.UNQUALIFIED)
        elif r <= band(policy.excellent_share):
            grades.append(Grade.EXCELLENT)
        elif r <= band(policy.good_share):
            grades.append(Grade.GOOD)
        else:
            grades.append(Grade.QUALIFIED)
    return ranks, grades


# ----------------------------------------------------------------------------- round_score


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("59.995", "60.00"),
        ("59.994", "59.99"),
        ("59.9949999", "59.99"),
        ("0.005", "0.01"),
        ("100", "100.00"),
        (" 72.125 ", "72.13"),
        ("-0.005", "-0.01"),
        (59.995, "60.00"),  # the double nearest 59.995 is below it; repr reads it as written
        (1.005, "1.01"),
        (2.675, "2.68"),
        (7, "7.00"),
        (Decimal("80.555"), "80.56"),
    ],
)
def test_round_score_half_up_from_text(given_: object, expected: str) -> None:
    assert round_score(given_) == Decimal(expected)
    assert str(round_score(given_)) == expected


@pytest.mark.parametrize("bad", ["", "abc", "NaN", "inf", float("nan"), float("inf")])
def test_round_score_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(ValueError):
        round_score(bad)  # type: ignore[arg-type]


def test_round_score_rejects_bool() -> None:
    with pytest.raises(TypeError):
        round_score(True)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- quota


@pytest.mark.parametrize(
    ("share", "n", "rounding", "expected"),
    [
        (Fraction(1, 5), 10, "floor", 2),
        (Fraction(1, 5), 12, "floor", 2),
        (Fraction(1, 5), 12, "round_half_up", 2),
        (Fraction(1, 5), 13, "round_half_up", 3),
        (Fraction(1, 2), 5, "round_half_up", 3),
        (Fraction(1, 5), 11, "ceil", 3),
        (Fraction(1, 5), 4, "floor", 0),
        (Fraction(1, 2), 7, "floor", 3),
        (Fraction(1, 5), 0, "ceil", 0),
    ],
)
def test_quota(share: Fraction, n: int, rounding: str, expected: int) -> None:
    assert quota(share, n, rounding) == expected


# --------------------------------------------------------------------- examples of the rules


def test_example_group_of_ten() -> None:
    # N = 10: excellent ranks 1..2 (10/5), good ranks 3..5 (10/2); 59.99 fails, 60.00 passes.
    totals = ["90", "80", "80", "70", "65", "59.99", "60", "60.00", "100", "85"]
    g = rank_and_grade(totals)
    assert g.ranks == [2, 4, 4, 6, 7, 10, 8, 8, 1, 3]
    assert [str(x) for x in g.grades] == [
        "excellent",
        "good",
        "good",
        "qualified",
        "qualified",
        "unqualified",
        "qualified",
        "qualified",
        "excellent",
        "good",
    ]
    assert (g.size, g.excellent_quota, g.good_quota) == (10, 2, 5)


def test_ties_across_the_excellent_boundary_share_the_better_grade() -> None:
    # N = 10, quota 2: three clusters tie for rank 2, so all three are excellent (D3).
    g = rank_and_grade(["99", "95", "95", "95", "70", "70", "70", "70", "70", "70"])
    assert g.ranks[:4] == [1, 2, 2, 2]
    assert g.grades[:4] == [Grade.EXCELLENT] * 4
    # The six at 70 share rank 5, inside the good quota 5 (10/2): all six are good.
    assert g.ranks[4:] == [5] * 6
    assert g.grades[4:] == [Grade.GOOD] * 6


def test_tie_just_past_a_boundary_gets_the_lower_grade() -> None:
    # N = 10: ranks 1..5 are 99..95; the tie at 70 has rank 6 > good quota 5: qualified.
    g = rank_and_grade(["99", "98", "97", "96", "95", "70", "70", "70", "70", "70"])
    assert g.ranks[5:] == [6] * 5
    assert g.grades[5:] == [Grade.QUALIFIED] * 5


def test_top_rank_below_pass_mark_is_unqualified() -> None:
    g = rank_and_grade(["59.99", "10", "5", "1", "0"])
    assert g.ranks[0] == 1
    assert g.grades == [Grade.UNQUALIFIED] * 5


def test_pass_mark_inclusive_and_exclusive() -> None:
    group = ["60.00", "59.99", "59.995", "60.004"]  # 59.995 rounds to 60.00, 60.004 to 60.00
    inclusive = rank_and_grade(group)
    assert inclusive.grades[1] is Grade.UNQUALIFIED
    assert all(inclusive.grades[i] is not Grade.UNQUALIFIED for i in (0, 2, 3))
    exclusive = rank_and_grade(group, GradePolicy(pass_inclusive=False))
    assert exclusive.grades == [Grade.UNQUALIFIED] * 4
    assert rank_and_grade(["60.01"], GradePolicy(pass_inclusive=False)).grades != [
        Grade.UNQUALIFIED
    ]


def test_empty_group() -> None:
    g = rank_and_grade([])
    assert (g.ranks, g.grades, g.size) == ([], [], 0)


def test_rule_text_names_the_quota() -> None:
    g = rank_and_grade(["90", "80", "70", "60", "50"])
    assert "excellent quota 1" in g.rule(0)
    assert "pass mark 60" in g.rule(4)


# ---------------------------------------------------------------------------- properties


@settings(deadline=None)  # timing varies on a shared machine; correctness does not
@given(groups_st, policies())
def test_matches_reference_model(totals: list[Decimal], policy: GradePolicy) -> None:
    g = rank_and_grade(totals, policy)
    ranks, grades = reference([round_score(t) for t in totals], policy)
    assert g.ranks == ranks
    assert g.grades == grades
    assert g.size == len(totals)


@settings(deadline=None)
@given(groups_st)
def test_excellent_exceeds_quota_only_through_ties(totals: list[Decimal]) -> None:
    g = rank_and_grade(totals)
    excellent = [i for i, grade in enumerate(g.grades) if grade is Grade.EXCELLENT]
    if len(excellent) > g.excellent_quota:
        # The overflow must be a tie at the worst excellent rank that starts inside the quota.
        worst = max(g.ranks[i] for i in excellent)
        tied = [i for i in excellent if g.ranks[i] == worst]
        assert worst <= g.excellent_quota
        assert len(excellent) - len(tied) < g.excellent_quota
    distinct = len(set(round_score(t) for t in totals)) == len(totals)
    if distinct:
        assert len(excellent) <= g.excellent_quota


@settings(deadline=None)
@given(groups_st, st.data())
def test_raising_a_total_never_lowers_its_grade(totals: list[Decimal], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(totals) - 1))
    raise_by = data.draw(st.decimals(min_value="0.01", max_value=50, places=2))
    before = rank_and_grade(totals)
    after = rank_and_grade([t + raise_by if j == i else t for j, t in enumerate(totals)])
    assert after.ranks[i] <= before.ranks[i]
    assert ORDER[after.grades[i]] >= ORDER[before.grades[i]]


@settings(deadline=None)
@given(groups_st, policies(), st.randoms(use_true_random=False))
def test_independent_of_input_order(
    totals: list[Decimal], policy: GradePolicy, rnd: random.Random
) -> None:
    order = list(range(len(totals)))
    rnd.shuffle(order)
    g = rank_and_grade(totals, policy)
    shuffled = rank_and_grade([totals[k] for k in order], policy)
    for pos, k in enumerate(order):
        assert shuffled.ranks[pos] == g.ranks[k]
        assert shuffled.grades[pos] == g.grades[k]


@settings(deadline=None)
@given(groups_st, policies())
def test_equal_totals_equal_ranks_and_grades(totals: list[Decimal], policy: GradePolicy) -> None:
    g = rank_and_grade(totals, policy)
    rounded = [round_score(t) for t in totals]
    for i in range(len(totals)):
        for j in range(len(totals)):
            if rounded[i] == rounded[j]:
                assert (g.ranks[i], g.grades[i]) == (g.ranks[j], g.grades[j])


@settings(deadline=None)
@given(groups_st)
def test_ranks_are_competition_ranks(totals: list[Decimal]) -> None:
    g = rank_and_grade(totals)
    rounded = [round_score(t) for t in totals]
    by_total = sorted(zip(rounded, g.ranks, strict=True), key=lambda pair: -pair[0])
    # Walking from the best: a new total's rank is its 1-based position; a tie keeps the rank.
    for pos, (total, rank) in enumerate(by_total):
        if pos and total == by_total[pos - 1][0]:
            assert rank == by_total[pos - 1][1]
        else:
            assert rank == pos + 1
    assert min(g.ranks) == 1


@settings(deadline=None)
@given(tiny_groups_st)
def test_groups_smaller_than_five_have_no_excellent_under_floor(totals: list[Decimal]) -> None:
    assume(len(totals) < 5)
    assert Grade.EXCELLENT not in rank_and_grade(totals, DEFAULT_GRADE_POLICY).grades


@settings(deadline=None)
@given(st.lists(st.sampled_from(["60.00", "59.99"]), min_size=1, max_size=12), st.booleans())
def test_pass_mark_boundary(totals: list[str], inclusive: bool) -> None:
    g = rank_and_grade(totals, GradePolicy(pass_inclusive=inclusive))
    for total, grade in zip(totals, g.grades, strict=True):
        passes = total == "60.00" and inclusive
        assert (grade is not Grade.UNQUALIFIED) == passes


@settings(deadline=None)
@given(groups_st)
def test_floats_and_text_grade_alike(totals: list[Decimal]) -> None:
    as_text = rank_and_grade([str(t) for t in totals])
    as_float = rank_and_grade([float(t) for t in totals])
    assert as_text.ranks == as_float.ranks
    assert as_text.grades == as_float.grades


def test_ten_thousand_clusters_is_quick() -> None:
    import time

    rnd = random.Random(7)
    totals = [Decimal(rnd.randrange(0, 10_000)) / 100 for _ in range(10_000)]
    start = time.perf_counter()
    g = rank_and_grade(totals)
    assert time.perf_counter() - start < 1.0
    assert sum(grade is Grade.EXCELLENT for grade in g.grades) <= 2_000 + 10  # ties only


# ---------------------------------------------------------------------------- policy values


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"excellent_share": "1/2", "good_share": "1/5"}, "cannot exceed good_share"),
        ({"excellent_share": "6/5"}, "between 0 and 1"),
        ({"excellent_share": "a fifth"}, "must be a fraction"),
        ({"quota_rounding": "nearest"}, "quota_rounding must be one of"),
        ({"pass_mark": "sixty"}, "pass_mark must be a number"),
        ({"pass_mark": "-1"}, "cannot be negative"),
        ({"pass_inclusive": "yes"}, "pass_inclusive must be true or false"),
    ],
)
def test_grade_policy_validation(kwargs: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        GradePolicy(**kwargs)


def test_grade_policy_from_yaml_text() -> None:
    policy = GradePolicy.from_dict({"excellent_share": "0.2", "good_share": 0.5, "pass_mark": "60"})
    assert policy == DEFAULT_GRADE_POLICY
    assert GradePolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(ValueError, match="unknown GradePolicy setting"):
        GradePolicy.from_dict({"excelent_share": "1/5"})
