"""Messages to attendees and scheduled reminders: who receives them, drafting, sending through
the outbox, delivery counts, and the registrant's opt-out.

Modelled on pretix's "send out emails" plugin: the organizer's message is stored with its
filters; sending it writes one outbox row per recipient in one transaction (so a message is
sent to a registrant once, whatever is clicked twice) and queues one task that queues the
sends; the worker delivers them as it delivers every registration e-mail, with retries. The
recipients are the registrants matching the filters who have not opted out.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.common import periodic

from .enums import EmailKind, EmailStatus, RegistrationStatus
from .exceptions import RegistrationError
from .message_mail import message_parts
from .message_models import (
    CheckedInFilter,
    Message,
    MessageAnswerFilter,
    MessageKind,
    MessageOptOut,
    Reminder,
)
from .models import Registration, RegistrationEmail
from .questions import answers_matching
from .tasks import queue_drain, sweep_interval

# Statuses a message goes to when none is chosen: every live registration.
DEFAULT_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


class MessageAlreadySent(RegistrationError):
    code = "message_already_sent"
    default_message = _("This message was already sent: write a new one.")


class MessageWithoutRecipients(RegistrationError):
    code = "message_without_recipients"
    default_message = _("No registrant matches these filters: nobody would receive it.")


def message_recipients(message):
    """The registrations `message` goes to: its edition's, matching its filters (status,
    category, checked in, and every one of its conditions on answers to questions), not
    anonymized, not opted out of messages. The preview, the count and the send all read
    this."""
    registrations = Registration.objects.filter(
        edition_id=message.edition_id,
        anonymized_at__isnull=True,
        status__in=message.statuses or DEFAULT_STATUSES,
        message_opt_out__isnull=True,
    )
    if message.categories:
        registrations = registrations.filter(category__in=message.categories)
    if message.checked_in == CheckedInFilter.YES:
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif message.checked_in == CheckedInFilter.NO:
        registrations = registrations.filter(checked_in_at__isnull=True)
    if message.pk is not None:
        # One query for the conditions and their questions, none where a caller prefetched them.
        prefetch_related_objects([message], "answer_filters__question")
        for condition in message.answer_filters.all():
            answers = answers_matching(
                condition.question, keys=condition.keys, contains=condition.contains
            )
            registrations = registrations.filter(pk__in=answers.values("registration_id"))
    return registrations.order_by("created_at", "pk")


# At most this many recipients are offered to choose the preview's from (a search narrows them).
PREVIEW_CHOICES = 10


def preview_candidates(message, search=""):
    """Recipients of `message` whose name, e-mail or organization contains `search`, the first
    PREVIEW_CHOICES of them: the organizer picks the one the preview renders with."""
    recipients = message_recipients(message)
    search = search.strip()[:100]
    if search:
        recipients = recipients.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(organization__icontains=search)
        )
    return list(recipients.only("pk", "name", "organization", "language")[:PREVIEW_CHOICES])


@transaction.atomic
def message_save(*, message, by, answer_filters=None):
    """Save a draft (validated); a sent message is never changed. `answer_filters`: unsaved
    MessageAnswerFilter rows that replace the message's conditions on answers (None keeps
    them)."""
    if message.pk and Message.objects.filter(pk=message.pk, sent_at__isnull=False).exists():
        raise MessageAlreadySent
    message.kind = MessageKind.MESSAGE
    if message.created_by_id is None and by is not None and by.is_authenticated:
        message.created_by = by
    message.full_clean()
    message.save()
    if answer_filters is not None:
        message.answer_filters.all().delete()
        for condition in answer_filters:
            condition.message = message
            condition.full_clean()
        MessageAnswerFilter.objects.bulk_create(answer_filters)
    return message


@dataclass(frozen=True)
class Preview:
    registration: object
    subject: str
    text: str


def message_preview(message, *, registration=None):
    """The message as its first recipient (or `registration`) receives it, in their language."""
    registration = registration or message_recipients(message).select_related("edition").first()
    if registration is None:
        return None
    with translation.override(registration.language):
        subject, text, _html = message_parts(message, registration)
    return Preview(registration=registration, subject=subject, text=text)


def message_send(*, message, by=None):
    """Send `message` to its recipients: one outbox row each, written in one transaction with
    the message's `sent_at`, then one task queues the sends. Raises MessageAlreadySent (also
    when two clicks race: the message row is locked) and MessageWithoutRecipients."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.sent_at is not None:
            raise MessageAlreadySent
        recipients = list(message_recipients(locked).values_list("pk", flat=True))
        if not recipients:
            raise MessageWithoutRecipients
        now = timezone.now()
        RegistrationEmail.objects.bulk_create(
            [
                RegistrationEmail(
                    registration_id=pk, kind=EmailKind.MESSAGE, message=locked, next_attempt_at=now
                )
                for pk in recipients
            ],
            batch_size=500,
        )
        locked.sent_at = now
        locked.sent_by = by if by is not None and by.is_authenticated else None
        locked.recipient_count = len(recipients)
        locked.save(update_fields=["sent_at", "sent_by", "recipient_count"])
        transaction.on_commit(queue_drain)
    return locked


@dataclass(frozen=True)
class DeliveryCounts:
    total: int = 0
    sent: int = 0
    waiting: int = 0  # pending or being sent
    failed: int = 0  # failed, being retried
    gave_up: int = 0

    @property
    def done(self):
        return self.waiting == 0 and self.failed == 0


def delivery_counts(message):
    """Where the message's e-mails stand (one query)."""
    counts = RegistrationEmail.objects.filter(message=message).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=EmailStatus.SENT)),
        waiting=Count("pk", filter=Q(status__in=[EmailStatus.PENDING, EmailStatus.SENDING])),
        failed=Count("pk", filter=Q(status=EmailStatus.FAILED)),
        gave_up=Count("pk", filter=Q(status=EmailStatus.GAVE_UP)),
    )
    return DeliveryCounts(**counts)


def messages_with_counts(queryset):
    """Messages with their delivery counts annotated (one query for any number of them)."""
    return queryset.annotate(
        sent_count=Count("emails", filter=Q(emails__status=EmailStatus.SENT)),
        undelivered_count=Count(
            "emails", filter=Q(emails__status__in=[EmailStatus.FAILED, EmailStatus.GAVE_UP])
        ),
    )


# --- The registrant's opt-out -----------------------------------------------------------------


def messages_opt_out(*, registration):
    """The registrant wants no more messages or reminders (idempotent)."""
    opt_out, _created = MessageOptOut.objects.get_or_create(registration=registration)
    return opt_out


def messages_opt_in(*, registration):
    MessageOptOut.objects.filter(registration=registration).delete()


# --- Reminders ---------------------------------------------------------------------------------


def reminders_due(now):
    """Reminders whose moment has come, not sent yet, for editions not over."""
    today = timezone.localdate(now)
    candidates = (
        Reminder.objects.filter(
            edition__start_date__isnull=False,
            edition__start_date__gte=today,
            messages__isnull=True,
        )
        .select_related("edition")
        .order_by("pk")
    )
    due = []
    for reminder in candidates:
        due_at = reminder.due_at()  # None while the edition's day is not known exactly
        if due_at is not None and due_at <= now:
            due.append(reminder)
    return due


def reminder_send(*, reminder):
    """Send `reminder` once: a message to the edition's confirmed registrants. Returns the
    message, or None when it was sent already or nobody is to receive it."""
    with transaction.atomic():
        locked = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if locked.messages.exists():
            return None
        message = Message.objects.create(
            edition_id=locked.edition_id,
            kind=MessageKind.REMINDER,
            reminder=locked,
            statuses=[RegistrationStatus.CONFIRMED],
        )
        try:
            return message_send(message=message)
        except MessageWithoutRecipients:
            message.sent_at = timezone.now()  # nobody to remind: done, not retried every minute
            message.save(update_fields=["sent_at"])
            return None


def reminder_save(*, reminder):
    """Save a reminder and make sure the worker's periodic job that sends it when due is
    waiting in the queue (on a fresh site nothing else may have started it yet)."""
    reminder.full_clean()
    reminder.save()
    transaction.on_commit(lambda: periodic.ensure_queued(run_due_reminders))
    return reminder


@periodic.periodic_task("registrations.reminders", every=sweep_interval)
def run_due_reminders():
    """The worker's periodic job (config/common/periodic.py), every e-mail sweep interval."""
    return send_due_reminders()


def send_due_reminders(now=None):
    """Send every reminder that is due. Returns how many went."""
    now = now or timezone.now()
    sent = 0
    for reminder in reminders_due(now):
        if reminder_send(reminder=reminder) is not None:
            sent += 1
    return sent
