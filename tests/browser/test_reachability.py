"""Every published person, organization, edition, sector and indicator can be reached from the
home page by following links alone, in each language (crawled with the Django test client)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.utils.translation import override

from forum.models import Edition
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person

from .machinery import LANGUAGES

# Pages that are downloads or alternative renderings rather than places to go.
NOT_PAGES = re.compile(r"\.(csv|svg|ics|png|jpg|pdf)$|/register/|/ticket/|/organizers/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _crawl(client, start):
    """Paths reachable from `start` through <a href> links that stay in the same language."""
    prefix = start
    seen, queue = {start}, [start]
    while queue:
        path = queue.pop()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            url = urldefrag(urljoin(path, href)).url
            parts = urlsplit(url)
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query.startswith("page=") else "")
            if target.startswith(prefix) and not NOT_PAGES.search(target) and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _published_paths(language):

    with override(language):
        return {
            "people": {p.get_absolute_url() for p in Person.objects.published()},
            "organizations": {o.get_absolute_url() for o in Organization.objects.published()},
            "editions": {e.get_absolute_url() for e in Edition.objects.published()},
            "sectors": {s.get_absolute_url() for s in Sector.objects.published()},
            "indicators": {
                i.get_absolute_url()
                for i in Indicator.objects.filter(is_published=True, sector__is_published=True)
            },
        }


@pytest.fixture(scope="module")
def reached(demo_content, django_db_blocker):
    with django_db_blocker.unblock():
        return {language: _crawl(Client(), f"/{language}/") for language in LANGUAGES}


@pytest.mark.parametrize("kind", ["people", "organizations", "editions", "sectors", "indicators"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_published_page_is_reachable_from_home(db, reached, language, kind):
    expected = _published_paths(language)[kind]

    assert expected, f"the demo has no published {kind}"
    assert expected - reached[language] == set()
