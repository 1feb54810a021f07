"""Views of the shell: the health check and the error pages."""

import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# How long a client is told to wait when the database is unavailable.
RETRY_AFTER_SECONDS = 30


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_ok():
    """A round trip through the cache (Redis when REDIS_URL is set): write, read back, delete."""
    key = f"healthz:{get_random_string(12)}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's connection error (redis.ConnectionError, OSError …)
        logger.warning("healthz: the cache did not answer", exc_info=True)
        return False
    return answered == "ok"


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache both answer, 503 otherwise, saying which; for load
    balancers and monitors."""
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def bad_request(request, exception=None):
    """handler400: the site's 400 page. Unlike Django's default it does not run the CSRF check
    first, which reads the very form that could not be read and failed again (a bare 500)."""
    return render(request, "400.html", status=HttpResponseBadRequest.status_code)


def server_error(request):
    """handler500: 503 with Retry-After when the database is unavailable (down, restarting,
    too many connections), the 500 page for anything else. Both are rendered without the
    database, the session or a request context, as Django's own 500 handler is."""
    exception = sys.exception()
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def login_locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: the admin's own page, in the admin's language, 429."""
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in paused"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)
