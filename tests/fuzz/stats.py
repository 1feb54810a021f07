"""What the fuzz tests sent and what came back, for the run's closing summary."""

import os
import time
from collections import Counter

# The fuzz tests' wall-clock time in one run of the suite (seconds) and the inputs they aim
# for, both shared out by each test's `share`. A test stops sending when it has sent its share
# of the inputs or spent its share of the time, whichever comes first: its remaining examples
# return at once, uncounted. CI runs the suite twice (SQLite, PostgreSQL): about a minute each.
BUDGET_SECONDS = float(os.environ.get("FUZZ_SECONDS", "48"))
TARGET_INPUTS = int(os.environ.get("FUZZ_INPUTS", "12000"))


class FuzzStats:
    """Requests sent, generated inputs they carried (path parts, query parameters, form fields),
    and the statuses that came back."""

    def __init__(self):
        self.statuses = Counter()
        self.inputs_per_test = Counter()
        self.requests = 0

    @property
    def inputs(self):
        return sum(self.inputs_per_test.values())

    def record(self, test, status, inputs):
        self.requests += 1
        self.statuses[status] += 1
        self.inputs_per_test[test] += inputs

    def summary(self):
        statuses = ", ".join(f"{n} × {status}" for status, n in sorted(self.statuses.items()))
        tests = ", ".join(f"{name} {n}" for name, n in sorted(self.inputs_per_test.items()))
        return (
            f"fuzz: {self.inputs} inputs in {self.requests} requests, "
            f"{self.statuses.get(500, 0)} × 500 (statuses: {statuses}; inputs per test: {tests})"
        )


STATS = FuzzStats()
# Set once a check fails: from then on no slice runs out, so hypothesis can replay and shrink
# the failing example instead of reporting it as flaky.
FAILING = []


class Slice:
    """A test's share of the budget: of the time, counted from its first example, and of the
    inputs, counted under the test's name."""

    def __init__(self, test, share):
        self.test = test
        self.seconds = BUDGET_SECONDS * share
        self.inputs = TARGET_INPUTS * share
        self.started = None

    def spent(self):
        if FAILING:
            return False
        now = time.monotonic()
        if self.started is None:
            self.started = now
        return now - self.started > self.seconds or STATS.inputs_per_test[self.test] >= self.inputs
