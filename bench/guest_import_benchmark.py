"""How long an organizer's guest list takes to import while the public form keeps registering
people for the same edition (PostgreSQL on 127.0.0.1 by default).

    .venv/bin/python bench/guest_import_benchmark.py                     # 2000 guests, 4 public
    .venv/bin/python bench/guest_import_benchmark.py --guests 5000 --public 8
    .venv/bin/python bench/guest_import_benchmark.py --database sqlite

What it does, and undoes: creates a throwaway database (test_youth50_guest_bench on PostgreSQL,
dropped at the end; or a SQLite file in a temporary folder), opens registration on one edition
with a capacity smaller than guests plus public registrants (so the waiting list fills too),
builds an XLSX guest list in memory (Chinese names, mobile numbers written four usual ways,
full-width characters), then:

1. the dry run (as the organizer's preview: every row through registration_create, rolled back);
2. the confirmed import (guest_lists.guest_list_import in batches under the edition's lock)
   while --public threads, each with its own connection, register through the public form's
   service (registration_create) without pause until the import ends;
3. the same file again (every guest now a duplicate: nothing registered).

It prints the seconds and rows per second of each step, how many public registrations went
through during the import and how long each waited (p50, p99, longest: the lock is held one
batch at a time), and the final confirmed count against the capacity: any overbooking is
reported loudly and makes the exit status 1.

A benchmark, not a test: the figures depend on the machine and its load.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MOBILES = (
    "138 {0:04d} {1:04d}",
    "+86 139-{0:04d}-{1:04d}",
    "(+86)137{0:04d}{1:04d}",
    "１３６{0:04d}{1:04d}",
)
CATEGORIES = ("entrepreneur", "investor", "researcher", "government", "media", "other")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guests", type=int, default=2000)
    parser.add_argument("--public", type=int, default=4, help="public registration threads")
    parser.add_argument("--capacity", type=int, default=1800)
    parser.add_argument("--batch", type=int, default=25, help="rows per locked transaction")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/youth50_guest_bench")
    args = parser.parse_args()
    if not 1 <= args.guests <= 100_000 or not 0 <= args.public <= 32:
        parser.error("--guests must be 1…100000 and --public 0…32")
    return args


def setup_django(args, folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = args.pg
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)  # one line per registration would be timed too
    from django.conf import settings

    settings.MEDIA_ROOT = Path(folder) / "media"
    if args.database == "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{folder}/test_bench.sqlite3"


def guest_file(n):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "邮箱", "手机", "单位", "职务", "类别"])
    for i in range(n):
        sheet.append(
            [
                f"欧阳嘉宾{i}",
                f"guest{i}@example.com",
                MOBILES[i % len(MOBILES)].format(i // 10000, i % 10000),
                f"ＡＢＣ（上海）创新科技{i % 300}有限公司",
                "总经理",
                CATEGORIES[i % len(CATEGORIES)],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def open_edition(capacity):
    import datetime

    from django.utils import timezone

    from forum.enums import EditionStatus
    from forum.models import Edition, Forum
    from forum.registrations import configuration
    from forum.registrations.models import PrivacyNotice

    now = timezone.now()
    if not PrivacyNotice.objects.in_force().exists():
        configuration.privacy_notice_save(
            notice=PrivacyNotice(
                version="bench",
                effective_from=now - datetime.timedelta(days=1),
                title_zh="隐私声明",
                body_zh="……",
            )
        )
    forum = Forum.objects.first() or Forum.objects.create(
        name_zh="论坛", name_en="Forum", slug="bench-forum"
    )
    edition = Edition.objects.create(
        forum=forum, number=9001, year=2099, status=EditionStatus.ANNOUNCED
    )
    configuration.registration_settings_save(
        edition=edition,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        capacity=capacity,
    )
    return Edition.objects.select_related("registration_settings").get(pk=edition.pk)


def public_rush(edition, stop, waits, errors, n):
    from django.db import connection

    from forum.registrations import seats, selectors

    notice = selectors.privacy_notice_for(selectors.registration_settings_for(edition))
    i = 0
    try:
        while not stop.is_set():
            started = time.perf_counter()
            seats.registration_create(
                edition=edition,
                category=CATEGORIES[i % len(CATEGORIES)],
                name=f"公众{n}-{i}",
                email=f"public{n}-{i}@example.com",
                organization="某公司",
                title="经理",
                privacy_notice=notice,
            )
            waits.append(time.perf_counter() - started)
            i += 1
    except Exception as exc:  # reported: a failure of the public form is a finding
        errors.append(exc)
    finally:
        connection.close()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(args, content):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from forum.registrations import guest_lists
    from forum.registrations.models import Registration

    edition = open_edition(args.capacity)
    user = get_user_model().objects.create_user("bench-organizer", is_staff=True)
    choices = {
        "by": user,
        "seat": "public",
        "consent_method": "inviter",
        "consent_note": "",
        "email_timing": "never",
        "language": "zh-hans",
        "batch_size": args.batch,
    }
    started = time.perf_counter()
    rows = guest_lists.read_guest_list(content, "xlsx")
    read = time.perf_counter() - started
    print(f"  read the XLSX       {len(rows):>6} rows {read:7.2f} s")

    queries = QueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(queries):
        dry = guest_lists.guest_list_import(edition=edition, rows=rows, dry_run=True, **choices)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"  dry run             {len(rows):>6} rows {seconds:7.2f} s "
        f"{len(rows) / seconds:8.0f} rows/s  {dry.counts()}\n"
        f"      (the edition's lock held {seconds:.1f} s; this process's CPU {cpu:.1f} s; "
        f"{queries.count / len(rows):.1f} queries a row, {seconds / queries.count * 1000:.2f} ms "
        f"a query on average: the rest is waiting for the database or a core)"
    )

    stop, waits, errors = threading.Event(), [], []
    threads = [
        threading.Thread(target=public_rush, args=(edition, stop, waits, errors, n))
        for n in range(args.public)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the rush is under way before the import starts
    before = len(waits)
    started, cpu = time.perf_counter(), time.process_time()
    report = guest_lists.guest_list_import(edition=edition, rows=rows, dry_run=False, **choices)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    during = waits[before:]
    stop.set()
    for thread in threads:
        thread.join()
    print(
        f"  import (confirmed)  {len(rows):>6} rows {seconds:7.2f} s "
        f"{len(rows) / seconds:8.0f} rows/s  {report.counts()}\n"
        f"      (this process's CPU {cpu:.1f} s, the public threads' included)"
    )
    if during:
        ordered = sorted(during)
        print(
            f"  public form meanwhile: {len(during)} registrations "
            f"({len(during) / seconds:.0f}/s); "
            f"wait p50 {statistics.median(ordered) * 1000:.0f} ms, "
            f"p99 {ordered[int(len(ordered) * 0.99) - 1] * 1000:.0f} ms, "
            f"longest {ordered[-1] * 1000:.0f} ms"
        )
    for error in errors[:3]:
        print(f"  PUBLIC FORM ERROR: {error!r}")

    started = time.perf_counter()
    again = guest_lists.guest_list_import(edition=edition, rows=rows, dry_run=False, **choices)
    seconds = time.perf_counter() - started
    print(f"  same file again     {len(rows):>6} rows {seconds:7.2f} s  {again.counts()}")

    registrations = Registration.objects.filter(edition=edition)
    confirmed = registrations.confirmed().count()
    print(
        f"Final: {confirmed} confirmed of capacity {args.capacity}, "
        f"{registrations.waitlisted().count()} waiting, {registrations.count()} in all "
        f"({registrations.filter(registered_by__isnull=False).count()} guests)"
    )
    if confirmed > args.capacity:
        print(f"OVERBOOKED by {confirmed - args.capacity}")
        return 1
    return 1 if errors else 0


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args, folder)
        from django.conf import settings
        from django.db import connection
        from django.test.utils import get_runner

        runner = get_runner(settings)(verbosity=0, interactive=False)
        databases = runner.setup_databases()
        try:
            print(
                f"Database: {connection.vendor}; {args.guests} guests, {args.public} public "
                f"threads, capacity {args.capacity}, batches of {args.batch}; "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            status = run(args, guest_file(args.guests))
        finally:
            connection.close()
            runner.teardown_databases(databases)
    sys.exit(status)


if __name__ == "__main__":
    main()
