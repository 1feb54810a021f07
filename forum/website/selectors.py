"""What the website composes from several apps: the home page (the search: the search package)."""

import functools

from forum import selectors as forum_selectors
from forum.news.selectors import latest_articles
from forum.registrations.selectors import call_to_register, with_registration_settings
from metrics.selectors import headline_indicators
from profiles import selectors as profile_selectors


def home_page():
    """The featured edition and what registering for it says, read at once in one query (seats
    and the registration window change without an edit); everything else, the featured
    edition's facts among it, are selectors the template calls only when its kept copy of them
    is out of date."""
    edition = forum_selectors.featured_edition(
        with_registration_settings(forum_selectors.editions_to_feature())
    )
    editions = functools.cache(lambda: list(forum_selectors.edition_list()))
    return {
        "edition": edition,
        "call_to_register": call_to_register(edition) if edition else None,
        # The same edition with its tracks, from the editions the page lists further down.
        "featured": lambda: forum_selectors.featured_edition(editions()),
        "people": profile_selectors.featured_people,
        "figures": headline_indicators,
        "milestones": profile_selectors.latest_milestones,
        "editions": editions,
        "articles": latest_articles,
    }
