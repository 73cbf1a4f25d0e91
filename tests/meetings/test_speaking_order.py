"""The speaking-list rules, held by property-based tests over any waiting list."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from assembly.meetings.models import Gender, OrderRule, TurnKind
from assembly.meetings.speaking import Request, side, speaking_order

START = datetime(2026, 3, 5, 18, 30)


@st.composite
def waiting_lists(draw):
    """Up to 12 requests from distinct people, asked at increasing times."""
    n = draw(st.integers(0, 12))
    gaps = draw(st.lists(st.integers(0, 120), min_size=n, max_size=n))
    requests, at = [], START
    for i, gap in enumerate(gaps):
        at += timedelta(seconds=gap)
        requests.append(
            Request(
                id=i + 1,
                speaker=100 + i,
                kind=draw(st.sampled_from(TurnKind)),
                asked_at=at,
                turns_taken=draw(st.integers(0, 3)),
                gender=draw(st.one_of(st.none(), st.sampled_from(Gender))),
            )
        )
    return draw(st.permutations(requests))  # the input order must not matter


previous_speakers = st.one_of(
    st.none(),
    st.builds(
        Request,
        id=st.just(0),
        speaker=st.just(1),
        kind=st.just(TurnKind.NORMAL),
        asked_at=st.just(START),
        gender=st.one_of(st.none(), st.sampled_from(Gender)),
    ),
)


def ordinary(order):
    return [r for r in order if r.kind == TurnKind.NORMAL]


@given(waiting_lists(), st.sampled_from(OrderRule), previous_speakers)
def test_everyone_waiting_gets_exactly_one_place(waiting, rule, previous):
    order = speaking_order(waiting, rule, previous)
    assert sorted(r.id for r in order) == sorted(r.id for r in waiting)


@given(waiting_lists(), st.sampled_from(OrderRule), previous_speakers)
def test_points_of_order_then_replies_jump_the_queue_in_the_order_asked(waiting, rule, previous):
    order = speaking_order(waiting, rule, previous)
    ranks = [{TurnKind.ORDER: 0, TurnKind.REPLY: 1, TurnKind.NORMAL: 2}[r.kind] for r in order]
    assert ranks == sorted(ranks)
    for kind in (TurnKind.ORDER, TurnKind.REPLY):
        times = [r.asked_at for r in order if r.kind == kind]
        assert times == sorted(times)


@given(waiting_lists())
def test_first_come_first_served(waiting):
    times = [r.asked_at for r in ordinary(speaking_order(waiting, OrderRule.FIRST_COME))]
    assert times == sorted(times)


@given(waiting_lists())
def test_nobody_speaks_again_while_someone_who_has_not_spoken_waits(waiting):
    order = ordinary(speaking_order(waiting, OrderRule.NEWCOMERS_FIRST))
    for i, request in enumerate(order):
        if request.turns_taken > 0:
            assert all(later.turns_taken > 0 for later in order[i + 1 :])
    newcomers = [r.asked_at for r in order if r.turns_taken == 0]
    assert newcomers == sorted(newcomers)


@given(waiting_lists())
def test_among_those_who_have_spoken_whoever_has_spoken_least_goes_first(waiting):
    order = ordinary(speaking_order(waiting, OrderRule.NEWCOMERS_FIRST))
    spoken = [(r.turns_taken, r.asked_at) for r in order if r.turns_taken > 0]
    assert spoken == sorted(spoken)


def test_whoever_has_spoken_least_goes_first_even_when_asking_later():
    early = Request(1, 101, TurnKind.NORMAL, START, turns_taken=3)
    late = Request(2, 102, TurnKind.NORMAL, START + timedelta(minutes=5), turns_taken=1)
    assert speaking_order([early, late], OrderRule.NEWCOMERS_FIRST) == [late, early]


@given(waiting_lists())
def test_when_nobody_has_spoken_yet_whoever_asked_first_starts_the_alternation(waiting):
    order = ordinary(speaking_order(waiting, OrderRule.ALTERNATE, None))
    if order:
        first_asked = min(ordinary(waiting), key=lambda r: (r.asked_at, r.id))
        assert order[0] == first_asked


def test_a_woman_who_asked_first_opens_an_alternation_nobody_has_spoken_in():
    for first, second in ((Gender.WOMAN, Gender.MAN), (Gender.MAN, Gender.WOMAN)):
        a = Request(1, 101, TurnKind.NORMAL, START, gender=first)
        b = Request(2, 102, TurnKind.NORMAL, START + timedelta(minutes=1), gender=second)
        assert speaking_order([b, a], OrderRule.ALTERNATE, None) == [a, b]


@given(waiting_lists(), previous_speakers)
def test_alternation_holds_whenever_both_sides_wait(waiting, previous):
    order = ordinary(speaking_order(waiting, OrderRule.ALTERNATE, previous))
    last = side(previous.gender) if previous else None
    for i, request in enumerate(order):
        still_waiting = {side(r.gender) for r in order[i:]}
        if len(still_waiting) == 2 and last is not None:
            assert side(request.gender) != last, "the same side spoke twice while the other waited"
        last = side(request.gender)


@given(waiting_lists(), previous_speakers)
def test_alternation_keeps_each_side_in_the_order_asked(waiting, previous):
    order = ordinary(speaking_order(waiting, OrderRule.ALTERNATE, previous))
    for wanted in ("men", "others"):
        times = [r.asked_at for r in order if side(r.gender) == wanted]
        assert times == sorted(times)


def test_a_small_example_reads_as_a_facilitator_expects():
    def ask(i, minute, gender, turns=0, kind=TurnKind.NORMAL):
        return Request(i, i, kind, START + timedelta(minutes=minute), turns, gender)

    waiting = [
        ask(1, 0, Gender.MAN, turns=2),
        ask(2, 1, Gender.MAN),
        ask(3, 2, Gender.WOMAN),
        ask(4, 3, None, kind=TurnKind.REPLY),
    ]
    assert [r.id for r in speaking_order(waiting, OrderRule.FIRST_COME)] == [4, 1, 2, 3]
    assert [r.id for r in speaking_order(waiting, OrderRule.NEWCOMERS_FIRST)] == [4, 2, 3, 1]
    man = ask(0, 0, Gender.MAN)
    assert [r.id for r in speaking_order(waiting, OrderRule.ALTERNATE, man)] == [4, 3, 1, 2]
