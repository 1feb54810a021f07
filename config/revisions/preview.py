"""Previews: an item drawn by its public view, exactly as visitors would see it, from content
that is not live — the admin form's unsaved input, a draft, any revision.

Which view draws a model's page is the website's business (forum/website/apps.py registers each
with `register`); this kernel app never imports it. The content is written to the database
inside a transaction that is always rolled back, with the item made visible for that moment, so
the public view's own queries (roles, quotes, participations…) read it as they will once it is
published — including an item never published. On SQLite the rollback holds the write lock for
the few milliseconds of one page's rendering.
"""

import copy
from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict

from . import serialization

_views = {}


def register(model, view):
    """`view(request, obj)` answers the public page of `obj`, a `model` row."""
    _views[model] = view


def can_preview(model):
    return model in _views


class _RolledBack(Exception):
    pass


@contextmanager
def rolled_back():
    """A transaction that never commits: whatever the block writes is undone."""
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


def _public_request(request, path, language):
    public = copy.copy(request)
    public.method = "GET"
    public.GET = QueryDict()
    public.POST = QueryDict()
    public._files = MultiValueDict()
    public.path = public.path_info = path
    public.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": "", "PATH_INFO": path}
    public.LANGUAGE_CODE = language
    public.user = AnonymousUser()
    return public


def render_saved(request, obj, language):
    """The public page of `obj` as written in the current transaction (which the caller rolls
    back), made visible for the moment."""
    type(obj)._default_manager.filter(pk=obj.pk).update(is_published=True, expire_at=None)
    obj.refresh_from_db()
    with translation.override(language):
        path = obj.get_absolute_url()
        response = _views[type(obj)](_public_request(request, path, language), obj)
        if hasattr(response, "render"):
            response.render()
    return finish(response)


def render_content(request, model, content, language):
    """The public page of a revision's content."""
    response = None
    with rolled_back():
        applied = serialization.apply(model, content, overrides={"is_published": True})
        response = render_saved(request, applied.obj, language)
    return response


def finish(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response
