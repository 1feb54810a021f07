"""Rich text that editors write (biographies, article bodies, descriptions) cleaned to a small,
explicit allow-list, and the field that edits it.

Saving goes through `sanitize_html`; public pages may call it again when rendering, which is
idempotent, so a row written around the services is still safe to show.

`RichTextField` is a TextField (the column stays plain HTML text, so existing biographies need
no conversion) edited in the admin with django-prose-editor, whose toolbar offers exactly what
the allow-list keeps: headings (h2, h3), paragraphs, line breaks, bold, italic, lists, quotes and
links. Its form field and the model's `full_clean()` both pass the value through
`sanitize_html`. The editor's script and styles are static files of the package (no CDN), loaded
as modules with the admin's CSP nonce.
"""

import unicodedata

import nh3
from django_prose_editor.fields import ProseEditorField

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
)
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


# The editor's toolbar: what the allow-list keeps, nothing more.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": True,
    "HardBreak": True,
    "History": True,
}


class RichTextField(ProseEditorField):
    """A TextField of editor-written HTML: the rich-text editor in forms, `sanitize_html` on
    every clean. Migrations see a plain TextField. The editor runs the "csp" preset
    (DJANGO_PROSE_EDITOR_PRESETS in the settings: static/admin-extra/prose-editor.js), which
    keeps tiptap from injecting an inline <style> the site's CSP would refuse."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("sanitize", sanitize_html)
        kwargs.setdefault("preset", "csp")
        super().__init__(*args, **kwargs)


# Default-ignorable code points that are not format characters (Cf): fillers, variation
# selectors, the combining grapheme joiner. They print as nothing.
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)
# Controls, format characters (zero-width space and joiners, soft hyphen, bidi overrides, BOM)
# and line or paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def strip_invisible(text, *, keep_spaces=True):
    """`text` without the characters that print as nothing or reorder what is printed (a
    right-to-left override turns "gpj.exe" around); spaces too unless `keep_spaces`."""
    categories = _INVISIBLE_CATEGORIES if keep_spaces else _INVISIBLE_CATEGORIES | {"Zs"}

    def visible(character):
        if unicodedata.category(character) in categories:
            return False
        code = ord(character)
        return not any(low <= code <= high for low, high in _IGNORABLE)

    return "".join(character for character in text if visible(character))
