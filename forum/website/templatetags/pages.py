"""`{% load pages %}`: small helpers of the public pages' templates.

{{ person.bio|rich_text }}         the bio through the nh3 allow-list, marked safe
{{ data|json_ld }}                 a JSON-LD <script> block, escaped like json_script
{% content_cache "name" value … %}…{% endcontent_cache %}
                                   the enclosed HTML, kept until public content changes
"""

import hashlib
import json

from django import template
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config.common.content_cache import cached_answer, content_version
from config.common.text import sanitize_html

register = template.Library()

# The characters json_script escapes, so no value can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def rich_text(text):
    """Editor-written HTML cleaned to the allow-list of config.common.text; safe to output."""
    return mark_safe(sanitize_html(text))  # noqa: S308 (nh3 allow-list output)


@register.filter
def json_ld(data):
    """schema.org data as a JSON-LD block; '<', '>' and '&' are escaped as in json_script.

    A data block is not script, so the Content-Security-Policy needs no nonce for it.
    """
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 (escaped above)
    )


# Where a page being drawn keeps the content version it read (its render context).
_VERSION = "content_cache.version"


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        # A preview draws a draft inside a transaction that is rolled back: what it shows must
        # never be kept for the public.
        if transaction.get_connection().in_atomic_block:
            return self.nodelist.render(context)
        values = "\n".join(str(value.resolve(context)) for value in self.values)
        digest = hashlib.sha256(values.encode()).hexdigest()
        key = f"fragment:{self.name}:{get_language()}:{digest}"
        # Read once per page: the parts of one page are kept under the same version.
        if _VERSION not in context.render_context:
            context.render_context[_VERSION] = content_version()
        version = context.render_context[_VERSION]
        return cached_answer(key, lambda: self.nodelist.render(context), version=version)


@register.tag
def content_cache(parser, token):
    """`{% content_cache "name" value … %}…{% endcontent_cache %}`: the enclosed HTML is drawn
    once per language and values, and kept under the public content's version
    (config.common.content_cache), so any change to public content draws it afresh. For parts
    that are the same for every visitor and cost queries or many includes: leave out what
    changes without an edit (seats left, the registration window) and what depends on the
    visitor or the request. Context values the part needs may be callables (a selector and its
    arguments, functools.partial): the template calls them only when the part is drawn, so a
    kept part costs no query."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("content_cache needs a name.")
    name = bits[1].strip("\"'")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
