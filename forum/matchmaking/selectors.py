"""Reads of matchmaking. Who may see what is decided here and only here:

- profiles: only participants whose registration is confirmed see the other side's profiles,
  and only of their own edition (`browse`);
- contact details (name, title, e-mail, mobile): only the two sides of an accepted request
  (`contact_for`)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from forum.registrations import selectors as registration_selectors

from .enums import RequestStatus, Side
from .models import MatchmakingSettings, MeetingRequest, Participant, Slot


def settings_for(edition):
    return MatchmakingSettings.objects.filter(edition=edition).prefetch_related("rounds").first()


def is_open(edition):
    settings = MatchmakingSettings.objects.filter(edition=edition).only("is_open").first()
    return settings is not None and settings.is_open


def participant_of(registration):
    """The registration's profile, or None (not opted in, or no longer confirmed)."""
    if not registration_selectors.is_confirmed(registration):
        return None
    return (
        Participant.objects.filter(registration=registration)
        .prefetch_related("sectors", "unavailable_slots")
        .first()
    )


def browse(viewer, *, sector=None, stage="", ticket_band="", query=""):
    """The other side's profiles the viewer may see, filtered, each with `my_request` set to
    the viewer's request with them (or None)."""
    if viewer is None or not registration_selectors.is_confirmed(viewer.registration):
        return Participant.objects.none()
    other = Side(viewer.side).other
    profiles = Participant.objects.visible().filter(edition_id=viewer.edition_id, side=other)
    if sector is not None:
        profiles = profiles.filter(sectors=sector)
    if stage:
        profiles = profiles.filter(stages__stage=stage)
    if ticket_band:
        profiles = profiles.filter(ticket_band=ticket_band)
    if query:
        profiles = profiles.filter(
            Q(organization_zh__icontains=query)
            | Q(organization_en__icontains=query)
            | Q(looking_for_zh__icontains=query)
            | Q(looking_for_en__icontains=query)
            | Q(pitch_zh__icontains=query)
            | Q(pitch_en__icontains=query)
        )
    mine = MeetingRequest.objects.filter(**{viewer.side: viewer})
    return (
        profiles.distinct()
        .prefetch_related(
            "sectors", "stages", Prefetch(f"requests_as_{other}", mine, to_attr="_mine")
        )
        .order_by("organization_zh", "organization_en", "pk")
    )


def my_request(viewer, profile):
    requests = getattr(profile, "_mine", None)
    return requests[0] if requests else None


@dataclass(frozen=True)
class Contact:
    name: str
    title: str
    organization: str
    email: str
    mobile: str


def contact_for(viewer, request):
    """The other side's contact details, only across an accepted request."""
    if request.status != RequestStatus.ACCEPTED or viewer.pk not in (
        request.investor_id,
        request.startup_id,
    ):
        return None
    registration = request.other_side(viewer).registration
    return Contact(
        name=registration.name,
        title=registration.title,
        organization=registration.organization,
        email=registration.email,
        mobile=registration.mobile,
    )


@dataclass(frozen=True)
class Overview:
    incoming: list  # pending requests waiting for the viewer's answer
    outgoing: list  # the viewer's pending requests
    meetings: list  # accepted, with a slot and a table, in time order
    unplaced: list  # accepted, not scheduled yet
    closed: list  # declined or cancelled
    sent: int  # requests the viewer sent (the limit counts them)


def overview(viewer):
    requests = list(
        MeetingRequest.objects.involving(viewer)
        .select_related(
            "slot", "investor__registration", "startup__registration", "investor", "startup"
        )
        .order_by("slot__starts_at", "created_at", "pk")
    )
    for request in requests:
        request.other = request.other_side(viewer)
        request.contact = contact_for(viewer, request)
    asked = [r for r in requests if r.requested_by != viewer.side]
    mine = [r for r in requests if r.requested_by == viewer.side]
    return Overview(
        incoming=[r for r in asked if r.status == RequestStatus.PENDING],
        outgoing=[r for r in mine if r.status == RequestStatus.PENDING],
        meetings=[r for r in requests if r.status == RequestStatus.ACCEPTED and r.slot_id],
        unplaced=[r for r in requests if r.status == RequestStatus.ACCEPTED and not r.slot_id],
        closed=[
            r for r in requests if r.status in (RequestStatus.DECLINED, RequestStatus.CANCELLED)
        ],
        sent=len(mine),
    )


def request_for(viewer, pk):
    """One request the viewer is a side of, or None."""
    return (
        MeetingRequest.objects.involving(viewer)
        .select_related("investor", "startup", "slot")
        .filter(pk=pk)
        .first()
    )


def visible_counterpart(viewer, pk):
    """A profile of the other side the viewer may request, or None."""
    return (
        Participant.objects.visible()
        .filter(pk=pk, edition_id=viewer.edition_id)
        .exclude(side=viewer.side)
        .first()
    )


@dataclass(frozen=True)
class Grid:
    slots: list
    tables: list  # 1 … n
    rows: list  # [(slot, [meeting or None per table])]
    placed: int
    unplaced: int


def grid(edition):
    """The whole edition's schedule: one row per slot, one column per table."""
    settings = MatchmakingSettings.objects.get(edition=edition)
    slots = list(Slot.objects.of_edition(edition))
    meetings = (
        MeetingRequest.objects.of_edition(edition)
        .placed()
        .select_related("investor", "startup", "slot")
    )
    cells = {(m.slot_id, m.table): m for m in meetings}
    tables = list(range(1, settings.tables + 1))
    rows = [(slot, [cells.get((slot.pk, table)) for table in tables]) for slot in slots]
    unplaced = MeetingRequest.objects.of_edition(edition).accepted().filter(slot=None).count()
    return Grid(slots=slots, tables=tables, rows=rows, placed=len(cells), unplaced=unplaced)


def current_round(edition, now):
    """(the slot under way or next, its meetings by table) for the board; (None, []) after."""
    slot = Slot.objects.of_edition(edition).filter(ends_at__gt=now).order_by("starts_at").first()
    if slot is None:
        return None, []
    meetings = list(
        MeetingRequest.objects.placed()
        .filter(slot=slot)
        .select_related("investor", "startup")
        .order_by("table")
    )
    return slot, meetings


def free_places(edition, *, after):
    """How many (slot, table) places starting at or after `after` hold no meeting."""
    settings = MatchmakingSettings.objects.get(edition=edition)
    slots = Slot.objects.of_edition(edition).filter(starts_at__gte=after)
    taken = MeetingRequest.objects.placed().filter(slot__in=slots).count()
    return slots.count() * settings.tables - taken
