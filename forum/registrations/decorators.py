"""View decorators of registration's private pages (tickets, the door)."""

from functools import wraps

from django.views.decorators.cache import never_cache


def private(view):
    """No search engine, no shared cache: for pages behind a private link or a login."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)
