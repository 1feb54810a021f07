"""How long the site search takes at 10,000 people: the demo content plus a generated cohort.

    .venv/bin/python bench/search_benchmark.py                       # PostgreSQL on 127.0.0.1
    .venv/bin/python bench/search_benchmark.py --database sqlite
    .venv/bin/python bench/search_benchmark.py --people 20000 --organizations 4000

What it does, and undoes: creates a throwaway database (test_youth50_search_bench on
127.0.0.1, or a SQLite file in a temporary folder), loads the demo content, adds --people
people (Chinese names made of common characters, pinyin and English names, headlines and bios)
and --organizations organizations with one current role each, then runs the issue's queries
(Robotics, GPU, 沐曦, MetX, 沐熙, minimx, chen weiliang) through forum.website.search.search, as
the page does, and prints the median and worst of --runs runs of each, in milliseconds, with
the number of SQL queries.

A benchmark, not a test: the figures depend on the machine and its load.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["Robotics", "GPU", "沐曦", "MetX", "沐熙", "minimx", "chen weiliang", "张伟"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志宏"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--organizations", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/youth50_search_bench")
    return parser.parse_args()


def setup_django(args, folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = args.pg
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = Path(folder) / "media"
    if args.database == "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{folder}/test_bench.sqlite3"


def cohort(people, organizations):
    """Generated people and organizations, written in bulk (name_pinyin as save() writes it)."""
    from config.common.language import pinyin_key
    from profiles.enums import OrganizationKind, RoleKind
    from profiles.models import Organization, Person, Role

    rng = random.Random(50)
    orgs = []
    for n in range(organizations):
        name_zh = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}科技{n}号有限公司"
        orgs.append(
            Organization(
                kind=OrganizationKind.COMPANY,
                name_zh=name_zh,
                name_en=f"Bench Technology {n}",
                slug=f"bench-org-{n}",
                description_en="A Shanghai company making sensors and software for factories.",
                name_pinyin=pinyin_key(name_zh),
            )
        )
    orgs = Organization.objects.bulk_create(orgs, batch_size=1000)
    persons = []
    for n in range(people):
        name_zh = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        persons.append(
            Person(
                name_zh=name_zh,
                name_en=f"Bench Person {n}",
                slug=f"bench-person-{n}",
                headline_en="Founder of a deep-tech start-up",
                headline_zh="硬科技创业公司创始人",
                bio_en="Studied engineering, then founded a company. " * 5,
                bio_zh="工科出身，毕业后创业，专注于工业软件与传感器。" * 5,
                name_pinyin=pinyin_key(name_zh),
            )
        )
    persons = Person.objects.bulk_create(persons, batch_size=1000)
    Role.objects.bulk_create(
        [
            Role(
                person=person,
                organization=orgs[n % len(orgs)],
                kind=RoleKind.FOUNDER,
                title_zh="创始人",
                title_en="Founder",
                is_founder=True,
            )
            for n, person in enumerate(persons)
        ],
        batch_size=1000,
    )


def report(args):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from forum.website.search import search
    from profiles.models import Person

    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    cohort(args.people, args.organizations)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would: GIN pending lists merged
    print(
        f"Database: {connection.vendor}; {Person.objects.count()} people; "
        f"{args.runs} runs per query; load average {os.getloadavg()[0]:.1f}"
    )
    with translation.override("zh-hans"):
        for query in QUERIES:
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    results = search(query)
                    for group in results.groups:
                        list(group.items)
                    times.append((time.perf_counter() - start) * 1000)
            if os.environ.get("SEARCH_BENCH_EXPLAIN") and query == "GPU":
                slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
                    print("\n".join(row[0] for row in cursor.fetchall()))
            if os.environ.get("SEARCH_BENCH_SLOWEST"):
                for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                    print(f"      {q['time']} s  {q['sql'][:600]}")
            print(
                f"  {query:<14} median {statistics.median(times):6.1f} ms, worst "
                f"{max(times):6.1f} ms, {len(captured):2d} queries, {results.total:5d} results"
                f"{' (did you mean ' + results.suggestion + ')' if results.suggestion else ''}"
            )


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args, folder)
        from django.conf import settings
        from django.test.utils import get_runner

        runner = get_runner(settings)(verbosity=0, interactive=False)
        databases = runner.setup_databases()
        try:
            report(args)
        finally:
            runner.teardown_databases(databases)


if __name__ == "__main__":
    main()
