"""Registration throughput under concurrency: PostgreSQL + gunicorn, the e-mail worker beside
it, loopback only.

    .venv/bin/python bench/registration_benchmark.py                  # defaults below
    .venv/bin/python bench/registration_benchmark.py --count 6000 --concurrency 24 --capacity 2000
    .venv/bin/python bench/registration_benchmark.py --profile 300    # CPU per registration

The target (issue 12): at least 6,000 registrations per minute with zero overbooking, custom
questions on the form, 20,000 registrations already stored and the e-mail worker sending.
Run it on a quiet machine (`uptime` near 0): the rate is what the machine's CPU allows, shared
with whatever else runs; the CPU milliseconds per registration are the load-independent figure.

What it does, and undoes:
1. creates a throwaway PostgreSQL database on 127.0.0.1 (dropped at the end unless --keep),
   migrates it, collects static files, opens registration on one edition with --preload
   registrations already stored in it (default 20,000: four in five confirmed) and
   --capacity seats still free, category quotas smaller than the number of submissions (so
   the waiting list fills too), and five custom questions on its form, answered in every
   submission; then vacuums and analyzes the database, as a live site's stored rows are;
2. starts gunicorn with production settings (DEBUG off, the database task queue, persistent
   database connections), REGISTRATION_RATE_LIMIT=0, --workers sync workers (default 2) with
   --threads threads each, bound to 127.0.0.1; and, unless --smtp none, the e-mail worker
   (`manage.py db_worker`) against a mail server on the loopback started by this script;
3. submits --count registrations from --concurrency client threads, each with its own CSRF
   cookie, as the public form does (one POST per registration; the redirect is not followed);
   stops early at --timeout seconds;
4. prints the machine's load, CPU milliseconds per registration (gunicorn, PostgreSQL, the
   client), registrations per minute, p50/p90/p99 latency, errors, and the final confirmed
   and waitlisted counts against the capacity and each quota: any overbooking is reported
   loudly and makes the exit status 1; with the e-mail worker, it first waits (--drain-wait)
   for the worker to send what is owed, and prints the worker's CPU per e-mail sent.

A benchmark, not a test: numbers depend on the machine. --profile N registers N people
in-process (Django's test client, same database and settings), prints the SQL of one
registration, the CPU milliseconds per registration unprofiled (time.process_time: waiting on
PostgreSQL is not in it, nor is other processes' load), then where the CPU goes (cProfile).

The mail server answers ("healthy", the default) or, with --smtp stalled, accepts connections
and never answers (a hung mail server; each send waits --smtp-timeout seconds). A sampler
watches PostgreSQL meanwhile and reports the longest transaction left idle, and the e-mails'
states are counted at the end:

    .venv/bin/python bench/registration_benchmark.py --count 2000 --smtp stalled
"""

import argparse
import contextlib
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.registrations.smtp_server import FakeSMTPServer  # noqa: E402 (needs ROOT on the path)

PYTHON = sys.executable
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
QUOTAS = {"investor": 0.2, "entrepreneur": 0.4, "researcher": 0.15, "media": 0.05}
CATEGORIES = ["entrepreneur", "investor", "researcher", "government", "media", "other"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=4000, help="registrations to submit")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument(
        "--capacity", type=int, default=1500, help="seats left to fill by the submissions"
    )
    parser.add_argument(
        "--preload",
        type=int,
        default=20_000,
        help="registrations already stored in the edition before the run",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=float, default=180, help="stop submitting after (s)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument(
        "--database-prefix", default="y50_bench", help="name of the throwaway database, + pid"
    )
    parser.add_argument(
        "--drain-wait",
        type=float,
        default=120,
        help="after the load, wait this long at most for the worker to send what is owed (s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", type=int, default=0, help="profile N requests in-process")
    parser.add_argument(
        "--smtp",
        choices=["none", "healthy", "stalled"],
        default="healthy",
        help="run the e-mail worker against a loopback mail server that answers or never does",
    )
    parser.add_argument(
        "--smtp-timeout", type=float, default=20, help="SMTP_TIMEOUT of the worker (s)"
    )
    args = parser.parse_args()
    if not 1 <= args.count <= 100_000 or not 1 <= args.concurrency <= 256:
        parser.error("--count must be 1…100000 and --concurrency 1…256")
    if not 0 <= args.preload <= 200_000:
        parser.error("--preload must be 0…200000")
    if not 1 <= args.timeout <= 1800:
        parser.error("--timeout must be 1…1800 seconds")
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    host = urllib.parse.urlsplit(args.pg).hostname
    if host not in LOOPBACK:
        parser.error("the benchmark runs against a database on this machine only (127.0.0.1)")
    return args


def psql(server_url, sql):
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{server_url}/postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


def psql_database(server_url, database, sql):
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{server_url}/{database}", "-c", sql],
        check=True,
        capture_output=True,
    )


def environment(database_url, smtp_port=None, smtp_timeout=20):
    env = dict(os.environ)
    if smtp_port is not None:
        env.update(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp_port),
            SMTP_TLS="false",
            SMTP_USER="",
            SMTP_PASSWORD="",
            SMTP_TIMEOUT=str(smtp_timeout),
        )
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        REGISTRATION_RATE_LIMIT="0",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        SITE_URL="http://127.0.0.1",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


SETUP = """
import datetime
from django.utils import timezone
from forum.models import Edition, Forum
from forum.registrations.configuration import registration_settings_save
forum = Forum.objects.create(name_zh="基准论坛", slug="bench")
edition = Edition.objects.create(forum=forum, number=1, year=2030, status="announced")
quotas = {quotas!r}
# Registrations already stored (a large edition's first wave): four in five confirmed, the rest
# waiting, every category. The capacity and quotas are raised by the confirmed ones, so the run
# still has --capacity seats to fill, with all these rows behind them (in the seat tally, the
# mailbox index, the waiting list).
from forum.registrations.addresses import normalize_email
from forum.registrations.models import PrivacyNotice, Registration
notice = PrivacyNotice.objects.in_force().first()
categories = {categories!r}
stored = []
for number in range({preload}):
    email = f"stored-{{number}}@example.com"
    stored.append(Registration(
        edition=edition, status="confirmed" if number % 5 else "waitlisted",
        category=categories[number % len(categories)], name=f"Stored {{number}}", email=email,
        email_normalized=normalize_email(email), organization="Stored Co.", title="Tester",
        privacy_notice=notice, consented_at=timezone.now(),
    ))
Registration.objects.bulk_create(stored, batch_size=2000)
confirmed = {{}}
for registration in stored:
    if registration.status == "confirmed":
        confirmed[registration.category] = confirmed.get(registration.category, 0) + 1
registration_settings_save(
    edition=edition,
    opens_at=timezone.now() - datetime.timedelta(hours=1),
    closes_at=timezone.now() + datetime.timedelta(days=1),
    capacity=sum(confirmed.values()) + {capacity},
    quotas={{
        category: confirmed.get(category, 0) + int(share * {capacity})
        for category, share in quotas.items()
    }},
)
# Custom questions on the form, as organizers add them (issue 12): every kind, one of them
# required, one asked of investors only.
from forum.registrations.models import Question
for position, (kind, options, required, categories) in enumerate([
    ("single_choice", chr(10).join(["人工智能", "生命健康", "新能源"]), True, []),
    ("multiple_choice", chr(10).join(["融资", "出海", "人才"]), False, []),
    ("yes_no", "", False, []),
    ("short_text", "", False, []),
    ("long_text", "", False, ["investor"]),
]):
    Question.objects.create(
        edition=edition, position=position, kind=kind, label_zh=f"问题{{position}}",
        options_zh=options, required=required, categories=categories,
    )
print(edition.number)
"""


def set_up_edition(env, capacity, preload):
    code = SETUP.format(quotas=QUOTAS, capacity=capacity, preload=preload, categories=CATEGORIES)
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env, args, log_path):
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]
    log = open(log_path, "w")  # noqa: SIM115 (closed when the server stops)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 120  # a loaded machine takes a while to start the workers
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, log
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not start; see {log_path}")


def start_worker(env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (closed when the worker stops)
    command = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    return process, log


class IdleTransactionSampler:
    """Samples pg_stat_activity twice a second: the longest a transaction of the benchmark's
    database sat idle (a worker holding locks across network I/O shows up here), and the CPU of
    its backends (`backend_cpu`, seconds: persistent connections are replaced every
    DATABASE_CONN_MAX_AGE, so the backends alive at the end are not all the load's)."""

    SQL = (
        "SELECT coalesce(max(extract(epoch FROM now() - state_change)), 0) "
        "FROM pg_stat_activity WHERE datname = '{database}' "
        "AND state LIKE 'idle in transaction%'"
    )

    def __init__(self, server_url, database):
        sql = self.SQL.format(database=database)
        self.command = ["psql", "-At", f"{server_url}/postgres", "-c", sql]
        self.longest = 0.0
        self._server_url, self._database = server_url, database
        self._cpu_at_start, self._cpu_last = {}, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.5):
            result = subprocess.run(self.command, capture_output=True, text=True, check=False)
            with contextlib.suppress(ValueError):
                self.longest = max(self.longest, float(result.stdout.strip() or 0))
            self._sample_cpu()

    def _sample_cpu(self):
        for pid in postgres_backend_pids(self._server_url, self._database):
            self._cpu_last[pid] = process_cpu_seconds(pid)

    @property
    def backend_cpu(self):
        return sum(cpu - self._cpu_at_start.get(pid, 0.0) for pid, cpu in self._cpu_last.items())

    def __enter__(self):
        self._sample_cpu()
        self._cpu_at_start = dict(self._cpu_last)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)
        self._sample_cpu()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTICE_INPUT = re.compile(r'name="notice_version" value="([^"]*)"')
QUESTION_INPUT = re.compile(r'name="question_(\d+)"')


def answers(questions, number):
    """Answers to the form's five custom questions (in position order, see SETUP)."""
    choice, several, yes_no, short, long = (f"question_{pk}" for pk in questions)
    return [
        (choice, str(number % 3)),
        (several, "0"),
        (several, "2"),
        (yes_no, "yes" if number % 2 else "no"),
        (short, f"Answer {number}"),
        (long, "A longer answer\nover two lines"),
    ]


class Client:
    """One browser: its own CSRF cookie and token, a new connection per request (sync
    gunicorn workers close the connection after each answer)."""

    def __init__(self, port, path):
        self.port = port
        self.path = path
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}")
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = "; ".join(
            part.split(";")[0] for part in cookie.split(", ") if part.startswith("csrftoken=")
        )
        self.token = CSRF_INPUT.search(body).group(1)
        self.notice = NOTICE_INPUT.search(body).group(1)
        self.questions = sorted(set(QUESTION_INPUT.findall(body)), key=int)

    def register(self, number):
        body = urllib.parse.urlencode(
            [
                *{
                    "csrfmiddlewaretoken": self.token,
                    "name": f"Bench Person {number}",
                    "email": f"bench-{number}@example.com",
                    "mobile": "",
                    "organization": "Bench Co.",
                    "title": "Tester",
                    "category": CATEGORIES[number % len(CATEGORIES)],
                    "needs": "",
                    "consent": "on",
                    "notice_version": self.notice,
                    "website": "",
                }.items(),
                *answers(self.questions, number),
            ]
        )
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(
            "POST",
            self.path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookie,
            },
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, time.perf_counter() - started


def run_load(args, path):
    latencies, statuses = [], {}
    lock = threading.Lock()
    counter = iter(range(args.count))
    clients = [Client(args.port, path) for _ in range(args.concurrency)]
    deadline = time.monotonic() + args.timeout
    barrier = threading.Barrier(args.concurrency + 1)

    def worker(client):
        barrier.wait()
        while time.monotonic() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            try:
                status, latency = client.register(number)
            except OSError as error:
                status, latency = type(error).__name__, None
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if latency is not None:
                    latencies.append(latency)

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


COUNTS = """
from django.db.models import Count
from forum.registrations.models import Registration, RegistrationSettings
settings = RegistrationSettings.objects.get(edition__forum__slug="bench")
rows = Registration.objects.filter(edition=settings.edition).values("status", "category")
print("capacity", settings.capacity)
for quota in settings.quotas.all():
    print("quota", quota.category, quota.quota)
for row in rows.annotate(n=Count("pk")).order_by():
    print("count", row["status"], row["category"], row["n"])
from forum.registrations.models import RegistrationEmail
for row in RegistrationEmail.objects.values("status").annotate(n=Count("pk")).order_by():
    print("email", row["status"], row["n"])
"""


def final_counts(env):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", COUNTS],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    capacity, quotas, counts, emails = 0, {}, {}, {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["email"]:
            emails[parts[1]] = int(parts[2])
        elif parts[:1] == ["capacity"]:
            capacity = int(parts[1])
        elif parts[:1] == ["quota"]:
            quotas[parts[1]] = int(parts[2])
        elif parts[:1] == ["count"]:
            counts[(parts[1], parts[2])] = int(parts[3])
    return capacity, quotas, counts, emails


PROFILE = """
import cProfile, pstats, io, os, re, time
from urllib.parse import urlencode
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
page = client.get("{path}")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
notice = re.search(r'name="notice_version" value="([^"]*)"', page.text).group(1)
questions = sorted(set(re.findall(r'name="question_(\\d+)"', page.text)), key=int)
categories = {categories!r}
def post(number):
    # As the load's clients submit: every category in turn, the five questions answered.
    choice, several, yes_no, short, long = (f"question_{{pk}}" for pk in questions)
    data = dict(csrfmiddlewaretoken=token, name="Profile", email=f"profile-{{number}}@example.com",
                organization="P", title="T", category=categories[number % len(categories)],
                consent="on", notice_version=notice, website="")
    data.update({{choice: str(number % 3), several: ["0", "2"], yes_no: "yes", short: "Answer",
                 long: "A longer answer"}})
    # Urlencoded, as browsers and the load's clients send the form (the test client's default,
    # multipart, cost a sixth of the profile in parsing no real submission needs).
    response = client.post("{path}", urlencode(data, doseq=True),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.status_code
for number in range(20):  # warm up: imports, templates, connection
    post(number)
with CaptureQueriesContext(connection) as queries:
    post(-1)
print(f"{{len(queries)}} SQL statements per registration:")
for query in queries.captured_queries:
    print("   ", query["sql"][:110])
wall, cpu = time.perf_counter(), time.process_time()
for number in range(100, 100 + {n}):
    post(number)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"CPU per registration, in-process, unprofiled: {{cpu / {n} * 1000:.1f}} ms "
      f"(wall {{wall / {n} * 1000:.1f}} ms; load average {{os.getloadavg()[0]:.2f}})")
profiler = cProfile.Profile(time.process_time)  # CPU time: waiting on PostgreSQL is not in it
profiler.enable()
for number in range(1000, 1000 + {n}):
    post(number)
profiler.disable()
stream = io.StringIO()
pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(40)
pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
print(stream.getvalue())
"""


def profile(env, path, n):
    code = PROFILE.format(path=path, n=n, categories=CATEGORIES)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, check=True
    )


def process_cpu_seconds(pid):
    """User + system CPU seconds of a process and its children still running (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    for each in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def postgres_backend_pids(server_url, database):
    result = subprocess.run(
        [
            "psql",
            "-At",
            f"{server_url}/postgres",
            "-c",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(line) for line in result.stdout.split() if line.strip()]


OWED = (
    "SELECT count(*) FROM registrations_registrationemail "
    "WHERE status IN ('pending', 'sending', 'failed')"
)


def wait_for_the_outbox(server_url, database, bound):
    """Seconds until no e-mail is owed (the worker caught up), or None after `bound` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < bound:
        owed = subprocess.run(
            ["psql", "-qtA", f"{server_url}/{database}", "-c", OWED],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if owed == "0":
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(args, elapsed, latencies, statuses, capacity, quotas, counts, cpu):
    ok = statuses.get(302, 0)
    print()
    if args.smtp != "none":
        caught_up = cpu["caught_up"]
        print(
            f"e-mail worker against a {args.smtp} SMTP server (timeout {args.smtp_timeout:g} s): "
            f"CPU {cpu['worker']:.1f} s; e-mails by status at the end: {cpu['emails']}; "
            + (
                f"caught up {caught_up:.1f} s after the load"
                if caught_up is not None
                else f"still owing after {args.drain_wait:g} s"
            )
        )
        sent = cpu["emails"].get("sent", 0)
        if sent:
            print(
                f"worker CPU per e-mail sent (load and catching up): "
                f"{cpu['worker'] / sent * 1000:.1f} ms"
            )
        print(f"longest transaction left idle meanwhile: {cpu['idle_in_transaction']:.1f} s")
    print(
        "load average before / after: {:.2f} / {:.2f} (this machine: {} cores)".format(
            cpu["load_before"], os.getloadavg()[0], os.cpu_count()
        )
    )
    if ok:
        print(
            "CPU per registration: gunicorn {:.1f} ms, PostgreSQL backends {:.1f} ms, "
            "this client {:.1f} ms".format(
                *(cpu[key] / ok * 1000 for key in ("gunicorn", "postgres", "client"))
            )
        )
    print(
        f"gunicorn: {args.workers} workers × {args.threads} thread(s); {args.concurrency} clients"
    )
    print(f"submitted {sum(statuses.values())} in {elapsed:.1f} s; answers: {statuses}")
    print(f"registrations per minute: {ok / elapsed * 60:,.0f}  ({ok / elapsed:.1f}/s)")
    if latencies:
        print(
            "latency ms: p50 {:.1f}  p90 {:.1f}  p99 {:.1f}  max {:.1f}".format(
                *(1000 * percentile(latencies, f) for f in (0.5, 0.9, 0.99)),
                1000 * max(latencies),
            )
        )
    confirmed = sum(n for (status, _c), n in counts.items() if status == "confirmed")
    waitlisted = sum(n for (status, _c), n in counts.items() if status == "waitlisted")
    print(f"confirmed {confirmed} / capacity {capacity}; waitlisted {waitlisted}")
    overbooked = confirmed > capacity
    for category, quota in sorted(quotas.items()):
        taken = counts.get(("confirmed", category), 0)
        flag = "  OVERBOOKED" if taken > quota else ""
        overbooked = overbooked or taken > quota
        print(f"  {category:<13} confirmed {taken:>5} / quota {quota:>5}{flag}")
    # The stored ones were all confirmed or waiting before the run.
    lost = ok + args.preload - confirmed - waitlisted
    print(f"stored registrations match successful answers: {'yes' if lost == 0 else lost}")
    print("overbooking: " + ("YES — capacity or a quota exceeded" if overbooked else "none"))
    return 1 if overbooked or lost else 0


def main():
    args = parse_args()
    database = f"{args.database_prefix}_{os.getpid()}"
    database_url = f"{args.pg}/{database}"
    smtp = None
    if args.smtp != "none":
        smtp = FakeSMTPServer(mode="answer" if args.smtp == "healthy" else "stall").start()
    env = environment(database_url, smtp and smtp.port, args.smtp_timeout)
    psql(args.pg, f"CREATE DATABASE {database}")
    server = log = worker = worker_log = None
    try:
        print(f"database {database}: migrating, collecting static files …", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        number = set_up_edition(env, args.capacity, args.preload)
        # The stored registrations as a live site has them: vacuumed and analyzed long ago. Left
        # to autovacuum, the first minute's reads over them (the waiting list, the mailbox index)
        # check every fresh row's heap page for its visibility.
        psql_database(args.pg, database, "VACUUM (ANALYZE)")
        path = f"/en/editions/{number}/register/"
        if args.profile:
            profile(env, path, args.profile)
            return 0
        log_path = Path(tempfile.gettempdir()) / f"{database}-gunicorn.log"
        if smtp is not None:
            # Started first: its CPU is counted from when gunicorn answers, after its own start.
            worker, worker_log = start_worker(env, log_path.with_name(f"{database}-worker.log"))
            print(f"e-mail worker against a {args.smtp} SMTP server on port {smtp.port}")
        server, log = start_gunicorn(env, args, log_path)
        print(f"gunicorn on 127.0.0.1:{args.port}; submitting {args.count} …", flush=True)
        cpu = {"load_before": os.getloadavg()[0]}
        cpu_before = process_cpu_seconds(server.pid)
        worker_before = process_cpu_seconds(worker.pid) if worker else 0
        client_before = time.process_time()
        with IdleTransactionSampler(args.pg, database) as sampler:
            elapsed, latencies, statuses = run_load(args, path)
        cpu["idle_in_transaction"] = sampler.longest
        cpu["gunicorn"] = process_cpu_seconds(server.pid) - cpu_before
        cpu["client"] = time.process_time() - client_before
        cpu["caught_up"] = (
            wait_for_the_outbox(args.pg, database, args.drain_wait) if worker else None
        )
        cpu["worker"] = (process_cpu_seconds(worker.pid) - worker_before) if worker else 0
        # Sampled during the load (the e-mail worker's backend included).
        cpu["postgres"] = sampler.backend_cpu
        capacity, quotas, counts, cpu["emails"] = final_counts(env)
        return report(args, elapsed, latencies, statuses, capacity, quotas, counts, cpu)
    finally:
        if worker is not None:
            worker.kill()  # a send may be hanging on the stalled server: no graceful wait
            worker.wait(timeout=30)
            worker_log.close()
        if smtp is not None:
            smtp.stop()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
