"""How long the site search takes on the data set at scale (10,000 people, 5,000 organizations,
5,000 indicators, 2,000 articles), per kind of query: p50, p95 and p99 in milliseconds.

    .venv/bin/python bench/search_benchmark.py                       # scratch PostgreSQL database
    .venv/bin/python bench/search_benchmark.py --database sqlite
    .venv/bin/python bench/search_benchmark.py --people 2000          # a smaller data set
    .venv/bin/python bench/search_benchmark.py --use postgres://postgres@127.0.0.1:5432/youth50_x

Without --use it creates a throwaway database (test_youth50_search_bench on 127.0.0.1, or a
SQLite file in a temporary folder), fills it with `load_scale_data` and drops it afterwards.
With --use it reads a database that already holds the data set (after `migrate` and
`load_scale_data`) and changes nothing in it.

Each round runs every query of the mix once, in a shuffled order, through
forum.website.search.search as the page does (Chinese page language), reading every item
shown; the figures are over --runs rounds. SEARCH_BENCH_EXPLAIN=1 prints the slowest SQL statement
of each query's last run. "SQL" is the median time spent waiting for the database (the
rest is Python: building queries, reading rows, pinyin). "CPU" is the mean CPU time of a
search, this process's and its PostgreSQL backend's together (read from /proc, in clock
ticks: meaningful as a mean over many runs): what a search costs whatever else the machine
is doing, close to its wall-clock time on an idle machine.

A benchmark, not a test: the figures depend on the machine and its load (printed).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A visitor's mix: Chinese of one to four characters and more, English words, pinyin, a
# homophone, misspellings (found through the suggestion) and text that matches nothing.
QUERIES = {
    "chinese-1": ["沐", "芯", "张"],
    "chinese-2": ["沐曦", "智能", "机器", "张伟", "上海"],
    "chinese-3+": ["机器人", "集成电路", "沐曦科技", "上海沐曦半导体"],
    "english": ["Robotics", "GPU", "semiconductor", "young entrepreneur"],
    "pinyin": ["muxi", "chen weiliang", "zhangwei"],
    "homophone": ["沐熙", "机七人"],
    "misspelt": ["MetX", "minimx", "Robotcs", "Semicondutor", "Dongxinq"],
    "nothing": ["qqqqzzzz", "xyzzy plugh"],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="data set size (scaled)")
    parser.add_argument("--runs", type=int, default=20, help="rounds of the whole mix")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/youth50_search_bench")
    parser.add_argument("--use", metavar="DATABASE_URL", help="an existing database to read")
    return parser.parse_args()


def setup_django(args, folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if args.use:
        os.environ["DATABASE_URL"] = args.use
    elif args.database == "postgres":
        os.environ["DATABASE_URL"] = args.pg
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = Path(folder) / "media"
    if args.database == "sqlite" and not args.use:
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{folder}/test_bench.sqlite3"


def percentiles(times):
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def cpu_seconds(backend):
    """CPU time used so far by this process and by the PostgreSQL backend serving it (whose
    /proc entry is readable on this machine); the backend's counts in clock ticks."""
    ticks = 0
    if backend:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return time.process_time() + ticks / os.sysconf("SC_CLK_TCK")


def run_once(query, backend):
    """Milliseconds of wall clock and of CPU, the SQL statements run, and the results of one
    search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum.website.search import search

    with CaptureQueriesContext(connection) as captured:
        cpu = cpu_seconds(backend)
        start = time.perf_counter()
        results = search(query)
        for group in results.groups:
            list(group.items)
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (cpu_seconds(backend) - cpu) * 1000
    return elapsed, cpu, captured.captured_queries, results


def report(args):
    from django.db import connection
    from django.utils import translation

    from profiles.models import Person

    print(
        f"Database: {connection.vendor}; {Person.objects.count()} people; {args.runs} rounds; "
        f"load average before {os.getloadavg()[0]:.1f}"
    )
    queries = [(kind, text) for kind, texts in QUERIES.items() for text in texts]
    times = {text: [] for _, text in queries}
    database_times = {text: [] for _, text in queries}
    cpu_times = {text: [] for _, text in queries}
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    last = {}
    rng = random.Random(15)
    with translation.override("zh-hans"):
        for _kind, text in queries:  # warm-up: caches, prepared plans, pinyin tables
            run_once(text, backend)
        for _round in range(args.runs):
            rng.shuffle(queries)
            for _kind, text in queries:
                elapsed, cpu, captured, results = run_once(text, backend)
                times[text].append(elapsed)
                cpu_times[text].append(cpu)
                database_times[text].append(sum(float(q["time"]) for q in captured) * 1000)
                last[text] = (captured, results)
        for kind, texts in QUERIES.items():
            everything = [t for text in texts for t in times[text]]
            p50, p95, p99 = percentiles(everything)
            cpu = statistics.mean(t for text in texts for t in cpu_times[text])
            print(
                f"{kind:<11} p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms; "
                f"CPU {cpu:5.1f} ms a search"
            )
            for text in texts:
                captured, results = last[text]
                p50, p95, p99 = percentiles(times[text])
                suggestion = f" (did you mean {results.suggestion})" if results.suggestion else ""
                database = statistics.median(database_times[text])
                print(
                    f"    {text:<16} p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms "
                    f"(SQL {database:5.1f}), {len(captured):2d} queries, "
                    f"{results.total:5d} results{suggestion}"
                )
                if os.environ.get("SEARCH_BENCH_EXPLAIN") and connection.vendor == "postgresql":
                    slowest = max(captured, key=lambda q: float(q["time"]))
                    print(f"      slowest, {slowest['time']} s: {slowest['sql'][:300]}")
        everything = [t for series in times.values() for t in series]
        p50, p95, p99 = percentiles(everything)
        cpu = statistics.mean(t for series in cpu_times.values() for t in series)
        print(
            f"{'all':<11} p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms; "
            f"CPU {cpu:5.1f} ms a search"
        )
    print(f"Load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args, folder)
        if args.use:
            report(args)
            return
        from django.conf import settings
        from django.core.management import call_command
        from django.test.utils import get_runner

        runner = get_runner(settings)(verbosity=0, interactive=False)
        databases = runner.setup_databases()
        try:
            call_command("load_scale_data", people=args.people, verbosity=0)
            from django.db import connection

            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")  # as autovacuum would
            report(args)
        finally:
            runner.teardown_databases(databases)


if __name__ == "__main__":
    main()
