"""gunicorn's settings for this project, read from the folder gunicorn starts in: its own log
lines (the access log, if turned on, and its error log) go through the same filter as Django's,
so no ticket token reaches them either."""

from config.logging import MaskTicketTokens


def _mask_ticket_tokens(server):
    for logger in (server.log.error_log, server.log.access_log):
        for handler in logger.handlers:
            if not any(isinstance(f, MaskTicketTokens) for f in handler.filters):
                handler.addFilter(MaskTicketTokens())


def on_starting(server):
    _mask_ticket_tokens(server)


def on_reload(server):
    _mask_ticket_tokens(server)
