"""Public pages against a bare Django view: requests per second, ratio, latency, queries.

    .venv/bin/python bench/pages_benchmark.py                     # demo content, then 10,000 people
    .venv/bin/python bench/pages_benchmark.py --data demo --duration 5 --rounds 3
    .venv/bin/python bench/pages_benchmark.py --cache on            # cached pages only
    .venv/bin/python bench/pages_benchmark.py --data scale --cache off --pages search "a person"

For each data set (the seed article's demo content, `load_demo`; and the data set at scale,
`load_scale_data --people N`):
1. creates a throwaway PostgreSQL database on 127.0.0.1, migrates and loads it;
2. counts each page's queries and size in-process (Django's test client, same settings);
3. starts gunicorn with the production settings (bench/bare_settings.py: config.settings.prod
   plus a bare view at /bench/bare/), --workers sync workers, Redis as the cache (its own
   database number, flushed before and after); once with the page cache off (PAGE_CACHE=false:
   what building each page costs) and once with it on (what anonymous visitors get), as
   --cache says;
4. for --rounds rounds, runs wrk (--connections, --duration seconds) on each page and then on
   the bare view, interleaved, so both see the same machine load; every request says
   `Accept-Encoding: gzip, deflate, br`, as crawlers and browsers do (--accept-encoding ""
   sends none, as wrk alone does);
5. prints requests/s of the page and of the bare view (averaged over rounds), their ratio,
   the page's p50/p99 latency, errors (non-2xx answers and time-outs), queries, its size and
   the bytes of its body sent with that Accept-Encoding (less for a page served gzipped);
   stops gunicorn, drops the database and flushes the Redis database.

Needs wrk (Debian: apt-get install wrk). A benchmark, not a test: numbers depend on the
machine and on whatever else runs on it.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BARE = "/bench/bare/"

# The pages to measure, by kind; {…} are filled from the database (see DISCOVER).
PAGES = [
    ("home (zh-hans)", "/zh-hans/"),
    ("home (en)", "/en/"),
    ("people list", "/en/people/"),
    ("a person", "/en/people/{person}/"),
    ("organizations list", "/en/organizations/"),
    ("an organization", "/en/organizations/{organization}/"),
    ("editions list", "/en/editions/"),
    ("an edition", "/en/editions/{edition}/"),
    ("figures index", "/en/figures/"),
    ("a sector", "/en/figures/sectors/{sector}/"),
    ("an indicator", "/en/figures/indicators/{indicator}/"),
    ("news list", "/en/news/"),
    ("an article", "/en/news/{article}/"),
    ("search", "/en/search/?q={query}"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap section", "/sitemap-people.xml"),
]

# Picks rows from the middle of each table (not the first, which may be special) and counts
# each page's queries and bytes with the test client; prints JSON.
DISCOVER = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from forum.models import Edition
from forum.news.models import Article
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person

def middle(queryset):
    count = queryset.count()
    return queryset[count // 2] if count else None

person = middle(Person.objects.published().order_by("pk"))
values = {{
    "person": person.slug,
    "organization": middle(Organization.objects.published().order_by("pk")).slug,
    "edition": middle(Edition.objects.published().order_by("pk")).number,
    "sector": middle(Sector.objects.published().order_by("pk")).slug,
    "indicator": middle(Indicator.objects.public().order_by("pk")).slug,
    "article": middle(Article.objects.published().order_by("pk")).slug,
    "query": person.name_en.split()[0] or person.name_zh[:1],
}}
client = Client(HTTP_HOST="127.0.0.1")
pages = {{}}
for name, template in {pages!r}:
    url = template.format(**values)
    with CaptureQueriesContext(connection) as captured:
        sent = client.get(url, headers={{"accept-encoding": {accept_encoding!r}}})
    queries = len(captured)  # counted now: the next request empties Django's query log
    response = client.get(url)
    pages[name] = {{"url": url, "status": response.status_code, "queries": queries,
                   "bytes": len(response.content), "sent": len(sent.content)}}
print(json.dumps(pages))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", choices=["demo", "scale", "both"], default="both")
    parser.add_argument("--people", type=int, default=10_000, help="size of the scale data set")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--cache", choices=["off", "on", "both"], default="both", help="the page cache"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=[name for name, _ in PAGES],
        metavar="PAGE",
        help="measure only these pages (by name, as in the table); all of them without it",
    )
    parser.add_argument(
        "--accept-encoding",
        default="gzip, deflate, br",
        help='the header every request sends, as crawlers do ("" for none)',
    )
    return parser.parse_args()


def chosen_pages(args):
    return [page for page in PAGES if args.pages is None or page[0] in args.pages]


def run(command, env=None, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def psql(server_url, sql):
    run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{server_url}/postgres", "-c", sql],
        capture_output=True,
    )


def flush_redis(url):
    run([PYTHON, "-c", f"import redis; redis.Redis.from_url({url!r}).flushdb()"])


def environment(args, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bare_settings",
        DATABASE_URL=database_url,
        REDIS_URL=args.redis,
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        SITE_URL="http://127.0.0.1",
    )
    env.pop("DEBUG", None)
    return env


def manage(env, *arguments, **kwargs):
    return run([PYTHON, "manage.py", *arguments], env=env, **kwargs)


def start_gunicorn(env, args, log_path):
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    log = open(log_path, "w")  # noqa: SIM115 (closed when the server stops)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    # Generous: on a loaded machine the workers take a while to import the project.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            connection.request("GET", BARE)
            if connection.getresponse().status == 200:
                return process, log
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not start; see {log_path}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def settle(args):
    """Wait until the workers have answered every request a finished wrk run left queued: a
    slow page's backlog would otherwise be served during the next (bare) run."""
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
    connection.request("GET", BARE)
    connection.getresponse().read()


def wrk(args, path):
    """(requests/s, p50 ms, p99 ms, non-2xx answers + time-outs) of one wrk run on `path`."""
    output = run(
        [
            "wrk",
            "--latency",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "30s",
            *(
                ["--header", f"Accept-Encoding: {args.accept_encoding}"]
                if args.accept_encoding
                else []
            ),
            f"http://127.0.0.1:{args.port}{path}",
        ],
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percent in ("50", "99"):
        found = re.search(rf"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        # No figure when no request completed in the run.
        latency[percent] = float(found[1]) * UNITS[found[2]] if found else float("nan")
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    errors = (int(failed[1]) if failed else 0) + (int(timeouts[1]) if timeouts else 0)
    return rate, latency["50"], latency["99"], errors


def load(env, data, people):
    started = time.monotonic()
    if data == "demo":
        manage(env, "load_demo", capture_output=True)
    else:
        manage(env, "load_scale_data", "--people", str(people), capture_output=True)
    return time.monotonic() - started


def measure(args, data):
    database = f"y50_pages_{data}_{os.getpid()}"
    env = environment(args, f"{args.pg}/{database}")
    psql(args.pg, f"CREATE DATABASE {database}")
    flush_redis(args.redis)
    server = log = None
    try:
        print(f"[{data}] database {database}: migrating and loading …", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        seconds = load(env, data, args.people)
        print(f"[{data}] loaded in {seconds:.0f} s", flush=True)
        discovered = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            DISCOVER.format(pages=chosen_pages(args), accept_encoding=args.accept_encoding),
            capture_output=True,
            text=True,
        ).stdout
        pages = json.loads(discovered.strip().splitlines()[-1])
        flush_redis(args.redis)  # the in-process pass filled the cache: start cold
        for cache in ["off", "on"] if args.cache == "both" else [args.cache]:
            env["PAGE_CACHE"] = "true" if cache == "on" else "false"
            log_path = Path(tempfile.gettempdir()) / f"{database}-gunicorn.log"
            server, log = start_gunicorn(env, args, log_path)
            totals = run_rounds(args, data, pages)
            stop_gunicorn(server, log)
            server = None
            report(args, f"{data}, page cache {cache}", pages, totals)
    finally:
        if server is not None:
            stop_gunicorn(server, log)
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        flush_redis(args.redis)


def run_rounds(args, data, pages):
    for page in pages.values():  # one request each, so a first render is not measured
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        connection.request("GET", page["url"])
        connection.getresponse().read()
    totals = {name: {"page": [], "bare": []} for name in pages}
    for round_number in range(1, args.rounds + 1):
        print(f"[{data}] round {round_number}/{args.rounds} …", flush=True)
        for name, page in pages.items():
            totals[name]["page"].append(wrk(args, page["url"]))
            settle(args)
            totals[name]["bare"].append(wrk(args, BARE))
            settle(args)
    return totals


def stop_gunicorn(server, log):
    server.terminate()
    server.wait(timeout=30)
    log.close()


def report(args, data, pages, totals):
    print(
        f"\n{data}: gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
        f"{args.rounds} × {args.duration} s per page and per bare run, interleaved, "
        f"Accept-Encoding: {args.accept_encoding or '(none)'}"
    )
    header = (
        "page",
        "req/s",
        "bare req/s",
        "ratio",
        "p50 ms",
        "p99 ms",
        "errors",
        "queries",
        "KB",
        "KB sent",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    lines = []
    for name, page in pages.items():
        runs, bare = totals[name]["page"], totals[name]["bare"]
        rate = sum(r[0] for r in runs) / len(runs)
        bare_rate = sum(r[0] for r in bare) / len(bare)
        p50 = sorted(r[1] for r in runs)[len(runs) // 2]
        p99 = max(r[2] for r in runs)
        errors = sum(r[3] for r in runs) + (page["status"] != 200)
        row = (
            name,
            f"{rate:,.0f}",
            f"{bare_rate:,.0f}",
            f"{rate / bare_rate:.3f}" if bare_rate else "n/a",
            f"{p50:.1f}",
            f"{p99:.1f}",
            str(errors),
            str(page["queries"]),
            f"{page['bytes'] / 1024:,.0f}",
            f"{page['sent'] / 1024:,.0f}",
        )
        lines.append(row)
        print("| " + " | ".join(row) + " |", flush=True)
    return lines


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    manage(environment(args, f"{args.pg}/postgres"), "collectstatic", "--no-input", "-v0")
    for data in ["demo", "scale"] if args.data == "both" else [args.data]:
        measure(args, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
