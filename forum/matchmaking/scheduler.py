"""The meeting scheduler: a pure function from accepted meetings to (slot, table) placements.

It knows nothing of Django. People, meetings, slots and tables are plain integers (slots and
tables count from 0); `services.schedule_edition` feeds it from the database and writes back.

The guarantee
-------------
For any input, the schedule returned

1. **never double-books**: a person has at most one meeting in a slot, a table at most one
   meeting in a slot, a meeting at most one placement;
2. **respects availability**: no meeting is placed in a slot either side marked unavailable;
3. **keeps what is fixed**: every placement in `fixed` (meetings already confirmed to their
   participants) is returned unchanged — re-scheduling moves a confirmed meeting only when the
   caller leaves it out of `fixed`;
4. **is deterministic**: the same input gives the same output (CP-SAT runs on one worker with a
   deterministic time budget, never a wall-clock one; ties are broken by meeting order);
5. **is fair, then as large as possible**: it maximizes first the number of people who get at
   least one meeting (nobody is left with none when a schedule could include them together with
   everyone else it includes), then the number of meetings.

1–4 always hold: they are hard constraints, and `check()` verifies every result before it is
returned. 5 is proven when `Schedule.optimal` is true (CP-SAT closed the gap); otherwise the
schedule is the best found within the budget and `Schedule.bound` is CP-SAT's proven upper
bound on the objective, so the gap is known. `bench/matchmaking_benchmark.py` measures both.

How: a quick schedule first (a maximum matching of the requests, then one meeting for each
person it leaves out, then the rest, each in a free slot). When it reaches the upper bounds —
everyone with a possible meeting met, and every free table or every placeable meeting used —
it is optimal as it stands and is returned. Otherwise it is CP-SAT's starting point: one
boolean per (meeting, possible slot), at most one per meeting, per person and slot, at most
the free tables per slot, objective `weight × people met + meetings` with the weight above
any number of meetings.

Tables are interchangeable, so the model chooses slots only: a slot holds at most as many new
meetings as it has tables left, and tables are dealt afterwards in meeting order.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# CP-SAT's deterministic time (roughly seconds of one core's work), spent only when the quick
# schedule falls short of the upper bounds.
DEFAULT_BUDGET = 4.0


@dataclass(frozen=True)
class Meeting:
    key: int
    investor: int
    startup: int

    @property
    def people(self):
        return (("investor", self.investor), ("startup", self.startup))


@dataclass(frozen=True)
class Problem:
    meetings: tuple
    slots: int
    tables: int
    # {(side, person id): set of slot numbers}, side "investor" or "startup"
    unavailable: dict = field(default_factory=dict)
    # {meeting key: (slot, table)}
    fixed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    placements: dict  # {meeting key: (slot, table)}
    optimal: bool
    people_met: int
    bound: float | None  # proven upper bound on the objective (people_met * weight + meetings)
    objective: float
    # How it was found: "bounds" (the quick schedule reached the upper bounds: optimal),
    # "cp-sat" (the solver; optimal when `optimal`), "quick" (the solver found nothing better
    # in its budget; the quick schedule stands).
    method: str = "bounds"

    @property
    def count(self):
        return len(self.placements)


class InfeasibleFixedPlacements(ValueError):
    """The fixed placements already break a hard rule; nothing can be scheduled around them."""


def check(problem, placements):
    """The hard rules broken by `placements`, as a list of sentences (empty when none is)."""
    problems = []
    by_key = {meeting.key: meeting for meeting in problem.meetings}
    busy = set()
    tables = set()
    for key, (slot, table) in sorted(placements.items()):
        meeting = by_key.get(key)
        if meeting is None:
            problems.append(f"meeting {key} is not among the meetings to schedule")
            continue
        if not (0 <= slot < problem.slots and 0 <= table < problem.tables):
            problems.append(f"meeting {key} is placed outside the grid")
        if (slot, table) in tables:
            problems.append(f"table {table} is double-booked in slot {slot}")
        tables.add((slot, table))
        for person in meeting.people:
            if (person, slot) in busy:
                problems.append(f"{person} is double-booked in slot {slot}")
            busy.add((person, slot))
            if slot in problem.unavailable.get(person, ()) and key not in problem.fixed:
                problems.append(f"{person} is unavailable in slot {slot}")
    for key, place in problem.fixed.items():
        if placements.get(key) != place:
            problems.append(f"fixed meeting {key} was moved")
    return problems


def _maximum_matching(candidates):
    """A maximum matching of the request graph (Kuhn's augmenting paths, in meeting order)."""
    edges = defaultdict(list)
    for meeting in candidates:
        edges[meeting.people[0]].append(meeting)
    partner = {}  # startup -> meeting

    def augment(investor, seen):
        for meeting in edges[investor]:
            startup = meeting.people[1]
            if startup in seen:
                continue
            seen.add(startup)
            if startup not in partner or augment(partner[startup].people[0], seen):
                partner[startup] = meeting
                return True
        return False

    for investor in sorted(edges):
        augment(investor, set())
    return sorted(partner.values(), key=lambda meeting: meeting.key)


def _greedy(problem, free_tables, busy, candidates):
    """A good feasible schedule to start the solver from, built so as to meet everyone first:
    a smallest set of meetings touching every person (a maximum matching, then one meeting for
    each person it leaves out, with the least loaded partner), then every other meeting, people
    with the fewest requests first, each in the feasible slot with the most tables left."""
    requests = defaultdict(int)
    for meeting in candidates:
        for person in meeting.people:
            requests[person] += 1
    matching = _maximum_matching(candidates)
    load = defaultdict(int)
    cover = list(matching)
    for meeting in matching:
        for person in meeting.people:
            load[person] += 1
    by_person = defaultdict(list)
    for meeting in candidates:
        for person in meeting.people:
            by_person[person].append(meeting)
    for person in sorted(by_person):
        if load[person]:
            continue
        meeting = min(
            by_person[person],
            key=lambda m: (sum(load[p] for p in m.people if p != person), m.key),
        )
        cover.append(meeting)
        for other in meeting.people:
            load[other] += 1
    chosen_keys = {meeting.key for meeting in cover}
    rest = sorted(
        (m for m in candidates if m.key not in chosen_keys),
        key=lambda m: (
            min(requests[p] for p in m.people),
            max(requests[p] for p in m.people),
            m.key,
        ),
    )
    cover.sort(key=lambda m: (-max(load[p] for p in m.people), m.key))
    left = dict(free_tables)
    taken = {person: set(slots) for person, slots in busy.items()}
    chosen = {}
    for meeting in (*cover, *rest):
        feasible = [
            slot
            for slot in range(problem.slots)
            if left.get(slot, 0) > 0
            and not any(
                slot in taken[p] or slot in problem.unavailable.get(p, ()) for p in meeting.people
            )
        ]
        if not feasible:
            continue
        slot = max(feasible, key=lambda s: (left[s], -s))
        chosen[meeting.key] = slot
        left[slot] -= 1
        for person in meeting.people:
            taken[person].add(slot)
    return chosen


def schedule(problem, *, budget=DEFAULT_BUDGET):
    """Place as many of `problem.meetings` as the rules allow (see the module's guarantee)."""
    fixed = dict(problem.fixed)
    if broken := check(Problem(problem.meetings, problem.slots, problem.tables, {}, fixed), fixed):
        raise InfeasibleFixedPlacements("; ".join(broken))

    by_key = {meeting.key: meeting for meeting in problem.meetings}
    free_tables = dict.fromkeys(range(problem.slots), problem.tables)
    busy = defaultdict(set)
    people_with_fixed = set()
    for key, (slot, _table) in fixed.items():
        free_tables[slot] -= 1
        for person in by_key[key].people:
            busy[person].add(slot)
            people_with_fixed.add(person)
    candidates = sorted(
        (meeting for meeting in problem.meetings if meeting.key not in fixed),
        key=lambda meeting: meeting.key,
    )
    for meeting in candidates:
        for person in meeting.people:
            busy.setdefault(person, set())

    model = cp_model.CpModel()
    x = {}  # (meeting key, slot) -> bool
    per_person_slot = defaultdict(list)
    per_slot = defaultdict(list)
    per_person = defaultdict(list)
    for meeting in candidates:
        options = []
        for slot in range(problem.slots):
            if free_tables[slot] <= 0:
                continue
            if any(
                slot in busy[p] or slot in problem.unavailable.get(p, ()) for p in meeting.people
            ):
                continue
            var = model.new_bool_var(f"m{meeting.key}s{slot}")
            x[meeting.key, slot] = var
            options.append(var)
            per_slot[slot].append(var)
            for person in meeting.people:
                per_person_slot[person, slot].append(var)
                per_person[person].append(var)
        if len(options) > 1:
            model.add_at_most_one(options)
    for variables in per_person_slot.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for slot, variables in per_slot.items():
        if len(variables) > free_tables[slot]:
            model.add(sum(variables) <= free_tables[slot])

    # People who can still be given a first meeting; those with a fixed one are met already.
    met = {}
    for person in sorted(per_person):
        if person in people_with_fixed:
            continue
        indicator = model.new_bool_var(f"met{person}")
        model.add_bool_or(per_person[person]).only_enforce_if(indicator)
        met[person] = indicator
    weight = len(x) + 1  # one more person met outweighs any number of meetings
    model.maximize(weight * sum(met.values()) + sum(x.values()))

    hint = _greedy(problem, free_tables, busy, candidates)
    hint_met = {p for key in hint for p in by_key[key].people} - people_with_fixed
    # Upper bounds: everyone with a possible meeting met, every table or meeting used.
    placeable = {key for key, _slot in x}
    meetings_bound = min(sum(free_tables[slot] for slot in per_slot), len(placeable))
    bound = weight * len(met) + meetings_bound
    status = None
    if weight * len(hint_met) + len(hint) < bound:
        for (key, slot), var in x.items():
            model.add_hint(var, hint.get(key) == slot)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = budget
        status = solver.solve(model)

    method = "cp-sat"
    if status is None:  # the quick schedule reaches the upper bounds: it is optimal
        chosen, optimal, method = hint, True, "bounds"
    elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {key: slot for (key, slot), var in x.items() if solver.boolean_value(var)}
        optimal = status == cp_model.OPTIMAL
        bound = solver.best_objective_bound
    else:  # no solution within the budget: fall back on the greedy one
        chosen, optimal, bound, method = hint, False, None, "quick"

    placements = dict(fixed)
    taken = defaultdict(set)
    for slot, table in fixed.values():
        taken[slot].add(table)
    for key in sorted(chosen):
        slot = chosen[key]
        table = next(t for t in range(problem.tables) if t not in taken[slot])
        taken[slot].add(table)
        placements[key] = (slot, table)

    people_met = {p for key in placements for p in by_key[key].people}
    objective = weight * len(people_met - people_with_fixed) + len(chosen)
    if broken := check(problem, placements):  # pragma: no cover - a bug, never an input
        raise AssertionError("; ".join(broken))
    return Schedule(
        placements=placements,
        optimal=optimal,
        people_met=len(people_met),
        bound=bound,
        objective=objective,
        method=method,
    )
