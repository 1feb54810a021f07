"""Cached answers that are never stale: keys carry the public content's version.

The version is a random token kept in the cache (Redis in production, so every app server and
worker shares it). A cached answer is stored under the version read *before* it was built; any
change to public content replaces the token once the change commits (`content_changed`), so the
next request misses and builds afresh from committed rows, and answers stored under an older
token are never read again (they expire on their own after `ANSWER_TIMEOUT`). If the cache
evicts the token, a new one is drawn: again no old answer can match. Time-outs play no part in
freshness.

Who says what changed lives with the pages (the website connects the content models' signals);
code that writes content around `save()` (bulk inserts of a data loader) calls
`content_changed()` itself.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "content-version"
# How long an answer of an outdated version lingers in the cache before it is dropped.
ANSWER_TIMEOUT = 24 * 60 * 60


def _new_token():
    return secrets.token_hex(8)


def content_version():
    """The current token; drawn (once, whoever comes first) when the cache holds none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_token(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(**_signal_arguments):
    """Public content changed: after the transaction commits, draw a new version token.

    After commit, not at once: a request building an answer between the change and the commit
    would otherwise read the old rows and store them under the new token. Usable directly as a
    signal receiver.
    """
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_token(), timeout=None))


def cached_answer(name, build, *, version=None):
    """The answer stored under `name` for the current version, else `build()`'s, stored.

    `build` returns a picklable value, or None for an answer not to keep (an error page).
    `version`: the token already read while building the same response (a page with several
    kept parts reads it once), else it is read here.
    """
    key = f"{name}:{version or content_version()}"
    answer = cache.get(key)
    if answer is None:
        answer = build()
        if answer is not None:
            cache.set(key, answer, timeout=ANSWER_TIMEOUT)
    return answer
