"""What enters the library: decoded, within the limits, re-encoded without metadata or
payload. Every file of the attack corpus is refused, with its reason, or neutralized."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from PIL import PngImagePlugin

from config.images.processing import inspect, sanitize
from tests.images import corpus

pytestmark = pytest.mark.usefixtures("english")
MAX_BYTES = 10 * 1024 * 1024
CORPUS = corpus.corpus(MAX_BYTES)
REFUSED = {name: case for name, case in CORPUS.items() if case[2] != "neutralized"}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_corpus_is_refused_with_its_reason(name):
    data, file_name, code = REFUSED[name]

    with pytest.raises(ValidationError) as refused:
        inspect(SimpleUploadedFile(file_name, data))

    assert refused.value.code == code


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_sanitize_refuses_the_corpus_too(name):
    data, _file_name, code = REFUSED[name]

    with pytest.raises(ValidationError) as refused:
        sanitize(data)

    assert refused.value.code == code


def test_the_messages_say_the_limits():
    with pytest.raises(ValidationError) as refused:
        inspect(corpus.oversize_pixels())
    assert "9000 × 9000" in refused.value.messages[0]
    assert "40 megapixels" in refused.value.messages[0]

    with pytest.raises(ValidationError) as refused:
        inspect(corpus.oversize_file(MAX_BYTES))
    assert "10.0\xa0MB" in refused.value.messages[0]


def test_the_refusal_is_in_chinese_for_a_chinese_editor():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            inspect(corpus.SVG)
        assert refused.value.messages[0] == "不接受 SVG 文件：请以 JPEG、PNG 或 WebP 格式上传图片。"


def test_the_limits_are_settings(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError):
        inspect(corpus.jpeg((101, 100)))
    settings.IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        inspect(corpus.jpeg((10, 10)))
    assert refused.value.code == "too_large"


def test_a_decompression_bomb_is_refused_from_its_header_without_decoding():
    bomb = corpus.png_bomb()
    assert len(bomb) < 1_000_000  # tiny on disk, 900 megapixels claimed

    with pytest.raises(ValidationError) as refused:
        inspect(bomb)
    assert refused.value.code == "too_many_pixels"
    assert "40 megapixels" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("data", "kind"),
    [(corpus.jpeg(), "JPEG"), (corpus.png(), "PNG"), (corpus.webp(), "WEBP")],
)
def test_jpeg_png_and_webp_are_accepted_and_keep_their_format(data, kind):
    clean = sanitize(data)

    with PILImage.open(io.BytesIO(clean.content)) as image:
        assert image.format == kind


def test_transparency_survives_re_encoding():
    clean = sanitize(corpus.png(colour=(0, 0, 0, 0)))

    with PILImage.open(io.BytesIO(clean.content)) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_exif_is_stripped_gps_and_all():
    data = corpus.jpeg_with_gps_and_orientation()
    with PILImage.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test file does carry GPS

    clean = sanitize(data)

    with PILImage.open(io.BytesIO(clean.content)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"SpyCam" not in clean.content


def test_orientation_is_applied_before_the_exif_goes():
    clean = sanitize(corpus.jpeg_with_gps_and_orientation(orientation=6))

    # 300×200 rotated a quarter turn clockwise: 200×300, the blue left half now on top.
    assert (clean.width, clean.height) == (200, 300)
    with PILImage.open(io.BytesIO(clean.content)) as image:
        assert image.size == (200, 300)
        red, _green, blue = image.getpixel((100, 20))
        assert blue > red


def test_the_polyglots_html_does_not_survive():
    data = corpus.polyglot()
    assert corpus.POLYGLOT_PAYLOAD in data

    clean = sanitize(data)

    assert b"<script" not in clean.content.lower()
    assert b"<html" not in clean.content.lower()
    assert clean.content.endswith(b"\xff\xd9")  # nothing after the JPEG's end marker


def test_png_text_chunks_and_colour_profiles_are_not_carried_over():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "white").save(buffer, format="PNG", pnginfo=info)

    clean = sanitize(buffer.getvalue())

    assert b"<script>" not in clean.content
    with PILImage.open(io.BytesIO(clean.content)) as image:
        assert "Comment" not in image.info
        assert "icc_profile" not in image.info


def test_legacy_photos_over_the_pixel_limit_are_scaled_down_on_request(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    clean = sanitize(corpus.jpeg((2000, 1000)), downscale=True)

    assert clean.width * clean.height <= 1_000_000
    assert round(clean.width / clean.height) == 2
