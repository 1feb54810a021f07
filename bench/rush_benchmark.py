"""The registration-opening rush: many visitors on the home page and the registration form at
the moment registration opens, while registrants submit the form.

    .venv/bin/python bench/rush_benchmark.py                      # 200 connections, 1 server
    .venv/bin/python bench/rush_benchmark.py --servers 2          # two gunicorns behind nginx
    .venv/bin/python bench/rush_benchmark.py --cache off          # for comparison

1. creates a throwaway PostgreSQL database on 127.0.0.1, migrates it and loads the demo content
   (`--people N`: the data set at scale instead);
2. makes the featured edition's registration open --opens-in seconds after the rush starts,
   with --capacity seats;
3. starts --servers gunicorn instances with the production settings (config.settings.prod,
   --workers sync workers each) sharing PostgreSQL and Redis; with two or more, nginx
   (docs/nginx/youth50.conf, upstream replaced) spreads the requests over them;
4. for --duration seconds runs wrk with --connections connections, half on the home page and
   half (or --form-connections) on the registration form (two wrk processes, so each page has
   its own figures), while --registrants threads fetch the form and submit it again and
   again (each with its own CSRF cookie and e-mail address) once the window is open;
5. prints requests/s, p50/p99 latency and errors (non-2xx/3xx answers, socket errors and
   time-outs) per page, the registrations accepted, confirmed versus capacity, and whether the
   home page's "seats left" matches the database PAGE_CACHE_BRIEF_SECONDS after the last
   registration; then stops the servers, drops the database and flushes the Redis database.

Exit status 1 on any error, on p99 over --p99-limit ms, or on overbooking. Needs wrk (and nginx
for --servers 2 or more). A benchmark, not a test: numbers depend on the machine's load.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NGINX_CONFIG = ROOT / "docs" / "nginx" / "youth50.conf"

# Opens the featured edition's registration in `opens_in` seconds; prints what the rush needs.
PREPARE = """
import datetime, json
from django.utils import timezone
from forum import selectors
from forum.registrations.models import PrivacyNotice, RegistrationSettings
edition = selectors.featured_edition()
now = timezone.now()
RegistrationSettings.objects.update_or_create(
    edition=edition,
    defaults={{
        "opens_at": now + datetime.timedelta(seconds={opens_in}),
        "closes_at": now + datetime.timedelta(days=1),
        "capacity": {capacity},
    }},
)
print(json.dumps({{"number": edition.number,
                  "notice": PrivacyNotice.objects.in_force().first().version}}))
"""

COUNT = """
import json
from forum.registrations.models import Registration, RegistrationSettings
from forum.registrations.selectors import seats_taken
settings = RegistrationSettings.objects.get(edition__number={number})
rows = Registration.objects.filter(edition__number={number})
print(json.dumps({{"capacity": settings.capacity, "confirmed": seats_taken(settings),
                  "all": rows.count(), "waitlisted": rows.filter(status="waitlisted").count(),
                  "seats_left": max(settings.capacity - seats_taken(settings), 0)}}))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument(
        "--form-connections", type=int, help="of those, on the form (default: half)"
    )
    parser.add_argument("--duration", type=int, default=20, help="seconds of rush")
    parser.add_argument("--opens-in", type=int, default=5, help="seconds into the rush")
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--registrants", type=int, default=4, help="submitting threads")
    parser.add_argument("--servers", type=int, default=1, help="gunicorn instances")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per gunicorn")
    parser.add_argument("--cache", choices=["on", "off"], default="on", help="the page cache")
    parser.add_argument("--people", type=int, default=0, help="scale data instead of demo")
    parser.add_argument("--port", type=int, default=8775, help="first port")
    parser.add_argument("--p99-limit", type=float, default=500.0, help="ms")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    return parser.parse_args()


def run(command, env=None, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def psql(server_url, sql):
    run(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{server_url}/postgres", "-c", sql])


def flush_redis(url):
    run([PYTHON, "-c", f"import redis; redis.Redis.from_url({url!r}).flushdb()"])


def environment(args, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=database_url,
        REDIS_URL=args.redis,
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        SITE_URL="http://127.0.0.1",
        REGISTRATION_RATE_LIMIT="0",
        REGISTRATION_RATE_LIMIT_PROXIES="1" if args.servers > 1 else "0",
        PAGE_CACHE="true" if args.cache == "on" else "false",
    )
    env.pop("DEBUG", None)
    return env


def shell(env, code):
    output = run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def wait_for(port, path="/healthz", seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return True
        time.sleep(0.2)
    return False


def start_gunicorn(env, args, port, scratch):
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    log = open(scratch / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed on stop)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    if not wait_for(port):
        raise SystemExit(f"gunicorn did not start; see {log.name}")
    return process, log


def start_nginx(ports, listen, scratch):
    """docs/nginx/youth50.conf with its upstream replaced by the app servers."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(nginx, os.X_OK):
        raise SystemExit("nginx is missing: apt-get install nginx")
    server = NGINX_CONFIG.read_text(encoding="utf-8")
    servers = "".join(f"\n    server 127.0.0.1:{port};" for port in ports)
    server = re.sub(r"\n[ \t]*server 127\.0\.0\.1:\d+;", "", server)
    server = server.replace("upstream youth50_app {", "upstream youth50_app {" + servers, 1)
    server = server.replace("listen 80;", f"listen 127.0.0.1:{listen} backlog=4096;")
    server = server.replace("keepalive 16;", "keepalive 64;")
    (scratch / "youth50.conf").write_text(server, encoding="utf-8")
    user = "user root;" if os.geteuid() == 0 else ""
    (scratch / "nginx.conf").write_text(
        f"""
{user}
pid {scratch}/nginx.pid;
error_log {scratch}/nginx-error.log warn;
worker_processes 1;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {scratch}/body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    include {scratch}/youth50.conf;
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx, "-p", str(scratch), "-c", str(scratch / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    if not wait_for(listen):
        raise SystemExit(f"nginx did not start; see {scratch}/nginx-error.log")
    return process


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def start_wrk(args, port, path, connections):
    return subprocess.Popen(
        [
            "wrk",
            "--latency",
            "-t1",
            f"-c{connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{port}{path}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def wrk_figures(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percent in ("50", "99"):
        found = re.search(rf"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        latency[percent] = float(found[1]) * UNITS[found[2]] if found else float("nan")
    errors = 0
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(failed[1]) if failed else 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return rate, latency["50"], latency["99"], errors


class Registrants:
    """Threads that each fetch the form and submit it, again and again, until told to stop."""

    def __init__(self, port, form_path, notice, opens_at):
        self.port, self.form_path, self.notice, self.opens_at = port, form_path, notice, opens_at
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.outcomes = {}
        self.seconds = []
        self.last_accepted = 0.0

    def _count(self, outcome, seconds=None):
        with self.lock:
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            if seconds is not None:
                self.seconds.append(seconds)
            if outcome == "accepted":
                self.last_accepted = time.monotonic()

    def _once(self, serial):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.monotonic()
        connection.request("GET", self.form_path)
        response = connection.getresponse()
        page = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not cookie or not token:
            self._count(f"form {response.status}")
            return
        body = {
            "csrfmiddlewaretoken": token[1],
            "name": f"Rush {serial}",
            "email": f"rush-{serial}@example.com",
            "mobile": f"138{serial:08d}",
            "organization": "Rush Ltd",
            "title": "Founder",
            "category": "entrepreneur",
            "needs": "",
            "consent": "on",
            "notice_version": self.notice,
            "website": "",
        }
        connection.request(
            "POST",
            self.form_path,
            body=urlencode(body),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie[1]}",
            },
        )
        answer = connection.getresponse()
        answer.read()
        connection.close()
        outcome = "accepted" if answer.status == 302 else f"refused {answer.status}"
        self._count(outcome, time.monotonic() - started)

    def _work(self, first_serial):
        serial = first_serial
        while not self.stop.is_set():
            if time.monotonic() < self.opens_at:
                time.sleep(0.05)
                continue
            try:
                self._once(serial)
            except OSError as error:
                self._count(f"error {type(error).__name__}")
            serial += 1

    def start(self, count):
        self.threads = [
            threading.Thread(target=self._work, args=(index * 1_000_000,), daemon=True)
            for index in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def seats_on_home(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/en/")
    page = connection.getresponse().read().decode()
    found = re.search(r"<dd>([\d,]+) seats?</dd>", page)
    return int(found[1].replace(",", "")) if found else None


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    database = f"y50_rush_{os.getpid()}"
    env = environment(args, f"{args.pg}/{database}")
    scratch = Path(tempfile.mkdtemp(prefix="y50-rush-"))
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env)
    psql(args.pg, f"CREATE DATABASE {database}")
    flush_redis(args.redis)
    servers, nginx = [], None
    failed = False
    try:
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env)
        loader = ["load_scale_data", "--people", str(args.people)] if args.people else ["load_demo"]
        run([PYTHON, "manage.py", *loader], env=env, capture_output=True)
        ports = [args.port + 1 + index for index in range(args.servers)]
        for port in ports:
            servers.append(start_gunicorn(env, args, port, scratch))
        front = ports[0]
        if args.servers > 1:
            front = args.port
            nginx = start_nginx(ports, front, scratch)
        prepared = shell(env, PREPARE.format(opens_in=args.opens_in, capacity=args.capacity))
        opens_at = time.monotonic() + args.opens_in
        form_path = f"/en/editions/{prepared['number']}/register/"
        for path in ("/en/", form_path):  # one request each: no first render in the figures
            connection = http.client.HTTPConnection("127.0.0.1", front, timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()

        print(
            f"rush: {args.connections} connections for {args.duration} s on the home page and "
            f"the registration form, registration opening after {args.opens_in} s; "
            f"{args.servers} gunicorn × {args.workers} sync workers"
            f"{' behind nginx' if nginx else ''}, page cache {args.cache}, "
            f"{args.registrants} registrant threads",
            flush=True,
        )
        half = args.connections // 2 if args.form_connections is None else args.form_connections
        registrants = Registrants(front, form_path, prepared["notice"], opens_at)
        rushes = {
            "home /en/": start_wrk(args, front, "/en/", args.connections - half),
            "registration form": start_wrk(args, front, form_path, half),
        }
        registrants.start(args.registrants)
        outputs = {name: process.communicate()[0] for name, process in rushes.items()}
        registrants.finish()

        print("| page | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|")
        for name, output in outputs.items():
            rate, p50, p99, errors = wrk_figures(output)
            failed |= errors > 0 or not p99 < args.p99_limit
            print(f"| {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} |")
        seconds = sorted(registrants.seconds)
        if seconds:
            p99 = seconds[int(len(seconds) * 0.99) - 1 if len(seconds) > 1 else 0] * 1000
            print(
                f"registrants (form + submission): {len(seconds)} done, "
                f"p50 {seconds[len(seconds) // 2] * 1000:.0f} ms, p99 {p99:.0f} ms"
            )
        print(f"outcomes: {registrants.outcomes}")
        failed |= any(outcome != "accepted" for outcome in registrants.outcomes)

        counted = shell(env, COUNT.format(number=prepared["number"]))
        print(
            f"stored: {counted['all']} registrations, {counted['confirmed']} confirmed of "
            f"{counted['capacity']} seats, {counted['waitlisted']} waiting"
        )
        failed |= counted["confirmed"] > counted["capacity"]
        wait = float(env.get("PAGE_CACHE_BRIEF_SECONDS", "5")) + 1
        time.sleep(max(0.0, registrants.last_accepted + wait - time.monotonic()))
        shown = seats_on_home(front)
        print(
            f"home page {wait:.0f} s after the last registration: {shown} seats left, "
            f"database: {counted['seats_left']}"
        )
        failed |= counted["seats_left"] > 0 and shown != counted["seats_left"]
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=30)
        for process, log in servers:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        psql(args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        flush_redis(args.redis)
        shutil.rmtree(scratch, ignore_errors=True)
    print("FAILED" if failed else "passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
