"""Whole public pages from the cache for anonymous visitors, never stale after an edit.

A view opts in with `@cached_page`; nothing else is cached, so a new page (a private link, an
admin page) is never stored by accident. `PageCacheMiddleware`, first of all middleware, does
the work: it answers a page it holds before anything else runs (security headers, sessions,
language, the view), and keeps what an opted-in view built, with the headers the middleware
below it added (the security headers and the content-security policy among them), once every
check below has passed on the finished response. Only addresses whose view opts in are looked
up: which view an address reaches is resolved once per address and remembered, so a form or a
ticket costs no round trip to the cache. The key is the page's full address (scheme, host, path
with its language prefix, query string); the page is kept with the public content's version it
was built from (`config.common.content_cache`), and served only while that is still the
current version: any committed change to content draws a new version, so the next request
builds the page afresh and replaces the older copy. One round trip to the cache reads both, or
the version alone when this process holds a copy of the page (content_cache.current_answer).
Versions, not a list of the pages each row appears on: a person shows on their page, every
organization and edition page that lists them, the lists, search results and the home page;
tracking that by hand would miss one some day, a new version misses nothing.

The cache is passed by, both ways, when
- the request is not GET or HEAD, or carries a session cookie (a signed-in editor, a visitor
  the site keeps a message for): their pages may differ and are never shared;
- a database transaction is open (a preview renders a draft inside one that is rolled back):
  such a page may show rows that are never committed.
A built page is stored only when it is a 200 answer to a GET that sets no cookie (the CSRF and
session middleware set theirs before the check), used no CSRF token, no content-security nonce,
did not change the session and varies on nothing but the cookie. A page answered over plain
HTTP where HTTPS is required is the security middleware's redirect, never stored, so the cache
sitting above that middleware serves no page over HTTP.

A form posting back (the registration form) opts in with `fills_csrf_token=True`: while it is
built for the cache, `{% csrf_token %}` writes a placeholder instead of a token, and each
visitor receives the page with a token and CSRF cookie of their own, made by Django's CSRF
middleware as it would have made them; the stored copy holds no token and no cookie. Such a
page carries no validators (each copy differs).

A page that is large and holds no secret (a sitemap) opts in with `gzipped=True`: it is kept
twice, as built and gzipped once when it is stored, and a client that accepts gzip (every crawler
and browser) is sent the gzipped copy, with its own ETag; no request compresses anything. A
form page may not opt in: its token changes per visitor, and gzip beside a secret lets the
length betray it.

Pages showing figures that change without an edit (seats left, whether registration is open)
pass `briefly=True` and are kept at most PAGE_CACHE_BRIEF_SECONDS.

Conditional GET reuses Django's machinery (`get_conditional_response`): a cached page carries
an ETag (its content's hash) and a Last-Modified (when it was built), and is sent with
`Cache-Control: no-cache` so browsers ask again each time and receive 304 while it is unchanged.

The stored page is the finished response object, headers and validators included, so a page
from the cache costs one read and one unpickling, no header work.
"""

import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag, split_header_value
from django.utils.text import compress_string

from .content_cache import ANSWER_TIMEOUT, answer_timeout, current_answer, keep_answer

# What a form page kept in the cache holds where each visitor's CSRF token goes: as long as a
# token, so the stored Content-Length stays right, and unlike any token (those are letters and
# digits only).
TOKEN_PLACEHOLDER = "page-cache-csrf-token".ljust(64, "-")
# The sitemaps' addresses (/sitemap.xml, /sitemap-people.xml …), outside the language prefixes.
SITEMAP_PREFIX = "/sitemap"
# One coding of an Accept-Encoding header, with its quality if it has one (RFC 9110 12.5.3).
_CODING = re.compile(
    r"(?P<name>[\w!#$%&'*+.^`|~-]+)\s*(?:;\s*q\s*=\s*(?P<quality>0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?"
)
# How many addresses' views are remembered (see _view_opting_in): any address under a language
# prefix may be asked for, the memory they take must stay bounded.
REMEMBERED_ADDRESSES = 4096


def cached_page(view=None, *, briefly=False, fills_csrf_token=False, at_root=False, gzipped=False):
    """Let PageCacheMiddleware keep `view`'s pages for anonymous visitors (see the module).

    `fills_csrf_token=True` for a page whose form posts back: each visitor gets their own token.
    `at_root=True` for a page outside the language prefixes (a sitemap) that is the same in
    every language: its address is looked up too, and the `Vary: Accept-Language` the language
    middleware gives such addresses does not keep it out of the cache.
    `gzipped=True` for a large page that holds no secret: also kept gzipped, for the clients
    that accept it.
    """
    if view is None:
        return functools.partial(
            cached_page,
            briefly=briefly,
            fills_csrf_token=fills_csrf_token,
            at_root=at_root,
            gzipped=gzipped,
        )
    if gzipped and fills_csrf_token:
        raise ValueError("a page carrying a visitor's token is never gzipped (see the module)")

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if fills_csrf_token and getattr(request, "page_cache_may_keep", False):
            request.page_cache_token_placeholder = True
        response = view(request, *args, **kwargs)
        # A page drawn inside a transaction (a preview of a draft, rolled back) is never kept.
        if not transaction.get_connection().in_atomic_block:
            response.page_cache_lifetime = (
                settings.PAGE_CACHE_BRIEF_SECONDS if briefly else ANSWER_TIMEOUT
            )
        return response

    answer.serves_from_cache = True
    answer.fills_csrf_token = fills_csrf_token
    answer.at_root = at_root
    answer.gzipped = gzipped
    return answer


def csrf_token_placeholder(request):
    """Context processor, listed after Django's own CSRF one so that its answer wins: in a form
    page built for the cache, `{% csrf_token %}` writes the placeholder, no visitor's token."""
    if getattr(request, "page_cache_token_placeholder", False):
        return {"csrf_token": TOKEN_PLACEHOLDER}
    return {}


class PageCacheMiddleware:
    """Answers from the cache what an opted-in view built for an earlier visitor, before the
    rest of the middleware runs; stores what such a view builds, with the headers the
    middleware below it added, if it is fit to share."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The public site lives under a language prefix, and the sitemaps beside it; nothing
        # else is looked up (the admin, static files, health checks pay no round trip).
        self.public_prefixes = (
            *(f"/{code}/" for code, _name in settings.LANGUAGES),
            SITEMAP_PREFIX,
        )
        # Django's own, for the token and cookie of a form page answered before it runs.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        view = self._view_opting_in(request)
        if view is None:
            return self.get_response(request)
        sends_gzip = view.gzipped and _accepts_gzip(request)
        key = _key(request, gzipped=sends_gzip)
        version, stored = current_answer(key)
        if stored is not None:
            if view.fills_csrf_token:
                self.csrf.process_request(request)
            return self._answer(request, stored)
        request.page_cache_may_keep = True
        response = self.get_response(request)
        lifetime = getattr(response, "page_cache_lifetime", None)
        stored = None if lifetime is None else _storable(request, response, view)
        if stored is None:
            if getattr(request, "page_cache_token_placeholder", False):
                return self._with_token(request, response)
            return response
        copies = {_key(request, gzipped=False): stored}
        if view.gzipped:
            copies[_key(request, gzipped=True)] = _gzipped(stored)
        timeout = answer_timeout(version, longest=lifetime)
        if timeout:
            for copy_key, copy in copies.items():
                keep_answer(copy_key, version, copy, timeout)
        # The cache keeps a copy of its own (it pickles what it is given): this one is sent.
        return self._answer(request, copies[key])

    def _view_opting_in(self, request):
        """The view of an address the cache may answer, else None."""
        path = request.path_info
        if (
            not path.startswith(self.public_prefixes)
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not settings.PAGE_CACHE
        ):
            return None
        view = _view_opting_in(settings.ROOT_URLCONF, path)
        if view is None or transaction.get_connection().in_atomic_block:
            return None
        return view

    def _answer(self, request, stored):
        response, etag, built_at = stored
        if etag is None:
            return self._with_token(request, response)
        return get_conditional_response(
            request, etag=etag, last_modified=built_at, response=response
        )

    def _with_token(self, request, response):
        """The form page with this visitor's CSRF token where the placeholder stands, and the
        cookie that goes with it, as Django's CSRF middleware sends them."""
        placeholder = TOKEN_PLACEHOLDER.encode()
        if placeholder in response.content:
            response.content = response.content.replace(placeholder, get_token(request).encode())
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            self.csrf.process_response(request, response)
        patch_vary_headers(response, ["Cookie"])
        return response


@functools.lru_cache(maxsize=REMEMBERED_ADDRESSES)
def _view_opting_in(urlconf, path):
    """The view `path` reaches if it opts in to the cache, else None; remembered per address,
    as the same addresses are asked for again and again."""
    # In the address's own language: the language middleware has not run yet.
    at_root = path.startswith(SITEMAP_PREFIX)
    with translation.override(settings.LANGUAGE_CODE if at_root else path.split("/", 2)[1]):
        try:
            view = resolve(path, urlconf).func
        except Resolver404:
            return None
    if not getattr(view, "serves_from_cache", False) or view.at_root != at_root:
        return None
    if view.fills_csrf_token and settings.CSRF_USE_SESSIONS:
        return None  # the token would live in a session, which a shared page has not
    return view


@receiver(setting_changed)
def _forget_views_of_addresses(**_signal_arguments):
    # Another URLconf, other languages or another home for CSRF tokens change the answers.
    _view_opting_in.cache_clear()


def _key(request, *, gzipped):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # "page-answer": the stored value is a response object, kept with its version and expiry
    # (content_cache.keep_answer); other formats had other keys.
    kind = "page-answer-gzip" if gzipped else "page-answer"
    return f"{kind}:{hashlib.sha256(address.encode()).hexdigest()}"


def _accepts_gzip(request):
    """Whether the request's Accept-Encoding gives gzip (by name, else through `*`) a quality
    above 0."""
    qualities = {}
    for coding in request.headers.get("Accept-Encoding", "").split(","):
        found = _CODING.fullmatch(coding.strip())
        if found:
            qualities[found["name"].lower()] = float(found["quality"] or 1)
    return qualities.get("gzip", qualities.get("*", 0)) > 0


def _storable(request, response, view):
    """(response to keep, its ETag, when it was built) for a page fit to share, else None; the
    ETag is None for a form page, which differs for each visitor."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    if (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or get_nonce(request)
        or (session is not None and session.modified)
        or {value.lower() for value in split_header_value(response.get("Vary", ""))}
        - ({"cookie", "accept-language"} if view.at_root else {"cookie"})
        # A form page tells browsers and proxies "private, no-store", as each copy it sends
        # carries one visitor's token; the copy kept here carries none.
        or (
            not view.fills_csrf_token
            and ("private" in cache_control or "no-store" in cache_control)
        )
    ):
        return None
    # A response of its own, holding nothing of this request (its closers, its handler).
    kept = HttpResponse(response.content, headers=response.headers)
    if view.fills_csrf_token:
        return kept, None, None
    etag = quote_etag(hashlib.sha256(kept.content).hexdigest()[:32])
    built_at = int(time.time())
    kept["ETag"] = etag
    kept["Last-Modified"] = http_date(built_at)
    kept.headers.setdefault("Cache-Control", "no-cache")
    # Signed-in visitors may see another page at this address: a shared cache must not mix them.
    patch_vary_headers(kept, ["Cookie"])
    if view.gzipped:
        # The gzipped copy is sent at the same address: a shared cache must not mix them either.
        patch_vary_headers(kept, ["Accept-Encoding"])
    return kept, etag, built_at


def _gzipped(stored):
    """The stored page gzipped: its body, length and ETag (a representation of its own)."""
    page, _etag, built_at = stored
    gzipped = HttpResponse(compress_string(page.content), headers=page.headers)
    etag = quote_etag(hashlib.sha256(gzipped.content).hexdigest()[:32])
    gzipped["ETag"] = etag
    gzipped["Content-Encoding"] = "gzip"
    gzipped["Content-Length"] = str(len(gzipped.content))
    return gzipped, etag, built_at
