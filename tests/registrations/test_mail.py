import logging

import pytest
from django.core import mail
from django.core.management import call_command

from forum.registrations import exceptions, services
from forum.registrations.enums import EmailKind, EmailStatus
from forum.registrations.models import Registration, RegistrationEmail
from forum.registrations.tasks import MAX_ATTEMPTS, retry_owed_emails, send_registration_email

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs the on-commit callbacks (the e-mail hand-off) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_confirmation_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = register(open_edition())
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
        services.registration_cancel(registration=holder)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[waiting.email].startswith("A seat is free")
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
    email = RegistrationEmail.objects.get()
    with commit():
        send_registration_email.call(email.pk)
    assert len(mail.outbox) == 1


def test_gives_up_after_the_last_attempt(commit, settings):
    settings.MAILERS = FAILING
    with commit():
        register(open_edition())
    email = RegistrationEmail.objects.get()
    with commit():
        for _ in range(MAX_ATTEMPTS - 1):
            send_registration_email.call(email.pk)
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
        task_path="forum.registrations.tasks.send_registration_email"
    )
    assert queued.count() == 1  # the first send, waiting for the worker
    with commit():
        send_registration_email.call(email.pk)  # what db_worker runs; the mail fails
    retry = queued.order_by("-enqueued_at", "-pk").first()
    assert queued.count() == 2
    assert retry.args_kwargs["args"] == [email.pk]
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
        services.registration_resend_email(registration=registration)
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
        services.registration_cancel(registration=holder)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "registration e-mail" in logged  # the test does see the log lines
    for secret in ("张三丰", "zhang.sanfeng", "13812345678", "李四光", "li.siguang", holder.token):
        assert secret not in logged


def test_waiting_list_email_carries_no_check_in_code(commit):
    with commit():
        registration = register(open_edition(capacity=0))
    assert registration.checkin_code not in mail.outbox[0].body
