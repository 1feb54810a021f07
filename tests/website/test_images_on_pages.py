"""Pages show the library's renditions: <picture> with WebP and JPEG/PNG srcsets, the 1× width
and height, lazy loading except for the page's largest image, structured data's image from the share
rendition, and the initials tile for people without a portrait."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.enums import EditionStatus
from tests.factories import (
    EditionFactory,
    EditionPhotoFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    jpeg_upload,
)
from tests.helpers import queries_for
from tests.images import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def tags(html, name):
    return re.findall(rf"<{name}\b[^>]*>", html)


def attribute(tag, name):
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def test_a_person_page_shows_the_portrait_eagerly_with_srcset_and_its_size(client):
    portrait = ImageFactory(file=jpeg_upload(size=(900, 1200)), alt_en="Chen at the forum")
    PersonFactory(slug="chen", portrait=portrait)

    html = client.get("/en/people/chen/").text

    (source,) = [t for t in tags(html, "source") if "image/webp" in t]
    assert re.search(r"\.webp 160w, \S+\.webp 320w, \S+\.webp 480w", attribute(source, "srcset"))
    (image,) = [t for t in tags(html, "img") if "portrait" in (attribute(t, "class") or "")]
    assert attribute(image, "width") == "160"
    assert attribute(image, "height") == "160"
    assert attribute(image, "sizes") == "10rem"
    assert attribute(image, "alt") == "Chen at the forum"
    assert "loading" not in image  # the LCP element is not lazy
    assert attribute(image, "fetchpriority") == "high"
    assert "initials" not in html


def test_structured_data_names_the_1200_by_630_rendition_and_og_image_the_share_card(client):
    PersonFactory(slug="chen", portrait=ImageFactory(file=jpeg_upload(size=(1600, 1600))))

    html = client.get("/en/people/chen/").text

    image = re.search(r'"image": "(http://testserver/media/renditions/[^"]+)"', html).group(1)
    assert "1200x630" in image
    assert image.endswith(".jpg")
    (og,) = [t for t in tags(html, "meta") if 'property="og:image"' in t]
    assert attribute(og, "content") == "http://testserver/en/people/chen/share.png"


def test_a_person_without_a_portrait_gets_the_initials_tile(client):
    PersonFactory(slug="chen", name_en="Chen Weiliang")

    html = client.get("/en/people/chen/").text

    assert re.search(r'<span class="initials initials--\d" aria-hidden="true">CW</span>', html)
    assert not [t for t in tags(html, "img") if "portrait" in t]


def test_cards_load_lazily_with_an_empty_alt(client):
    PersonFactory.create_batch(2, portrait=ImageFactory())

    html = client.get("/en/people/").text

    images = [t for t in tags(html, "img") if "portrait--small" in t]
    assert len(images) == 2
    for image in images:
        assert attribute(image, "loading") == "lazy"
        assert attribute(image, "decoding") == "async"
        assert attribute(image, "alt") == ""
        assert attribute(image, "width") == "64"


def test_the_people_list_reads_portraits_in_a_constant_number_of_queries(client):
    PersonFactory(portrait=ImageFactory())
    client.get("/en/people/")  # makes the card renditions once
    one = queries_for(client, "/en/people/")

    for person in PersonFactory.create_batch(4):
        person.portrait = ImageFactory()
        person.save()
    client.get("/en/people/")

    assert queries_for(client, "/en/people/") == one


def test_an_organization_shows_its_logo_whole_with_transparency(client):
    logo = ImageFactory(file=SimpleUploadedFile("logo.png", corpus.png((600, 200))), alt_en="Logo")
    OrganizationFactory(slug="acme", logo=logo)

    html = client.get("/en/organizations/acme/").text

    (image,) = [t for t in tags(html, "img") if "logo" in (attribute(t, "class") or "")]
    assert attribute(image, "src").endswith(".png")
    assert (attribute(image, "width"), attribute(image, "height")) == ("160", "53")  # not cropped
    listing = client.get("/en/organizations/").text
    assert [t for t in tags(listing, "img") if "logo--small" in t]


def test_a_held_edition_shows_its_cover_and_gallery(client):
    edition = EditionFactory(
        status=EditionStatus.HELD, cover=ImageFactory(file=jpeg_upload(size=(2000, 1200)))
    )
    EditionPhotoFactory(edition=edition, caption_en="The hall", order=2)
    EditionPhotoFactory(edition=edition, caption_en="The stage", order=1)

    html = client.get(f"/en/editions/{edition.number}/").text

    (cover,) = [t for t in tags(html, "img") if "cover" in (attribute(t, "class") or "")]
    assert "loading" not in cover
    assert (attribute(cover, "width"), attribute(cover, "height")) == ("640", "360")
    thumbs = [t for t in tags(html, "img") if "gallery__image" in t]
    assert len(thumbs) == 2
    assert all(attribute(t, "loading") == "lazy" for t in thumbs)
    assert html.index("The stage") < html.index("The hall")


def test_a_planned_edition_shows_no_gallery(client):
    edition = EditionFactory(status=EditionStatus.PLANNED)
    EditionPhotoFactory(edition=edition, caption_en="Rehearsal")

    html = client.get(f"/en/editions/{edition.number}/").text

    assert "Rehearsal" not in html


def test_the_gallery_reads_in_a_constant_number_of_queries(client):
    edition = EditionFactory(status=EditionStatus.HELD, cover=ImageFactory())
    EditionPhotoFactory(edition=edition)
    url = f"/en/editions/{edition.number}/"
    client.get(url)  # makes the renditions once
    one = queries_for(client, url)

    EditionPhotoFactory.create_batch(4, edition=edition)
    client.get(url)

    assert queries_for(client, url) == one
