"""Logging of the shell: no log line the site writes may hold a registrant's private ticket
token. Paths such as /en/ticket/<token>/calendar.ics reach log lines through Django's request
logger (Not Found, Method Not Allowed), its CSRF refusals (which quote the Referer) and the
development server's request lines; the filter masks them in every record."""

import logging
import re

# A ticket token is the path segment after /ticket/ (43 URL-safe characters when valid; any
# segment there is masked, so a mistyped or truncated token is not logged either).
_TICKET_TOKEN = re.compile(r"(/ticket/)[^/\s?#\"'<>]+")
MASK = "[token]"

_formatter = logging.Formatter()


def mask_ticket_tokens(text):
    return _TICKET_TOKEN.sub(rf"\g<1>{MASK}", text)


class MaskTicketTokens(logging.Filter):
    """Renders the record's message (and traceback) once, masked; never drops a record. Attach
    it to every handler: a filter on a logger would miss records propagated from its children."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a record whose args do not fit its format: keep it as it is
            return True
        record.msg = mask_ticket_tokens(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_ticket_tokens(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_ticket_tokens(record.stack_info)
        return True
