"""Rich text that editors write (biographies) cleaned to a small, explicit allow-list.

Saving goes through `sanitize_html`; public pages may call it again when rendering, which is
idempotent, so a row written around the services is still safe to show.
"""

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


def sanitize_html(text):
    """Keep paragraphs, line breaks, emphasis, lists and links (href only, with rel); drop the
    rest of the markup and every script, style and event handler. Blank in, blank out."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
