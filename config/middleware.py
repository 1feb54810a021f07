"""Middleware of the shell: requests no view should ever see."""

import codecs
from urllib.parse import unquote_plus

from .views import bad_request

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _ascii_compatible(charset):
    """True for a charset in which form syntax (`a=b&c=d`) is plain ASCII bytes (UTF-8, Latin-1,
    GB18030 …); False for UTF-16/32 and for names Python does not know."""
    try:
        codecs.lookup(charset)
        return "a=b&c".encode(charset) == b"a=b&c"
    except (LookupError, UnicodeError, ValueError):
        return False


def malformed(request):
    """Why the request cannot be served, or "" when it can.

    A NUL character in the path, the query string, a cookie or an urlencoded form field
    (PostgreSQL text cannot hold one: every lookup with it failed with a 500), or a form body
    declared in a charset that is not ASCII-compatible (UTF-16: Django cannot read the form's
    CSRF token out of it, and its own 400 page failed on the same body)."""
    if "\x00" in request.path or "\x00" in request.path_info:
        return "NUL in path"
    if "\x00" in unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace"):
        return "NUL in query string"
    if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
        return "NUL in cookie"
    if request.content_type in FORM_CONTENT_TYPES:
        charset = request.content_params.get("charset")
        if charset is not None and not _ascii_compatible(charset):
            return "form charset not ASCII-compatible"
        if request.content_type == FORM_CONTENT_TYPES[0]:
            # Bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; Django reads this body for the form anyway.
            body = request.body.decode("latin-1")
            if "\x00" in body or "\x00" in unquote_plus(body, errors="replace"):
                return "NUL in form"
    return ""


class RefuseMalformedRequests:
    """Answers 400 (the site's own page) before any view, form or lookup runs. Placed after
    LocaleMiddleware, so the page is in the visitor's language, and before the CSRF check,
    which would read the form itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if malformed(request):
            return bad_request(request)
        return self.get_response(request)
