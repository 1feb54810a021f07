"""How fast and how close to the optimum the meeting scheduler is (forum/matchmaking/scheduler.py).

    .venv/bin/python bench/matchmaking_benchmark.py                 # the issue's instance
    .venv/bin/python bench/matchmaking_benchmark.py --tables 120    # people, not tables, bind
    .venv/bin/python bench/matchmaking_benchmark.py --small 20      # more small exact checks

1. **The large instance**: --investors investors, --startups startups, --requests accepted
   requests (distinct pairs, popularity skewed: a few startups are asked by many investors),
   --slots slots, --tables tables, and each person unavailable in one random slot with
   probability 0.3. It prints the wall-clock and CPU seconds of `schedule()`, the meetings
   placed, the people met, whether CP-SAT proved its schedule optimal, and two upper bounds on
   the number of meetings: the trivial one (slots × tables, and half the person-slots) and the
   one CP-SAT proves when asked only for the most meetings (--bound-budget of deterministic
   time). The gap is measured against the smaller bound.
2. **Small instances** (--small of them, 6–10 people a side, 3–4 slots, 2–5 tables): the
   exact optimum is computed by an independent exact solver (SCIP, a MIP branch-and-bound,
   through OR-Tools' linear solver wrapper) with the same objective, people met first, then
   meetings; the scheduler's result must equal it.

A benchmark, not a test: timings depend on the machine and on how busy it is (CPU time is
printed beside wall-clock time). Nothing is written anywhere; the instances come from --seed.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ortools.linear_solver import pywraplp  # noqa: E402
from ortools.sat.python import cp_model  # noqa: E402

from forum.matchmaking.scheduler import (  # noqa: E402
    DEFAULT_BUDGET,
    Meeting,
    Problem,
    check,
    schedule,
)

HOW = {
    "bounds": "the quick schedule reached the upper bounds; CP-SAT not needed",
    "cp-sat": "CP-SAT",
    "quick": "CP-SAT found nothing better within its budget",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--investors", type=int, default=300)
    parser.add_argument("--startups", type=int, default=300)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--slots", type=int, default=9)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--bound-budget", type=float, default=30.0)
    parser.add_argument(
        "--budget", type=float, default=DEFAULT_BUDGET, help="the scheduler's CP-SAT budget"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.requests > args.investors * args.startups:
        parser.error("--requests exceeds the number of distinct pairs")
    return args


def instance(rng, *, investors, startups, requests, slots, tables, unavailable_share=0.3):
    weights = [1 / (rank + 1) ** 0.5 for rank in range(startups)]
    pairs = set()
    while len(pairs) < requests:
        investor = rng.randrange(investors)
        startup = rng.choices(range(startups), weights)[0]
        pairs.add((investor, startup))
    meetings = tuple(
        Meeting(key=key, investor=i, startup=s) for key, (i, s) in enumerate(sorted(pairs))
    )
    unavailable = {}
    for side, count in (("investor", investors), ("startup", startups)):
        for person in range(count):
            if rng.random() < unavailable_share:
                unavailable[side, person] = {rng.randrange(slots)}
    return Problem(meetings=meetings, slots=slots, tables=tables, unavailable=unavailable)


def meetings_bound(problem, budget):
    """CP-SAT's proven upper bound on the number of meetings alone (no fairness term)."""
    model = cp_model.CpModel()
    x = {}
    for meeting in problem.meetings:
        for slot in range(problem.slots):
            if any(slot in problem.unavailable.get(p, ()) for p in meeting.people):
                continue
            x[meeting.key, slot] = model.new_bool_var("")
    by_person_slot, by_slot, by_meeting = {}, {}, {}
    for meeting in problem.meetings:
        for slot in range(problem.slots):
            if (meeting.key, slot) not in x:
                continue
            var = x[meeting.key, slot]
            by_meeting.setdefault(meeting.key, []).append(var)
            by_slot.setdefault(slot, []).append(var)
            for person in meeting.people:
                by_person_slot.setdefault((person, slot), []).append(var)
    for group in (*by_person_slot.values(), *by_meeting.values()):
        model.add_at_most_one(group)
    for variables in by_slot.values():
        model.add(sum(variables) <= problem.tables)
    model.maximize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = budget
    solver.parameters.num_workers = 2
    solver.solve(model)
    return solver.best_objective_bound


def exact_optimum(problem):
    """(people met, meetings) of an optimal schedule, by SCIP's branch-and-bound."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = {}
    for meeting in problem.meetings:
        for slot in range(problem.slots):
            if not any(slot in problem.unavailable.get(p, ()) for p in meeting.people):
                x[meeting.key, slot] = solver.BoolVar("")
    people = sorted({p for meeting in problem.meetings for p in meeting.people})
    met = {person: solver.BoolVar("") for person in people}
    for meeting in problem.meetings:
        solver.Add(sum(x.get((meeting.key, s), 0) for s in range(problem.slots)) <= 1)
    for slot in range(problem.slots):
        solver.Add(sum(v for (k, s), v in x.items() if s == slot) <= problem.tables)
        for person in people:
            mine = [
                x[m.key, slot]
                for m in problem.meetings
                if person in m.people and (m.key, slot) in x
            ]
            if mine:
                solver.Add(sum(mine) <= 1)
    for person in people:
        mine = [v for (k, s), v in x.items() if person in problem.meetings[k].people]
        solver.Add(met[person] <= sum(mine))
    weight = len(x) + 1
    solver.Maximize(weight * sum(met.values()) + sum(x.values()))
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return round(sum(v.solution_value() for v in met.values())), round(
        sum(v.solution_value() for v in x.values())
    )


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    problem = instance(
        rng,
        investors=args.investors,
        startups=args.startups,
        requests=args.requests,
        slots=args.slots,
        tables=args.tables,
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    result = schedule(problem, budget=args.budget)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert not check(problem, result.placements)
    people = {p for meeting in problem.meetings for p in meeting.people}
    person_slots = sum(
        problem.slots - len(problem.unavailable.get(person, ())) for person in people
    )
    trivial = min(problem.slots * problem.tables, person_slots // 2)
    proven = meetings_bound(problem, args.bound_budget)
    bound = min(trivial, proven)
    gap = (bound - result.count) / bound if bound else 0.0
    print(
        f"large instance: {args.investors} investors, {args.startups} startups, "
        f"{args.requests} accepted requests, {args.slots} slots × {args.tables} tables"
    )
    print(f"  scheduled in {wall:.2f} s wall-clock ({cpu:.2f} s CPU)")
    print(
        f"  meetings placed: {result.count}; people met: {result.people_met} of {len(people)}; "
        f"proven optimal: {'yes' if result.optimal else 'no'} ({HOW[result.method]})"
    )
    print(
        f"  upper bounds on meetings: trivial {trivial}, proven by CP-SAT {proven:.0f}; "
        f"gap to the optimum at most {gap:.2%}"
    )
    worst = 0
    for number in range(args.small):
        small = instance(
            rng,
            investors=rng.randint(6, 10),
            startups=rng.randint(6, 10),
            requests=rng.randint(15, 30),
            slots=rng.randint(3, 4),
            tables=rng.randint(2, 5),
        )
        got = schedule(small)
        people_met, meetings = exact_optimum(small)
        ours = (got.people_met, got.count)
        worst = max(worst, meetings - got.count)
        status = "equal" if ours == (people_met, meetings) else "DIFFERENT"
        print(
            f"small instance {number + 1}: scheduler {ours[0]} people / {ours[1]} meetings "
            f"({got.method}), exact optimum (SCIP) {people_met} / {meetings}: {status}"
        )
    failed = wall >= 10 or gap > 0.02 or worst
    print("result:", "FAILED" if failed else "ok (under 10 s, within 2 %, small ones optimal)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
