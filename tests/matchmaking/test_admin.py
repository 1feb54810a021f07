"""Organizers' matchmaking admin: the grid, the scheduler, the printable plan, the board and
the no-show cut-off."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from forum.matchmaking import services
from forum.matchmaking.models import MeetingRequest, Slot
from tests.factories import EditionFactory, RegistrationFactory, UserFactory
from tests.helpers import queries_for


@pytest.fixture
def organizer_client(db, client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_url(name, settings_row):
    return reverse(f"admin:matchmaking_matchmakingsettings_{name}", args=[settings_row.pk])


def accepted(investor, startup):
    request = services.request_create(sender=investor, receiver=startup)
    return services.request_answer(request=request, participant=startup, accept=True)


def test_an_organizer_runs_the_scheduler_and_sees_the_grid(
    organizer_client, settings_row, make_participant
):
    investor = make_participant("investor", organization_en="Some Capital")
    startup = make_participant(organization_en="Chip Co")
    accepted(investor, startup)

    response = organizer_client.post(admin_url("schedule", settings_row), follow=True)

    assert response.status_code == 200
    assert "Scheduled: 1 meetings" in response.text
    assert MeetingRequest.objects.placed().count() == 1
    grid = organizer_client.get(admin_url("grid", settings_row)).text
    assert investor.organization_zh in grid or "Some Capital" in grid
    plan = organizer_client.get(admin_url("plan", settings_row)).text
    assert "Table 1" in plan


def test_the_grid_queries_do_not_grow_with_meetings(
    organizer_client, settings_row, make_participant
):
    settings_row.max_requests = 10
    settings_row.save()
    investor = make_participant("investor")
    accepted(investor, make_participant())
    services.schedule_edition(edition=settings_row.edition)
    one = queries_for(organizer_client, admin_url("grid", settings_row))
    for _ in range(2):
        other = make_participant("investor")
        for _ in range(2):
            accepted(other, make_participant())
    services.schedule_edition(edition=settings_row.edition)
    assert queries_for(organizer_client, admin_url("grid", settings_row)) == one


def test_the_scheduler_is_refused_on_get_and_to_viewers(client, settings_row):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.post(admin_url("schedule", settings_row)).status_code == 403


def test_the_board_shows_the_current_round(organizer_client, settings_row, make_participant):
    accepted(make_participant("investor"), make_participant(organization_en="Board Co"))
    services.schedule_edition(edition=settings_row.edition)
    text = organizer_client.get(admin_url("board", settings_row)).text
    assert "Board Co" in text


def test_no_shows_from_the_admin(organizer_client, settings_row, make_participant):
    now = timezone.now()
    here = make_participant(
        "investor",
        registration=RegistrationFactory(edition=settings_row.edition, checked_in_at=now),
    )
    accepted(here, make_participant())
    services.schedule_edition(edition=settings_row.edition)
    settings_row.checkin_cutoff = now
    settings_row.save()

    response = organizer_client.post(admin_url("no_shows", settings_row), follow=True)

    assert "1 meetings cancelled" in response.text
    assert not MeetingRequest.objects.placed().exists()


def test_saving_the_settings_with_a_round_cuts_it_into_slots(organizer_client):
    edition = EditionFactory()
    response = organizer_client.post(
        reverse("admin:matchmaking_matchmakingsettings_add"),
        {
            "edition": edition.pk,
            "is_open": "on",
            "max_requests": 10,
            "slot_minutes": 20,
            "tables": 5,
            "rounds-TOTAL_FORMS": 1,
            "rounds-INITIAL_FORMS": 0,
            "rounds-MIN_NUM_FORMS": 0,
            "rounds-MAX_NUM_FORMS": 1000,
            "rounds-0-starts_at_0": "2027-05-10",
            "rounds-0-starts_at_1": "14:00",
            "rounds-0-ends_at_0": "2027-05-10",
            "rounds-0-ends_at_1": "17:00",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert Slot.objects.of_edition(edition).count() == 9  # 14:00–17:00 in 20-minute slots


def test_an_organizer_edits_an_investors_stages(organizer_client, make_participant):
    investor = make_participant("investor", stages=["seed", "b"])
    page = organizer_client.get(reverse("admin:matchmaking_participant_change", args=[investor.pk]))
    assert page.status_code == 200
    assert 'name="stages-TOTAL_FORMS" value="2"' in page.text
    listed = organizer_client.get(
        reverse("admin:matchmaking_participant_changelist"), {"stages__stage": "b"}
    )
    assert investor.organization_zh in listed.text
