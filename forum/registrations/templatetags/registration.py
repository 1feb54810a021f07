from django import template

from forum.registrations import selectors

register = template.Library()


@register.simple_tag
def registration_cta(edition):
    """{state, registration_settings} for the call to register (state: none, not_yet_open,
    open, full or closed)."""
    return {
        "state": selectors.registration_state(edition),
        "registration_settings": selectors.registration_settings_for(edition),
    }
