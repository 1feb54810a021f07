"""What the browser and HTML-checker tests look at: the demo content, and one URL per page type.

The tests load the same content visitors see (`manage.py load_demo`) and pick, from it, the
objects each page-type URL points at, so they follow the demo when it changes.
"""

import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override
from PIL import Image as PILImage
from PIL import ImageDraw

from config.images.services import image_create
from forum.models import Edition, EditionPhoto
from forum.news.models import Article
from forum.news.services import article_save
from forum.services import edition_photo_save, edition_save
from metrics.models import Indicator, Sector
from profiles.models import Person
from profiles.services import organization_save, person_save

from .machinery import LANGUAGES


def load_content():
    """Fill the (test) database with what visitors see: the demo content of the seed article."""
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return "load_demo"


@dataclass
class Content:
    """The objects the page-type URLs point at, picked from whatever content was loaded."""

    loader: str
    person_slug: str
    organization_slug: str
    edition_number: int
    next_edition_number: int
    sector_slug: str
    indicator_slug: str
    search_text: str
    filter_sector_slug: str
    article_slug: str = ""
    news_tag_slug: str = ""
    names: dict = field(default_factory=dict)


def pick_content(loader):

    person = (
        Person.objects.published()
        .filter(roles__organization__is_published=True)
        .annotate(role_count=Count("roles"))
        .order_by("-role_count", "slug")
        .first()
    )
    organization = person.roles.filter(organization__is_published=True).first().organization
    edition = (
        Edition.objects.published()
        .annotate(participant_count=Count("participations"))
        .order_by("-participant_count", "-number")
        .first()
    )
    # The edition people are asked to register for (the event page), else the one above.
    next_edition = (
        Edition.objects.published().filter(status__in=("planned", "announced")).order_by("number")
    ).first() or edition
    # The indicator with the most periods, so its page has a chart over time.
    indicator = (
        Indicator.objects.filter(is_published=True, sector__is_published=True)
        .annotate(period_count=Count("observations__period_date", distinct=True))
        .order_by("-period_count", "slug")
        .first()
    )
    sector = Sector.objects.published().get(pk=indicator.sector_id)
    search_text = (organization.short_name_zh or organization.name_zh)[:2]
    # The sector with the fewest organizations that still has people: filtering by it narrows
    # both lists without emptying them.
    filter_sector = (
        Sector.objects.published()
        .filter(
            organizations__is_published=True,
            organizations__roles__person__is_published=True,
        )
        .annotate(organization_count=Count("organizations", distinct=True))
        .order_by("organization_count", "slug")
        .first()
    )
    article = Article.objects.published().latest_first().first()
    tag = article.tags.order_by("slug").first()
    _give_pictures(person, organization, edition, article)
    return Content(
        article_slug=article.slug,
        news_tag_slug=tag.slug,
        loader=loader,
        person_slug=person.slug,
        organization_slug=organization.slug,
        edition_number=edition.number,
        next_edition_number=next_edition.number,
        sector_slug=sector.slug,
        indicator_slug=indicator.slug,
        search_text=search_text,
        filter_sector_slug=filter_sector.slug,
        names={
            "person": {"zh-hans": person.name_zh, "en": person.name_en or person.name_zh},
            "organization": {
                "zh-hans": organization.name_zh,
                "en": organization.name_en or organization.name_zh,
            },
            "indicator": {"zh-hans": indicator.name_zh, "en": indicator.name_en},
        },
    )


def _drawing(name, size, *, head=None, transparent=False, hue=(47, 93, 98)):
    """A picture with shapes rather than a flat colour, so crops and screenshots show what
    they keep: a figure whose head sits at `head` (fractions of the size) on a gradient."""
    width, height = size
    mode = "RGBA" if transparent else "RGB"
    picture = PILImage.new(mode, size, (0, 0, 0, 0) if transparent else (235, 238, 243))
    draw = ImageDraw.Draw(picture)
    if not transparent:
        for y in range(height):
            shade = int(40 * y / height)
            draw.line([(0, y), (width, y)], fill=(220 - shade, 226 - shade, 235 - shade))
    if head:
        x, y = head[0] * width, head[1] * height
        radius = min(width, height) * 0.12
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(222, 184, 150))
        draw.rounded_rectangle(
            [x - radius * 2.2, y + radius * 1.3, x + radius * 2.2, height], 40, fill=hue
        )
    else:
        draw.rounded_rectangle(
            [width * 0.08, height * 0.2, width * 0.92, height * 0.8], 30, fill=(*hue, 255)
        )
        draw.ellipse([width * 0.14, height * 0.3, width * 0.34, height * 0.7], fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG" if transparent else "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue())


def _give_pictures(person, organization, edition, article):
    """The demo has no photos: give the page types' person a portrait (its head high in the
    frame, where a centre crop would cut it), their organization a logo, and the edition a
    cover and a gallery, so the pages are audited with images."""
    if person.portrait_id:
        return
    person.portrait = image_create(
        file=_drawing("portrait.jpg", (900, 1200), head=(0.5, 0.16)),
        alt_zh=f"{person.name_zh}的肖像",
        alt_en=f"Portrait of {person.name_en or person.name_zh}",
        focal_x=50,
        focal_y=16,
    )
    person_save(person=person)
    organization.logo = image_create(
        file=_drawing("logo.png", (600, 240), transparent=True),
        alt_zh=f"{organization.name_zh}标志",
        alt_en=f"{organization.name_en or organization.name_zh} logo",
    )
    organization_save(organization=organization)
    edition.cover = image_create(
        file=_drawing("cover.jpg", (1920, 1080), head=(0.3, 0.35), hue=(11, 87, 164)),
        alt_zh="论坛会场",
        alt_en="The forum's hall",
    )
    edition_save(edition=edition)
    article.cover = image_create(
        file=_drawing("article.jpg", (1920, 1080), head=(0.6, 0.3), hue=(120, 60, 40)),
        alt_zh="青年创业者在论坛现场",
        alt_en="Young entrepreneurs at the forum",
        credit_zh="论坛组委会",
        credit_en="The forum's organizers",
    )
    article_save(article=article)
    for order, (caption_zh, caption_en) in enumerate(
        [("开幕式", "The opening"), ("圆桌讨论", "The round table"), ("合影", "Group photo")]
    ):
        photo = image_create(
            file=_drawing(f"photo{order}.jpg", (1600, 1067), head=(0.2 + 0.3 * order, 0.4)),
            alt_zh=f"论坛现场照片{order + 1}",
            alt_en=f"Photo {order + 1} of the forum",
            credit_zh="论坛组委会",
            credit_en="The forum's organizers",
        )
        edition_photo_save(
            edition_photo=EditionPhoto(
                edition=edition,
                image=photo,
                order=order,
                caption_zh=caption_zh,
                caption_en=caption_en,
            )
        )


# page type -> (URL name, how to build its arguments from the content, query string)
PAGE_TYPES = {
    "home": ("website:home", lambda c: {}, ""),
    "person_list": ("website:person_list", lambda c: {}, ""),
    "person": ("website:person_detail", lambda c: {"slug": c.person_slug}, ""),
    "organization_list": ("website:organization_list", lambda c: {}, ""),
    "organization": (
        "website:organization_detail",
        lambda c: {"slug": c.organization_slug},
        "",
    ),
    "edition_list": ("website:edition_list", lambda c: {}, ""),
    "edition": ("website:edition_detail", lambda c: {"number": c.edition_number}, ""),
    "next_edition": ("website:edition_detail", lambda c: {"number": c.next_edition_number}, ""),
    "figures": ("website:sector_list", lambda c: {}, ""),
    "sector": ("website:sector_detail", lambda c: {"slug": c.sector_slug}, ""),
    "indicator": ("website:indicator_detail", lambda c: {"slug": c.indicator_slug}, ""),
    "search": ("website:search", lambda c: {}, "q={search_text}"),
    "news_list": ("website:article_list", lambda c: {}, "tag={news_tag_slug}"),
    "article": ("website:article_detail", lambda c: {"slug": c.article_slug}, ""),
    "search_start": ("website:search", lambda c: {}, ""),
}
NOT_FOUND_PATH = "/{language}/this-page-does-not-exist/"
# No URL fails on purpose: the 500 page is rendered by Django's handler and served at this
# made-up path by the browser tests (route.fulfill), or checked as rendered by the HTML checker.
SERVER_ERROR_PATH = "/{language}/server-error-page/"

# Every page type, with the HTTP status it must answer.
ALL_PAGE_TYPES = [*PAGE_TYPES, "not_found", "server_error"]
ERROR_STATUS = {"not_found": 404, "server_error": 500}


def render_server_error(language):
    """The 500 page as Django's handler renders it for a request in `language`."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with override(language):
        return server_error(RequestFactory().get(SERVER_ERROR_PATH.format(language=language)))


def page_path(content, page_type, language):
    """The path of one page type in one language; raises NoReverseMatch for a page not built."""
    if page_type == "not_found":
        return NOT_FOUND_PATH.format(language=language)
    if page_type == "server_error":
        return SERVER_ERROR_PATH.format(language=language)
    url_name, kwargs, query = PAGE_TYPES[page_type]
    with override(language):
        path = reverse(url_name, kwargs=kwargs(content))
    if query:
        from urllib.parse import quote

        path += "?" + query.format(
            search_text=quote(content.search_text), news_tag_slug=content.news_tag_slug
        )
    return path


def expected_status(page_type):
    return ERROR_STATUS.get(page_type, 200)


def page_cases():
    """(page_type, language) pairs, the parameters of the per-page tests."""
    return [(page_type, language) for page_type in ALL_PAGE_TYPES for language in LANGUAGES]


__all__ = [
    "ALL_PAGE_TYPES",
    "ERROR_STATUS",
    "Content",
    "NoReverseMatch",
    "expected_status",
    "load_content",
    "page_cases",
    "page_path",
    "pick_content",
    "render_server_error",
]
