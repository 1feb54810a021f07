"""Values every public page needs: the site name, canonical and alternate-language URLs."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_info

# URL name prefix → the navigation entry it sits under.
NAV_SECTIONS = (
    ("home", "home"),
    ("person", "people"),
    ("organization", "organizations"),
    ("edition", "editions"),
    ("sector", "figures"),
    ("indicator", "figures"),
    ("article", "news"),
    ("search", "search"),
)


def site(request):
    """`canonical_url`, `alternates` (one per language, same object) and `x_default_url`.

    The alternates come from `translate_url`, so the language switch keeps the visitor on the
    same person, organization or edition; filters in the query string are kept as well.
    """
    current = get_language() or settings.LANGUAGE_CODE
    query = request.GET.urlencode()
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = _path_in(request.path, code, current)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": request.build_absolute_uri(path),
                "switch_url": f"{path}?{query}" if query else path,
                "is_current": code == current,
            }
        )
    default_path = _path_in(request.path, settings.LANGUAGE_CODE, current)
    return {
        "nav_section": _nav_section(request),
        "site_name": settings.SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
        "alternates": alternates,
        "x_default_url": request.build_absolute_uri(default_path),
    }


def _nav_section(request):
    """Which main navigation entry the page belongs to, for `aria-current`."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "website":
        return ""
    name = match.url_name or ""
    for prefix, section in NAV_SECTIONS:
        if name.startswith(prefix):
            return section
    return ""


# Every page asks for its path in each language; resolving and reversing it again each time
# cost more than the rest of this function. The answer depends only on the URL configuration,
# which does not change while the process runs; paths are the visitors' own (any 404), hence the
# bound.
@functools.lru_cache(maxsize=4096)
def _path_in(path, code, current):
    """The same page in another language; that language's home page when the path does not
    resolve (a 404), so the switch never leads to the same missing page."""
    translated = translate_url(path, code)
    if translated != path or code == current:
        return translated
    try:
        with translation.override(code):
            return reverse("website:home")
    except NoReverseMatch:
        return path


@receiver(setting_changed)
def _forget_paths(*, setting, **_kwargs):
    """Tests that swap the URL configuration or the languages get paths of the new ones."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _path_in.cache_clear()
