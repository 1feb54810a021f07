"""What a restored site must equal, read without the backup code: every row of every model
(many-to-many tables by the pairs they link, their own ids being the loader's), the content
types and permissions `migrate` rebuilds (by natural key), public pages as rendered, and — on
PostgreSQL — whether every id sequence is ahead of its table.

The test reads the source in its own process, and the restored server in a fresh one
(tests/backup/read_site.py).
"""

import datetime
import json
import re

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test import Client

# Not in an archive, by design (config/backup/archive.py): rebuilt by migrate, short-lived, or
# kept by the database (the seat tally, written again from the registrations as they are
# loaded: its rows' keys and order differ, `check_seat_tally` checks it after a restore).
# Content types and permissions are compared by natural key below.
NOT_ARCHIVED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
    "registrations.seattally",
}
_NONCE = re.compile(r'nonce="[^"]*"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _json_ready(value):
    """The value as JSON holds it, to the microsecond (DjangoJSONEncoder would cut timestamps to
    the millisecond and hide a loss)."""
    if isinstance(value, FieldFile):
        value = value.name
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def rows():
    """{model label: rows}, each row {column: JSON-ready value}; a foreign key to a content
    type or a permission as its natural key."""
    by_natural_key = {
        ContentType: {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.all()},
        Permission: {
            p.pk: list(p.natural_key()) for p in Permission.objects.select_related("content_type")
        },
    }
    found = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_ARCHIVED or model._meta.proxy:
            continue
        link_table = bool(model._meta.auto_created)
        table = []
        for obj in model._base_manager.order_by("pk"):
            row = {}
            for field in model._meta.concrete_fields:
                if link_table and field.primary_key:
                    continue
                value = field.value_from_object(obj)
                if field.is_relation and field.related_model in by_natural_key:
                    value = by_natural_key[field.related_model].get(value)
                row[field.attname] = _json_ready(value)
            table.append(row)
        if link_table:
            table.sort(key=lambda row: json.dumps(row, sort_keys=True))
        found[label] = table
    found["contenttypes (natural keys)"] = sorted(by_natural_key[ContentType].values())
    found["permissions (natural keys)"] = sorted(by_natural_key[Permission].values())
    return found


def page(client, url):
    """The page's HTML, less what differs on every request (CSP nonces, CSRF tokens)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    return _CSRF.sub('name="csrfmiddlewaretoken" value=""', _NONCE.sub('nonce=""', html))


def sequences_behind():
    """The tables whose id sequence would hand out an id already taken (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    behind = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            opts = model._meta
            if opts.proxy or not opts.pk.get_internal_type().endswith("AutoField"):
                continue
            table, column = opts.db_table, opts.pk.column
            cursor.execute(f'SELECT max("{column}") FROM "{table}"')  # noqa: S608 (model names)
            highest = cursor.fetchone()[0]
            if highest is None:
                continue
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))", [table, column])
            if cursor.fetchone()[0] <= highest:
                behind.append(table)
    return behind


def main(out, urls):
    """Write the state of this process's server (and the pages at `urls`) to `out`."""
    client = Client()
    state = {
        "rows": rows(),
        "pages": {url: page(client, url) for url in urls},
        "sequences_behind": sequences_behind(),
    }
    with open(out, "w", encoding="utf-8") as stream:
        json.dump(state, stream, ensure_ascii=False)
