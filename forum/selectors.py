"""Reads for the public forum pages: home, editions, people and search.

Every function starts from `published()`, and prefetches what the page shows, so each page runs a
fixed number of queries whatever the number of people, tracks or agenda items.
"""

import re

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.common.language import chinese_numeral
from metrics.models import Indicator, Sector
from metrics.selectors import headline_indicators, public_indicators
from profiles.models import Milestone, Organization, Person, Role
from profiles.selectors import person_profiles

from .enums import EditionStatus
from .models import AgendaItem, Edition, Participation, Track

UPCOMING = (EditionStatus.PLANNED, EditionStatus.ANNOUNCED)


def _tracks():
    return Prefetch(
        "tracks", queryset=Track.objects.select_related("sector").order_by("order", "pk")
    )


def _current_roles(lookup="roles"):
    roles = (
        Role.objects.current()
        .filter(organization__is_published=True)
        .select_related("organization")
        .order_by("order", "pk")
    )
    return Prefetch(lookup, queryset=roles, to_attr="public_roles")


def featured_edition():
    """The next edition when one is planned or announced, else the latest one held."""
    editions = Edition.objects.published().select_related("forum").prefetch_related(_tracks())
    upcoming = editions.filter(status__in=UPCOMING).order_by("number").first()
    return upcoming or editions.exclude(status=EditionStatus.CANCELLED).order_by("-number").first()


def featured_people(*, limit=8):
    """Published founders with a current role, then other people, for the home page."""
    founders = Role.objects.current().filter(
        person=OuterRef("pk"), is_founder=True, organization__is_published=True
    )
    return (
        Person.objects.published()
        .annotate(is_current_founder=Exists(founders))
        .prefetch_related(_current_roles())
        .order_by("-is_current_founder", "-updated_at", "pk")[:limit]
    )


def latest_milestones(*, limit=6):
    return (
        Milestone.objects.published()
        .select_related("organization")
        .exclude(date__isnull=True)
        .latest_first()[:limit]
    )


def home_page():
    return {
        "edition": featured_edition(),
        "people": featured_people(),
        "figures": headline_indicators(),
        "milestones": latest_milestones(),
        "editions": edition_list(),
    }


def edition_list():
    """Published editions, newest first, with their tracks and how many people took part."""
    return (
        Edition.objects.published()
        .select_related("forum")
        .prefetch_related(_tracks())
        .annotate(
            participant_count=Count(
                "participations__person",
                filter=Q(participations__person__is_published=True),
                distinct=True,
            )
        )
        .order_by("-number", "pk")
    )


def edition_detail(number):
    """A published edition with tracks, agenda, participants and statistics; 404 otherwise."""
    speakers = Person.objects.published().order_by("name_zh", "pk")
    agenda = (
        AgendaItem.objects.select_related("track")
        .prefetch_related(Prefetch("speakers", queryset=speakers, to_attr="public_speakers"))
        .order_by("starts_at", "pk")
    )
    participations = (
        Participation.objects.filter(person__is_published=True)
        .select_related("person", "track")
        .prefetch_related(_current_roles("person__roles"))
        .order_by("role", "person__name_zh", "pk")
    )
    edition = (
        Edition.objects.published()
        .filter(number=number)
        .select_related("forum")
        .prefetch_related(
            _tracks(),
            Prefetch("agenda_items", queryset=agenda, to_attr="agenda"),
            Prefetch("participations", queryset=participations, to_attr="public_participations"),
            Prefetch("indicators", queryset=public_indicators(), to_attr="statistics"),
        )
        .order_by("forum__pk")
        .first()
    )
    if edition is None:
        raise Http404("No published edition with this number.")
    return edition


def participants_by_role(edition):
    """[(role label, [participations])] in the order of ParticipationRole."""
    groups = {}
    for participation in edition.public_participations:
        groups.setdefault(participation.role, []).append(participation)
    return [
        (label, groups[value])
        for value, label in Participation._meta.get_field("role").choices
        if value in groups
    ]


# People ------------------------------------------------------------------------------------


def person_page(slug):
    """A published person with roles and quotes (profiles' part) and the published editions they
    took part in; 404 otherwise."""
    participations = (
        Participation.objects.filter(edition__is_published=True)
        .select_related("edition", "track")
        .order_by("-edition__number", "role")
    )
    queryset = person_profiles().prefetch_related(
        Prefetch("participations", queryset=participations, to_attr="public_participations")
    )
    return get_object_or_404(queryset, slug=slug)


# Search ------------------------------------------------------------------------------------

SEARCH_LIMIT = 20
_EDITION_NUMBER = re.compile(r"^第?\s*([0-9一二三四五六七八九十]+)\s*届?$")


def _edition_number(text):
    match = _EDITION_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    for number in range(1, 100):
        if chinese_numeral(number) == token:
            return number
    return None


def search(text):
    """People, organizations, editions and indicators whose names (in either language) contain
    the text; Chinese matches as a substring (沐曦 finds 沐曦股份). Six queries."""
    text = text.strip()
    people = (
        Person.objects.published()
        .search(text)
        .prefetch_related(_current_roles())
        .order_by("name_zh", "pk")[:SEARCH_LIMIT]
    )
    organizations = (
        Organization.objects.published()
        .search(text)
        .with_listing()
        .prefetch_related(
            Prefetch("sectors", queryset=_published_sector_queryset(), to_attr="public_sectors")
        )
        .order_by("name_zh", "pk")[:SEARCH_LIMIT]
    )
    edition_match = (
        Q(theme_zh__icontains=text)
        | Q(theme_en__icontains=text)
        | Q(venue_zh__icontains=text)
        | Q(venue_en__icontains=text)
        | Q(tracks__name_zh__icontains=text)
        | Q(tracks__name_en__icontains=text)
    )
    number = _edition_number(text)
    if number is not None:
        edition_match |= Q(number=number)
    if text.isdigit() and len(text) == 4:
        edition_match |= Q(year=int(text))
    editions = (
        Edition.objects.published()
        .filter(pk__in=Edition.objects.filter(edition_match).values("pk"))
        .order_by("-number", "pk")[:SEARCH_LIMIT]
    )
    indicators = (
        Indicator.objects.published()
        .filter(sector__is_published=True)
        .filter(Q(name_zh__icontains=text) | Q(name_en__icontains=text))
        .select_related("sector")
        .order_by("sector__order", "order", "pk")[:SEARCH_LIMIT]
    )
    return {
        "people": list(people),
        "organizations": list(organizations),
        "editions": list(editions),
        "indicators": list(indicators),
    }


def _published_sector_queryset():
    return Sector.objects.published().order_by("order", "name_zh")
