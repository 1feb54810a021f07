"""profiles 0004 moves every uploaded person photo into the media library, re-encoded, as their
portrait; generated placeholders are not photos and go; an unreadable file stays on disk,
named in the output, and its person simply has no portrait."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image as PILImage

from profiles.models import Person
from tests.helpers import latest_migrations, migrate_to
from tests.images import corpus

pytestmark = pytest.mark.every_database

BEFORE = [("profiles", "0003_portrait_and_logo")]


@pytest.fixture
def old_schema(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(latest_migrations())


def test_photos_move_into_the_library_without_loss(old_schema, tmp_path, capsys):
    person_model = old_schema.get_model("profiles", "Person")
    files = storages["default"]
    photo = files.save("people/chen.jpg", ContentFile(corpus.jpeg_with_gps_and_orientation()))
    huge = files.save("people/huge.png", ContentFile(corpus.oversize_pixels()))
    placeholder = files.save("people/placeholder-li.png", ContentFile(corpus.png()))
    broken = files.save("people/broken.jpg", ContentFile(corpus.truncated()))
    person_model.objects.create(name_zh="陈维良", name_en="Chen Weiliang", slug="chen", photo=photo)
    person_model.objects.create(name_zh="大图", slug="huge", photo=huge)
    person_model.objects.create(
        name_zh="李", slug="li", photo=placeholder, photo_is_placeholder=True
    )
    person_model.objects.create(name_zh="坏", slug="broken", photo=broken)
    person_model.objects.create(name_zh="无", slug="none")

    migrate_to(latest_migrations())

    chen = Person.objects.select_related("portrait").get(slug="chen")
    assert chen.portrait.alt_zh == "陈维良的肖像"
    assert chen.portrait.alt_en == "Portrait of Chen Weiliang"
    assert chen.portrait.original_name == "chen.jpg"
    assert (chen.portrait.width, chen.portrait.height) == (200, 300)  # EXIF orientation applied
    with PILImage.open(io.BytesIO((tmp_path / chen.portrait.file.name).read_bytes())) as image:
        assert not image.getexif()  # the GPS position is gone
    huge_portrait = Person.objects.get(slug="huge").portrait
    assert huge_portrait.width * huge_portrait.height <= 40_000_000  # scaled, not lost
    assert Person.objects.get(slug="li").portrait is None
    assert Person.objects.get(slug="broken").portrait is None
    assert Person.objects.get(slug="none").portrait is None
    # The moved originals and the placeholder left storage; the unreadable file stays.
    assert not (tmp_path / photo).exists()
    assert not (tmp_path / huge).exists()
    assert not (tmp_path / placeholder).exists()
    assert (tmp_path / broken).exists()
    assert "broken: photo people/broken.jpg not moved" in capsys.readouterr().out
