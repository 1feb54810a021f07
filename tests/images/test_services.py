"""image_save: re-encoded files under names of their own, renditions that keep the focal
point, and storage that follows the database (files leave only when the change commits)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from config.images.models import Image
from config.images.renditions import USES
from config.images.selectors import renditions_for
from config.images.services import image_create, image_renditions, image_save
from tests.factories import ImageFactory, PersonFactory, jpeg_upload
from tests.images import corpus
from tests.images.conftest import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data)


def test_an_upload_is_stored_re_encoded_under_a_name_of_its_own(media_root):
    image = image_create(
        file=upload(corpus.polyglot(), "../../evil.html.jpg"), alt_zh="图", alt_en="A"
    )

    assert image.original_name == "evil.html.jpg"
    assert image.file.name.startswith("images/")
    assert "evil" not in image.file.name
    assert corpus.POLYGLOT_PAYLOAD not in (media_root / image.file.name).read_bytes()
    assert (image.width, image.height) == (120, 90)


@pytest.mark.parametrize("name", sorted(corpus.corpus(10 * 1024 * 1024)))
def test_every_file_of_the_corpus_is_refused_or_neutralized_and_none_is_stored_as_sent(
    name, media_root
):
    data, file_name, outcome = corpus.corpus(10 * 1024 * 1024)[name]

    if outcome == "neutralized":
        image = image_create(file=upload(data, file_name), alt_zh="图", alt_en="A")
        stored = (media_root / image.file.name).read_bytes()
        assert stored != data
        assert b"<script" not in stored
        with PILImage.open(io.BytesIO(stored)) as decoded:
            assert not decoded.getexif()
    else:
        with pytest.raises(ValidationError) as refused:
            image_create(file=upload(data, file_name), alt_zh="图", alt_en="A")
        assert refused.value.error_dict["file"][0].code == outcome
        assert stored_files(media_root) == []
        assert not Image.objects.exists()


def test_alt_text_is_required_in_both_languages_unless_decorative():
    with pytest.raises(ValidationError) as refused:
        image_create(file=jpeg_upload(), alt_zh="图")
    assert set(refused.value.error_dict) == {"alt_en"}

    image = image_create(file=jpeg_upload(), is_decorative=True)
    assert image.alt_text == ""


def render_all(image):
    return image_renditions(image=image, uses=list(USES))


def test_saving_makes_the_admin_thumbnail_and_pages_the_rest_once(media_root):
    image = ImageFactory()
    assert set(image.renditions) == {"admin", "files"}

    found = renditions_for(image, "portrait")

    assert found["webp"][0].url.endswith(".webp")
    assert set(Image.objects.get().renditions) == {"admin", "portrait", "files"}


def test_renditions_are_made_for_every_use_in_webp_and_a_fallback(media_root):
    image = render_all(ImageFactory())

    for use, spec in USES.items():
        entry = image.renditions[use]
        assert entry["fallback"], use
        assert bool(entry.get("webp")) is spec.webp
    for name in image.renditions["files"]:
        assert (media_root / name).is_file()
    assert image.renditions["portrait"]["webp"][0][0].endswith(".webp")
    assert image.renditions["portrait"]["fallback"][0][0].endswith(".jpg")


def test_no_rendition_is_larger_than_the_image():
    image = render_all(ImageFactory(file=jpeg_upload(size=(300, 200))))

    for use in USES:
        for _name, width, height in image.renditions[use]["fallback"]:
            assert width <= 300
            assert height <= 200


def test_a_transparent_image_falls_back_to_png():
    image = render_all(ImageFactory(file=SimpleUploadedFile("logo.png", corpus.png((400, 200)))))

    assert image.renditions["logo"]["type"] == "image/png"
    assert image.renditions["logo"]["fallback"][0][0].endswith(".png")


def _portrait_with_a_head_at_the_top():
    """900×1200: a dark 'head' in the top fifth, light everywhere else."""
    picture = PILImage.new("RGB", (900, 1200), (235, 235, 235))
    picture.paste((20, 20, 20), (300, 60, 600, 240))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    return SimpleUploadedFile("portrait.jpg", buffer.getvalue())


def _share_crop_darkness(image, media_root):
    name = image_renditions(image=image, uses=["share"]).renditions["share"]["fallback"][0][0]
    with PILImage.open(media_root / name) as crop:
        return sum(crop.convert("L").resize((1, 1)).getpixel((0, 0)) for _ in [0])


def test_crops_keep_the_focal_point(media_root):
    centred = ImageFactory(file=_portrait_with_a_head_at_the_top())
    headed = ImageFactory(file=_portrait_with_a_head_at_the_top(), focal_y=12)

    # The centre crop of a 1200×630 band misses the head; the focal crop is darker: it has it.
    assert _share_crop_darkness(headed, media_root) < _share_crop_darkness(centred, media_root) - 20


def test_a_new_focal_point_makes_new_renditions_and_deletes_the_old_on_commit(
    media_root, django_capture_on_commit_callbacks
):
    image = render_all(ImageFactory())
    old = set(image.renditions["files"])

    image.focal_x, image.focal_y = 50, 10
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    new = set(render_all(image).renditions["files"])
    assert old - new  # crops changed names
    for name in old - new:
        assert not (media_root / name).exists()
    assert stored_files(media_root) == sorted(image.files())


def test_a_replaced_file_and_its_renditions_leave_storage_on_commit(
    media_root, django_capture_on_commit_callbacks
):
    image = render_all(ImageFactory())
    old_files = image.files()

    image.file = jpeg_upload(colour=(10, 10, 10))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image_save(image=image)
    # Not yet committed: the old files are still there.
    for name in old_files:
        assert (media_root / name).exists()
    for callback in callbacks:
        callback()
    for name in old_files:
        assert not (media_root / name).exists()
    assert stored_files(media_root) == sorted(image.files())


def test_a_deleted_image_leaves_storage_on_commit_only(
    media_root, django_capture_on_commit_callbacks
):
    image = render_all(ImageFactory())
    person = PersonFactory(portrait=image)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()
    assert stored_files(media_root)  # a rollback now would keep them
    for callback in callbacks:
        callback()

    assert stored_files(media_root) == []
    person.refresh_from_db()
    assert person.portrait is None


def test_a_bulk_delete_removes_every_images_files(media_root, django_capture_on_commit_callbacks):
    for image in ImageFactory.create_batch(3):
        renditions_for(image, "card")

    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.all().delete()

    assert stored_files(media_root) == []
