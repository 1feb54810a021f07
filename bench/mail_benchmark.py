"""What the e-mail worker spends per registration e-mail, in CPU milliseconds: building each
message (texts, QR code, calendar file) and handing it to the SMTP mailer, with the outbox's
bookkeeping around it. The load-independent part of bench/registration_benchmark.py's "worker
CPU per e-mail sent", which also counts the worker's polling of the task queue.

    .venv/bin/python bench/mail_benchmark.py                      # defaults below
    .venv/bin/python bench/mail_benchmark.py --count 600 --capacity 150 --profile

1. creates a throwaway PostgreSQL database on 127.0.0.1 (dropped at the end unless --keep),
   with the edition, stored registrations (--preload), quotas and custom questions of the
   registration benchmark, and --capacity seats left;
2. registers --count people through the public form in-process (production settings, the
   database task queue): with the default capacity, one in four is confirmed (the e-mail with the
   QR code and the calendar file) and the rest waitlisted, as in the registration benchmark;
3. in a fresh process, as the worker is (no QR mask in its cache), runs the drain task
   (tasks.drain_registration_emails) against a mail server on the loopback started by this
   script, until nothing is owed; prints the CPU milliseconds per e-mail (time.process_time:
   the database's and the mail server's work is not in it) and the SQL statements per e-mail;
4. with --profile, marks the e-mails owed again, empties the process's cache and drains them
   again under cProfile: where the CPU goes, heaviest first.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.registration_benchmark import (  # noqa: E402 (needs ROOT on the path)
    CATEGORIES,
    PYTHON,
    environment,
    manage,
    psql,
    psql_database,
    set_up_edition,
)
from tests.registrations.smtp_server import FakeSMTPServer  # noqa: E402

REGISTER = """
import re
from django.test import Client
client = Client()
page = client.get("{path}")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
notice = re.search(r'name="notice_version" value="([^"]*)"', page.text).group(1)
questions = sorted(set(re.findall(r'name="question_(\\d+)"', page.text)), key=int)
categories = {categories!r}
choice, several, yes_no, short, long = (f"question_{{pk}}" for pk in questions)
for number in range({count}):
    data = dict(csrfmiddlewaretoken=token, name=f"Mail Person {{number}}",
                email=f"mail-{{number}}@example.com", organization="Bench Co.", title="Tester",
                category=categories[number % len(categories)], consent="on",
                notice_version=notice, website="")
    data.update({{choice: str(number % 3), several: ["0", "2"], yes_no: "yes",
                 short: f"Answer {{number}}", long: "A longer answer\\nover two lines"}})
    # Half in Chinese, half in English: the registrant's language is the page's.
    response = client.post(("{path}", "{path}".replace("/en/", "/zh-hans/"))[number % 2], data)
    assert response.status_code == 302, response.status_code
"""

DRAIN = """
import cProfile, io, os, pstats, time
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from forum.registrations.models import RegistrationEmail
from forum.registrations import tasks
from forum.registrations.tasks import drain_registration_emails
tasks.BATCH_SIZE = {batch}

def drain():
    sent = 0
    while RegistrationEmail.objects.owed().exists():
        sent += drain_registration_emails.call()["sent"]
    return sent

kinds = dict(RegistrationEmail.objects.values_list("kind").annotate(n=Count("pk")).order_by())
connection.ensure_connection()
with CaptureQueriesContext(connection) as queries:
    wall, cpu = time.perf_counter(), time.process_time()
    sent = drain()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"e-mails sent: {{sent}} {{kinds}}")
print(f"worker CPU per e-mail, in-process, unprofiled: {{cpu / sent * 1000:.2f}} ms "
      f"(wall {{wall / sent * 1000:.2f}} ms; load average {{os.getloadavg()[0]:.2f}})")
print(f"SQL statements per e-mail: {{len(queries) / sent:.2f}}")
if {profile}:
    RegistrationEmail.objects.update(status="pending", attempts=0, sent_at=None)
    cache.clear()  # a fresh worker: no QR mask kept yet
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    drain()
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(30)
    print(stream.getvalue())
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400, help="registrations (e-mails) to send")
    parser.add_argument("--capacity", type=int, default=100, help="seats left for them")
    parser.add_argument("--preload", type=int, default=20_000, help="registrations stored before")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument(
        "--database-prefix", default="y50_mailbench", help="name of the throwaway database, + pid"
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=50,
        help="e-mails a drain claims at once (tasks.BATCH_SIZE, 50): a worker that keeps up "
        "with registrations finds a few due at each claim",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true", help="print where the CPU goes")
    args = parser.parse_args()
    if not 1 <= args.count <= 20_000 or not 0 <= args.preload <= 200_000:
        parser.error("--count must be 1…20000 and --preload 0…200000")
    return args


def shell(env, code):
    subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, check=True
    )


def main():
    args = parse_args()
    database = f"{args.database_prefix}_{os.getpid()}"
    smtp = FakeSMTPServer(mode="answer").start()
    env = environment(f"{args.pg}/{database}", smtp.port)
    psql(args.pg, f"CREATE DATABASE {database}")
    try:
        print(f"database {database}: migrating, registering {args.count} …", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")  # the form's page names its files
        number = set_up_edition(env, args.capacity, args.preload)
        psql_database(args.pg, database, "VACUUM (ANALYZE)")
        path = f"/en/editions/{number}/register/"
        shell(env, REGISTER.format(path=path, count=args.count, categories=CATEGORIES))
        shell(env, DRAIN.format(profile=args.profile, batch=args.batch))
        print(f"messages the mail server received: {len(smtp.messages)}")
    finally:
        smtp.stop()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    main()
