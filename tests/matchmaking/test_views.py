"""The participants' pages, through HTTP: reached only with a confirmed registration's private
ticket link; profiles seen only by participants of the same edition; contact details only
across an accepted meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from config.common.views import PER_PAGE
from forum.matchmaking import services
from forum.matchmaking.models import MeetingRequest, Participant
from tests.factories import ParticipantFactory, RegistrationFactory
from tests.helpers import queries_for


def url(name, registration, *args):
    return reverse(f"matchmaking:{name}", args=[registration.token, *args])


def test_the_ticket_page_invites_a_confirmed_registrant_to_take_part(client, edition):
    registration = RegistrationFactory(edition=edition)
    response = client.get(registration.get_absolute_url())
    assert url("profile", registration) in response.text


def test_no_invitation_on_a_waitlisted_ticket_or_when_closed(client, settings_row):
    waiting = RegistrationFactory(edition=settings_row.edition, status="waitlisted")
    assert "matchmaking-section" not in client.get(waiting.get_absolute_url()).text
    settings_row.is_open = False
    settings_row.save()
    confirmed = RegistrationFactory(edition=settings_row.edition)
    assert "matchmaking-section" not in client.get(confirmed.get_absolute_url()).text


def test_opting_in_through_the_form(client, edition):
    registration = RegistrationFactory(edition=edition)
    response = client.post(
        url("profile", registration),
        {
            "side": "investor",
            "organization_zh": "某资本",
            "organization_en": "Some Capital",
            "stages": ["seed", "b"],
            "ticket_band": "under_5m",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(registration=registration)
    assert (participant.side, participant.edition) == ("investor", edition)
    assert sorted(s.stage for s in participant.stages.all()) == ["b", "seed"]
    assert response["Referrer-Policy"] in ("strict-origin", "no-referrer")


def test_the_form_says_what_is_missing(client, edition):
    registration = RegistrationFactory(edition=edition)
    response = client.post(url("profile", registration), {"side": "investor"})
    assert response.status_code == 200
    assert not Participant.objects.exists()
    assert "field--error" in response.text


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_pages_are_not_found_for_a_registration_that_is_not_confirmed(client, edition, status):
    registration = RegistrationFactory(edition=edition, status=status)
    assert client.get(url("profile", registration)).status_code == 404
    assert client.get(url("home", registration)).status_code == 404


def test_an_unknown_token_is_not_found(client, edition):
    assert client.get(reverse("matchmaking:home", args=["nope"])).status_code == 404


def test_browse_shows_only_opted_in_confirmed_participants_of_the_same_edition(
    client, make_participant
):
    viewer = make_participant("investor")
    shown = make_participant(organization_zh="看得见的项目")
    make_participant("investor", organization_zh="同边的机构")
    ParticipantFactory(organization_zh="别届的项目")
    gone = make_participant(organization_zh="已取消的项目")
    gone.registration.status = "cancelled"
    gone.registration.save()

    text = client.get(url("browse", viewer.registration)).text

    assert shown.organization_zh in text
    for hidden in ("同边的机构", "别届的项目", "已取消的项目"):
        assert hidden not in text
    # A profile never shows the person's contact details before a meeting is accepted.
    assert shown.registration.email not in text
    assert shown.registration.name not in text


def test_browse_filters(client, make_participant):
    viewer = make_participant("investor")
    make_participant(organization_zh="种子项目", stages=["seed"])
    make_participant(organization_zh="成长项目", stages=["growth"])
    text = client.get(url("browse", viewer.registration), {"stage": "seed"}).text
    assert "种子项目" in text
    assert "成长项目" not in text


def test_browse_queries_do_not_grow_with_profiles(client, make_participant):
    viewer = make_participant("investor")
    make_participant()
    one = queries_for(client, url("browse", viewer.registration))
    for _ in range(PER_PAGE * 2):
        make_participant()
    assert queries_for(client, url("browse", viewer.registration)) == one
    assert queries_for(client, url("browse", viewer.registration) + "?page=2") == one


def test_browse_is_paginated_and_pages_keep_the_filters(client, make_participant):
    viewer = make_participant("investor")
    seed = [make_participant(organization_zh=f"种子{n:02}", stages=["seed"]) for n in range(30)]
    make_participant(organization_zh="成长项目", stages=["growth"])
    browse = url("browse", viewer.registration)

    first = client.get(browse, {"stage": "seed"})
    second = client.get(browse, {"stage": "seed", "page": 2})
    past_the_end = client.get(browse, {"stage": "seed", "page": 99})

    assert first.context["page_obj"].paginator.count == 30
    assert len(first.context["rows"]) == PER_PAGE
    assert len(second.context["rows"]) == 30 - PER_PAGE
    assert [p for p, _ in past_the_end.context["rows"]] == [p for p, _ in second.context["rows"]]
    assert "stage=seed&amp;page=2" in first.text
    shown = {p for p, _ in first.context["rows"]} | {p for p, _ in second.context["rows"]}
    assert shown == set(seed)
    assert "成长项目" not in first.text + second.text


def test_request_accept_and_the_meeting_on_both_tickets(client, edition, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    response = client.post(
        url("request", investor.registration, startup.pk), {"note": "想聊聊你们的芯片"}
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    # Before accepting: the startup sees the note, but no one sees the other's e-mail.
    home = client.get(url("home", startup.registration)).text
    assert "想聊聊你们的芯片" in home
    assert investor.registration.email not in home

    client.post(url("answer", startup.registration, request.pk), {"answer": "accept"})
    services.schedule_edition(edition=edition)

    for me, other in ((investor, startup), (startup, investor)):
        ticket = client.get(me.registration.get_absolute_url()).text
        assert other.organization_zh in ticket
        assert "1号桌" in ticket
        assert other.registration.email in ticket  # contact shared across the meeting
        calendar = Calendar.from_ical(client.get(url("agenda_ics", me.registration)).content)
        assert len(calendar.walk("VEVENT")) == 1


def test_a_stranger_cannot_answer_or_cancel_anothers_request(client, make_participant):
    investor, startup = make_participant("investor"), make_participant()
    request = services.request_create(sender=investor, receiver=startup)
    stranger = make_participant()
    assert client.post(url("answer", stranger.registration, request.pk)).status_code == 404
    assert client.post(url("cancel", stranger.registration, request.pk)).status_code == 404
    # The requester cannot accept their own request.
    client.post(url("answer", investor.registration, request.pk), {"answer": "accept"})
    request.refresh_from_db()
    assert request.status == "pending"


def test_requesting_someone_of_another_edition_is_not_found(client, make_participant):
    investor = make_participant("investor")
    elsewhere = ParticipantFactory()
    response = client.post(url("request", investor.registration, elsewhere.pk))
    assert response.status_code == 404
    assert not MeetingRequest.objects.exists()


def test_leaving_deletes_the_profile(client, make_participant):
    participant = make_participant()
    response = client.post(url("leave", participant.registration))
    assert response.status_code == 302
    assert not Participant.objects.exists()


@pytest.mark.parametrize("name", ["home", "browse", "profile", "leave"])
def test_pages_with_forms_send_the_origin_so_csrf_accepts_their_posts(
    client, make_participant, name
):
    participant = make_participant()
    response = client.get(url(name, participant.registration))
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_opting_in_needs_a_stage(client, edition):
    registration = RegistrationFactory(edition=edition)
    data = {"side": "startup", "organization_zh": "项目", "ticket_band": "5m_20m"}
    assert client.post(url("profile", registration), data).status_code == 200
    one_too_many = client.post(url("profile", registration), {**data, "stages": ["seed", "a"]})
    assert "创业项目请选择一个阶段" in one_too_many.text
    assert not Participant.objects.exists()


def test_a_walk_in_through_the_browse_page(client, settings_row, make_participant):
    now = timezone.now()
    settings_row.checkin_cutoff = now - datetime.timedelta(minutes=1)
    settings_row.is_open = False
    settings_row.save()
    here = make_participant(
        "investor",
        registration=RegistrationFactory(edition=settings_row.edition, checked_in_at=now),
    )
    there = make_participant(
        registration=RegistrationFactory(edition=settings_row.edition, checked_in_at=now)
    )
    away = make_participant()

    refused = client.post(url("request", here.registration, away.pk), follow=True)
    assert "只有今天已签到的参会者之间" in refused.text
    client.post(url("request", here.registration, there.pk))
    request = MeetingRequest.objects.get()
    client.post(url("answer", there.registration, request.pk), {"answer": "accept"})
    request.refresh_from_db()
    assert request.slot_id is not None
