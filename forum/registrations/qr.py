"""The QR code of a check-in code: as an SVG data URI (CSP allows img-src data:), an SVG file,
or the PNG the ticket e-mail carries inline.

segno's mask search, pure Python, is most of the cost of drawing a code, and one code is drawn
several times, in several processes: the ticket page the registrant is sent to after the form,
its SVG file, the e-mails in the worker, a badge. The search runs once per code: the mask it
chose is kept in the shared cache, and every later drawing of that code uses it (the same
drawing, without the search)."""

import datetime
import io

import segno
from django.core.cache import cache

MASK_KEPT = datetime.timedelta(days=30)


def _drawn(code):
    key = f"registrations:checkin-qr-mask:{code}"
    mask = cache.get(key)
    drawing = segno.make(code, error="m", micro=False, mask=mask)
    if mask is None:
        cache.set(key, drawing.mask, MASK_KEPT.total_seconds())
    return drawing


def checkin_qr_data_uri(code, *, scale=6):
    return _drawn(code).svg_data_uri(scale=scale, border=2)


def checkin_qr_svg(code, *, scale=6):
    buffer = io.BytesIO()
    _drawn(code).save(buffer, kind="svg", scale=scale, border=2)
    return buffer.getvalue()


def checkin_qr_png(code, *, scale=6):
    buffer = io.BytesIO()
    _drawn(code).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
