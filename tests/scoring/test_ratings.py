"""Stars (H-Art.16) and labels (H-Art.17) from two consecutive rounds, with D6 and D7."""

from __future__ import annotations

import pytest

from clustermon.scoring import (
    DEFAULT_RATING_POLICY,
    Grade,
    Label,
    Rating,
    RatingPolicy,
    label,
    parse_grade,
    parse_optional_grade,
    rate_pairs,
    stars,
)

E, G, Q, U = Grade.EXCELLENT, Grade.GOOD, Grade.QUALIFIED, Grade.UNQUALIFIED
ALL = [E, G, Q, U, None]

# Written out in full from the notice, one row per ordered pair (previous year, this year), so
# the table does not share the code's unordered-pair trick. "-" = no star / no label.
TRUTH = """
E E 5 gold     | E G 4 silver   | E Q 3 bronze   | E U 0 none | E - 0 none
G E 4 silver   | G G 3 bronze   | G Q 2 none     | G U 0 none | G - 0 none
Q E 3 bronze   | Q G 2 none     | Q Q 1 none     | Q U 0 none | Q - 0 none
U E 0 none     | U G 0 none     | U Q 0 none     | U U 0 none | U - 0 none
- E 0 none     | - G 0 none     | - Q 0 none     | - U 0 none | - - 0 none
"""
LETTER = {"E": E, "G": G, "Q": Q, "U": U, "-": None}
ROWS = [cell.split() for line in TRUTH.strip().splitlines() for cell in line.split("|")]


def test_truth_table_covers_all_25_ordered_pairs() -> None:
    pairs = {(LETTER[a], LETTER[b]) for a, b, _, _ in ROWS}
    assert pairs == {(a, b) for a in ALL for b in ALL}
    assert len(ROWS) == 25


@pytest.mark.parametrize(("prev", "curr", "n", "lab"), ROWS)
def test_stars_and_labels(prev: str, curr: str, n: str, lab: str) -> None:
    assert stars(LETTER[prev], LETTER[curr]) == int(n)
    assert label(LETTER[prev], LETTER[curr]) is Label(lab)


def test_plain_strings_work_as_grades() -> None:
    assert stars("excellent", "good") == 4  # type: ignore[arg-type]
    assert label("good", "good") is Label.BRONZE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("excellent", E),
        ("Good", G),
        (" qualified ", Q),
        ("UNQUALIFIED", U),
        ("优秀", E),
        ("良好", G),
        ("合格", Q),
        ("不合格", U),
        ("e", E),
        ("U", U),
        (E, E),
    ],
)
def test_parse_grade(word: str, grade: Grade) -> None:
    assert parse_grade(word) is grade


@pytest.mark.parametrize("word", ["", "great", "优", "A", "none", None, 1])
def test_parse_grade_rejects_unknown_words(word: object) -> None:
    with pytest.raises(ValueError, match="unknown grade"):
        parse_grade(word)  # type: ignore[arg-type]


@pytest.mark.parametrize("word", [None, "", " - ", "none", "无"])
def test_parse_optional_grade_reads_no_grade(word: object) -> None:
    assert parse_optional_grade(word) is None  # type: ignore[arg-type]


def test_rate_pairs_keys_follow_the_current_round() -> None:
    prev = {"a": E, "b": G, "gone": E}
    curr = {"a": E, "b": Q, "new": E}
    out = rate_pairs(prev, curr)
    assert out == {
        "a": Rating(5, Label.GOLD),
        "b": Rating(2, Label.NONE),
        "new": Rating(0, Label.NONE),  # no previous round: D6
    }


def test_rate_pairs_switched_off_parts_are_none() -> None:
    out = rate_pairs({"a": E}, {"a": E}, RatingPolicy(stars=False))
    assert out["a"] == Rating(None, Label.GOLD)
    out = rate_pairs({"a": E}, {"a": E}, RatingPolicy(labels=False))
    assert out["a"] == Rating(5, None)


def test_rate_pairs_activity_basis_labels_from_the_activity_grades() -> None:
    policy = RatingPolicy(label_basis="activity")
    out = rate_pairs(
        {"a": E}, {"a": E}, policy, prev_label_grades={"a": G}, curr_label_grades={"a": G}
    )
    assert out["a"] == Rating(5, Label.BRONZE)  # stars from overall E+E, label from activity G+G
    with pytest.raises(ValueError, match="activity"):
        rate_pairs({"a": E}, {"a": E}, policy)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"label_basis": "org"}, "label_basis must be one of"),
        ({"stars": "yes"}, "stars must be true or false"),
        ({"activity_part": ""}, "activity_part"),
    ],
)
def test_rating_policy_validation(kwargs: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        RatingPolicy(**kwargs)
    assert RatingPolicy.from_dict(None) == DEFAULT_RATING_POLICY


def test_non_grades_are_refused() -> None:
    with pytest.raises(ValueError, match="not a pair of grades"):
        stars("great", E)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a pair of grades"):
        label(E, ["excellent"])  # type: ignore[arg-type]
