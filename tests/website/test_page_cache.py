"""Whole public pages from the cache (config/common/page_cache.py): who is served from it, what
is never stored, conditional GET, and which views opt in."""

import gzip
import time

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import connection
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path

from config.common import content_cache, page_cache
from config.common.content_cache import current_answer
from config.common.page_cache import cached_page
from forum.website import sitemaps
from tests import factories
from tests.helpers import sitemap_page_of

# Pages are stored only outside a transaction: these tests commit as the site does.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured)


@pytest.fixture
def person():
    person = factories.PersonFactory(name_en="Ada Example")
    factories.RoleFactory(person=person, title_en="Chief engineer")
    return person


def test_a_second_anonymous_visit_is_answered_from_the_cache_without_a_query(client, person):
    url = f"/en/people/{person.slug}/"
    first, first_queries = queries(client, url)
    second, second_queries = queries(client, url)

    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert "Ada Example" in second.text


def test_each_language_and_query_string_is_a_page_of_its_own(client, person):
    english = client.get("/en/people/").text
    chinese = client.get("/zh-hans/people/").text
    searched = client.get("/en/people/?q=nobody-at-all").text

    assert client.get("/en/people/").text == english
    assert client.get("/zh-hans/people/").text == chinese
    assert english != chinese
    assert "Ada Example" in english
    assert "Ada Example" not in searched


def test_a_signed_in_visitor_is_neither_served_from_nor_stored_in_the_cache(
    client, admin_client, person
):
    url = f"/en/people/{person.slug}/"
    admin_client.get(url)
    _response, after_staff = queries(client, url)
    assert after_staff > 0  # the staff visit stored nothing

    client.get(url)
    _response, staff_again = queries(admin_client, url)
    assert staff_again > 0  # and a stored page is not what staff are served


def test_head_is_answered_from_the_page_a_get_stored(client, person):
    url = f"/en/people/{person.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.head(url)
    assert response.status_code == 200
    assert len(captured) == 0


def test_a_cached_page_carries_validators_and_answers_304_while_unchanged(client, person):
    url = f"/en/people/{person.slug}/"
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_the_sitemaps_are_answered_from_the_cache_in_any_language(client, person):
    for url in ("/sitemap.xml", sitemap_page_of(person)):
        first = client.get(url, headers={"accept-language": "en"})
        second, again = queries(client, url, **{"accept-language": "zh-hans"})
        assert again == 0, url
        assert second.content == first.content
    assert person.slug in second.text


# ---- the sitemaps, gzipped once for the clients that accept it -----------------------------


@pytest.mark.parametrize("page", ["index", "section"])
def test_a_client_accepting_gzip_is_sent_the_sitemap_gzipped_from_the_cache(client, person, page):
    url = "/sitemap.xml" if page == "index" else sitemap_page_of(person)
    plain = client.get(url)
    zipped, again = queries(client, url, **{"accept-encoding": "gzip, deflate, br"})

    assert again == 0  # gzipped when the page was stored, not on this request
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert "Content-Encoding" not in plain
    for response in (plain, zipped):
        assert {"Accept-Encoding", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert zipped["ETag"] != plain["ETag"]
    assert zipped["Last-Modified"] == plain["Last-Modified"]
    assert zipped["Content-Type"] == plain["Content-Type"] == "application/xml"


def test_the_gzipped_sitemap_answers_304_to_its_own_etag(client, person):
    gzipped = {"accept-encoding": "gzip"}
    page = sitemap_page_of(person)
    first = client.get(page, headers=gzipped)

    unchanged = client.get(page, headers={**gzipped, "if-none-match": first["ETag"]})
    since = client.get(page, headers={**gzipped, "if-modified-since": first["Last-Modified"]})

    assert unchanged.status_code == since.status_code == 304
    assert client.get(page, headers={"if-none-match": first["ETag"]}).status_code == 200


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [
        ("gzip", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000, *", False),
        ("x-gzip-not", False),
    ],
)
def test_gzip_is_sent_only_to_a_client_that_accepts_it(client, person, accept_encoding, gzipped):
    response = client.get(sitemap_page_of(person), headers={"accept-encoding": accept_encoding})

    assert (response.get("Content-Encoding") == "gzip") is gzipped
    assert person.slug.encode() in (
        gzip.decompress(response.content) if gzipped else response.content
    )


@pytest.mark.parametrize("position", [0, 4, 7], ids=["first page", "middle page", "last page"])
def test_an_edit_shows_on_the_sitemap_page_listing_the_row_in_either_encoding(
    client, monkeypatch, position
):
    monkeypatch.setattr(sitemaps._BilingualSitemap, "limit", 6)  # three rows a page
    # Keys 1 to 8: a page holds a fixed range of keys.
    people = [factories.PersonFactory(pk=key) for key in range(1, 9)]
    url = f"/sitemap-people.xml?p={position // 3 + 1}"
    gzipped = {"accept-encoding": "gzip"}
    for number in (1, 2, 3):  # every page kept in the cache, in both encodings
        client.get(f"/sitemap-people.xml?p={number}")
        client.get(f"/sitemap-people.xml?p={number}", headers=gzipped)
    old_slug = people[position].slug

    people[position].slug = "renamed"
    people[position].save()  # committed: these tests run outside a transaction

    for text in (client.get(url).text, gzip.decompress(client.get(url, headers=gzipped).content)):
        text = text if isinstance(text, str) else text.decode()
        assert f"/en/people/{old_slug}/" not in text
        assert "/en/people/renamed/" in text


def test_a_page_carrying_a_visitors_token_cannot_be_gzipped():
    with pytest.raises(ValueError, match="never gzipped"):
        cached_page(plain, gzipped=True, fills_csrf_token=True)


def test_an_error_page_is_not_stored(client):
    url = "/en/people/nobody/"
    assert client.get(url).status_code == 404
    _response, again = queries(client, url)
    assert again > 0


def test_a_cached_page_keeps_the_security_headers_and_plain_http_is_still_redirected(
    client, person, settings
):
    settings.SECURE_SSL_REDIRECT = True
    url = f"/en/people/{person.slug}/"
    built = client.get(url, secure=True)
    with CaptureQueriesContext(connection) as captured:
        cached = client.get(url, secure=True)

    assert len(captured) == 0
    for header in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert cached[header] == built[header]
    plain = client.get(url)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{url}"


def test_a_cached_chart_keeps_its_own_content_security_policy(client):
    first = factories.ObservationFactory()
    factories.ObservationFactory(indicator=first.indicator)
    url = f"/en/figures/indicators/{first.indicator.slug}/chart.svg"
    fresh = client.get(url)
    cached, again = queries(client, url)

    assert again == 0
    assert cached.content == fresh.content
    assert "unsafe-inline" in cached["Content-Security-Policy"]


# ---- what is never stored, whatever view opts in ---------------------------------------------
# Probe views, opted in, served through the whole middleware (this module is their URLconf).

calls = {}


def _counted(view):
    @cached_page
    def counted(request):
        calls[view.__name__] = calls.get(view.__name__, 0) + 1
        return view(request)

    return counted


def csrf_form(request):
    return HttpResponse(Template("<form>{% csrf_token %}</form>").render(RequestContext(request)))


def sets_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("seen", "1")
    return response


def uses_nonce(request):
    return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')


def changes_session(request):
    request.session["seen"] = True
    return HttpResponse("hello")


def varies_on_language(request):
    response = HttpResponse("hello")
    response["Vary"] = "Accept-Language"
    return response


def plain(request):
    return HttpResponse("hello")


PROBES = [csrf_form, sets_cookie, uses_nonce, changes_session, varies_on_language]
# Under a language prefix, as the site's pages are (else they vary on Accept-Language).
urlpatterns = i18n_patterns(
    *[path(f"{view.__name__}/", _counted(view)) for view in [*PROBES, plain]],
    path("not_opted_in/", plain),
)


@pytest.fixture
def probes():
    calls.clear()
    return calls


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("view", PROBES, ids=lambda view: view.__name__)
def test_a_page_with_a_csrf_token_a_cookie_a_nonce_a_session_change_or_a_vary_is_never_stored(
    client, probes, view
):
    client.get(f"/en/{view.__name__}/")
    client.cookies.clear()
    client.get(f"/en/{view.__name__}/")
    assert probes[view.__name__] == 2


@pytest.mark.urls(__name__)
def test_the_probe_itself_stores_a_plain_page(client, probes):
    client.get("/en/plain/")
    client.get("/en/plain/")
    assert probes["plain"] == 1


@pytest.mark.urls(__name__)
def test_a_post_or_a_session_cookie_passes_the_cache_by(client, probes):
    client.get("/en/plain/")
    client.post("/en/plain/")
    client.cookies["sessionid"] = "anything"
    client.get("/en/plain/")
    assert probes["plain"] == 3


@pytest.fixture
def lookups(monkeypatch):
    """The addresses the middleware looked up in the cache."""
    looked_up = []

    def counting(key):
        looked_up.append(key)
        return current_answer(key)

    monkeypatch.setattr(page_cache, "current_answer", counting)
    return looked_up


@pytest.mark.urls(__name__)
def test_only_addresses_of_views_that_opt_in_are_looked_up_in_the_cache(client, lookups):
    client.get("/en/not_opted_in/")
    assert lookups == []

    client.get("/en/plain/")
    assert len(lookups) == 1


def test_pages_of_the_site_that_do_not_opt_in_cost_no_lookup(client, lookups):
    registration = factories.RegistrationFactory()
    client.get(f"/en/ticket/{registration.token}/")
    client.get("/en/register/sent/")
    client.get("/en/register/privacy/")
    client.get("/en/no-such-page/")
    assert lookups == []

    client.get("/en/people/")
    assert len(lookups) == 1


@pytest.mark.urls(__name__)
def test_another_urlconf_resolves_the_same_address_afresh(client, probes, lookups, settings):
    client.get("/en/plain/")
    assert len(lookups) == 1

    settings.ROOT_URLCONF = "config.urls"  # where /en/plain/ is no page at all
    assert client.get("/en/plain/").status_code == 404
    assert len(lookups) == 1


# ---- this process's copies of the pages -------------------------------------------------------


class _RecordingCache:
    """The shared cache, recording the names of the keys read from it."""

    def __init__(self, cache, reads):
        self._cache, self._reads = cache, reads

    def get(self, key, *args, **kwargs):
        self._reads.append(key)
        return self._cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self._reads.extend(keys)
        return self._cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cache, name)


@pytest.fixture
def cache_reads(monkeypatch):
    reads = []
    monkeypatch.setattr(content_cache, "cache", _RecordingCache(content_cache.cache, reads))
    return reads


def _served_reading(client, cache_reads, url):
    """The page at `url`, checked to come from the cache, and the keys that read."""
    cache_reads.clear()
    response, count = queries(client, url)
    assert response.status_code == 200
    assert count == 0, url
    return response, list(cache_reads)


def test_a_page_this_process_holds_costs_a_read_of_the_version_alone(client, person, cache_reads):
    url = f"/en/people/{person.slug}/"
    first = client.get(url)

    second, reads = _served_reading(client, cache_reads, url)

    assert reads == [content_cache.VERSION_KEY]
    assert second.content == first.content


def test_without_room_for_copies_each_visit_reads_the_page_from_the_shared_cache(
    client, person, cache_reads, settings
):
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    url = f"/en/people/{person.slug}/"
    client.get(url)

    _response, reads = _served_reading(client, cache_reads, url)

    assert len(reads) == 2
    assert reads[0] == content_cache.VERSION_KEY


def test_the_copies_keep_within_their_bytes(client, person, cache_reads, settings):
    # Room for the person's page (about 7 KB pickled) or the people list (9 KB), not both.
    settings.PAGE_CACHE_LOCAL_BYTES = 12_000
    person_url, list_url = f"/en/people/{person.slug}/", "/en/people/"
    client.get(person_url)
    _response, reads = _served_reading(client, cache_reads, person_url)
    assert reads == [content_cache.VERSION_KEY]

    client.get(list_url)

    _response, reads = _served_reading(client, cache_reads, person_url)
    assert len(reads) == 2  # dropped for the list: read again from the shared cache
    _response, reads = _served_reading(client, cache_reads, list_url)
    assert len(reads) == 2  # dropped in turn


def test_a_copy_is_not_served_past_the_shared_pages_expiry(
    client, person, cache_reads, monkeypatch
):
    url = f"/en/people/{person.slug}/"
    client.get(url)
    later = time.time() + content_cache.ANSWER_TIMEOUT + 1
    monkeypatch.setattr(content_cache.time, "time", lambda: later)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    assert len(captured) > 0  # built afresh


# ---- which views opt in ----------------------------------------------------------------------


def _cached_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _cached_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and getattr(
            pattern.callback, "serves_from_cache", False
        ):
            yield namespace, pattern.name


def test_only_public_website_pages_opt_in_to_the_cache():
    cached = set(_cached_patterns(get_resolver().url_patterns))

    assert {namespace for namespace, _name in cached} == {"", "website", "registration"}
    # Outside the language prefixes, only the sitemaps.
    assert {name for namespace, name in cached if not namespace} == {
        "sitemap_index",
        "sitemap_section",
    }
    names = {name for namespace, name in cached if namespace == "website"}
    assert {"home", "person_detail", "edition_detail", "search", "news_feed_rss"} <= names
    # Of registration's pages, only the form, each visitor's token filled in (never a ticket).
    assert {name for namespace, name in cached if namespace == "registration"} == {"register"}
