"""The outbox in the organizers' admin: the e-mails that failed or gave up are listed (and the
dashboard says how many and links there), and one click queues them again through the
service; the list's query count does not grow."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.registrations.enums import EmailStatus
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import MAX_ATTEMPTS
from tests.factories import RegistrationEmailFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAILS = "admin:registrations_registrationemail_changelist"
DASHBOARD = "admin:registrations_registration_dashboard"


@pytest.fixture
def organizer_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def gave_up(**fields):
    return RegistrationEmailFactory(
        status=EmailStatus.GAVE_UP,
        attempts=MAX_ATTEMPTS,
        last_error="SMTPServerDisconnected",
        next_attempt_at=None,
        **fields,
    )


def sent():
    return RegistrationEmailFactory(status=EmailStatus.SENT, attempts=1, next_attempt_at=None)


def retry(client, *emails):
    return client.post(
        reverse(EMAILS),
        {"action": "retry", "_selected_action": [e.pk for e in emails]},
        follow=True,
    )


def test_the_undelivered_filter_lists_failed_and_given_up_emails(organizer_client):
    failed = RegistrationEmailFactory(status=EmailStatus.FAILED, attempts=1)
    given_up = gave_up()
    sent()

    response = organizer_client.get(reverse(EMAILS), {"delivery": "undelivered"})

    assert response.status_code == 200
    assert {e.pk for e in response.context["cl"].result_list} == {failed.pk, given_up.pk}
    assert "SMTPServerDisconnected" in response.text


def test_retry_action_sends_the_emails_that_gave_up(
    organizer_client, django_capture_on_commit_callbacks
):
    given_up = gave_up()

    with django_capture_on_commit_callbacks(execute=True):
        response = retry(organizer_client, given_up)

    given_up.refresh_from_db()
    assert given_up.status == EmailStatus.SENT
    assert mail.outbox[0].to == [given_up.registration.email]
    assert "1 e-mail queued again" in response.text


def test_retry_action_leaves_a_sent_email_alone(organizer_client):
    already = sent()

    response = retry(organizer_client, already)

    assert "1 e-mail left alone" in response.text
    assert mail.outbox == []
    already.refresh_from_db()
    assert already.status == EmailStatus.SENT


def test_retry_is_offered_only_to_who_may_change_registrations(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_registrationemail"))
    client.force_login(user)
    given_up = gave_up()

    response = client.get(reverse(EMAILS))
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action at all is offered
    retry(client, given_up)
    given_up.refresh_from_db()
    assert given_up.status == EmailStatus.GAVE_UP


def test_the_list_is_read_only(organizer_client):
    email = gave_up()

    response = organizer_client.post(
        reverse("admin:registrations_registrationemail_change", args=[email.pk]),
        {"status": EmailStatus.SENT},
    )

    assert response.status_code == 403
    assert RegistrationEmail.objects.get(pk=email.pk).status == EmailStatus.GAVE_UP


def test_the_list_query_count_does_not_grow(organizer_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = organizer_client.get(reverse(EMAILS))
        assert response.status_code == 200
        return len(captured)

    gave_up()
    one = queries()
    for _ in range(30):
        gave_up()

    assert queries() == one


def test_the_dashboard_counts_undelivered_emails_and_links_to_them(organizer_client):
    RegistrationEmailFactory(status=EmailStatus.FAILED, attempts=1)
    gave_up()
    gave_up()

    response = organizer_client.get(reverse(DASHBOARD))

    assert response.context["emails"]["failed"] == 1
    assert response.context["emails"]["gave_up"] == 2
    assert f'href="{reverse(EMAILS)}?delivery=undelivered"' in response.text


def test_the_dashboard_says_when_every_email_is_on_its_way(organizer_client):
    sent()

    response = organizer_client.get(reverse(DASHBOARD))

    assert "Every e-mail is sent or on its way." in response.text
    assert "?delivery=undelivered" not in response.text
