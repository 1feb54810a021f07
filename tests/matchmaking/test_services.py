import datetime
import types

import pytest
from django.db import IntegrityError
from django.utils import timezone

from config.common.dates import DatePrecision
from forum.matchmaking import selectors, services
from forum.matchmaking.enums import RequestStatus
from forum.matchmaking.exceptions import (
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
from forum.matchmaking.models import MeetingRequest, Participant, Slot
from forum.registrations.retention import registrations_anonymize_expired
from tests.factories import ParticipantFactory, RegistrationFactory
from tests.matchmaking.test_emails import notices_to

pytestmark = pytest.mark.every_database


def test_rounds_are_cut_into_slots_of_the_set_length(settings_row):
    slots = list(Slot.objects.of_edition(settings_row.edition))
    assert len(slots) == 3  # one hour of 20-minute slots
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=20) for s in slots)


def test_slots_holding_meetings_are_protected_when_rounds_change(settings_row, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    request = services.request_create(sender=investor, receiver=startup)
    services.request_answer(request=request, participant=startup, accept=True)
    services.schedule_edition(edition=settings_row.edition)
    settings_row.rounds.all().delete()
    with pytest.raises(Exception, match="protected"):
        services.slots_rebuild(settings=settings_row)


def test_a_confirmed_registrant_opts_in(edition):
    registration = RegistrationFactory(edition=edition)
    participant = services.participant_save(
        participant=Participant(
            registration=registration,
            side="investor",
            organization_zh="某资本",
            ticket_band="under_5m",
        ),
        stages=["seed", "a", "seed"],
    )
    assert participant.edition == edition
    assert sorted(s.stage for s in participant.stages.all()) == ["a", "seed"]
    assert selectors.participant_of(registration) == participant


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_only_confirmed_registrants_opt_in(edition, status):
    registration = RegistrationFactory(edition=edition, status=status)
    with pytest.raises(NotConfirmed):
        services.participant_save(
            participant=Participant(
                registration=registration,
                side="startup",
                organization_zh="项目",
                ticket_band="5m_20m",
            ),
            stages=["a"],
        )


def test_nobody_opts_in_while_matchmaking_is_closed(settings_row):
    settings_row.is_open = False
    settings_row.save()
    with pytest.raises(MatchmakingClosed):
        services.participant_save(
            participant=Participant(
                registration=RegistrationFactory(edition=settings_row.edition),
                side="startup",
                organization_zh="项目",
                ticket_band="5m_20m",
            ),
            stages=["a"],
        )


@pytest.mark.parametrize(
    ("side", "stages"),
    [("startup", ["seed", "a"]), ("startup", []), ("investor", []), ("investor", None)],
)
def test_a_startup_gives_one_stage_an_investor_one_or_more(edition, side, stages):
    with pytest.raises(WrongStages):
        services.participant_save(
            participant=Participant(
                registration=RegistrationFactory(edition=edition),
                side=side,
                organization_zh="项目",
                ticket_band="5m_20m",
            ),
            stages=stages,
        )
    assert not Participant.objects.exists()


def test_an_investor_changes_its_stages_and_is_found_under_each(make_participant):
    viewer = make_participant()
    investor = make_participant("investor", stages=["seed"])
    services.participant_save(participant=investor, stages=["a", "b"])
    assert sorted(s.stage for s in investor.stages.all()) == ["a", "b"]
    for stage, found in (("seed", []), ("a", [investor]), ("b", [investor])):
        assert list(selectors.browse(viewer, stage=stage)) == found
    services.participant_save(participant=investor)  # stages not given: kept
    assert investor.stages.count() == 2


def test_a_request_goes_to_the_other_side_of_the_same_edition(make_participant):
    investor, startup = make_participant("investor"), make_participant()
    request = services.request_create(sender=startup, receiver=investor, note=" 你好 ")
    assert (request.investor, request.startup, request.requested_by) == (
        investor,
        startup,
        "startup",
    )
    assert request.note == "你好"
    with pytest.raises(WrongCounterpart):
        services.request_create(sender=startup, receiver=make_participant())
    other_edition = ParticipantFactory(side="investor")
    with pytest.raises(WrongCounterpart):
        services.request_create(sender=startup, receiver=other_edition)
    with pytest.raises(AlreadyRequested):
        services.request_create(sender=investor, receiver=startup)


def test_requests_are_limited_per_person(make_participant):
    startup = make_participant()
    for _ in range(2):
        services.request_create(sender=startup, receiver=make_participant("investor"))
    with pytest.raises(RequestLimitReached):
        services.request_create(sender=startup, receiver=make_participant("investor"))


def test_a_cancelled_registrant_can_no_longer_be_requested(make_participant):
    investor, startup = make_participant("investor"), make_participant()
    startup.registration.status = "cancelled"
    startup.registration.save()
    with pytest.raises(WrongCounterpart):
        services.request_create(sender=investor, receiver=startup)


def test_only_the_side_asked_answers_once(make_participant):
    investor, startup = make_participant("investor"), make_participant()
    request = services.request_create(sender=investor, receiver=startup)
    with pytest.raises(NotYours):
        services.request_answer(request=request, participant=investor, accept=True)
    services.request_answer(request=request, participant=startup, accept=False)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    with pytest.raises(AlreadyAnswered):
        services.request_answer(request=request, participant=startup, accept=True)


def _accepted(investor, startup):
    request = services.request_create(sender=investor, receiver=startup)
    return services.request_answer(request=request, participant=startup, accept=True)


def test_the_schedule_places_accepted_requests_without_double_booking(edition, make_participant):
    investors = [make_participant("investor") for _ in range(2)]
    startups = [make_participant() for _ in range(2)]
    for investor in investors:
        for startup in startups:
            _accepted(investor, startup)

    outcome = services.schedule_edition(edition=edition)

    assert (outcome.placed, outcome.unplaced, outcome.optimal) == (4, 0, True)
    meetings = list(MeetingRequest.objects.placed())
    for person in ("investor_id", "startup_id"):
        pairs = [(getattr(m, person), m.slot_id) for m in meetings]
        assert len(pairs) == len(set(pairs))
    assert len({(m.slot_id, m.table) for m in meetings}) == 4
    assert {m.table for m in meetings} <= {1, 2}


def test_unavailable_slots_are_respected(edition, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    slots = list(Slot.objects.of_edition(edition))
    investor.unavailable_slots.set(slots[:2])
    _accepted(investor, startup)

    services.schedule_edition(edition=edition)

    assert MeetingRequest.objects.get().slot == slots[2]


def test_rescheduling_keeps_placed_meetings_unless_asked(edition, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    _accepted(investor, startup)
    services.schedule_edition(edition=edition)
    meeting = MeetingRequest.objects.get()
    last = Slot.objects.of_edition(edition).last()
    MeetingRequest.objects.filter(pk=meeting.pk).update(slot=last, table=2)

    services.schedule_edition(edition=edition)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table) == (last, 2)

    services.schedule_edition(edition=edition, move_placed=True)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table) != (last, 2)


def test_the_database_refuses_a_double_booking_whatever_writes_it(edition, make_participant):
    investor = make_participant("investor")
    first = _accepted(investor, make_participant())
    second = _accepted(investor, make_participant())
    slot = Slot.objects.of_edition(edition).first()
    MeetingRequest.objects.filter(pk=first.pk).update(slot=slot, table=1)
    with pytest.raises(IntegrityError):
        MeetingRequest.objects.filter(pk=second.pk).update(slot=slot, table=2)


def test_contact_details_only_across_an_accepted_request(make_participant):
    investor, startup = make_participant("investor"), make_participant()
    request = services.request_create(sender=investor, receiver=startup)
    assert selectors.contact_for(investor, request) is None
    request = services.request_answer(request=request, participant=startup, accept=True)
    assert selectors.contact_for(investor, request).email == startup.registration.email
    assert selectors.contact_for(startup, request).email == investor.registration.email
    stranger = make_participant("investor")
    assert selectors.contact_for(stranger, request) is None


def test_browse_shows_only_the_other_side_of_the_same_edition_still_confirmed(
    make_participant,
):
    viewer = make_participant("investor")
    shown = make_participant(stages=["seed"])
    make_participant("investor")  # same side
    ParticipantFactory()  # another edition
    gone = make_participant()
    gone.registration.status = "cancelled"
    gone.registration.save()

    assert list(selectors.browse(viewer)) == [shown]
    assert list(selectors.browse(viewer, stage="seed")) == [shown]
    assert list(selectors.browse(viewer, stage="b")) == []
    viewer.registration.status = "cancelled"
    assert list(selectors.browse(viewer)) == []


# ---- on the day ------------------------------------------------------------------------------


def test_no_shows_meetings_are_cancelled_and_freed_places_reoffered(settings_row, make_participant):
    edition = settings_row.edition
    settings_row.tables = 1
    settings_row.max_requests = 5
    settings_row.save()
    now = timezone.now()

    def checked_in():
        return RegistrationFactory(edition=edition, checked_in_at=now)

    here = make_participant("investor", registration=checked_in())
    absent = make_participant()
    present = [make_participant(registration=checked_in()) for _ in range(2)]
    for startup in (absent, *present):
        _accepted(here, startup)
    services.schedule_edition(edition=edition)
    assert MeetingRequest.objects.placed().count() == 3  # 3 slots, 1 table: all placed
    late = make_participant(registration=checked_in())
    _accepted(here, late)  # accepted after the schedule: waits for a place
    settings_row.checkin_cutoff = now
    settings_row.save()

    outcome = services.cancel_no_shows(edition=edition, now=now)

    (cancelled,) = outcome.cancelled
    assert (cancelled.startup, cancelled.status) == (absent, RequestStatus.CANCELLED)
    assert cancelled.cancelled_reason == "no_show"
    assert {m.startup for m in MeetingRequest.objects.placed()} == {*present, late}
    assert outcome.reoffered.new == 1


@pytest.fixture
def the_day(settings_row, make_participant):
    """Past the cut-off, one table, 3 slots; `here` (investor) and `a`, `b` checked in; a
    meeting here–a is placed in the first slot, the absent startup's in the second."""
    edition = settings_row.edition
    settings_row.tables = 1
    settings_row.max_requests = 5
    settings_row.save()
    now = timezone.now()

    def make(side="startup", present=True):
        registration = RegistrationFactory(
            edition=edition, language="en", checked_in_at=now if present else None
        )
        return make_participant(side, registration=registration)

    here, a, b, absent = make("investor"), make(), make(), make(present=False)
    kept = _accepted(here, a)
    gone = _accepted(here, absent)
    services.schedule_edition(edition=edition)
    settings_row.checkin_cutoff = now
    settings_row.is_open = False  # requests closed before the day: walk-ins still work
    settings_row.save()
    kept.refresh_from_db()
    gone.refresh_from_db()
    return types.SimpleNamespace(
        edition=edition,
        now=now,
        here=here,
        a=a,
        b=b,
        absent=absent,
        make=make,
        kept=kept,
        gone=gone,
    )


def _placed_where(request):
    request.refresh_from_db()
    return (request.status, request.slot_id, request.table)


def test_a_pending_request_is_offered_a_freed_place_and_takes_it(the_day, make_participant):
    pending = MeetingRequest.objects.create(
        edition=the_day.edition, investor=the_day.here, startup=the_day.b, requested_by="startup"
    )
    kept_before = _placed_where(the_day.kept)

    outcome = services.cancel_no_shows(edition=the_day.edition, now=the_day.now)

    assert outcome.offered == [pending]
    offer = notices_to(the_day.here)[-1]
    assert offer.subject.startswith("A meeting place is free today: answer ")
    answered = services.request_answer(
        request=pending, participant=the_day.here, accept=True, now=the_day.now
    )
    assert answered.slot_id is not None
    assert _placed_where(the_day.kept) == kept_before  # a confirmed meeting never moves
    assert answered.slot_id != the_day.kept.slot_id  # `here` is not double-booked
    assert notices_to(the_day.b)[-1].subject.startswith("Your meeting with")


def test_pending_requests_with_someone_absent_are_not_offered(the_day):
    MeetingRequest.objects.create(
        edition=the_day.edition,
        investor=the_day.here,
        startup=the_day.make(present=False),
        requested_by="startup",
    )
    outcome = services.cancel_no_shows(edition=the_day.edition, now=the_day.now)
    assert outcome.offered == []


def test_no_offer_when_no_place_is_free(the_day):
    first = _accepted_on_the_day(the_day.make("investor"), the_day.make(), the_day.now)
    second = _accepted_on_the_day(the_day.make("investor"), the_day.make(), the_day.now)
    assert (first.slot_id is not None, second.slot_id) == (True, None)  # one place was left
    MeetingRequest.objects.create(
        edition=the_day.edition, investor=the_day.here, startup=the_day.b, requested_by="startup"
    )

    outcome = services.cancel_no_shows(edition=the_day.edition, now=the_day.now)

    assert _placed_where(second)[1] == the_day.gone.slot_id  # the freed place, to accepted first
    assert selectors.free_places(the_day.edition, after=the_day.now) == 0
    assert outcome.offered == []


def _accepted_on_the_day(investor, startup, now):
    request = services.request_create(sender=investor, receiver=startup, now=now)
    return services.request_answer(request=request, participant=startup, accept=True, now=now)


def test_a_walk_in_request_is_placed_when_accepted(the_day):
    services.cancel_no_shows(edition=the_day.edition, now=the_day.now)
    walk_in = the_day.make("investor")
    request = services.request_create(sender=walk_in, receiver=the_day.b, now=the_day.now)
    assert notices_to(the_day.b)[-1].subject  # asked by e-mail
    answered = services.request_answer(
        request=request, participant=the_day.b, accept=True, now=the_day.now
    )
    assert answered.slot_id is not None
    taken = list(MeetingRequest.objects.placed().values_list("slot_id", "table"))
    assert len(taken) == len(set(taken))  # no table double-booked


def test_a_walk_in_waits_when_no_place_is_free_and_nothing_moves(the_day):
    services.cancel_no_shows(edition=the_day.edition, now=the_day.now)
    for _ in range(2):  # fill the two places left (absent's freed one and the last)
        _accepted_on_the_day(the_day.make("investor"), the_day.make(), the_day.now)
    before = set(MeetingRequest.objects.placed().values_list("pk", "slot_id", "table"))
    late = _accepted_on_the_day(the_day.make("investor"), the_day.b, the_day.now)
    assert (late.status, late.slot_id) == (RequestStatus.ACCEPTED, None)
    assert set(MeetingRequest.objects.placed().values_list("pk", "slot_id", "table")) == before


@pytest.mark.parametrize("who", ["sender", "receiver"])
def test_walk_ins_are_only_between_people_checked_in(the_day, who):
    sender = the_day.make("investor", present=who != "sender")
    receiver = the_day.make(present=who != "receiver")
    with pytest.raises(NotCheckedIn):
        services.request_create(sender=sender, receiver=receiver, now=the_day.now)


def test_accepting_before_the_cutoff_does_not_place(settings_row, make_participant):
    now = timezone.now()
    here = make_participant(
        "investor",
        registration=RegistrationFactory(edition=settings_row.edition, checked_in_at=now),
    )
    there = make_participant(
        registration=RegistrationFactory(edition=settings_row.edition, checked_in_at=now)
    )
    settings_row.checkin_cutoff = now + datetime.timedelta(hours=1)
    settings_row.save()
    request = _accepted_on_the_day(here, there, now)
    assert request.slot_id is None


def test_a_walk_in_after_the_last_slot_is_not_placed(the_day):
    later = the_day.now + datetime.timedelta(days=30)
    request = services.request_create(
        sender=the_day.make("investor"), receiver=the_day.b, now=later
    )
    answered = services.request_answer(
        request=request, participant=the_day.b, accept=True, now=later
    )
    assert answered.slot_id is None


def test_no_show_cancellation_waits_for_the_cutoff(settings_row):
    with pytest.raises(MatchmakingClosed):
        services.cancel_no_shows(edition=settings_row.edition)


def test_anonymization_removes_the_profile_and_its_requests(edition, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    services.request_create(sender=investor, receiver=startup)
    edition.start_date = datetime.date(2020, 5, 1)
    edition.start_precision = DatePrecision.DAY
    edition.save()

    registrations_anonymize_expired(today=datetime.date(2030, 1, 1))

    assert not Participant.objects.exists()
    assert not MeetingRequest.objects.exists()
