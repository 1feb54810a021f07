"""The QR code of a check-in code, as an SVG data URI (CSP allows img-src data:) or a file."""

import io

import segno


def checkin_qr_data_uri(code, *, scale=6):
    return segno.make(code, error="m", micro=False).svg_data_uri(scale=scale, border=2)


def checkin_qr_svg(code, *, scale=6):
    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(buffer, kind="svg", scale=scale, border=2)
    return buffer.getvalue()
