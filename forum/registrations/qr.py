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
from PIL import Image

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


# A drawing's modules (1 dark, 0 light) as the pixels of a 1-bit image (0 black, 1 white).
_MODULES_TO_PIXELS = bytes([1, 0]) + bytes(254)


def checkin_qr_png(code, *, scale=6, border=2):
    """The same picture as segno's PNG of the drawing, written by Pillow: segno writes PNGs
    pixel by pixel in Python, four times the CPU of the rest of the drawing once the mask is
    known (the e-mail worker draws one per confirmed registrant)."""
    matrix = _drawn(code).matrix
    width = len(matrix[0]) + 2 * border
    light_row, edge = b"\x01" * width, b"\x01" * border
    rows = [edge + bytes(row).translate(_MODULES_TO_PIXELS) + edge for row in matrix]
    pixels = b"".join([light_row * border, *rows, light_row * border])
    image = Image.frombytes("1", (width, len(matrix) + 2 * border), pixels, "raw", "1;8")
    image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
