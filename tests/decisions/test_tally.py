"""Majority judgment and yes/no counting on worked examples, and their properties."""

from hypothesis import given
from hypothesis import strategies as st

from assembly.decisions.tally import (
    HIGHEST,
    LOWEST,
    Count,
    count,
    judge,
    lower_median,
    majority_value,
)

# Grades: 0 À rejeter, 1 Insuffisant, 2 Passable, 3 Assez bien, 4 Bien, 5 Très bien.


def ranks(result):
    return {judged.option: judged.rank for judged in result}


def test_the_majority_grade_of_an_odd_count_is_the_middle_grade():
    assert lower_median([5, 0, 3, 4, 1]) == 3  # 0 1 [3] 4 5


def test_the_majority_grade_of_an_even_count_is_the_lower_middle_grade():
    assert lower_median([5, 4, 2, 1]) == 2  # 1 [2] 4 5, not 3 nor 4
    assert lower_median([3, 3, 5, 5]) == 3


def test_the_better_majority_grade_wins():
    result = judge({"picnic": [5, 4, 4, 2, 1], "concert": [5, 5, 3, 3, 0]})
    # picnic: 1 2 [4] 4 5 → Bien; concert: 0 3 [3] 5 5 → Assez bien
    assert [(j.option, j.rank, j.majority_grade) for j in result] == [
        ("picnic", 1, 4),
        ("concert", 2, 3),
    ]


def test_a_tie_is_broken_at_the_first_step():
    # Both Bien (4). Take one 4 away from each: A 1 2 4 5 → lower median 2;
    # B 3 3 4 5 → 3. B wins.
    result = judge({"A": [1, 2, 4, 4, 5], "B": [3, 3, 4, 4, 5]})
    assert [j.option for j in result] == ["B", "A"]
    assert ranks(result) == {"B": 1, "A": 2}
    assert result[0].value[:2] == (4, 3) and result[1].value[:2] == (4, 2)


def test_a_tie_is_broken_at_a_later_step():
    # Medians removed in turn: A 3, 3, 3, 2, 5 and B 3, 3, 3, 1, 5.
    a, b = [2, 3, 3, 3, 5], [1, 3, 3, 3, 5]
    assert majority_value(a) == (3, 3, 3, 2, 5)
    assert majority_value(b) == (3, 3, 3, 1, 5)
    assert ranks(judge({"A": a, "B": b})) == {"A": 1, "B": 2}


def test_an_even_count_uses_the_lower_median_at_every_step():
    # A: 1 [2] 4 5 → 2, then 1 [4] 5 → 4 … ; B: 2 [2] 3 3 → 2, then 2 [3] 3 → 3.
    assert majority_value([5, 4, 2, 1]) == (2, 4, 1, 5)
    assert ranks(judge({"A": [5, 4, 2, 1], "B": [3, 3, 2, 2]})) == {"A": 1, "B": 2}


def test_identical_profiles_share_their_rank():
    result = judge({"A": [4, 2, 0], "B": [0, 4, 2], "C": [1, 1, 1]})
    assert ranks(result) == {"A": 1, "B": 1, "C": 3}


def test_all_equal_options_are_all_first():
    result = judge({"A": [3, 3], "B": [3, 3], "C": [3, 3]})
    assert set(ranks(result).values()) == {1}


def test_a_missing_grade_counts_as_the_lowest():
    # Three voters; the third left B out: B is judged on 4, 4, À rejeter.
    result = judge({"A": [4, 4, 4], "B": [4, 4]}, voters=3)
    by_option = {j.option: j for j in result}
    assert by_option["B"].profile == (1, 0, 0, 0, 2, 0)
    assert by_option["B"].majority_grade == 4  # 0 [4] 4
    assert ranks(result) == {"A": 1, "B": 2}


def test_the_profile_counts_each_grade():
    (only,) = judge({"A": [5, 5, 2, 0]})
    assert only.profile == (1, 0, 1, 0, 0, 2) and only.voters == 4


def test_nobody_voted():
    result = judge({"A": [], "B": []})
    assert all(j.majority_grade is None and j.rank == 1 for j in result)


def test_yes_no_count_ignores_abstentions():
    assert count(["yes", "no", "abstain", "abstain", "yes"]) == Count(2, 1, 2)
    assert Count(2, 1, 9).adopted and not Count(1, 1, 0).adopted and not Count(0, 0, 3).adopted


# Properties

grades = st.integers(LOWEST, HIGHEST)
profiles = st.integers(1, 9).flatmap(
    lambda voters: st.lists(
        st.lists(grades, min_size=voters, max_size=voters), min_size=2, max_size=5
    )
)


@given(profiles, st.data())
def test_raising_one_grade_never_lowers_that_options_rank(options, data):
    before = judge(dict(enumerate(options)))
    chosen = data.draw(st.integers(0, len(options) - 1))
    voter = data.draw(st.integers(0, len(options[chosen]) - 1))
    better = data.draw(st.integers(options[chosen][voter], HIGHEST))
    raised = [list(grades) for grades in options]
    raised[chosen][voter] = better
    after = judge(dict(enumerate(raised)))
    assert ranks(after)[chosen] <= ranks(before)[chosen]


@given(profiles, st.data())
def test_a_new_voter_giving_the_top_grade_breaks_a_tie_for_that_option(options, data):
    chosen = data.draw(st.integers(0, len(options) - 1))
    before = ranks(judge(dict(enumerate(options))))
    others = [data.draw(grades) for _ in options]
    added = [[*grades, HIGHEST if i == chosen else others[i]] for i, grades in enumerate(options)]
    after = ranks(judge(dict(enumerate(added))))
    # Options level with it before cannot pass it. (Options behind it may: majority
    # judgment, like every median rule, is not consistent when voters are added.)
    for other, rank in before.items():
        if rank == before[chosen] and other != chosen:
            assert after[chosen] <= after[other]


@given(profiles)
def test_the_ranking_is_a_ranking(options):
    result = judge(dict(enumerate(options)))
    assert sorted(ranks(result)) == list(range(len(options)))
    assert [j.rank for j in result] == sorted(j.rank for j in result)
    assert result[0].rank == 1
    for judged in result:
        assert judged.majority_grade == lower_median(options[judged.option])
        assert sum(judged.profile) == len(options[judged.option])
