import datetime
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations import exceptions, outbox, seats, selectors
from forum.registrations.enums import EmailKind, EmailStatus
from forum.registrations.models import Registration, RegistrationEmail
from forum.registrations.tasks import MAX_ATTEMPTS, drain_registration_emails, retry_owed_emails
from tests.factories import AgendaItemFactory

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs the on-commit callbacks (the e-mail hand-off) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_confirmation_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    edition = open_edition()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = register(edition)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert mail.outbox[0].to == [registration.email]
    assert registration.token in mail.outbox[0].body
    assert RegistrationEmail.objects.get().status == EmailStatus.SENT


def test_no_email_when_the_registration_is_refused(django_capture_on_commit_callbacks):
    edition = open_edition()
    register(edition, email="a@example.com")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(exceptions.AlreadyRegistered),
    ):
        register(edition, email="a@example.com")
    assert callbacks == []


def test_email_has_text_and_html_with_absolute_ticket_link(commit, settings):
    settings.SITE_URL = "https://forum.example"
    with commit():
        registration = register(open_edition())
    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    link = f"https://forum.example/zh-hans/ticket/{registration.token}/"
    assert mimetype == "text/html"
    assert link in message.body
    assert link in html


def test_email_in_the_registrants_language(commit):
    with commit():
        registration = register(open_edition(), language="en")
    message = mail.outbox[0]
    assert f"/en/ticket/{registration.token}/" in message.body
    assert 'lang="en"' in message.alternatives[0][0]
    assert message.subject.startswith("Your registration is confirmed")


def test_waitlisted_registrant_gets_the_waiting_list_email(commit):
    with commit():
        register(open_edition(capacity=0), language="en")
    assert mail.outbox[0].subject.startswith("You are on the waiting list")


def test_promoted_registrant_gets_an_email(commit):
    edition = open_edition(capacity=1)
    holder = register(edition, language="en")
    waiting = register(edition, language="en")
    with commit():
        seats.registration_cancel(registration=holder)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[waiting.email].startswith("A seat was freed")
    assert subjects[holder.email].startswith("Your registration is cancelled")


def test_failing_mail_keeps_the_registration_and_marks_the_email_for_retry(commit, settings):
    settings.MAILERS = FAILING
    with commit():
        registration = register(open_edition())
    email = RegistrationEmail.objects.get()
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert email.last_error == "ConnectionRefusedError"


def test_failed_email_is_sent_by_the_retry_once_mail_works(commit, settings):
    settings.MAILERS = FAILING
    with commit():
        registration = register(open_edition())
    settings.MAILERS = WORKING
    with commit():
        assert retry_owed_emails() == 1
    email = RegistrationEmail.objects.get()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert mail.outbox[0].to == [registration.email]


def test_retry_command_sends_what_is_owed(commit, settings):
    settings.MAILERS = FAILING
    with commit():
        register(open_edition())
    settings.MAILERS = WORKING
    with commit():
        call_command("retry_registration_emails")
    assert len(mail.outbox) == 1


def test_a_sent_email_is_never_sent_twice(commit):
    with commit():
        register(open_edition())
    with commit():
        drain_registration_emails.call()
    assert len(mail.outbox) == 1


def test_gives_up_after_the_last_attempt(commit, settings):
    settings.MAILERS = FAILING
    with commit():
        register(open_edition())
    email = RegistrationEmail.objects.get()
    with commit():
        for _ in range(MAX_ATTEMPTS - 1):
            RegistrationEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
            drain_registration_emails.call()  # the retry, once due
    email.refresh_from_db()
    assert email.status == EmailStatus.GAVE_UP
    assert retry_owed_emails() == 0


def test_database_backend_queues_a_deferred_retry(commit, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = FAILING
    with commit():
        register(open_edition())
    email = RegistrationEmail.objects.get()
    queued = DBTaskResult.objects.filter(
        task_path="forum.registrations.tasks.drain_registration_emails"
    )
    assert queued.count() == 1  # the drain, waiting for the worker
    queued.update(status="RUNNING")  # the worker takes it…
    with commit():
        drain_registration_emails.call()  # …and runs it; the mail fails
    email.refresh_from_db()
    retry = queued.get(status="READY")
    assert retry.run_after == email.next_attempt_at
    assert retry.run_after > retry.enqueued_at


def test_database_backend_leaves_the_send_to_the_worker(commit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with commit():
        register(open_edition())
    assert mail.outbox == []
    assert RegistrationEmail.objects.get().status == EmailStatus.PENDING


def test_resend_sends_the_link_again(commit):
    with commit():
        registration = register(open_edition())
        outbox.registration_resend_email(registration=registration)
    assert [m.to for m in mail.outbox] == [[registration.email]] * 2
    assert RegistrationEmail.objects.filter(kind=EmailKind.CONFIRMATION).count() == 2


def test_no_registrant_data_in_log_lines(commit, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.MAILERS = FAILING
    edition = open_edition(capacity=1)
    with commit():
        holder = register(
            edition, name="张三丰", email="zhang.sanfeng@example.com", mobile="+8613812345678"
        )
        register(edition, name="李四光", email="li.siguang@example.com")
        seats.registration_cancel(registration=holder)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "registration e-mail" in logged  # the test does see the log lines
    for secret in ("张三丰", "zhang.sanfeng", "13812345678", "李四光", "li.siguang", holder.token):
        assert secret not in logged


def test_waiting_list_email_carries_no_check_in_code(commit):
    with commit():
        registration = register(open_edition(capacity=0))
    assert registration.checkin_code not in mail.outbox[0].body


# --- What a stranger types cannot pose as the forum ---------------------------------------------


def _submit(client, edition, name, email="victim@example.com", language="en"):
    with translation.override(language):
        url = reverse("registration:register", kwargs={"number": edition.number})
    return client.post(
        url,
        {
            "name": name,
            "email": email,
            "organization": "Org",
            "title": "CEO",
            "category": "other",
            "consent": "on",
            "notice_version": "2026-1",
        },
    )


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example/login","Verify")',
        "Click https://evil.example now",
        "Visit www.evil.example",
        "Write to help@evil.example",
        "Reset at evil.example/reset",
        "ｅｖｉｌ．ｅｘａｍｐｌｅ",  # full-width, one NFKC away from a host name
    ],
)
def test_a_name_that_looks_like_a_link_or_an_address_is_refused(client, name):
    edition = open_edition()

    response = _submit(client, edition, name)

    assert response.status_code == 200
    assert "A name cannot contain a web address or an e-mail address." in response.content.decode()
    assert not Registration.objects.exists()


def test_control_and_invisible_characters_are_stripped_from_names(client):
    edition = open_edition()
    _submit(client, edition, "Li\u202eMing\u200b\x07 Wang\r\nJr")
    assert Registration.objects.get().name == "LiMing Wang Jr"


@pytest.mark.parametrize("name", ["李明", "Li Ming", "Zoë O'Neil-Smith", "Dr. Li"])
def test_ordinary_names_pass(client, name):
    _submit(client, open_edition(), name)
    assert Registration.objects.get().name == name


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_e_mail_opens_with_the_forums_words_and_shows_the_name_as_data(
    client, django_capture_on_commit_callbacks, language
):
    edition = open_edition()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, edition, "Your account is suspended", language=language)
    message = mail.outbox[0]
    html_body = message.alternatives[0][0]
    with translation.override(language):
        greeting = translation.gettext("Hello,")
        label = translation.gettext("Name as registered")
        line = translation.gettext("%(label)s: %(value)s") % {
            "label": label,
            "value": "Your account is suspended",
        }

    assert message.body.splitlines()[0] == greeting
    assert "Your account is suspended" not in message.body.splitlines()[0]
    assert line in message.body
    assert "Dear" not in message.body
    assert "Dear" not in html_body
    assert "<td>Your account is suspended</td>" in html_body


def test_a_drain_reads_the_sessions_once_per_edition_and_checks_the_sweep_now_and_then(
    settings,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = open_edition()
    register(edition)
    drain_registration_emails.call()  # this process checks the sweep once
    register(edition), register(edition)  # e-mails owed, a drain queued
    with CaptureQueriesContext(connection) as queries:
        assert drain_registration_emails.call() == {"sent": 2, "failed": 0, "gave_up": 0}
    statements = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in statements if "forum_agendaitem" in sql]) == 1
    assert not [sql for sql in statements if "django_tasks_database_dbtaskresult" in sql]


def test_a_drain_over_two_editions_gives_each_e_mail_its_own_editions_times(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    times = {}
    for hour in (1, 6):  # 09:30 and 14:30 in Shanghai
        edition = open_edition()
        edition.refresh_from_db()
        AgendaItemFactory(
            edition=edition,
            starts_at=datetime.datetime(edition.year, 5, 10, hour, 30, tzinfo=datetime.UTC),
        )
        times[register(edition, language="en").email] = f"Time: {hour + 8:02d}:30"
    assert drain_registration_emails.call()["sent"] == 2
    for message in mail.outbox:
        [registrant] = message.to
        assert times[registrant] in message.body
        assert (set(times.values()) - {times[registrant]}).pop() not in message.body


def test_a_drain_tells_each_waiting_registrant_their_place_read_with_the_batch(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = open_edition(capacity=0)
    categories = ["entrepreneur", "investor", "entrepreneur", "entrepreneur", "investor"]
    waiting = [register(edition, language="en", category=category) for category in categories]
    with CaptureQueriesContext(connection) as queries:
        assert drain_registration_emails.call()["sent"] == len(waiting)
    for registration, place in zip(waiting, [1, 1, 2, 3, 2], strict=True):
        [message] = [m for m in mail.outbox if m.to == [registration.email]]
        assert f"Your place on the waiting list: {place}" in message.body
        assert selectors.waitlist_position(registration) == place  # as the ticket page says
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1  # read with the batch's e-mails, not one query per registrant

    later = [register(edition, language="en", category=c) for c in ["investor", "entrepreneur"]]
    assert drain_registration_emails.call()["sent"] == 2  # a later batch, its own places
    for registration, place in zip(later, [3, 4], strict=True):
        [message] = [m for m in mail.outbox if m.to == [registration.email]]
        assert f"Your place on the waiting list: {place}" in message.body
