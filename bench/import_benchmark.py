"""How long an editor's import of a large cohort takes: organizations, people and roles from
XLSX files through the same resources (and so the same save services) as the admin.

    .venv/bin/python bench/import_benchmark.py                       # SQLite, 5000 people
    .venv/bin/python bench/import_benchmark.py --database postgres   # PostgreSQL on 127.0.0.1
    .venv/bin/python bench/import_benchmark.py --people 20000 --organizations 4000

What it does, and undoes: creates a throwaway database (a SQLite file in a temporary folder,
or a PostgreSQL database test_youth50_import_bench on 127.0.0.1, dropped at the end), builds
three XLSX files in memory (--organizations organizations, --people people, one current role
per person), then for each file: a dry run (as the admin's preview) and the import (as its
confirm step), then the same import again (every row unchanged, so skipped). It prints the
seconds and rows per second of each step, and the queries per row measured on two sizes of
the same import, which stay the same when the per-row cost is constant.

A benchmark, not a test: the figures depend on the machine. Each step also prints the CPU time
of this process, which a busy machine (other processes wanting the same cores) does not inflate.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/youth50_import_bench")
    args = parser.parse_args()
    if not 1 <= args.people <= 100_000 or not 1 <= args.organizations <= args.people:
        parser.error("--people must be 1…100000 and --organizations 1…people")
    return args


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


def xlsx(headers, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def files(n_people, n_organizations):
    organizations = xlsx(
        ["slug", "kind", "name_zh", "name_en", "founded_year", "district"],
        (
            [
                f"org-{i}",
                "company",
                f"创新科技{i}有限公司",
                f"Innovation Tech {i}",
                2000 + i % 25,
                "",
            ]
            for i in range(n_organizations)
        ),
    )
    people = xlsx(
        ["slug", "name_zh", "name_en", "headline_zh", "headline_en", "is_published"],
        (
            [f"person-{i}", f"青年{i}号", f"Young Person {i}", f"第{i}号创始人", f"Founder {i}", 1]
            for i in range(n_people)
        ),
    )
    roles = xlsx(
        ["person", "organization", "title_zh", "title_en", "kind", "start_date", "start_precision"],
        (
            [
                f"person-{i}",
                f"org-{i % n_organizations}",
                "创始人、首席执行官",
                "Founder and CEO",
                "founder",
                "2021-03-01",
                "day",
            ]
            for i in range(n_people)
        ),
    )
    return organizations, people, roles


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(resource_class, data, *, dry_run):
    from django.db import connection
    from import_export.formats.base_formats import XLSX

    dataset = XLSX().create_dataset(data)
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started, cpu = time.perf_counter(), time.process_time()
        result = resource_class().import_data(
            dataset, dry_run=dry_run, use_transactions=True, confirmed=not dry_run
        )
        seconds = time.perf_counter() - started
        run.cpu = time.process_time() - cpu
    if result.has_errors() or result.has_validation_errors():
        invalid = [(row.number, row.error_dict) for row in result.invalid_rows[:3]]
        errors = [(line, [str(e.error) for e in errs]) for line, errs in result.row_errors()[:3]]
        raise SystemExit(f"{resource_class.__name__}: errors {invalid or errors}")
    return seconds, queries.count, result.totals, len(dataset)


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args, folder)
        from django.conf import settings
        from django.test.utils import get_runner

        from profiles.resources import (
            OrganizationResource,
            PersonResource,
            RoleResource,
        )

        runner = get_runner(settings)(verbosity=0, interactive=False)
        databases = runner.setup_databases()
        try:
            report(args, OrganizationResource, PersonResource, RoleResource)
        finally:
            runner.teardown_databases(databases)


def report(args, *resources):
    from django.db import connection

    print(
        f"Database: {connection.vendor}; {args.people} people, {args.organizations} organizations"
    )
    organizations, people, roles = files(args.people, args.organizations)
    total = cpu_total = 0.0
    for resource_class, data in zip(resources, (organizations, people, roles), strict=True):
        name = resource_class.__name__.removesuffix("Resource").lower()
        for step, dry_run in (("dry run", True), ("import", False), ("again", False)):
            seconds, queries, totals, rows = run(resource_class, data, dry_run=dry_run)
            if step == "import":
                total += seconds
                cpu_total += run.cpu
            shown = ", ".join(f"{k} {v}" for k, v in totals.items() if v)
            print(
                f"  {name:<13} {step:<8} {rows:>6} rows {seconds:7.2f} s "
                f"{rows / seconds:8.0f} rows/s {queries / rows:5.2f} queries/row "
                f"(CPU {run.cpu:5.2f} s; {shown})"
            )
    print(
        f"Import of the three files (the confirmed step, first run): {total:.1f} s, "
        f"of which this process's CPU {cpu_total:.1f} s (the rest: waiting for the database "
        f"or for a core, on a busy machine); load average {os.getloadavg()[0]:.1f}"
    )
    # Constant queries per row: the same import at two sizes costs the same per row.
    small, large = files(100, 20), files(1000, 200)
    from profiles.models import Organization, Person, Role

    for size, (orgs, ppl, rls) in (("100 rows", small), ("1000 rows", large)):
        Role.objects.all().delete()
        Person.objects.all().delete()
        Organization.objects.all().delete()
        per_row = []
        for resource_class, data in zip(resources, (orgs, ppl, rls), strict=True):
            _seconds, queries, _totals, rows = run(resource_class, data, dry_run=False)
            per_row.append(
                f"{resource_class.__name__.removesuffix('Resource')} {queries / rows:.2f}"
            )
        print(f"Queries per row at {size}: " + ", ".join(per_row))


if __name__ == "__main__":
    main()
