"""The media library in the admin: every file of the attack corpus sent through the upload
form (the library's own, and the one the portrait, logo, cover and gallery fields open in a
popup) is refused with a message in the editor's language or stored re-encoded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.images.models import Image
from profiles.models import Person
from tests.factories import ImageFactory, PersonFactory, jpeg_upload
from tests.images import corpus
from tests.images.conftest import stored_files

pytestmark = pytest.mark.django_db
CORPUS = corpus.corpus(10 * 1024 * 1024)
ADD = "admin:images_image_add"


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    return client


def form(data, name, **extra):
    return {
        "file": SimpleUploadedFile(name, data),
        "alt_zh": "会场",
        "alt_en": "The hall",
        "focal_x": "50",
        "focal_y": "50",
        "_save": "Save",
        **extra,
    }


# The library's own form, and the same form opened as the popup of a person's portrait field.
FORMS = {"library": "", "portrait popup": "?_to_field=id&_popup=1"}


@pytest.mark.parametrize("where", sorted(FORMS))
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_file_is_refused_or_neutralized_by_the_upload_form(
    editor, media_root, name, where
):
    data, file_name, outcome = CORPUS[name]
    url = reverse(ADD) + FORMS[where]
    extra = {"_popup": "1", "_to_field": "id"} if where != "library" else {}

    response = editor.post(url, form(data, file_name, **extra), HTTP_ACCEPT_LANGUAGE="en")

    if outcome == "neutralized":
        assert response.status_code in (200, 302)
        image = Image.objects.get()
        assert (media_root / image.file.name).read_bytes() != data
        assert b"<script" not in (media_root / image.file.name).read_bytes()
    else:
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["file"]
        assert errors.as_data()[0].code == outcome
        assert not Image.objects.exists()
        assert stored_files(media_root) == []


def test_the_refusal_reads_in_chinese_for_a_chinese_editor(editor):
    data, file_name, _outcome = CORPUS["svg"]

    response = editor.post(reverse(ADD), form(data, file_name), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "不接受 SVG" in response.text


def test_the_file_input_offers_only_accepted_types(editor):
    response = editor.get(reverse(ADD))

    assert 'accept="image/jpeg,image/png,image/webp' in response.text


def test_the_library_lists_thumbnails_and_finds_an_image_by_its_alt_text(editor):
    ImageFactory(alt_zh="论坛会场全景", alt_en="The hall")
    ImageFactory(alt_zh="嘉宾合影", alt_en="Guests")

    response = editor.get(reverse("admin:images_image_changelist"), {"q": "会场"})

    assert response.status_code == 200
    assert "论坛会场全景" in response.text
    assert "嘉宾合影" not in response.text
    assert 'class="admin-thumb"' in response.text


def test_the_focal_point_is_set_on_the_image_by_a_static_script(editor):
    image = ImageFactory()

    response = editor.get(reverse("admin:images_image_change", args=[image.pk]))

    assert "data-focal-picker" in response.text
    assert "/static/images/focal-point.js" in response.text
    assert "<script>" not in response.text  # nothing inline: the CSP forbids it
    assert 'style="' not in response.text.split("<body", 1)[1].split("data-focal-picker")[1][:400]


def test_saving_a_new_focal_point_in_the_admin_changes_the_crops(editor):
    image = ImageFactory(file=jpeg_upload(size=(800, 600)))
    before = image.renditions["admin"]["fallback"][0][0]
    url = reverse("admin:images_image_change", args=[image.pk])

    response = editor.post(
        url,
        {
            "alt_zh": image.alt_zh,
            "alt_en": image.alt_en,
            "focal_x": "10",
            "focal_y": "20",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (10, 20)
    assert image.renditions["admin"]["fallback"][0][0] != before


def test_a_person_takes_a_portrait_from_the_library(editor):
    person = PersonFactory()
    image = ImageFactory()
    url = reverse("admin:profiles_person_change", args=[person.pk])
    page = editor.get(url)
    assert reverse(ADD) in page.text  # the + next to the portrait field

    data = {
        "name_zh": person.name_zh,
        "name_en": person.name_en,
        "slug": person.slug,
        "is_published": "on",
        "portrait": str(image.pk),
        "_save": "Save",
        **{f"{p}-{k}": v for p in ("roles", "quotes") for k, v in _management().items()},
    }
    response = editor.post(url, data)

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).portrait == image


def _management():
    return {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
