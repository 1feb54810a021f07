"""Whole public pages from the cache for anonymous visitors, never stale after an edit.

A view opts in with `@cached_page`; nothing else is cached, so a new page (a form, a private
link) is never stored by accident. The key is the page's full address (scheme, host, path with
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
A built page is stored only when it is a 200 answer to a GET that sets no cookie, used no CSRF
token (a form posting back), no content-security nonce and did not change the session.

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
from django.utils.http import http_date, quote_etag

from .content_cache import answer_timeout, current_answer, keep_answer


def cached_page(view=None, *, briefly=False):
    """Serve `view`'s page to anonymous visitors from the cache (see the module)."""
    if view is None:
        return functools.partial(cached_page, briefly=briefly)

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        version, stored = current_answer(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            stored = _storable(request, response)
            if stored is None:
                return response
            longest = settings.PAGE_CACHE_BRIEF_SECONDS if briefly else None
            timeout = answer_timeout(version, **({"longest": longest} if longest else {}))
            if timeout:
                keep_answer(key, version, stored, timeout)
        return _from_stored(request, stored)

    answer.serves_from_cache = True
    return answer


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
        or "Vary" in response
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
