"""What the website composes from several apps: the home page and the site search."""

import re

from config.common.language import chinese_numeral
from forum import selectors as forum_selectors
from forum.models import Edition
from forum.news.selectors import latest_articles
from forum.registrations.selectors import call_to_register
from metrics.models import Indicator
from metrics.selectors import headline_indicators
from profiles import selectors as profile_selectors
from profiles.models import Organization, Person

SEARCH_LIMIT = 20
_EDITION_NUMBER = re.compile(r"^第?\s*([0-9一二三四五六七八九十]+)\s*届?$")


def home_page():
    edition = forum_selectors.featured_edition()
    return {
        "edition": edition,
        "call_to_register": call_to_register(edition) if edition else None,
        "people": profile_selectors.featured_people(),
        "figures": headline_indicators(),
        "milestones": profile_selectors.latest_milestones(),
        "editions": forum_selectors.edition_list(),
        "articles": latest_articles(),
    }


def _edition_number(text):
    """7 for "7", "第7届", "七", "第七届"; None when the text names no edition number."""
    match = _EDITION_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    for number in range(1, 100):
        if chinese_numeral(number) == token:
            return number
    return None


def search(text):
    """People, organizations, editions and indicators whose names (in either language) contain
    the text; Chinese matches as a substring (沐曦 finds 沐曦股份). Six queries."""
    text = text.strip()
    people = (
        Person.objects.published()
        .search(text)
        .select_related("portrait")
        .prefetch_related(profile_selectors.prefetch_current_roles())
        .order_by("name_zh", "pk")[:SEARCH_LIMIT]
    )
    organizations = (
        Organization.objects.published()
        .search(text)
        .select_related("logo")
        .with_listing()
        .prefetch_related(profile_selectors.prefetch_published_sectors())
        .order_by("name_zh", "pk")[:SEARCH_LIMIT]
    )
    editions = (
        Edition.objects.published()
        .search(text, number=_edition_number(text))
        .order_by("-number", "pk")[:SEARCH_LIMIT]
    )
    indicators = (
        Indicator.objects.public()
        .search(text)
        .select_related("sector")
        .order_by("sector__order", "order", "pk")[:SEARCH_LIMIT]
    )
    return {
        "people": list(people),
        "organizations": list(organizations),
        "editions": list(editions),
        "indicators": list(indicators),
    }
