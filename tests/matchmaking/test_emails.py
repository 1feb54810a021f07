"""Each matchmaking step e-mails the people concerned, in each one's language, through
registration's outbox."""

import pytest
from django.utils import timezone

from forum.matchmaking import services
from forum.registrations.mail import build_message
from forum.registrations.models import RegistrationEmail
from tests.factories import RegistrationFactory


def notices_to(participant):
    return list(
        RegistrationEmail.objects.filter(
            registration=participant.registration, kind="notice"
        ).order_by("pk")
    )


@pytest.fixture
def pair(edition, make_participant):
    investor = make_participant(
        "investor",
        registration=RegistrationFactory(edition=edition, language="en"),
        organization_en="Some Capital",
        organization_zh="某资本",
    )
    startup = make_participant(
        registration=RegistrationFactory(edition=edition, language="zh-hans"),
        organization_en="Chip Co",
        organization_zh="芯片公司",
    )
    return investor, startup


def test_a_request_is_mailed_to_the_side_asked_in_their_language(pair):
    investor, startup = pair
    services.request_create(sender=investor, receiver=startup, note="Let's talk")

    (notice,) = notices_to(startup)
    assert notice.subject == "来自某资本的会面请求"
    assert "Let's talk" in notice.body
    message = build_message(notice)
    assert message.subject == notice.subject
    assert "Let's talk" in message.body
    assert startup.registration.token in message.body  # the ticket link, as in every e-mail
    assert notices_to(investor) == []


def test_the_answer_is_mailed_to_the_requester(pair):
    investor, startup = pair
    request = services.request_create(sender=investor, receiver=startup)
    services.request_answer(request=request, participant=startup, accept=True)

    (notice,) = notices_to(investor)
    assert notice.subject == "Chip Co accepted your meeting request"


def test_both_sides_are_told_when_and_where_they_meet(edition, pair):
    investor, startup = pair
    request = services.request_create(sender=investor, receiver=startup)
    services.request_answer(request=request, participant=startup, accept=True)
    services.schedule_edition(edition=edition)

    assert notices_to(investor)[-1].subject.startswith("Your meeting with Chip Co:")
    assert notices_to(investor)[-1].subject.endswith("table 1")
    assert notices_to(startup)[-1].subject.startswith("您与某资本的会面：")


def test_the_other_side_is_told_of_a_no_show(settings_row, edition, pair):
    investor, startup = pair
    now = timezone.now()
    startup.registration.checked_in_at = now
    startup.registration.save()
    request = services.request_create(sender=investor, receiver=startup)
    services.request_answer(request=request, participant=startup, accept=True)
    services.schedule_edition(edition=edition)
    settings_row.checkin_cutoff = now
    settings_row.save()

    services.cancel_no_shows(edition=edition, now=now)

    assert notices_to(startup)[-1].subject == "与某资本的会面已取消"
    assert "没有按时签到" in notices_to(startup)[-1].body
    assert "cancelled" not in notices_to(investor)[-1].subject
