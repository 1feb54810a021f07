"""`{% load pages %}`: small helpers of the public pages' templates.

{{ person.bio|rich_text }}         the bio through the nh3 allow-list, marked safe
{{ data|json_ld }}                 a JSON-LD <script> block, escaped like json_script
{% content_cache "name" value … %}…{% endcontent_cache %}
                                   the enclosed HTML, kept until public content changes
{% layout_cache value … %}…{% endlayout_cache %}
                                   the enclosed HTML, kept by the process: the layout around
                                   the content (links, labels), never content itself
"""

import hashlib
import json

from django import template
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
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


# How many copies one {% layout_cache %} keeps: one per language and value (a navigation
# section), a handful in all; the bound only guards against a value that varies per request.
LAYOUT_COPIES = 64
# Bumped when a test changes settings: the layout's addresses and labels follow them.
_settings_generation = 0


@receiver(setting_changed)
def _forget_layouts(**_kwargs):
    global _settings_generation
    _settings_generation += 1


class LayoutCacheNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        # On the node, not in a module dict: a template reloaded while developing comes with
        # new nodes, so an edited layout is drawn afresh.
        self.copies = {}

    def render(self, context):
        key = (
            _settings_generation,
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(str(value.resolve(context)) for value in self.values),
        )
        html = self.copies.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.copies) < LAYOUT_COPIES:
                self.copies[key] = html
        return html


@register.tag
def layout_cache(parser, token):
    """`{% layout_cache value … %}…{% endlayout_cache %}`: the enclosed HTML is drawn once per
    process, language and values, and kept in memory: for the layout every page repeats (the
    header's links and labels, the footer, the stylesheet and icon links), whose addresses and
    words come from the code and the translations alone, which do not change while the process
    runs. Never for content, nor for anything that depends on the request other than through
    `values` (a few possible values: the page's navigation section), since nothing here is
    ever drawn afresh."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endlayout_cache",))
    parser.delete_first_token()
    return LayoutCacheNode(nodelist, values)
