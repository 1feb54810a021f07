"""The production settings with one addition for bench/pages_benchmark.py: a bare Django view
at /bench/bare/ (bench/bare_urls.py), served through the same middleware by the same gunicorn,
as the yardstick every page is compared with."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
