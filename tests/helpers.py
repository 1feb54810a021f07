"""Pieces several test modules share."""

import inspect
import os
import re

import factory
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from forum.website.sitemaps import PersonSitemap
from tests import factories

# The Redis database the tests may empty at will. CI runs the SQLite and PostgreSQL passes at
# once, each with its own.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# The task queue production runs (django-tasks-db), for tests that need queued tasks stored.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def production_environment(*dropped_prefixes, **settings):
    """This process's environment for a `manage.py` child run as production runs it.

    Drops what the test session itself sets (the browser tests' async-unsafe switch, the
    development secret and debug flag) and every variable starting with one of
    `dropped_prefixes`, then applies `settings`.
    """
    dropped = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", *dropped_prefixes)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    environment.update(settings)
    return environment


def queries_for(client, url):
    """How many queries a GET of `url` runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _factories_by_model():
    found = {}
    for value in vars(factories).values():
        if (
            inspect.isclass(value)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is not None
        ):
            found.setdefault(value._meta.get_model_class(), value)
    return found


FACTORIES = _factories_by_model()


def sitemap_text(client):
    """The sitemap index and every section page it lists, as one text."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    texts = [index.content.decode()]
    for location in re.findall(r"<loc>([^<]+)</loc>", texts[0]):
        page = client.get(location.replace("&amp;", "&"))
        assert page.status_code == 200, location
        texts.append(page.content.decode())
    return "\n".join(texts)


def sitemap_page_of(person):
    """The address of the people section's page listing `person`: a page holds a fixed range
    of keys, so which one depends on the key the database gave it."""
    number = PersonSitemap().paginator.number_holding(person.pk)
    return "/sitemap-people.xml" if number == 1 else f"/sitemap-people.xml?p={number}"


def migrate_to(targets):
    """Migrates the test database to `targets` ((app, migration name) pairs; a None name
    unapplies the app) and returns the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest_migrations():
    """The (app, migration name) of every app's newest migration: migrate_to(latest_migrations())
    brings a test database back to the current schema."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
