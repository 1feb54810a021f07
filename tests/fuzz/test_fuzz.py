"""Property-based fuzzing of the whole site with hypothesis: every public URL pattern (resolved
from the URLconf, so a page added later is fuzzed too), the people and organizations filters,
the search, the registration form, and every admin changelist's filters as a signed-in
superuser, in both languages.

Two properties hold for every input: no response is a server error (5xx; an exception fails the
test with its traceback), and no input comes back unescaped: each generated text may carry a
marker with "<" and '"', which must never appear raw in any response body.

Bounded in time: max_examples per test, a per-example deadline, and a share of
stats.BUDGET_SECONDS (wall clock) and of stats.TARGET_INPUTS per test, whichever runs out
first. The run's input and status counts are printed in pytest's closing summary
("fuzz: N inputs in M requests, 0 × 500 …").
"""

import datetime
import re
import string
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.test import Client
from django.test.client import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.enums import EditionStatus
from tests.factories import (
    ArticleFactory,
    IndicatorFactory,
    ObservationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    RoleFactory,
    SectorFactory,
    TagFactory,
    UserFactory,
)
from tests.registrations.helpers import open_edition

from .stats import FAILING, STATS, Slice

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

LANGUAGES = ("zh-hans", "en")
MARKER = '<q7z"'
RAW_MARKERS = (b"<q7z", b'q7z"')  # "<" or '"' unescaped: either is a failure

FUZZ = settings(
    deadline=datetime.timedelta(seconds=10),
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

# --- Generated text ------------------------------------------------------------------------------

# Text as people and scanners type it, plus what breaks parsers: controls and NUL, markup and
# quotes, percent signs, full-width and right-to-left letters, emoji, very long runs.
_AWKWARD = "\x00\t\n\r\x7f<>\"'&%/\\?#;=+ \u00a0\u200b\u202e\ufeffａ＠。李明é🙂"
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.ascii_letters + string.digits + "-_.", max_size=30),
    st.text(alphabet=_AWKWARD + string.ascii_lowercase, max_size=30),
    st.builds(lambda a, b: a + MARKER + b, st.text(max_size=10), st.text(max_size=10)),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "9" * 40, "../..", "%00", "%ZZ", "\x00"]),
)


def values_or(known):
    """A known-good value most of the time, else anything."""
    return st.one_of(st.sampled_from(known), texts) if known else texts


def check(test, response, inputs=1):
    if test is not None:  # None: the negative control, not counted
        STATS.record(test, response.status_code, max(inputs, 1))
    request = getattr(response, "request", None)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    problem = ""
    if response.status_code >= 500:
        problem = f"{response.status_code} for {request}"
    for marker in RAW_MARKERS:
        if marker in body:
            problem = f"input reflected unescaped ({marker!r}) for {request}"
    if problem:
        FAILING.append(problem)
        pytest.fail(problem)


# --- The site's content, once per test -----------------------------------------------------------


@pytest.fixture
def content():
    sector = SectorFactory(slug="ai")
    organization = OrganizationFactory(slug="metax")
    organization.sectors.add(sector)
    person = PersonFactory(slug="li-ming")
    RoleFactory(person=person, organization=organization)
    indicator = IndicatorFactory(slug="gdp", sector=sector)
    ArticleFactory(slug="metax", tags=[TagFactory(slug="ai")], people=[person])
    for year in (2023, 2024):
        ObservationFactory(indicator=indicator, period_date=datetime.date(year, 1, 1))
    edition = open_edition()
    edition.status = EditionStatus.ANNOUNCED
    edition.save()
    registration = RegistrationFactory(edition=edition)
    return {
        "slug": ["ai", "metax", "li-ming", "gdp"],
        "int": [edition.number, edition.pk, 1, 0],
        "str": [registration.token, "2026-1", "x" * 43],
        "path": ["a/b", ""],
        "uuid": [],
        "edition": edition,
    }


# --- Every public URL pattern --------------------------------------------------------------------

_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _public_patterns(patterns=None, prefix=()):
    """(tuple of route pieces, name) for every URL of the site but the admin's."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            piece = "<language>/" if isinstance(pattern, LocalePrefixPattern) else str(pattern)
            found += _public_patterns(entry.url_patterns, (*prefix, piece))
        elif isinstance(entry, URLPattern) and isinstance(pattern, RoutePattern):
            found.append(((*prefix, str(pattern)), entry.name))
    return found


PUBLIC_PATTERNS = _public_patterns()


def test_the_fuzzer_sees_every_public_page():
    names = {name for _, name in PUBLIC_PATTERNS}
    assert {"person_detail", "ticket", "calendar", "register", "search", "healthz"} <= names
    assert len(PUBLIC_PATTERNS) >= 25


@st.composite
def public_requests(draw, content):
    pieces, _name = draw(st.sampled_from(PUBLIC_PATTERNS))
    language = draw(st.sampled_from(LANGUAGES))
    route = "".join(pieces).replace("<language>", language)

    filled = []

    def fill(match):
        converter = match.group("converter") or "str"
        filled.append(converter)
        value = draw(values_or(content.get(converter, [])))
        return quote(str(value), safe="/" if converter == "path" else "")

    path = "/" + _PART.sub(fill, route)
    query = draw(st.dictionaries(texts, texts, max_size=8))
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST"]))
    return method, path, urlencode(query), len(filled) + len(query)


_public_slice = Slice("urls", 0.3)


@pytest.mark.parametrize("kind", ["pages"])
def test_public_urls(content, kind):
    client = Client()

    @settings(FUZZ, max_examples=2000)
    @given(request=public_requests(content))
    def fuzz(request):
        if _public_slice.spent():
            return
        method, path, query, inputs = request
        url = f"{path}?{query}" if query else path
        check("urls", client.generic(method, url), inputs)

    fuzz()


# --- The filters and the search ------------------------------------------------------------------

PERSON_FILTERS = {
    "q": ["李", "Li"],
    "sector": ["ai"],
    "organization": ["metax"],
    "edition": ["1", "7"],
    "role": ["founder", "ceo"],
    "company": ["listed", "unlisted"],
    "sort": ["name", "-name", "newest"],
    "page": ["1", "2", "last"],
}
ORGANIZATION_FILTERS = {
    "q": ["沐曦"],
    "sector": ["ai"],
    "kind": ["company", "university"],
    "district": ["pudong"],
    "listing": ["listed", "unlisted"],
    "exchange": ["sse"],
    "board": ["star"],
    "founded_min": ["2010"],
    "founded_max": ["2020"],
    "sort": ["name", "-founded"],
    "page": ["1", "9"],
}


@st.composite
def filter_queries(draw, filters):
    names = draw(st.lists(st.sampled_from([*filters, "x"]), max_size=len(filters), unique=True))
    return [(name, draw(values_or(filters.get(name, [])))) for name in names]


_filters_slices = {
    "people": Slice("people", 0.1),
    "organizations": Slice("organizations", 0.1),
    "search": Slice("search", 0.05),
}


@pytest.mark.parametrize(
    ("page", "filters"),
    [("people", PERSON_FILTERS), ("organizations", ORGANIZATION_FILTERS), ("search", {"q": []})],
)
def test_filters_and_search(content, page, filters):
    client = Client()

    @settings(FUZZ, max_examples=700)
    @given(language=st.sampled_from(LANGUAGES), query=filter_queries(filters))
    def fuzz(language, query):
        if _filters_slices[page].spent():
            return
        check(page, client.get(f"/{language}/{page}/?{urlencode(query)}"), len(query))

    fuzz()


# --- The registration form -----------------------------------------------------------------------

REGISTRATION_FIELDS = {
    "name": ["李明", "Li Ming"],
    "email": ["li@example.com", "case.test@ｅxample.com"],
    "mobile": ["138 1234 5678", ""],
    "organization": ["某公司"],
    "title": ["CEO"],
    "category": ["entrepreneur", "investor", "other"],
    "sectors": ["1"],
    "needs": [""],
    "consent": ["on", "off", "yes", ""],
    "notice_version": ["2026-1", "old"],
    "website": ["", "http://spam.example"],
}

REQUIRED_FIELDS = {
    "name",
    "email",
    "organization",
    "title",
    "category",
    "consent",
    "notice_version",
}

_form_slice = Slice("register", 0.2)


def test_registration_form(content):
    client = Client()
    edition = content["edition"]

    @settings(FUZZ, max_examples=800)
    @given(
        language=st.sampled_from(LANGUAGES),
        # The fields a person must fill in are always sent (their values fuzzed); the rest
        # may be missing.
        data=st.fixed_dictionaries(
            {k: values_or(v) for k, v in REGISTRATION_FIELDS.items() if k in REQUIRED_FIELDS},
            optional={
                k: values_or(v) for k, v in REGISTRATION_FIELDS.items() if k not in REQUIRED_FIELDS
            },
        ),
    )
    def fuzz(language, data):
        if _form_slice.spent():
            return
        url = f"/{language}/editions/{edition.number}/register/"
        response = client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
        check("register", response, len(data))

    fuzz()


# --- The admin's changelists, as staff -----------------------------------------------------------


def _changelists():
    """(url, parameters the changelist understands) for every model registered in admin."""
    superuser = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        changelist = model_admin.get_changelist_instance(request)
        names = ["q", "o", "p", "all", "e", "_to_field"]
        for spec in changelist.filter_specs:
            names += spec.expected_parameters()
        found.append((url, names))
    return superuser, found


_admin_slice = Slice("admin", 0.25)


def test_admin_changelists(content):
    superuser, changelists = _changelists()
    client = Client()
    client.force_login(superuser)
    assert len(changelists) >= 20

    @settings(FUZZ, max_examples=900)
    @given(
        target=st.sampled_from(changelists),
        language=st.sampled_from(LANGUAGES),
        data=st.data(),
    )
    def fuzz(target, language, data):
        url, names = target
        chosen = data.draw(st.lists(st.sampled_from(names), max_size=6, unique=True))
        query = [(name, data.draw(texts)) for name in chosen]
        if _admin_slice.spent():
            return
        response = client.get(f"{url}?{urlencode(query)}", headers={"accept-language": language})
        check("admin", response, len(query))

    fuzz()


def test_a_marker_reflected_raw_would_be_caught(client):
    """The negative control: the check fails on a page that echoes its input unescaped."""
    with pytest.raises(pytest.fail.Exception, match="unescaped"):
        check(None, HttpResponse(f"<p>{MARKER}</p>"))
    FAILING.clear()
    with pytest.raises(pytest.fail.Exception, match="500"):
        check(None, HttpResponse(status=500))
    FAILING.clear()
