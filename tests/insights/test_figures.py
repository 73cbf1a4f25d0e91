"""The report's arithmetic (insights/figures.py) on lists whose answers are known."""

import math

import pytest

from assembly.insights.figures import (
    SMALL,
    Cell,
    gini,
    log_likelihood,
    median,
    share,
    suppress,
    top_share,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 1, 1, 1], 0.0),  # everyone gives as much
        ([0, 0, 0, 10], 0.75),  # one of four gives all: (n − 1) / n
        ([1, 2, 3, 4], 0.25),  # Σ|xᵢ − xⱼ| = 20 over 2·n²·mean = 80
        ([5], 0.0),
        ([3, 1, 2, 4], 0.25),  # the order given does not matter
    ],
)
def test_gini_on_known_lists(values, expected):
    assert gini(values) == pytest.approx(expected)


def test_gini_agrees_with_the_mean_absolute_difference():
    values = [1, 1, 1, 1, 1, 2, 2, 2, 2, 7]
    n, mean = len(values), sum(values) / len(values)
    by_pairs = sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)
    assert gini(values) == pytest.approx(by_pairs) == pytest.approx(0.35)


def test_gini_of_nothing_is_unknown():
    assert gini([]) is None
    assert gini([0, 0]) is None


def test_top_share_takes_the_top_tenth_rounded_up_and_at_least_one():
    assert top_share([7, 1, 1, 1, 1, 1, 2, 2, 2, 2]) == pytest.approx(7 / 20)  # 1 of 10
    assert top_share([10] + [1] * 10) == pytest.approx((10 + 1) / 20)  # 11 → 2 people
    assert top_share([3, 1]) == pytest.approx(3 / 4)  # fewer than ten: still one
    assert top_share([1] * 20, 0.5) == pytest.approx(0.5)
    assert top_share([]) is None and top_share([0, 0]) is None


def test_median():
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    assert median([]) is None


def test_share_is_unknown_when_a_part_is_hidden_or_the_whole_is_zero():
    assert share(1, 4) == 0.25
    assert share(None, 4) is None
    assert share(3, 0) is None and share(3, None) is None


def test_small_cells_are_hidden():
    cells = suppress({"a": (40, 20), "b": (3, 3), "c": (12, 4), "d": (30, 9)})
    assert {key: cell.shown for key, cell in cells.items()} == {
        "a": True,
        "b": False,
        "c": False,  # 4 people
        "d": True,
    }
    # The value stays in the cell; only its dict, what is kept and shown, drops it.
    assert cells["b"] == Cell(3, 3, shown=False)
    assert cells["b"].as_dict() == {"value": None, "shown": False}
    assert cells["a"].as_dict() == {"value": 40, "shown": True}


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    # With the total known, hiding b alone would give it back: 60 − 40 − 12 = 8.
    cells = suppress({"a": (40, 20), "b": (8, 2), "c": (12, 6), "empty": (0, 0)})
    assert {key: cell.shown for key, cell in cells.items()} == {
        "a": True,
        "b": False,
        "c": False,  # the fewest people among the others
        "empty": True,  # a zero says nothing about anyone
    }


def test_two_hidden_cells_need_no_third():
    cells = suppress({"a": (40, 20), "b": (2, 2), "c": (3, 1), "d": (12, 6)})
    assert [key for key, cell in cells.items() if not cell.shown] == ["b", "c"]


def test_cells_of_five_people_are_shown():
    cells = suppress({"a": (5, SMALL), "b": (50, 30)})
    assert all(cell.shown for cell in cells.values())


def test_log_likelihood_on_a_worked_example():
    # A word 10 times in a part of 1,000 words, 10 times in the rest's 9,000.
    # Expected: 1,000 × 20 / 10,000 = 2 and 18.
    # G² = 2 × (10 ln(10/2) + 10 ln(10/18)) = 2 × (16.0944 − 5.8779) = 20.433
    expected = 2 * (10 * math.log(5) + 10 * math.log(10 / 18))
    assert expected == pytest.approx(20.433, abs=1e-3)
    assert log_likelihood(10, 10, 1_000, 9_000) == pytest.approx(expected)
    # Used less in the part than in the rest: the same strength, negative.
    assert log_likelihood(10, 10, 9_000, 1_000) == pytest.approx(-expected)


def test_log_likelihood_of_an_even_spread_or_an_absent_word_is_zero():
    assert log_likelihood(10, 90, 1_000, 9_000) == pytest.approx(0)
    assert log_likelihood(0, 0, 1_000, 9_000) == 0.0
    assert log_likelihood(5, 0, 1_000, 9_000) > 6.63  # only in the part: significant
