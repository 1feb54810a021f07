"""What an uploaded file must be to enter the library, and how it is made safe.

`inspect()` decides by decoding, never by the name or the declared type: the bytes must open
as JPEG, PNG or WebP (AVIF where this Pillow reads it), within `IMAGE_MAX_BYTES` and
`IMAGE_MAX_PIXELS`, and decode to the end. SVG is refused (it is a document that can carry
scripts, not a picture). Dimensions are read from the header before any pixel is decoded, so
a decompression bomb (a small file claiming a huge canvas) is refused without being
expanded.

`sanitize()` then re-encodes every accepted image: EXIF orientation is applied first, the
pixels are written into a new file of the same format, and nothing else is carried over —
no EXIF (camera, GPS position), no XMP, no comments, no bytes appended after the image
(a JPEG/HTML polyglot loses its HTML). Colour profiles are converted to sRGB, then dropped.

Every refusal is a ValidationError with a code and a message in the editor's language.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError, features

# Pillow format name → (stored format, file extension, MIME type). AVIF is read where this
# Pillow was built with it and stored as AVIF, like the others, in its own format.
FORMATS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
}
if features.check("avif"):
    FORMATS["AVIF"] = ("AVIF", "avif", "image/avif")

ACCEPT = ",".join(mime for _format, _ext, mime in FORMATS.values())

MESSAGES = {
    "too_large": _("The file is %(size)s; the largest accepted is %(limit)s."),
    "too_many_pixels": _(
        "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the largest "
        "accepted is %(limit)s megapixels. Scale it down and upload it again."
    ),
    "bomb": _(
        "The image claims far more pixels than the largest accepted (%(limit)s megapixels): "
        "it is refused unopened."
    ),
    "svg": _("SVG files are not accepted: upload the image as JPEG, PNG or WebP."),
    "not_an_image": _(
        "This file is not an image this site accepts: upload a JPEG, PNG or WebP file."
    ),
    "format": _("%(format)s images are not accepted: upload a JPEG, PNG or WebP file."),
    "broken": _("The image could not be read to the end (the file is damaged or incomplete)."),
    "empty": _("The file is empty."),
}


def refuse(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


@dataclass(frozen=True)
class Inspected:
    format: str  # Pillow's name: JPEG, PNG, WEBP, AVIF
    width: int  # as stored, after the EXIF orientation is applied
    height: int


def _read(file):
    """All bytes of an uploaded file, a model's FieldFile or raw bytes."""
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        return len(_read(file))
    return size


def _looks_like_svg(head):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text[:1024]


def _open(data, *, max_pixels):
    if not data:
        raise refuse("empty")
    if _looks_like_svg(data[:2048]):
        raise refuse("svg")
    try:
        image = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError:
        # Pillow's own guard (over twice its MAX_IMAGE_PIXELS) fires while reading the header.
        error = refuse("bomb", limit=f"{max_pixels / 1_000_000:g}")
        error.code = "too_many_pixels"
        raise error from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise refuse("not_an_image") from None
    if image.format not in FORMATS:
        raise refuse("format", format=image.format or "?")
    width, height = image.size
    if width * height > max_pixels:
        raise refuse(
            "too_many_pixels",
            width=width,
            height=height,
            megapixels=f"{width * height / 1_000_000:.1f}",
            limit=f"{max_pixels / 1_000_000:g}",
        )
    return image


def _decode(image):
    """Decode every pixel of the first frame (a truncated file fails here)."""
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        raise refuse("broken") from None


def inspect(file, *, max_bytes=None, max_pixels=None):
    """Check a file for the library; returns what it is, or raises ValidationError."""
    max_bytes = max_bytes or settings.IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    size = _size_of(file)
    if size > max_bytes:
        raise refuse("too_large", size=filesizeformat(size), limit=filesizeformat(max_bytes))
    data = _read(file)
    with _open(data, max_pixels=max_pixels) as image:
        _decode(image)
        width, height = image.size
        if _orientation(image) in {5, 6, 7, 8}:
            width, height = height, width
        return Inspected(format=image.format, width=width, height=height)


def _orientation(image):
    try:
        return image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block only means no rotation
        return 1


def _to_srgb(image):
    """Pixels converted to sRGB when the file carries another colour profile."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _normalise_mode(image, stored_format):
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if stored_format == "JPEG":
        return image.convert("L" if image.mode in {"L", "I;16", "I"} else "RGB")
    if has_alpha:
        return image.convert("RGBA")
    if image.mode in {"L", "RGB"}:
        return image
    return image.convert("RGB")


SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
    "AVIF": {"quality": 80},
}


@dataclass(frozen=True)
class Sanitized:
    content: bytes
    extension: str
    format: str
    width: int
    height: int


def sanitize(file, *, max_bytes=None, max_pixels=None, downscale=False):
    """The image re-encoded from its pixels alone. With `downscale`, an image over the pixel
    limit is scaled down to fit it instead of refused (for photos stored before the limit)."""
    max_bytes = max_bytes or settings.IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    data = _read(file)
    if not downscale and len(data) > max_bytes:
        raise refuse("too_large", size=filesizeformat(len(data)), limit=filesizeformat(max_bytes))
    open_limit = max_pixels * 4 if downscale else max_pixels
    with _open(data, max_pixels=open_limit) as image:
        if downscale and image.width * image.height > max_pixels:
            # Decode at reduced size (JPEG draft mode) before scaling down exactly.
            image.draft("RGB", (image.width // 2, image.height // 2))
        _decode(image)
        source_format = image.format
        picture = ImageOps.exif_transpose(image)
        picture = _to_srgb(picture)
        if downscale and picture.width * picture.height > max_pixels:
            ratio = (max_pixels / (picture.width * picture.height)) ** 0.5
            picture = picture.resize(
                (int(picture.width * ratio), int(picture.height * ratio)), PILImage.LANCZOS
            )
        stored_format, extension, _mime = FORMATS[source_format]
        picture = _normalise_mode(picture, stored_format)
        # Only the pixels are written: no metadata read from the upload is left for save() to
        # carry over (PNG would keep its colour profile and text chunks from `info`).
        picture.info = {}
        buffer = io.BytesIO()
        picture.save(buffer, format=stored_format, **SAVE_OPTIONS[stored_format])
        return Sanitized(
            content=buffer.getvalue(),
            extension=extension,
            format=stored_format,
            width=picture.width,
            height=picture.height,
        )
