"""Values every public page needs: the site name, canonical and alternate-language URLs."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_info


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
    if match is None:
        return ""
    name = match.url_name or ""
    if match.namespace == "metrics":
        return "figures"
    if match.namespace == "profiles":
        return "organizations"
    if match.namespace == "forum":
        if name.startswith("person"):
            return "people"
        if name.startswith("edition"):
            return "editions"
        return {"home": "home", "search": "search"}.get(name, "")
    return ""


def _path_in(path, code, current):
    """The same page in another language; that language's home page when the path does not
    resolve (a 404), so the switch never leads to the same missing page."""
    translated = translate_url(path, code)
    if translated != path or code == current:
        return translated
    try:
        with translation.override(code):
            return reverse("forum:home")
    except NoReverseMatch:
        return path
