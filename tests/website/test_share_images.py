"""Share cards through HTTP: a 1200 × 630 PNG per person, organization, edition and indicator
in each language, named by the page's og:image and twitter:image, Chinese drawn in Chinese,
drawn once for what it shows, and none for what is not published."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config.common import content_cache
from config.images import cards
from forum.website import share_views
from tests.factories import (
    EditionFactory,
    ImageFactory,
    IndicatorFactory,
    ObservationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SectorFactory,
    TrackFactory,
    jpeg_upload,
)
from tests.helpers import queries_for
from tests.images import corpus

pytestmark = pytest.mark.django_db

WHITE = (255, 255, 255)
SIXTY_CHARACTER_NAME = "Maximiliana Alexandrina Featherstonehaugh-Montgomery Jr. III"
# The card's text column, left of a portrait or logo, above the band at the foot.
TEXT_TOP, TEXT_BOTTOM = 100, cards.HEIGHT - cards.BAND_HEIGHT


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def card(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    return image.convert("RGB")


def all_white(image, box):
    return image.crop(box).getcolors() == [(image.crop(box).width * image.crop(box).height, WHITE)]


@pytest.fixture
def one_of_each():
    PersonFactory(slug="chen", name_zh="陈维良", name_en="Chen Weiliang", headline_zh="沐曦创始人")
    OrganizationFactory(slug="metax", name_zh="沐曦股份", name_en="MetaX")
    edition = EditionFactory(number=6, theme_zh="创新与青年", theme_en="Innovation and youth")
    TrackFactory(edition=edition)
    indicator = IndicatorFactory(slug="revenue")
    for value in (10, 30, 20):
        ObservationFactory(indicator=indicator, value=Decimal(value))
    return [
        "people/chen/share.png",
        "organizations/metax/share.png",
        "editions/6/share.png",
        "figures/indicators/revenue/share.png",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_kind_of_entity_has_a_card_in_each_language(client, one_of_each, language):
    for path in one_of_each:
        card(client.get(f"/{language}/{path}"))


def test_the_card_is_drawn_in_the_page_language(client, one_of_each):
    for path in one_of_each:
        chinese = client.get(f"/zh-hans/{path}")
        english = client.get(f"/en/{path}")
        assert card(chinese).tobytes() != card(english).tobytes(), path
        assert chinese["ETag"] != english["ETag"]


def test_pages_name_their_card_as_og_image_and_twitter_image_with_size_and_alt(client, one_of_each):
    html = client.get("/zh-hans/people/chen/").text

    url = "http://testserver/zh-hans/people/chen/share.png"
    assert f'<meta property="og:image" content="{url}">' in html
    assert f'<meta name="twitter:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:alt" content="陈维良 · 沐曦创始人">' in html
    for page, path in [
        ("/en/organizations/metax/", "/en/organizations/metax/share.png"),
        ("/en/editions/6/", "/en/editions/6/share.png"),
        ("/en/figures/indicators/revenue/", "/en/figures/indicators/revenue/share.png"),
    ]:
        html = client.get(page).text
        assert f'<meta property="og:image" content="http://testserver{path}">' in html


def title_area(client, slug):
    image = card(client.get(f"/zh-hans/people/{slug}/share.png"))
    return image.crop((cards.MARGIN, TEXT_TOP, 700, 230)).tobytes()


def test_chinese_names_are_drawn_as_chinese_characters_not_as_missing_glyph_boxes(client):
    """With a font lacking Chinese, every one of these names would be three identical boxes."""
    PersonFactory(slug="a", name_zh="陈维良", name_en="")
    PersonFactory(slug="b", name_zh="王小明", name_en="")
    PersonFactory(slug="c", name_zh="\U000f0000\U000f0001\U000f0002", name_en="")  # no glyphs

    chen, wang, boxes = title_area(client, "a"), title_area(client, "b"), title_area(client, "c")

    assert chen != wang
    assert chen != boxes
    assert wang != boxes


def test_a_change_to_what_the_card_shows_gives_a_new_picture(
    client, django_capture_on_commit_callbacks
):
    person = PersonFactory(slug="chen", headline_en="Founder of MetaX")
    before = client.get("/en/people/chen/share.png")

    with django_capture_on_commit_callbacks(execute=True):
        person.headline_en = "Chairman of MetaX"
        person.save()
    after = client.get("/en/people/chen/share.png")

    assert card(after).tobytes() != card(before).tobytes()
    assert after["ETag"] != before["ETag"]


def test_a_change_elsewhere_draws_nothing_again(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    drawn = []
    monkeypatch.setattr(share_views.cards, "draw", lambda card: drawn.append(card) or b"png")
    PersonFactory(slug="chen")
    client.get("/en/people/chen/share.png")

    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory()  # new public content: a new content version
    response = client.get("/en/people/chen/share.png")

    assert response.content == b"png"
    assert len(drawn) == 1


def test_a_drawn_card_is_served_without_queries_and_revalidated_by_its_etag(
    client, django_assert_num_queries
):
    PersonFactory(slug="chen")
    first = client.get("/en/people/chen/share.png")

    with django_assert_num_queries(0):
        again = client.get("/en/people/chen/share.png")
    revalidated = client.get("/en/people/chen/share.png", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.content == first.content
    assert first["Cache-Control"] == "public, max-age=3600"
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated["Cache-Control"] == "public, max-age=3600"


def test_a_card_costs_the_same_queries_however_many_roles_the_person_has(client):
    RoleFactory(person=PersonFactory(slug="one"))
    many = PersonFactory(slug="many")
    RoleFactory.create_batch(6, person=many)
    # The first answer kept under a content version also reads when content next goes offline
    # by the clock (once per version): read it before counting.
    content_cache.answer_timeout(content_cache.content_version())

    one_role = queries_for(client, "/en/people/one/share.png")
    six_roles = queries_for(client, "/en/people/many/share.png")

    assert one_role == six_roles <= 3


@pytest.mark.parametrize(
    "path",
    [
        "people/hidden/share.png",
        "organizations/hidden/share.png",
        "editions/6/share.png",
        "figures/indicators/hidden/share.png",
        "figures/indicators/of-hidden-sector/share.png",
        "people/nobody/share.png",
    ],
)
def test_what_is_not_published_has_no_card(client, path):
    PersonFactory(slug="hidden", is_published=False)
    OrganizationFactory(slug="hidden", is_published=False)
    EditionFactory(number=6, is_published=False)
    IndicatorFactory(slug="hidden", is_published=False)
    IndicatorFactory(slug="of-hidden-sector", sector=SectorFactory(is_published=False))

    assert client.get(f"/en/{path}").status_code == 404
    assert client.get(f"/zh-hans/{path}").status_code == 404


def test_the_portrait_is_drawn_in_its_circle(client):
    red = (200, 30, 40)
    portrait = ImageFactory(file=jpeg_upload(size=(900, 1200), colour=red))
    PersonFactory(slug="chen", portrait=portrait)

    image = card(client.get("/en/people/chen/share.png"))

    centre = (
        cards.WIDTH - cards.MARGIN - cards.PORTRAIT_SIZE // 2,
        (cards.HEIGHT - cards.BAND_HEIGHT) // 2,
    )
    assert all(abs(a - b) < 12 for a, b in zip(image.getpixel(centre), red, strict=True))


def test_a_long_name_stays_left_of_the_logo(client):
    logo = ImageFactory(file=SimpleUploadedFile("logo.png", corpus.png((600, 200))))
    OrganizationFactory(
        slug="chamber",
        name_en="Biomedicine Chamber of Commerce, Shanghai Federation of Industry and Commerce",
        description_en="A chamber " * 40,
        logo=logo,
    )

    image = card(client.get("/en/organizations/chamber/share.png"))

    text_right = cards.WIDTH - cards.MARGIN - cards.PORTRAIT_SIZE - 56
    logo_left = cards.WIDTH - cards.MARGIN - cards.LOGO_BOX[0]
    assert all_white(image, (text_right, TEXT_TOP, logo_left, TEXT_BOTTOM))
    assert not all_white(image, (cards.MARGIN, TEXT_TOP, text_right, TEXT_BOTTOM))


def test_a_sixty_character_name_stays_inside_the_card(client):
    headline = "Founder and chairman " * 9
    PersonFactory(slug="long", name_en=SIXTY_CHARACTER_NAME, headline_en=headline)

    image = card(client.get("/en/people/long/share.png"))

    right_margin = (cards.WIDTH - cards.MARGIN, 12, cards.WIDTH, TEXT_BOTTOM)
    assert all_white(image, right_margin)


@pytest.mark.parametrize("index", range(4), ids=["person", "organization", "edition", "indicator"])
def test_each_card_takes_a_few_queries_once_and_none_after(
    client, one_of_each, index, django_assert_max_num_queries, django_assert_num_queries
):
    url = f"/en/{one_of_each[index]}"

    with django_assert_max_num_queries(3):
        card(client.get(url))
    with django_assert_num_queries(0):
        card(client.get(url))
