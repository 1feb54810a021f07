"""The check-in QR code's mask is searched once per code and reused: every rendering (the
e-mail's inline PNG, the ticket page, its SVG file) must still show the registrant's own code,
exactly as a fresh drawing of it would."""

import html
import io

import pytest
import segno
import segno.encoder
import zxingcpp
from django.core import mail
from django.urls import reverse
from PIL import Image

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


def fresh(code):
    return segno.make(code, error="m", micro=False)


def pixels(png):
    """A PNG's size and pixels, whatever wrote it: the same picture in other bytes is equal."""
    image = Image.open(io.BytesIO(png))
    return image.format, image.mode, image.size, image.tobytes()


def inline_png(message):
    [image] = [part for part in message.attachments if getattr(part, "get_content_type", None)]
    return image.get_content()


def test_each_registrant_is_mailed_and_shown_their_own_code(
    client, django_capture_on_commit_callbacks
):
    edition = open_edition()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [register(edition) for _ in range(3)]

    for registration in registrations:
        drawing = fresh(registration.checkin_code)
        png = io.BytesIO()
        drawing.save(png, kind="png", scale=6, border=2)
        [message] = [m for m in mail.outbox if m.to == [registration.email]]
        assert pixels(inline_png(message)) == pixels(png.getvalue())

        for _ in range(2):  # drawn for the e-mail already: the page reuses the drawing
            page = client.get(registration.get_absolute_url()).content.decode()
            assert html.escape(drawing.svg_data_uri(scale=6, border=2)) in page
        svg = io.BytesIO()
        drawing.save(svg, kind="svg", scale=6, border=2)
        response = client.get(reverse("registration:qr", args=[registration.token]))
        assert response.content == svg.getvalue()


def test_the_mask_search_runs_once_per_code(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    searches = []
    search = segno.encoder.find_and_apply_best_mask

    def counted(matrix, width, height, proposed_mask=None):
        if proposed_mask is None:  # with a mask given, segno only applies it
            searches.append(1)
        return search(matrix, width, height, proposed_mask)

    monkeypatch.setattr(segno.encoder, "find_and_apply_best_mask", counted)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(open_edition())  # the e-mail draws the code
    client.get(registration.get_absolute_url())
    client.get(reverse("registration:qr", args=[registration.token]))

    assert len(mail.outbox) == 1
    assert len(searches) == 1


def test_a_real_decoder_reads_each_registrants_own_code_from_their_e_mail(
    django_capture_on_commit_callbacks,
):
    """zxing-cpp, the decoder behind many phone scanners, reads the inline PNG as sent."""
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [register(open_edition()) for _ in range(2)]

    for registration in registrations:
        [message] = [m for m in mail.outbox if m.to == [registration.email]]
        image = Image.open(io.BytesIO(inline_png(message)))
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [registration.checkin_code]
