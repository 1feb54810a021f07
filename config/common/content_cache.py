"""Cached answers that are never stale: keys carry the public content's version.

The version is a random token kept in the cache (Redis in production, so every app server and
worker shares it). A cached answer is stored with the version read *before* it was built
(in its key, `cached_answer`, or beside it under a key of its own, `current_answer`, which
reads both in one round trip and overwrites an older version's copy in place); any
change to public content replaces the token once the change commits (`content_changed`), so the
next request misses and builds afresh from committed rows, and answers stored under an older
token are never read again (they expire on their own after `ANSWER_TIMEOUT`). If the cache
evicts the token, a new one is drawn: again no old answer can match.

Each process also keeps its own copies of the answers `current_answer` read or kept last (up to
PAGE_CACHE_LOCAL_BYTES), and serves one after reading only the version, which it must read
anyway: a round trip carrying a token instead of a whole page, and no page to unpickle twice.
A copy is served under the same rule as the shared answer, only while its version is the
current one and until the moment the shared answer expires.

Some content changes with no write at all: an item leaves the public pages at its unpublishing
time (`expire_at`), before the worker's job clears its flag. Such moments are announced by
clocks (`register_clock`); an answer is never kept past the next one (`answer_timeout`), so
it is rebuilt at that second. Every clock is read in one query, once per version. No other
time-out plays a part in freshness.

Who says what changed lives with the pages (the website connects the content models' signals);
code that writes content around `save()` (bulk inserts of a data loader) calls
`content_changed()` itself.
"""

import datetime
import math
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

VERSION_KEY = "content-version"
# How long an answer of an outdated version lingers in the cache before it is dropped.
ANSWER_TIMEOUT = 24 * 60 * 60

_clocks = []


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


def register_clock(moments):
    """`moments()` answers where the moments at which public content changes by the clock alone
    are written: pairs of (a queryset of the rows that count, the name of their datetime field).
    """
    _clocks.append(moments)


def _next_moment():
    """The first moment after now that any clock names, or None: one query for every clock."""
    now = timezone.now()
    upcoming = [
        queryset.filter(**{f"{field}__gt": now})
        .order_by()
        .annotate(clock_moment=F(field))
        .values_list("clock_moment", flat=True)
        for clock in _clocks
        for queryset, field in clock()
    ]
    if not upcoming:
        return None
    first, *others = upcoming
    return first.union(*others, all=True).order_by("clock_moment").first()


def _next_change(version):
    """The clocks' next moment, asked once per content version (the moments are read from
    content, which cannot change without drawing a new version) and again once it passes."""
    key = f"content-clock:{version}"
    stored = cache.get(key)
    if stored is None or (stored[0] is not None and stored[0] <= timezone.now()):
        stored = (_next_moment(),)
        timeout = math.ceil(_seconds_until(stored[0])) if stored[0] else ANSWER_TIMEOUT
        if timeout > 0:
            cache.set(key, stored, timeout=timeout)
    return stored[0]


def _seconds_until(moment):
    return (moment - timezone.now()) / datetime.timedelta(seconds=1)


def answer_timeout(version, longest=ANSWER_TIMEOUT):
    """Seconds (a fraction included) an answer built now for `version` may be kept: at most
    `longest`, never past the clocks' next moment; 0 when that moment is now (the answer is
    not kept)."""
    moment = _next_change(version)
    if moment is None:
        return longest
    return max(0, min(longest, _seconds_until(moment)))


def current_answer(key):
    """(the current version, the answer `key` holds for it or None): an answer kept under `key`
    for another version is never returned. One round trip to the cache, reading the version
    alone when this process holds a copy of the answer (`_LocalCopies`), else both."""
    copy = _local_copies.get(key)
    if copy is not None:
        version = cache.get(VERSION_KEY)
        if version is not None and copy.serves(version):
            return version, copy.answer()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return content_version(), None
    kept = found.get(key)
    if kept is not None and kept[0] == version and time.time() < kept[2]:
        _kept_version, answer, expires = kept
        _local_copies.put(key, version, answer, expires)
        return version, answer
    return version, None


def keep_answer(key, version, answer, timeout):
    """Keep `answer`, built from content read at `version`, under `key` for `timeout` seconds
    (see current_answer). The answer carries the moment it expires, to the fraction of a second,
    and is never served after it: the cache, which counts in whole seconds, keeps it up to a
    second longer, unread. Rounding its lifetime down instead left every page uncached through
    the last second before a clock's moment (registration opening), when visitors crowd in."""
    expires = time.time() + timeout
    cache.set(key, (version, answer, expires), timeout=math.ceil(timeout))
    _local_copies.put(key, version, answer, expires)


@dataclass(frozen=True)
class _Copy:
    version: str
    expires: float  # when the shared answer expires (time.time())
    pickled: bytes  # unpickled for each request, which may change what it is given

    def serves(self, version):
        return self.version == version and time.time() < self.expires

    def answer(self):
        return pickle.loads(self.pickled)  # noqa: S301 (pickled by this process)


class _LocalCopies:
    """This process's copies of kept answers, pickled, the least recently used dropped first
    beyond PAGE_CACHE_LOCAL_BYTES in all."""

    def __init__(self):
        self._copies = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            copy = self._copies.get(key)
            if copy is not None:
                self._copies.move_to_end(key)
            return copy

    def put(self, key, version, answer, expires):
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        pickled = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL) if limit else None
        with self._lock:
            self._drop(key)
            if pickled is None or len(pickled) > limit:
                return
            self._copies[key] = _Copy(version, expires, pickled)
            self._size += len(pickled)
            while self._size > limit:
                self._drop(next(iter(self._copies)))

    def _drop(self, key):
        copy = self._copies.pop(key, None)
        if copy is not None:
            self._size -= len(copy.pickled)


_local_copies = _LocalCopies()


def cached_answer(name, build, *, version=None):
    """The answer stored under `name` for the current version, else `build()`'s, stored.

    `build` returns a picklable value, or None for an answer not to keep (an error page).
    `version`: the token already read while building the same response (a page with several
    kept parts reads it once), else it is read here. Kept with the moment it expires, as
    `keep_answer` keeps its answers, and never served after it.
    """
    version = version or content_version()
    # "answer:": the value is (answer, expiry moment); other formats had other keys.
    key = f"answer:{name}:{version}"
    kept = cache.get(key)
    if kept is not None and time.time() < kept[1]:
        return kept[0]
    answer = build()
    timeout = answer_timeout(version)
    if answer is not None and timeout:
        cache.set(key, (answer, time.time() + timeout), timeout=math.ceil(timeout))
    return answer
