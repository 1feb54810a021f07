"""Whole public pages from the cache for anonymous visitors, never stale after an edit.

A view opts in with `@cached_page`; nothing else is cached, so a new page (a form, a private
link) is never stored by accident. `PageCacheMiddleware`, first after the security middleware,
does the work: it answers a page it holds before anything else runs (sessions, language, URL
resolution, the view), and keeps what an opted-in view built, with the headers the middleware
below it added (the content-security policy among them), once every check below has passed on
the finished response. The key is the page's full address (scheme, host, path with
its language prefix, query string); the page is kept with the public content's version it was
built from (`config.common.content_cache`), and served only while that is still the current
version: any committed change to content draws a new version, so the next request builds the
page afresh and replaces the older copy. One round trip to the cache reads both. Versions, not
a list of the pages each row appears on: a person shows on their page, every organization and
edition page that lists them, the lists, search results and the home page; tracking that by
hand would miss one some day, a new version misses nothing.

The cache is passed by, both ways, when
- the request is not GET or HEAD, or carries a session cookie (a signed-in editor, a visitor
  the site keeps a message for): their pages may differ and are never shared;
- a database transaction is open (a preview renders a draft inside one that is rolled back):
  such a page may show rows that are never committed.
A built page is stored only when it is a 200 answer to a GET that sets no cookie (the CSRF and
session middleware set theirs before the check), used no CSRF token (a form posting back), no
content-security nonce, did not change the session and varies on nothing but the cookie.

Pages showing figures that change without an edit (seats left, whether registration is open)
pass `briefly=True` and are kept at most PAGE_CACHE_BRIEF_SECONDS.

Conditional GET reuses Django's machinery (`get_conditional_response`): a cached page carries
an ETag (its content's hash) and a Last-Modified (when it was built), and is sent with
`Cache-Control: no-cache` so browsers ask again each time and receive 304 while it is unchanged.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag, split_header_value

from .content_cache import ANSWER_TIMEOUT, answer_timeout, current_answer, keep_answer


def cached_page(view=None, *, briefly=False):
    """Let PageCacheMiddleware keep `view`'s pages for anonymous visitors (see the module)."""
    if view is None:
        return functools.partial(cached_page, briefly=briefly)

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # A page drawn inside a transaction (a preview of a draft, rolled back) is never kept.
        if not transaction.get_connection().in_atomic_block:
            response.page_cache_lifetime = (
                settings.PAGE_CACHE_BRIEF_SECONDS if briefly else ANSWER_TIMEOUT
            )
        return response

    answer.serves_from_cache = True
    return answer


class PageCacheMiddleware:
    """Answers from the cache what an opted-in view built for an earlier visitor, before the
    rest of the middleware and the URL resolver run; stores what such a view builds, with the
    headers the middleware below it added, if it is fit to share."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The public site lives under a language prefix; nothing else is looked up (the admin,
        # static files, health checks pay no round trip to the cache).
        self.public_prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        if not request.path.startswith(self.public_prefixes) or not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        version, stored = current_answer(key)
        if stored is not None:
            return _from_stored(request, stored)
        response = self.get_response(request)
        lifetime = getattr(response, "page_cache_lifetime", None)
        if lifetime is None:
            return response
        stored = _storable(request, response)
        if stored is None:
            return response
        timeout = answer_timeout(version, longest=lifetime)
        if timeout:
            keep_answer(key, version, stored, timeout)
        return _from_stored(request, stored)


def _may_use_cache(request):
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not transaction.get_connection().in_atomic_block
    )


def _key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def _storable(request, response):
    """(content, headers, etag, built at) of a page fit to share, else None."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    session = getattr(request, "session", None)
    if (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or get_nonce(request)
        or (session is not None and session.modified)
        or {value.lower() for value in split_header_value(response.get("Vary", ""))} - {"cookie"}
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return None
    content = response.content
    etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
    return content, list(response.headers.items()), etag, int(time.time())


def _from_stored(request, stored):
    content, headers, etag, built_at = stored
    response = HttpResponse(content, headers=headers)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    response.headers.setdefault("Cache-Control", "no-cache")
    # Signed-in visitors may see another page at this address: a shared cache must not mix them.
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(request, etag=etag, last_modified=built_at, response=response)
