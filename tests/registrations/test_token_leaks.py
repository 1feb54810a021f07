"""A ticket's private token reaches no log line and no Referer the site causes.

The requests below are the ones the audit saw writing full ticket paths to the log: a 404 on a
ticket sub-page, a 405, and CSRF refusals (which also quote the Referer). The log is what the
configured handlers write, captured from their own streams."""

import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from gunicorn.config import Config
from gunicorn.glogging import Logger

from config.logging import MaskTicketTokens, mask_ticket_tokens

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


def _site_handlers():
    """The handlers LOGGING configured (pytest's own capture handlers left out)."""
    seen = []
    for name in ["", "django", "django.request", "django.server", "django.security.csrf"]:
        for handler in logging.getLogger(name).handlers:
            if type(handler).__module__.startswith("_pytest") or handler in seen:
                continue
            seen.append(handler)
    return seen


@pytest.fixture
def site_log():
    """What the site's log handlers write during the test."""
    buffer = io.StringIO()
    handlers = [h for h in _site_handlers() if isinstance(h, logging.StreamHandler)]
    assert handlers, "LOGGING configures no stream handler"
    previous = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.fixture
def ticket():
    return register(open_edition())


def ticket_path(name, token, language="en"):
    with translation.override(language):
        return reverse(f"registration:{name}", args=[token])


def test_every_configured_handler_masks_tokens():
    handlers = _site_handlers()
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, MaskTicketTokens) for f in handler.filters), handler


def test_no_token_in_the_log_lines_of_ticket_pages(site_log, ticket):
    token = ticket.token
    unknown = "U" * 43
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert browser.get(ticket_path("calendar", unknown)).status_code == 404
    assert browser.get(ticket_path("ticket", unknown, "zh-hans")).status_code == 404
    plain = Client(raise_request_exception=False)  # past the CSRF check, to the method check
    assert plain.put(ticket_path("ticket", token)).status_code == 405
    assert plain.post(ticket_path("calendar", token)).status_code == 405
    # CSRF refusals on the ticket's forms, with and without a (foreign) Referer quoting a ticket
    assert browser.post(ticket_path("cancel", token)).status_code == 403
    response = browser.post(
        ticket_path("delete", token),
        secure=True,
        headers={"referer": f"https://evil.example{ticket_path('ticket', token)}"},
    )
    assert response.status_code == 403
    log = site_log.getvalue()

    assert "Not Found: /en/ticket/[token]/calendar.ics" in log  # the lines are still written
    assert "Method Not Allowed (PUT): /en/ticket/[token]/" in log
    assert "Forbidden (Referer checking failed" in log
    assert token not in log
    assert unknown not in log


def test_a_failing_ticket_page_logs_its_traceback_without_the_token(site_log, ticket, monkeypatch):
    def broken(token):
        raise RuntimeError(f"cannot read /en/ticket/{token}/")

    monkeypatch.setattr("forum.registrations.selectors.registration_by_token", broken)
    response = Client(raise_request_exception=False).get(ticket_path("ticket", ticket.token))

    assert response.status_code == 500
    log = site_log.getvalue()
    assert "RuntimeError: cannot read /en/ticket/[token]/" in log
    assert ticket.token not in log


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("GET /en/ticket/abc_DEF-123/ 200", "GET /en/ticket/[token]/ 200"),
        (
            "https://x.example/zh-hans/ticket/t0k3n/qr.svg?a=1",
            "https://x.example/zh-hans/ticket/[token]/qr.svg?a=1",
        ),
        ("Not Found: /en/ticket/\x00", "Not Found: /en/ticket/[token]"),
        ("/en/people/li-ming/", "/en/people/li-ming/"),
    ],
)
def test_mask_ticket_tokens(text, masked):
    assert mask_ticket_tokens(text) == masked


# --- Referer -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ticket", "qr", "calendar", "data"])
def test_ticket_pages_send_no_referer(client, ticket, name):
    response = client.get(ticket_path(name, ticket.token))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("name", ["cancel", "delete"])
def test_ticket_pages_with_a_form_send_the_origin_only(client, ticket, name):
    """Their form must carry an Origin the CSRF check accepts; the Referer has no path."""
    response = client.get(ticket_path(name, ticket.token))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"


def test_other_pages_keep_the_sites_policy(client):
    assert client.get("/en/").headers["Referrer-Policy"] == "same-origin"


def test_gunicorns_own_log_lines_are_masked_too(tmp_path):
    """gunicorn.conf.py puts the filter on gunicorn's handlers (its access log included)."""
    settings_file = Path(__file__).resolve().parent.parent.parent / "gunicorn.conf.py"
    hooks = runpy.run_path(str(settings_file))
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    server = SimpleNamespace(log=Logger(config))

    hooks["on_starting"](server)
    token = "t" * 43
    server.log.access_log.info('"GET /en/ticket/%s/calendar.ics HTTP/1.1" 200', token)
    server.log.error_log.warning("Invalid request from /zh-hans/ticket/%s/", token)
    for handler in server.log.access_log.handlers + server.log.error_log.handlers:
        handler.flush()

    written = (tmp_path / "access.log").read_text() + (tmp_path / "error.log").read_text()
    assert "/en/ticket/[token]/calendar.ics" in written
    assert token not in written
