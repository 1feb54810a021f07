"""View decorators of registration's private pages (tickets, the door)."""

from functools import wraps

from django.views.decorators.cache import never_cache

# A ticket page's address holds its private token. With Django's default policy (same-origin)
# the browser sent that address as Referer with the page's own stylesheet and links, and access
# logs kept it. "no-referrer" sends nothing. A page whose form posts back gets "strict-origin"
# (the bare https://host/, no path) instead: under "no-referrer" a browser sends "Origin: null"
# with the form, and Django's CSRF check refuses it.
NO_REFERRER = "no-referrer"
ORIGIN_ONLY = "strict-origin"


def private(view=None, *, posts_form=False):
    """No search engine, no shared cache, no Referer: for pages behind a private link or a
    login. `@private(posts_form=True)` on pages whose form posts back to the site."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Referrer-Policy"] = ORIGIN_ONLY if posts_form else NO_REFERRER
            return response

        return never_cache(wrapped)

    return decorate(view) if view is not None else decorate
