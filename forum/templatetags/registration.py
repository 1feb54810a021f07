from django import template

from forum.registrations import selectors

register = template.Library()


@register.simple_tag
def registration_cta(edition):
    """{state, settings} for the call to register: none / not_yet_open / open / full / closed."""
    return {
        "state": selectors.registration_state(edition),
        "settings": selectors.registration_settings_for(edition),
    }
