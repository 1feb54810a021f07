"""The site's own address for links that leave it (e-mails written now, sent later by a worker).

During a request it is the address the request came to (scheme and host, the host checked
against ALLOWED_HOSTS by Django): a site served on another port or host links to itself, not to
a default. Outside a request (the worker, a command) it is the SITE_URL setting.
`RequestSiteAddress` (middleware) records the request's address for the request's duration.
"""

import contextvars

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_address = contextvars.ContextVar("request_site_address", default=None)


def site_url():
    """'https://forum.example' (no trailing slash): the request's address, else SITE_URL."""
    return _request_address.get() or settings.SITE_URL


class RequestSiteAddress:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            address = request.build_absolute_uri("/").rstrip("/")
        except DisallowedHost:
            address = None
        token = _request_address.set(address)
        try:
            return self.get_response(request)
        finally:
            _request_address.reset(token)
