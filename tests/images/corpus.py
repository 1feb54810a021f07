"""The attack corpus: files an editor (or someone with an editor's password) might upload,
each made here from scratch, with what the library must do with it."""

import io
import struct
import zlib

from PIL import Image as PILImage

GPS_LATITUDE = (31.0, 13.0, 5.0)  # Shanghai


def jpeg(size=(900, 1200), colour=(180, 120, 90), **save):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def png(size=(40, 30), colour=(20, 90, 160, 255), mode="RGBA"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def webp(size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 60)).save(buffer, format="WEBP")
    return buffer.getvalue()


def jpeg_with_gps_and_orientation(orientation=6):
    """A 300×200 JPEG whose EXIF says: rotate 90° (orientation 6), taken in Shanghai."""
    image = PILImage.new("RGB", (300, 200), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 150, 200))  # left half blue
    exif = image.getexif()
    exif[0x0112] = orientation
    exif[0x010F] = "SpyCam"  # make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bomb(width=30_000, height=30_000):
    """A decompression bomb: a tiny PNG whose header claims a canvas of `width`×`height`
    (900 megapixels) of zeros, compressed to a few hundred kilobytes at most."""
    raw_row = b"\x00" + b"\x00" * width  # filter byte + one grey byte per pixel
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(raw_row) for _ in range(200)) + compressor.flush()

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def oversize_pixels():
    """9000 × 9000 (81 megapixels), a flat PNG of a few hundred kilobytes."""
    buffer = io.BytesIO()
    PILImage.new("L", (9000, 9000), 255).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def oversize_file(max_bytes):
    """A valid small JPEG padded past the byte limit (a comment segment would do too)."""
    return jpeg((100, 100)) + b"\x00" * (max_bytes + 1)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML_AS_JPEG = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
POLYGLOT_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def polyglot():
    """A JPEG that a browser sniffing content could also read as HTML: the script follows the
    image's end marker."""
    return jpeg((120, 90)) + POLYGLOT_PAYLOAD


def truncated():
    data = jpeg((400, 300), quality=95)
    return data[: len(data) // 2]


def corpus(max_bytes):
    """name → (bytes, file name, what must happen: a refusal code, or 'neutralized')."""
    return {
        "decompression bomb": (png_bomb(), "bomb.png", "too_many_pixels"),
        "oversize file": (oversize_file(max_bytes), "big.jpg", "too_large"),
        "oversize pixels": (oversize_pixels(), "huge.png", "too_many_pixels"),
        "svg": (SVG, "logo.svg", "svg"),
        "svg named .png": (SVG, "logo.png", "svg"),
        "html named .jpg": (HTML_AS_JPEG, "photo.jpg", "not_an_image"),
        "truncated": (truncated(), "cut.jpg", "broken"),
        "gif": (_gif(), "anim.gif", "format"),
        "polyglot": (polyglot(), "poly.jpg", "neutralized"),
        "exif with gps": (jpeg_with_gps_and_orientation(), "gps.jpg", "neutralized"),
    }


def _gif():
    buffer = io.BytesIO()
    PILImage.new("P", (10, 10)).save(buffer, format="GIF")
    return buffer.getvalue()
