"""Reads of the forum: the featured edition, editions with their programme and participants,
and a person's part in the forum.

Every function starts from `published()`, and prefetches what the page shows, so each page runs a
fixed number of queries whatever the number of people, tracks or agenda items.
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from metrics.selectors import public_indicators
from profiles.models import Person
from profiles.selectors import person_profiles, prefetch_current_roles

from .enums import EditionStatus, ParticipationRole
from .models import AgendaItem, Edition, EditionPhoto, Participation, Track

UPCOMING = (EditionStatus.PLANNED, EditionStatus.ANNOUNCED)


def _tracks():
    return Prefetch(
        "tracks", queryset=Track.objects.select_related("sector").order_by("order", "pk")
    )


def featured_edition(editions=None):
    """The next edition when one is planned or announced, else the latest one held. Give it
    the published editions already read (`edition_list()`, `editions_to_feature()`) to read
    none again."""
    if editions is None:
        editions = edition_list()
    upcoming = [edition for edition in editions if edition.status in UPCOMING]
    if upcoming:
        return min(upcoming, key=lambda edition: edition.number)
    held = [edition for edition in editions if edition.status != EditionStatus.CANCELLED]
    return max(held, key=lambda edition: edition.number, default=None)


def editions_to_feature():
    """Published editions, their own rows alone: enough to choose the featured one and link to
    it, in a query far cheaper to build than `edition_list()`'s (a page reads it on every
    request)."""
    return Edition.objects.published()


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


def edition_heads():
    """Published editions with their forum: what any page about one shows of it (its title,
    the forum's name), and its calendar file."""
    return Edition.objects.published().select_related("forum")


def edition_detail(number, editions=None):
    """The published edition `number` from `editions` (by default `edition_heads()`; another
    app may read more with it in the same query); 404 otherwise."""
    edition = (editions if editions is not None else edition_heads()).filter(number=number).first()
    if edition is None:
        raise Http404("No published edition with this number.")
    return edition


def edition_page(number):
    """A published edition with its cover, tracks, agenda, participants, photos and
    statistics: what its page shows besides its title and the call to register; 404
    otherwise."""
    speakers = (
        Person.objects.published()
        .select_related("portrait")
        .prefetch_related(prefetch_current_roles())
        .order_by("name_zh", "pk")
    )
    agenda = (
        AgendaItem.objects.select_related("track")
        .prefetch_related(Prefetch("speakers", queryset=speakers, to_attr="published_speakers"))
        .order_by("starts_at", "pk")
    )
    participations = (
        Participation.objects.filter(person__is_published=True)
        .select_related("person", "person__portrait", "track")
        .prefetch_related(prefetch_current_roles("person__roles"))
        .order_by("role", "person__name_zh", "pk")
    )
    photos = EditionPhoto.objects.select_related("image").order_by("order", "pk")
    edition = (
        Edition.objects.published()
        .filter(number=number)
        .select_related("forum", "cover")
        .prefetch_related(
            _tracks(),
            Prefetch("photos", queryset=photos, to_attr="gallery"),
            Prefetch("agenda_items", queryset=agenda, to_attr="agenda"),
            Prefetch("participations", queryset=participations, to_attr="published_participations"),
            Prefetch("indicators", queryset=public_indicators(), to_attr="statistics"),
        )
        .first()
    )
    if edition is None:
        raise Http404("No published edition with this number.")
    return edition


def speakers(edition):
    """The edition's published speakers: those its participations name speakers, then those
    its programme names, each once (no query: reads what edition_detail prefetched)."""
    people = {}
    for participation in edition.published_participations:
        if participation.role == ParticipationRole.SPEAKER:
            people.setdefault(participation.person.pk, participation.person)
    for item in edition.agenda:
        for person in item.published_speakers:
            people.setdefault(person.pk, person)
    return list(people.values())


def programme(edition):
    """The edition's agenda by day and time: [(day, [(starts_at, [items in track order])])],
    in Shanghai time (no query: reads what edition_detail prefetched)."""
    days = {}
    for item in edition.agenda:
        starts_at = timezone.localtime(item.starts_at)
        slots = days.setdefault(starts_at.date(), {})
        slots.setdefault(starts_at, []).append(item)
    return [
        (
            day,
            [(moment, sorted(items, key=_track_order)) for moment, items in sorted(slots.items())],
        )
        for day, slots in sorted(days.items())
    ]


def _track_order(item):
    """Plenary sessions (no track) first, then the tracks in the edition's order."""
    if item.track is None:
        return (0, 0, item.pk)
    return (1, item.track.order, item.track.pk, item.pk)


def participants_by_role(edition):
    """[(role label, [participations])] in the order of ParticipationRole."""
    groups = {}
    for participation in edition.published_participations:
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
        Prefetch("participations", queryset=participations, to_attr="published_participations")
    )
    return get_object_or_404(queryset, slug=slug)
