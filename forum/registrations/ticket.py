"""Sections other apps add to the ticket page, without registration knowing them.

An app standing on registrations registers a function at start-up (in its AppConfig.ready):
`register_ticket_section(section)`, where `section(request, registration)` returns the HTML
of its part of the page (safe, rendered by its own template) or None to show nothing. The
ticket page shows them in registration order, below the ticket itself."""

_SECTIONS = []


def register_ticket_section(section):
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def ticket_sections(request, registration):
    parts = (section(request, registration) for section in _SECTIONS)
    return [part for part in parts if part]
