"""What the browser and HTML-checker tests look at: the demo content, and one URL per page type.

The tests load the same content visitors see (`manage.py load_demo`). Until that command exists
in a checkout, a small bilingual data set is built with the factories instead, so the machinery
can run against whatever pages exist.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management import call_command, get_commands
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from .machinery import LANGUAGES


def load_content():
    """Fill the (test) database with what visitors see; returns the name of the loader used."""
    if "load_demo" in get_commands():
        call_command("load_demo", verbosity=0)
        return "load_demo"
    _build_fallback_content()
    return "factories"


def _build_fallback_content():
    from config.common.enums import DatePrecision
    from tests import factories

    chips = factories.SectorFactory(name_zh="集成电路", name_en="Integrated circuits", slug="ic")
    ai = factories.SectorFactory(name_zh="人工智能", name_en="Artificial intelligence", slug="ai")
    source = factories.SourceFactory(
        title_zh="创新引领时代，青春点燃梦想", title_en="Innovation leads the times"
    )
    gpu = factories.OrganizationFactory(
        name_zh="沐曦集成电路（上海）股份有限公司",
        name_en="MetaX Integrated Circuits (Shanghai)",
        short_name_zh="沐曦股份",
        short_name_en="MetaX",
        slug="metax",
    )
    gpu.sectors.add(chips)
    minimax = factories.OrganizationFactory(name_zh="稀宇科技", name_en="MiniMax", slug="minimax")
    minimax.sectors.add(ai)
    chen = factories.PersonFactory(name_zh="陈维良", name_en="Chen Weiliang", slug="chen-weiliang")
    yan = factories.PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie", slug="yan-junjie")
    factories.RoleFactory(
        person=chen, organization=gpu, title_zh="创始人、董事长", title_en="Founder and chairman"
    )
    factories.RoleFactory(person=yan, organization=minimax, title_zh="创始人", title_en="Founder")
    factories.QuoteFactory(person=yan, source=source)
    factories.MilestoneFactory(organization=gpu, source=source)
    industry = factories.IndicatorFactory(
        name_zh="上海集成电路产业规模",
        name_en="Shanghai IC industry size",
        slug="shanghai-ic-industry-size",
        sector=chips,
    )
    for year, value in ((2020, "2400"), (2025, "4800")):
        factories.ObservationFactory(
            indicator=industry,
            period_date=datetime.date(year, 12, 31),
            period_precision=DatePrecision.YEAR_END,
            value=Decimal(value),
            source=source,
        )
    factories.IndicatorFactory(name_zh="人工智能产业规模", name_en="AI industry size", sector=ai)
    forum = factories.ForumFactory(
        name_zh="上海创新创业青年50人论坛", name_en="Youth 50 Forum", slug="youth50"
    )
    for number in range(1, 7):
        edition = factories.EditionFactory(forum=forum, number=number, year=2019 + number)
        if number == 6:
            factories.TrackFactory(edition=edition, name_zh="人工智能", name_en="AI")
            factories.ParticipationFactory(edition=edition, person=chen)
            factories.ParticipationFactory(edition=edition, person=yan)


@dataclass
class Content:
    """The objects the page-type URLs point at, picked from whatever content was loaded."""

    loader: str
    person_slug: str
    organization_slug: str
    edition_number: int
    sector_slug: str
    indicator_slug: str
    search_text: str
    filter_sector_slug: str
    names: dict = field(default_factory=dict)


def pick_content(loader):
    from forum.models import Edition
    from metrics.models import Indicator, Sector
    from profiles.models import Person

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
    indicator = (
        Indicator.objects.filter(is_published=True, sector__is_published=True)
        .annotate(observation_count=Count("observations"))
        .order_by("-observation_count", "slug")
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
    return Content(
        loader=loader,
        person_slug=person.slug,
        organization_slug=organization.slug,
        edition_number=edition.number,
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


# page type -> (URL name, how to build its arguments from the content, query string)
PAGE_TYPES = {
    "home": ("forum:home", lambda c: {}, ""),
    "person_list": ("profiles:person_list", lambda c: {}, ""),
    "person": ("profiles:person_detail", lambda c: {"slug": c.person_slug}, ""),
    "organization_list": ("profiles:organization_list", lambda c: {}, ""),
    "organization": (
        "profiles:organization_detail",
        lambda c: {"slug": c.organization_slug},
        "",
    ),
    "edition_list": ("forum:edition_list", lambda c: {}, ""),
    "edition": ("forum:edition_detail", lambda c: {"number": c.edition_number}, ""),
    "figures": ("metrics:sector_list", lambda c: {}, ""),
    "sector": ("metrics:sector_detail", lambda c: {"slug": c.sector_slug}, ""),
    "indicator": ("metrics:indicator_detail", lambda c: {"slug": c.indicator_slug}, ""),
    "search": ("forum:search", lambda c: {}, "q={search_text}"),
}
NOT_FOUND_PATH = "/{language}/this-page-does-not-exist/"

# Every page type, with the HTTP status it must answer.
ALL_PAGE_TYPES = [*PAGE_TYPES, "not_found"]


def page_path(content, page_type, language):
    """The path of one page type in one language; raises NoReverseMatch for a page not built."""
    if page_type == "not_found":
        return NOT_FOUND_PATH.format(language=language)
    url_name, kwargs, query = PAGE_TYPES[page_type]
    with override(language):
        path = reverse(url_name, kwargs=kwargs(content))
    if query:
        from urllib.parse import quote

        path += "?" + query.format(search_text=quote(content.search_text))
    return path


def expected_status(page_type):
    return 404 if page_type == "not_found" else 200


def page_cases():
    """(page_type, language) pairs, the parameters of the per-page tests."""
    return [(page_type, language) for page_type in ALL_PAGE_TYPES for language in LANGUAGES]


__all__ = [
    "ALL_PAGE_TYPES",
    "Content",
    "NoReverseMatch",
    "expected_status",
    "load_content",
    "page_cases",
    "page_path",
    "pick_content",
]
