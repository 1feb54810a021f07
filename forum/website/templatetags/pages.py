"""`{% load pages %}`: small helpers of the public pages' templates.

{{ person.bio|rich_text }}         the bio through the nh3 allow-list, marked safe
{{ data|json_ld }}                 a JSON-LD <script> block, escaped like json_script
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
