"""Messages to attendees: the recipients a filter selects, the preview, sending through the
outbox and the worker with delivery counts, the registrant's opt-out, and scheduled reminders
sent by the worker's periodic job."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from config.common import periodic
from forum.registrations import messaging, seats
from forum.registrations.enums import EmailKind, EmailStatus
from forum.registrations.message_models import Message, MessageKind, MessageOptOut
from forum.registrations.models import RegistrationEmail
from tests.factories import (
    CheckInFactory,
    EditionFactory,
    MessageFactory,
    RegistrationFactory,
    ReminderFactory,
    UserFactory,
)
from tests.registrations.helpers import open_edition, register

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="orga-li")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is queued after the commit (the sends), as the real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ids(registrations):
    return sorted(r.pk for r in registrations)


# --- Recipients ---------------------------------------------------------------------------------


def test_a_message_goes_to_live_registrants_of_its_edition_by_default():
    edition = EditionFactory()
    confirmed = RegistrationFactory(edition=edition)
    waitlisted = RegistrationFactory(edition=edition, status="waitlisted")
    RegistrationFactory(edition=edition, status="cancelled")
    RegistrationFactory(edition=edition, anonymized_at=timezone.now())
    RegistrationFactory()  # another edition

    recipients = messaging.message_recipients(MessageFactory(edition=edition))

    assert ids(recipients) == ids([confirmed, waitlisted])


def test_filters_by_status_category_and_check_in():
    edition = EditionFactory()
    investor_in = RegistrationFactory(edition=edition, category="investor")
    CheckInFactory(registration=investor_in)
    investor_in.checked_in_at = timezone.now()
    investor_in.save()
    investor_out = RegistrationFactory(edition=edition, category="investor")
    RegistrationFactory(edition=edition, category="media")
    RegistrationFactory(edition=edition, category="investor", status="waitlisted")

    def chosen(**filters):
        return ids(messaging.message_recipients(MessageFactory(edition=edition, **filters)))

    assert chosen(statuses=["confirmed"], categories=["investor"]) == ids(
        [investor_in, investor_out]
    )
    assert chosen(statuses=["confirmed"], categories=["investor"], checked_in="yes") == ids(
        [investor_in]
    )
    assert chosen(statuses=["confirmed"], categories=["investor"], checked_in="no") == ids(
        [investor_out]
    )


def test_opted_out_registrants_are_left_out():
    registration = RegistrationFactory()
    messaging.messages_opt_out(registration=registration)

    assert not messaging.message_recipients(MessageFactory(edition=registration.edition)).exists()


# --- Preview and sending ------------------------------------------------------------------------


def test_preview_fills_in_one_recipient_in_their_language():
    registration = RegistrationFactory(name="Ann Lee", language="en")

    preview = messaging.message_preview(MessageFactory(edition=registration.edition))

    assert preview.registration == registration
    assert preview.subject == "News from the forum: Ann Lee"
    assert "Dear Ann Lee, the venue has changed." in preview.text


def test_english_registrants_get_the_chinese_text_where_the_english_is_blank():
    registration = RegistrationFactory(name="Ann Lee", language="en")
    message = MessageFactory(edition=registration.edition, subject_en="", body_en="")

    preview = messaging.message_preview(message)

    assert preview.subject == "论坛通知：Ann Lee"


def test_sending_writes_one_outbox_row_per_recipient_and_delivers_each_in_its_language(
    committed,
):
    edition = EditionFactory()
    chinese = RegistrationFactory(edition=edition, name="张三", language="zh-hans")
    english = RegistrationFactory(edition=edition, name="Ann Lee", language="en")

    with committed():
        message = messaging.message_send(message=MessageFactory(edition=edition))

    assert message.recipient_count == 2
    assert messaging.delivery_counts(message) == messaging.DeliveryCounts(total=2, sent=2)
    by_address = {sent.to[0]: sent for sent in mail.outbox}
    assert by_address[chinese.email].subject == "论坛通知：张三"
    assert by_address[english.email].subject == "News from the forum: Ann Lee"
    assert "Dear Ann Lee, the venue has changed." in by_address[english.email].body
    with translation.override("en"):
        opt_out = reverse("registration:messages_opt_out", kwargs={"token": english.token})
    assert opt_out in by_address[english.email].body
    assert opt_out in by_address[english.email].extra_headers["List-Unsubscribe"]
    assert all(e.kind == EmailKind.MESSAGE for e in RegistrationEmail.objects.all())


def test_a_message_is_sent_once(committed):
    message = MessageFactory(edition=RegistrationFactory().edition)
    with committed():
        messaging.message_send(message=message)

    with pytest.raises(messaging.MessageAlreadySent):
        messaging.message_send(message=message)
    assert len(mail.outbox) == 1


def test_a_message_without_recipients_is_refused():
    message = MessageFactory(edition=EditionFactory())

    with pytest.raises(messaging.MessageWithoutRecipients):
        messaging.message_send(message=message)
    message.refresh_from_db()
    assert message.sent_at is None


def test_delivery_counts_show_failures_being_retried(settings, committed):
    settings.MAILERS = FAILING
    edition = EditionFactory()
    RegistrationFactory.create_batch(3, edition=edition)

    with committed():
        message = messaging.message_send(message=MessageFactory(edition=edition))

    # The first failure ends the worker's batch: the others wait for the same retry, untried.
    assert messaging.delivery_counts(message) == messaging.DeliveryCounts(
        total=3, failed=1, waiting=2
    )


def test_organizer_composes_previews_sends_and_reads_the_counts(organizer_client, committed):
    edition = EditionFactory()
    RegistrationFactory(edition=edition, name="张三", category="investor")
    RegistrationFactory(edition=edition, name="Ann Lee", category="investor", language="en")
    RegistrationFactory(edition=edition, category="media")

    response = organizer_client.post(
        reverse("registrant_messages:new"),
        {
            "edition": edition.pk,
            "statuses": ["confirmed"],
            "categories": ["investor"],
            "checked_in": "",
            "subject_zh": "会场变更",
            "body_zh": "{name}，您好：会场改到二楼。",
            "subject_en": "Venue change",
            "body_en": "Dear {name}, we moved to the first floor.",
            "answers-TOTAL_FORMS": "2",
            "answers-INITIAL_FORMS": "0",
        },
    )
    message = Message.objects.get()
    assert response.status_code == 302
    detail = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))
    assert "张三，您好：会场改到二楼。" in detail.text
    assert "Send to 2 registrants" in detail.text or "发送给 2 位报名者" in detail.text

    with committed():
        organizer_client.post(reverse("registrant_messages:send", args=[message.pk]))

    counts = organizer_client.get(reverse("registrant_messages:counts", args=[message.pk]))
    assert counts.json() == {
        "total": 2,
        "sent": 2,
        "waiting": 0,
        "failed": 0,
        "gave_up": 0,
        "done": True,
    }
    assert len(mail.outbox) == 2
    message.refresh_from_db()
    assert message.sent_by.username == "orga-li"
    edit = organizer_client.get(reverse("registrant_messages:edit", args=[message.pk]))
    assert edit.status_code == 302  # a sent message is not edited


def test_compose_needs_the_chinese_text(organizer_client):
    response = organizer_client.post(
        reverse("registrant_messages:new"), {"edition": EditionFactory().pk, "subject_zh": ""}
    )

    assert response.status_code == 200
    assert not Message.objects.exists()
    assert "field__error" in response.text


def test_message_list_query_count_is_constant(organizer_client, django_assert_max_num_queries):
    edition = EditionFactory()
    RegistrationFactory.create_batch(3, edition=edition)
    for _ in range(15):
        messaging.message_send(message=MessageFactory(edition=edition))

    with django_assert_max_num_queries(8):
        response = organizer_client.get(reverse("registrant_messages:list"))
    assert response.text.count("<tr>") == 16


@pytest.mark.parametrize(
    ("role", "expected"), [("Organizers", 200), ("Editors", 403), ("staff", 403)]
)
@pytest.mark.parametrize("page", ["list", "new", "detail", "counts"])
def test_message_pages_by_role(client, role, expected, page):
    user = UserFactory(is_staff=True)
    if role != "staff":
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    message = MessageFactory(edition=RegistrationFactory().edition)
    args = [message.pk] if page in ("detail", "counts") else []

    response = client.get(reverse(f"registrant_messages:{page}", args=args))

    assert response.status_code == expected


def test_editors_cannot_send(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    message = MessageFactory(edition=RegistrationFactory().edition)

    response = client.post(reverse("registrant_messages:send", args=[message.pk]))

    assert response.status_code == 403
    assert mail.outbox == []


def test_message_pages_send_anonymous_visitors_to_login(client):
    response = client.get(reverse("registrant_messages:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Opt-out ----------------------------------------------------------------------------------


def opt_out_url(registration):
    return reverse("registration:messages_opt_out", kwargs={"token": registration.token})


def test_the_registrant_opts_out_and_back_in_on_their_page(client):
    registration = RegistrationFactory()

    assert client.get(opt_out_url(registration)).status_code == 200
    client.post(opt_out_url(registration), {"choice": "out"})
    assert MessageOptOut.objects.filter(registration=registration).exists()
    client.post(opt_out_url(registration), {"choice": "in"})
    assert not MessageOptOut.objects.filter(registration=registration).exists()


def test_one_click_unsubscribe_from_the_mail_provider_needs_no_csrf_token():
    registration = RegistrationFactory()

    response = Client(enforce_csrf_checks=True).post(
        opt_out_url(registration), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 302
    assert MessageOptOut.objects.filter(registration=registration).exists()


def test_an_unknown_token_is_not_found(client):
    assert client.get("/en/ticket/nope/messages/").status_code == 404


def test_opting_out_never_stops_the_essential_emails(committed):
    """A waitlisted registrant who opted out still hears that a seat is theirs."""
    edition = open_edition(capacity=1)
    with committed():
        holder = register(edition)
        waiting = register(edition)
    messaging.messages_opt_out(registration=waiting)

    with committed():
        seats.registration_cancel(registration=holder)

    promotion = RegistrationEmail.objects.get(registration=waiting, kind=EmailKind.PROMOTION)
    assert promotion.status == EmailStatus.SENT
    assert waiting.email in [sent.to[0] for sent in mail.outbox]


# --- Reminders ----------------------------------------------------------------------------------


def soon_edition(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return EditionFactory(year=day.year, start_date=day)


def test_a_due_reminder_goes_once_with_the_calendar_file(committed):
    edition = soon_edition(2)
    registration = RegistrationFactory(edition=edition, language="en")
    RegistrationFactory(edition=edition, status="waitlisted")
    ReminderFactory(edition=edition, days_before=3)

    with committed():
        assert messaging.send_due_reminders() == 1
    assert messaging.send_due_reminders() == 0

    [sent] = mail.outbox
    assert sent.to == [registration.email]
    assert sent.subject.startswith("Reminder:")
    assert edition.start_date.isoformat() in sent.subject
    assert "Shanghai Tower" in sent.body
    with translation.override("en"):
        assert reverse("registration:ticket", kwargs={"token": registration.token}) in sent.body
    [(filename, content, mimetype)] = sent.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)
    assert Message.objects.get().kind == MessageKind.REMINDER


def test_a_reminder_waits_for_its_moment():
    edition = soon_edition(5)
    RegistrationFactory(edition=edition)
    ReminderFactory(edition=edition, days_before=3)

    assert messaging.send_due_reminders() == 0
    later = timezone.now() + datetime.timedelta(days=3)
    assert messaging.send_due_reminders(now=later) == 1


def test_no_reminder_for_an_edition_without_an_exact_day_or_already_over():
    undated = soon_edition(1)
    undated.start_precision = "month"
    undated.save()
    RegistrationFactory(edition=undated)
    ReminderFactory(edition=undated, days_before=3)
    over = soon_edition(-2)
    RegistrationFactory(edition=over)
    ReminderFactory(edition=over, days_before=3)

    assert messaging.send_due_reminders() == 0
    assert mail.outbox == []


def test_opted_out_registrants_get_no_reminder():
    edition = soon_edition(0)
    registration = RegistrationFactory(edition=edition)
    messaging.messages_opt_out(registration=registration)
    ReminderFactory(edition=edition, days_before=0, send_time=datetime.time(0, 0))

    messaging.send_due_reminders()

    assert mail.outbox == []


def test_the_workers_periodic_job_sends_the_reminders_due(committed):
    edition = soon_edition(1)
    RegistrationFactory(edition=edition)
    ReminderFactory(edition=edition, days_before=3)

    with committed():
        sent = periodic.periodic_jobs()["registrations.reminders"].call()

    assert sent == 1
    assert len(mail.outbox) == 1


def test_the_link_to_each_email_in_admin_lists_the_messages_emails(organizer_client, committed):
    edition = EditionFactory()
    RegistrationFactory.create_batch(2, edition=edition)
    with committed():
        message = messaging.message_send(message=MessageFactory(edition=edition))
    other = RegistrationFactory(edition=edition)
    RegistrationEmail.objects.create(registration=other, kind=EmailKind.CONFIRMATION)

    detail = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))
    link = reverse("admin:registrations_registrationemail_changelist")
    response = organizer_client.get(f"{link}?message__id__exact={message.pk}")

    assert link in detail.text
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_saving_a_reminder_in_admin_queues_the_workers_reminders_job(
    organizer_client, settings, django_capture_on_commit_callbacks
):
    """On a fresh site nothing may have started the periodic job that sends reminders."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = EditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("admin:registrations_reminder_add"),
            {"edition": edition.pk, "days_before": 3, "send_time": "10:00"},
        )

    assert response.status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="run_due_reminders").exists()


def test_the_message_page_names_its_filters_and_the_recipients_language(organizer_client):
    edition = EditionFactory()
    RegistrationFactory(edition=edition, category="investor", language="en")
    message = MessageFactory(edition=edition, statuses=["confirmed"], categories=["investor"])

    with translation.override("en"):
        response = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))

    assert "<dd>Confirmed</dd>" in response.text
    assert "<dd>Investor</dd>" in response.text
    assert "(language: English)" in response.text
