"""What each public page costs the app server to draw, in CPU milliseconds: a measure that holds
on a loaded machine, where requests per second (bench/pages_benchmark.py) swing with the load.

    .venv/bin/python bench/render_cost.py --use postgres://postgres@127.0.0.1:5432/DB
    .venv/bin/python bench/render_cost.py --use … --requests 50 --profile "a person"

--use names a migrated database holding content (`load_scale_data` for the data set at scale);
it is only read. Each page is requested in-process (Django's test client, production settings
as in bench/bare_settings.py, Redis as the cache) --requests times twice:
- "kept": the page's kept parts ({% content_cache %}) are in the cache, as between edits;
- "drawn": a new content version before each request, so every kept part is drawn afresh, as
  on the first request after an edit (full-page caching is off in both: PAGE_CACHE=false).
It prints CPU ms per request (process time: the database's and Redis' own work is not in it),
queries and size, and the bare view's CPU ms as the yardstick. --profile NAME prints a cProfile
of that page (kept), heaviest first. The Redis database (--redis) is flushed before and after.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"
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
    ("news list, filtered", "/en/news/?person={person_name}&page=2"),
    ("an article", "/en/news/{article}/"),
    ("search", "/en/search/?q={person_name}"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--use", required=True, help="DATABASE_URL of a loaded database")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--requests", type=int, default=20, help="requests per page and state")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of this page")
    return parser.parse_args()


def setup(args):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.bare_settings",
        DATABASE_URL=args.use,
        REDIS_URL=args.redis,
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        # What drawing a page costs; the page cache now answers before the view would run.
        PAGE_CACHE="false",
    )
    os.environ.pop("DEBUG", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def middle(queryset):
    count = queryset.count()
    return queryset[count // 2] if count else None


def addresses():
    from forum.models import Edition
    from forum.news.models import Article
    from metrics.models import Indicator, Sector
    from profiles.models import Organization, Person

    person = middle(Person.objects.published().order_by("pk"))
    values = {
        "person": person.slug,
        "person_name": person.name_en.split()[0],
        "organization": middle(Organization.objects.published().order_by("pk")).slug,
        "edition": middle(Edition.objects.published().order_by("pk")).number,
        "sector": middle(Sector.objects.published().order_by("pk")).slug,
        "indicator": middle(Indicator.objects.public().order_by("pk")).slug,
        "article": middle(Article.objects.published().order_by("pk")).slug,
    }
    return [(name, template.format(**values)) for name, template in PAGES]


def cost(client, url, requests, *, afresh=False):
    """(CPU ms per request, queries of one request, bytes)."""
    from django.core.cache import cache
    from django.db import connection

    from config.common.content_cache import VERSION_KEY

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    client.get(url)
    cpu = 0.0
    for _ in range(requests):
        if afresh:
            cache.delete(VERSION_KEY)
        executed.clear()
        started = time.process_time()
        with connection.execute_wrapper(count):
            response = client.get(url)
        cpu += time.process_time() - started
        assert response.status_code == 200, (url, response.status_code)
    return cpu / requests * 1000, len(executed), len(response.content)


def main():
    args = parse_args()
    setup(args)
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    try:
        pages = addresses()
        if args.profile:
            url = dict(pages)[args.profile]
            client.get(url)
            profile = cProfile.Profile(time.process_time)
            profile.runcall(lambda: [client.get(url) for _ in range(args.requests)])
            pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
            return 0
        bare, _queries, _size = cost(client, BARE, args.requests * 5)
        print(f"bare view: {bare:.2f} ms CPU per request ({args.requests * 5} requests)\n")
        header = ("page", "kept ms", "kept queries", "drawn ms", "drawn queries", "KB")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for name, url in pages:
            kept = cost(client, url, args.requests)
            drawn = cost(client, url, args.requests, afresh=True)
            row = (
                name,
                f"{kept[0]:.1f}",
                str(kept[1]),
                f"{drawn[0]:.1f}",
                str(drawn[1]),
                f"{kept[2] / 1024:.0f}",
            )
            print("| " + " | ".join(row) + " |", flush=True)
    finally:
        cache.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
