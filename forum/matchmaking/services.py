"""Every write of matchmaking: opting in and out, requests and answers, the schedule, the day.

Each runs in a transaction, takes keyword-only arguments and raises a MatchmakingError (with
its `code`) when a rule refuses it."""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone

from forum.registrations import selectors as registration_selectors

from . import notify, scheduler, selectors
from .enums import RequestStatus, Side
from .exceptions import (
    AlreadyAnswered,
    AlreadyRequested,
    MatchmakingClosed,
    NotCheckedIn,
    NotConfirmed,
    NotYours,
    RequestLimitReached,
    WrongCounterpart,
    WrongStages,
)
from .models import MatchmakingSettings, MeetingRequest, Participant, ParticipantStage, Slot


def _open_settings(edition):
    settings = MatchmakingSettings.objects.filter(edition=edition).first()
    if settings is None or not settings.is_open:
        raise MatchmakingClosed
    return settings


def _on_the_day(settings, now):
    """Past the check-in cut-off: only people checked in meet, and places are given at once."""
    return (
        settings is not None
        and settings.checkin_cutoff is not None
        and now >= settings.checkin_cutoff
    )


def _both_checked_in(request):
    return registration_selectors.is_checked_in(
        request.investor.registration
    ) and registration_selectors.is_checked_in(request.startup.registration)


# ---- settings and slots --------------------------------------------------------------------


@transaction.atomic
def matchmaking_settings_save(*, settings: MatchmakingSettings) -> MatchmakingSettings:
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def slots_rebuild(*, settings: MatchmakingSettings) -> list[Slot]:
    """The edition's slots, cut from its rounds at the slot length. Slots that still fit are
    kept (with their meetings); a slot that no longer fits goes, unless a meeting is placed in
    it (then the slot's PROTECT refuses: move or cancel that meeting first)."""
    length = datetime.timedelta(minutes=settings.slot_minutes)
    wanted = []
    for round_ in settings.rounds.order_by("starts_at"):
        start = round_.starts_at
        while start + length <= round_.ends_at:
            wanted.append((start, start + length))
            start += length
    existing = {slot.starts_at: slot for slot in Slot.objects.of_edition(settings.edition)}
    keep = []
    for start, end in wanted:
        slot = existing.pop(start, None)
        if slot is None:
            slot = Slot.objects.create(edition=settings.edition, starts_at=start, ends_at=end)
        elif slot.ends_at != end:
            slot.ends_at = end
            slot.save(update_fields=["ends_at"])
        keep.append(slot)
    for slot in existing.values():
        slot.delete()
    return keep


# ---- participants ----------------------------------------------------------------------------


@transaction.atomic
def participant_save(
    *, participant: Participant, stages=None, sectors=None, unavailable_slots=None
):
    """Opt in, or edit one's profile. The registration must be confirmed and matchmaking
    open; the edition is the registration's. `stages` (values of Stage): exactly one for a
    startup, one or more for an investor; required when opting in, kept when None."""
    registration = participant.registration
    _open_settings(registration.edition)
    if not registration_selectors.is_confirmed(registration):
        raise NotConfirmed
    participant.edition = registration.edition
    if stages is not None:
        stages = sorted(set(stages))
        if not stages or (participant.side == Side.STARTUP and len(stages) != 1):
            raise WrongStages
    elif participant.pk is None:
        raise WrongStages
    participant.full_clean()
    participant.save()
    if stages is not None:
        participant.stages.exclude(stage__in=stages).delete()
        ParticipantStage.objects.bulk_create(
            [ParticipantStage(participant=participant, stage=stage) for stage in stages],
            ignore_conflicts=True,
        )
    if sectors is not None:
        participant.sectors.set(sectors)
    if unavailable_slots is not None:
        participant.unavailable_slots.set(
            [slot for slot in unavailable_slots if slot.edition_id == participant.edition_id]
        )
    return participant


@transaction.atomic
def participant_opt_out(*, participant: Participant) -> None:
    """Leave matchmaking: the profile and every request and meeting of it go."""
    participant.delete()


# ---- requests --------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, sender: Participant, receiver: Participant, note="", now=None
) -> MeetingRequest:
    """Send a request. After the check-in cut-off (a walk-in on the day) the sender and the
    receiver must both be checked in, and this works even once requests have closed."""
    now = now or timezone.now()
    settings = MatchmakingSettings.objects.filter(edition=sender.edition).first()
    walk_in = _on_the_day(settings, now)
    if walk_in:
        if not (
            registration_selectors.is_checked_in(sender.registration)
            and registration_selectors.is_checked_in(receiver.registration)
        ):
            raise NotCheckedIn
    else:
        settings = _open_settings(sender.edition)
    sender = (
        Participant.objects.visible().select_for_update(of=("self",)).filter(pk=sender.pk).first()
    )
    if sender is None:
        raise NotConfirmed
    if (
        receiver.edition_id != sender.edition_id
        or receiver.side == sender.side
        or not Participant.objects.visible().filter(pk=receiver.pk).exists()
    ):
        raise WrongCounterpart
    sent = MeetingRequest.objects.filter(**{sender.side: sender}, requested_by=sender.side).count()
    if sent >= settings.max_requests:
        raise RequestLimitReached
    investor, startup = (sender, receiver) if sender.side == Side.INVESTOR else (receiver, sender)
    if MeetingRequest.objects.filter(investor=investor, startup=startup).exists():
        raise AlreadyRequested
    request = MeetingRequest(
        edition=sender.edition,
        investor=investor,
        startup=startup,
        requested_by=sender.side,
        note=note.strip(),
    )
    request.full_clean()
    request.save()
    notify.request_sent(request)
    return request


@transaction.atomic
def request_answer(*, request: MeetingRequest, participant: Participant, accept: bool, now=None):
    """The side asked accepts or declines a pending request.

    On the day (past the check-in cut-off) an accepted request between two people checked in
    takes a free place at once, if there is one: the scheduler runs on the slots not yet
    started, keeping every placed meeting where it is (schedule_edition's guarantees)."""
    now = now or timezone.now()
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    asked = request.startup_id if request.requested_by == Side.INVESTOR else request.investor_id
    if participant.pk != asked:
        raise NotYours
    if request.status != RequestStatus.PENDING:
        raise AlreadyAnswered
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at", "updated_at"])
    notify.request_answered(request, accepted=accept)
    settings = MatchmakingSettings.objects.filter(edition_id=request.edition_id).first()
    if accept and _on_the_day(settings, now) and _both_checked_in(request):
        schedule_edition(edition=request.edition, checked_in_only=True, after=now)
        request.refresh_from_db()
    return request


def _cancel(request, reason):
    request.status = RequestStatus.CANCELLED
    request.slot = None
    request.table = None
    request.cancelled_reason = reason
    request.save(update_fields=["status", "slot", "table", "cancelled_reason", "updated_at"])


@transaction.atomic
def request_cancel(*, request: MeetingRequest, participant: Participant, reason=""):
    """Either side withdraws a request or cancels a meeting; its slot is freed."""
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if participant.pk not in (request.investor_id, request.startup_id):
        raise NotYours
    if request.status in (RequestStatus.DECLINED, RequestStatus.CANCELLED):
        raise AlreadyAnswered
    _cancel(request, reason)
    notify.meeting_cancelled(request, told=[request.other_side(participant)])
    return request


# ---- the schedule ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScheduleOutcome:
    placed: int  # meetings in the schedule, kept and new
    new: int  # placed by this run
    unplaced: int  # accepted requests left without a slot
    people_met: int
    optimal: bool


@transaction.atomic
def schedule_edition(*, edition, move_placed=False, checked_in_only=False, after=None):
    """Place the edition's accepted requests in its slots and tables (scheduler.schedule).

    Meetings already placed stay where they are unless `move_placed` (an organizer's explicit
    choice). `checked_in_only` schedules only participants checked in at the door (on the day);
    `after` leaves out slots starting before that time (re-offering the rest of the day)."""
    settings = MatchmakingSettings.objects.select_for_update().get(edition=edition)
    slots = list(Slot.objects.of_edition(edition))
    open_slots = [slot for slot in slots if after is None or slot.starts_at >= after]
    slot_index = {slot.pk: number for number, slot in enumerate(open_slots)}
    accepted = list(
        MeetingRequest.objects.of_edition(edition)
        .accepted()
        .filter(
            investor__in=Participant.objects.visible(), startup__in=Participant.objects.visible()
        )
        .select_related("investor__registration", "startup__registration")
        .order_by("pk")
    )
    if checked_in_only:
        accepted = [
            r
            for r in accepted
            if r.slot_id is not None
            or (
                registration_selectors.is_checked_in(r.investor.registration)
                and registration_selectors.is_checked_in(r.startup.registration)
            )
        ]
    fixed = {}
    movable = []
    for request in accepted:
        if request.slot_id is None:
            movable.append(request)
        elif not move_placed or request.slot_id not in slot_index:
            if request.slot_id in slot_index:
                fixed[request.pk] = (slot_index[request.slot_id], request.table - 1)
        else:
            movable.append(request)
    in_grid = {r.pk for r in accepted if r.slot_id is None or r.slot_id in slot_index}
    considered = [r for r in accepted if r.pk in in_grid]
    people = {r.investor_id for r in considered} | {r.startup_id for r in considered}
    # Past-slot meetings still occupy their people in those (excluded) slots: nothing to do.
    unavailable = {}
    through = Participant.unavailable_slots.through.objects.filter(
        participant_id__in=people, slot_id__in=slot_index
    ).values_list("participant_id", "slot_id")
    sides = {r.investor_id: Side.INVESTOR.value for r in considered} | {
        r.startup_id: Side.STARTUP.value for r in considered
    }
    for participant_id, slot_id in through:
        unavailable.setdefault((sides[participant_id], participant_id), set()).add(
            slot_index[slot_id]
        )
    problem = scheduler.Problem(
        meetings=tuple(
            scheduler.Meeting(key=r.pk, investor=r.investor_id, startup=r.startup_id)
            for r in considered
        ),
        slots=len(open_slots),
        tables=settings.tables,
        unavailable=unavailable,
        fixed=fixed,
    )
    result = scheduler.schedule(problem)
    moving = [r for r in movable if r.slot_id is not None]
    MeetingRequest.objects.filter(pk__in=[r.pk for r in moving]).update(slot=None, table=None)
    by_pk = {r.pk: r for r in considered}
    new = 0
    for key, (slot, table) in result.placements.items():
        if key in fixed:
            continue
        request = by_pk[key]
        request.slot = open_slots[slot]
        request.table = table + 1
        request.save(update_fields=["slot", "table", "updated_at"])
        notify.meeting_scheduled(request)
        new += 1
    placed = sum(1 for r in accepted if r.pk not in in_grid) + len(result.placements)
    return ScheduleOutcome(
        placed=placed,
        new=new,
        unplaced=len(considered) - len(result.placements),
        people_met=result.people_met,
        optimal=result.optimal,
    )


# ---- on the day ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NoShowOutcome:
    cancelled: list  # the meetings cancelled, each with the side told
    reoffered: ScheduleOutcome
    offered: list  # pending requests between people checked in, whose answerer was told


@transaction.atomic
def cancel_no_shows(*, edition, now=None) -> NoShowOutcome:
    """After the check-in cut-off: meetings (in slots not yet started) of anyone not checked in
    are cancelled, and the freed places go to accepted requests among those checked in.

    Places still free after that are offered to pending requests between people checked in:
    the side asked is e-mailed, and accepting places the meeting (request_answer)."""
    now = now or timezone.now()
    settings = MatchmakingSettings.objects.select_for_update().get(edition=edition)
    if settings.checkin_cutoff is None or now < settings.checkin_cutoff:
        raise MatchmakingClosed
    upcoming = (
        MeetingRequest.objects.of_edition(edition)
        .placed()
        .filter(slot__starts_at__gte=now)
        .select_related("investor__registration", "startup__registration")
    )
    cancelled = []
    for meeting in upcoming:
        absent = [
            participant
            for participant in (meeting.investor, meeting.startup)
            if not registration_selectors.is_checked_in(participant.registration)
        ]
        if absent:
            _cancel(meeting, "no_show")
            told = [p for p in (meeting.investor, meeting.startup) if p not in absent]
            notify.meeting_cancelled(meeting, told=told)
            cancelled.append(meeting)
    reoffered = schedule_edition(edition=edition, checked_in_only=True, after=now)
    offered = []
    if selectors.free_places(edition, after=now):
        pending = (
            MeetingRequest.objects.of_edition(edition)
            .pending()
            .filter(
                investor__in=Participant.objects.visible(),
                startup__in=Participant.objects.visible(),
                investor__registration__checked_in_at__isnull=False,
                startup__registration__checked_in_at__isnull=False,
            )
            .select_related("investor__registration", "startup__registration")
            .order_by("pk")
        )
        for request in pending:
            notify.place_free(request)
            offered.append(request)
    return NoShowOutcome(cancelled=cancelled, reoffered=reoffered, offered=offered)
