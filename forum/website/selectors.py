"""What the website composes from several apps: the home page (the search: search.py)."""

from forum import selectors as forum_selectors
from forum.news.selectors import latest_articles
from forum.registrations.selectors import call_to_register
from metrics.selectors import headline_indicators
from profiles import selectors as profile_selectors


def home_page():
    """The editions, the featured one and what registering for it says, read at once (seats
    and the registration window change without an edit); the other sections are selectors the
    template calls only when its kept copy of them is out of date."""
    editions = list(forum_selectors.edition_list())
    edition = forum_selectors.featured_edition(editions)
    return {
        "edition": edition,
        "call_to_register": call_to_register(edition) if edition else None,
        "people": profile_selectors.featured_people,
        "figures": headline_indicators,
        "milestones": profile_selectors.latest_milestones,
        "editions": editions,
        "articles": latest_articles,
    }
