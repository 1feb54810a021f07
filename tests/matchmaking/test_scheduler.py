"""The scheduler's guarantee (forum/matchmaking/scheduler.py), checked against a brute force
that tries every schedule of small instances."""

import itertools
import random

import pytest

from forum.matchmaking.scheduler import (
    InfeasibleFixedPlacements,
    Meeting,
    Problem,
    check,
    schedule,
)


def random_problem(rng, *, people=(4, 6), requests=(6, 9), slots=(2, 3), tables=(1, 3)):
    investors, startups = rng.randint(*people), rng.randint(*people)
    pairs = sorted(
        rng.sample(
            [(i, s) for i in range(investors) for s in range(startups)], rng.randint(*requests)
        )
    )
    meetings = tuple(Meeting(key=k, investor=i, startup=s) for k, (i, s) in enumerate(pairs))
    n_slots = rng.randint(*slots)
    unavailable = {}
    for side, count in (("investor", investors), ("startup", startups)):
        for person in range(count):
            if rng.random() < 0.3:
                unavailable[side, person] = {rng.randrange(n_slots)}
    return Problem(meetings, n_slots, rng.randint(*tables), unavailable)


def brute_force(problem):
    """The best (people met, meetings) over every assignment of a slot or none to each meeting."""
    best = (0, 0)
    choices = [None, *range(problem.slots)]
    for assignment in itertools.product(choices, repeat=len(problem.meetings)):
        per_slot = {}
        busy = set()
        ok = True
        for meeting, slot in zip(problem.meetings, assignment, strict=True):
            if slot is None:
                continue
            per_slot[slot] = per_slot.get(slot, 0) + 1
            for person in meeting.people:
                if (person, slot) in busy or slot in problem.unavailable.get(person, ()):
                    ok = False
                busy.add((person, slot))
            if per_slot[slot] > problem.tables or not ok:
                ok = False
                break
        if ok:
            met = {p for p, _slot in busy}
            best = max(best, (len(met), sum(slot is not None for slot in assignment)))
    return best


def test_nobody_and_no_table_is_double_booked():
    meetings = (
        *(Meeting(k, investor=0, startup=k) for k in range(5)),
        Meeting(5, investor=1, startup=0),
    )
    problem = Problem(meetings, slots=3, tables=2)

    result = schedule(problem)

    assert check(problem, result.placements) == []
    slots_of_investor_0 = [result.placements[k][0] for k in range(5) if k in result.placements]
    assert len(slots_of_investor_0) == len(set(slots_of_investor_0)) == 3
    assert len(set(result.placements.values())) == len(result.placements)
    assert result.count == 4  # investor 0 can take only 3 slots; investor 1's meeting fits too


def test_unavailable_times_are_respected():
    meetings = (Meeting(0, 0, 0), Meeting(1, 0, 1))
    problem = Problem(meetings, slots=3, tables=5, unavailable={("investor", 0): {0, 1}})

    result = schedule(problem)

    assert result.count == 1
    assert next(iter(result.placements.values()))[0] == 2


def test_nobody_is_left_with_none_when_a_schedule_could_include_them():
    # One slot, two tables: investor 0 asked for startups 0 and 1, investor 1 for startup 0.
    meetings = (Meeting(0, investor=0, startup=0), Meeting(1, 0, 1), Meeting(2, 1, 0))
    problem = Problem(meetings, slots=1, tables=2)

    result = schedule(problem)

    # Meeting 0 alone would leave investor 1 and startup 1 with none; 1 and 2 meet all four.
    assert set(result.placements) == {1, 2}
    assert result.people_met == 4


@pytest.mark.parametrize("seed", range(25))
def test_the_count_matches_the_exact_optimum_on_small_instances(seed):
    problem = random_problem(random.Random(seed))

    result = schedule(problem)

    assert check(problem, result.placements) == []
    assert (result.people_met, result.count) == brute_force(problem)
    assert result.optimal


def test_the_same_input_gives_the_same_schedule():
    problem = random_problem(random.Random(7), people=(10, 12), requests=(40, 50), slots=(4, 4))

    first = schedule(problem)

    for _ in range(3):
        assert schedule(problem).placements == first.placements


def test_a_confirmed_meeting_is_never_moved_unless_left_out_of_fixed():
    meetings = (Meeting(0, 0, 0), Meeting(1, 1, 1), Meeting(2, 0, 1))
    fixed = {0: (2, 1)}  # confirmed in the last slot, at the second table
    problem = Problem(meetings, slots=3, tables=2, fixed=fixed)

    result = schedule(problem)

    assert result.placements[0] == (2, 1)
    assert result.count == 3
    assert check(problem, result.placements) == []
    # Fixed even when the person has since been marked unavailable in that slot.
    later = Problem(meetings, 3, 2, unavailable={("investor", 0): {2}}, fixed=fixed)
    assert schedule(later).placements[0] == (2, 1)


def test_fixed_placements_that_double_book_are_refused():
    meetings = (Meeting(0, 0, 0), Meeting(1, 0, 1))
    problem = Problem(meetings, slots=2, tables=2, fixed={0: (0, 0), 1: (0, 1)})

    with pytest.raises(InfeasibleFixedPlacements, match="double-booked"):
        schedule(problem)


def test_the_solver_is_used_when_the_quick_schedule_falls_short():
    # Dense instances with two slots and two tables, where the quick schedule may fall short
    # of the bounds and the solver must still reach the optimum the brute force finds.
    rng = random.Random(3)
    for _ in range(5):
        problem = random_problem(rng, people=(3, 5), requests=(8, 10), slots=(2, 2), tables=(2, 2))
        result = schedule(problem)
        assert (result.people_met, result.count) == brute_force(problem)


def test_check_reports_every_kind_of_broken_rule():
    meetings = (Meeting(0, 0, 0), Meeting(1, 0, 1))
    problem = Problem(meetings, slots=1, tables=1, unavailable={("startup", 1): {0}}, fixed={})

    broken = check(problem, {0: (0, 0), 1: (0, 0), 9: (0, 0)})

    assert "table 0 is double-booked in slot 0" in broken
    assert "('investor', 0) is double-booked in slot 0" in broken
    assert "('startup', 1) is unavailable in slot 0" in broken
    assert "meeting 9 is not among the meetings to schedule" in broken
