"""Messages to attendees, scheduled reminders and opt-outs (imported by models.py).

Modelled on pretix's "send out emails" plugin: an organizer writes one message in both
languages for a filtered set of registrants of an edition; sending it writes one outbox row
(RegistrationEmail, kind `message`) per recipient, each rendered in the recipient's language, and
the usual worker sends them. The message keeps its filters and, through its outbox rows, its
delivery counts. A reminder is a rule (N days before the edition, at a time of day) that the
worker's periodic sweep turns into a message when it is due, once.

Messages and reminders are not essential: a registrant who opted out (MessageOptOut) is left
out of them; the e-mails about their ticket and the waiting list are never affected.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint, Translated

from .door_models import validate_categories
from .enums import AttendeeCategory, RegistrationStatus
from .questions import answer_keys


def validate_statuses(value):
    if not isinstance(value, list) or any(item not in RegistrationStatus.values for item in value):
        raise ValidationError(_("Choose registration statuses from the list."), code="statuses")


class CheckedInFilter(models.TextChoices):
    ANY = "", _("Checked in or not")
    YES = "yes", _("Checked in")
    NO = "no", _("Not checked in")


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    REMINDER = "reminder", _("Reminder")


class Message(models.Model):
    """One message to the registrants of an edition matching its filters: a draft until it is
    sent (`sent_at`), then the record of what went to whom."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="registrant_messages",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.MESSAGE
    )
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=150, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=150, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    statuses = models.JSONField(
        _("statuses"), default=list, blank=True, validators=[validate_statuses]
    )
    categories = models.JSONField(
        _("categories"), default=list, blank=True, validators=[validate_categories]
    )
    checked_in = models.CharField(
        _("checked in"), max_length=3, choices=CheckedInFilter.choices, blank=True, default=""
    )
    reminder = models.ForeignKey(
        "registrations.Reminder",
        verbose_name=_("reminder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    subject = Translated()
    body = Translated()

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_message", _("Can write and send messages to registrants"))]
        constraints = [
            FieldCheckConstraint(
                condition=Q(kind="reminder") | (~Q(subject_zh="") & ~Q(body_zh="")),
                name="message_has_chinese_text",
                violation_error_field="body_zh",
                violation_error_message=_(
                    "Write the message in Chinese at least (subject and text); English "
                    "registrants get the Chinese text where the English one is blank."
                ),
                violation_error_code="message_without_text",
            ),
            FieldUniqueConstraint(
                fields=["reminder"],
                condition=Q(reminder__isnull=False),
                name="message_one_per_reminder",
                violation_error_field="reminder",
                violation_error_message=_("This reminder was already sent."),
                violation_error_code="reminder_sent",
            ),
        ]

    def __str__(self):
        return self.subject_zh or str(self.reminder or self.pk)

    def statuses_display(self):
        chosen = self.statuses or [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
        return ", ".join(str(RegistrationStatus(s).label) for s in chosen)

    def categories_display(self):
        if not self.categories:
            return str(_("Every category"))
        return ", ".join(str(AttendeeCategory(c).label) for c in self.categories)


class MessageAnswerFilter(models.Model):
    """One condition of a message on its recipients' answers to a question of its edition: one
    of `keys` for a choice or yes-or-no question ("yes"/"no", or options' indexes), or a text
    answer that contains `contains` (questions.answers_matching). A recipient matches every
    condition of the message, one per question."""

    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="answer_filters",
    )
    question = models.ForeignKey(
        "registrations.Question",
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    keys = models.JSONField(_("answers"), default=list, blank=True)
    contains = models.CharField(_("answer contains"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("condition on answers")
        verbose_name_plural = _("conditions on answers")
        ordering = ["message", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["message", "question"],
                name="message_answer_filter_one_per_question",
                violation_error_field="question",
                violation_error_message=_("This question already has a condition."),
                violation_error_code="question_filtered_twice",
            ),
            FieldCheckConstraint(
                condition=~Q(keys=[]) | ~Q(contains=""),
                name="message_answer_filter_selects_answers",
                violation_error_field="keys",
                violation_error_message=_(
                    "Choose the answers, or the text an answer contains, that select recipients."
                ),
                violation_error_code="answer_filter_empty",
            ),
        ]

    def __str__(self):
        return self.display()

    def display(self):
        """The condition as read, e.g. "Dinner?: Yes" or "Company contains “AI”"."""
        question = self.question
        if self.contains:
            return _("%(question)s contains “%(text)s”") % {
                "question": question.label,
                "text": self.contains,
            }
        labels = dict(answer_keys(question))
        chosen = ", ".join(str(labels.get(key, key)) for key in self.keys)
        return _("%(label)s: %(value)s") % {"label": question.label, "value": chosen}


class Reminder(models.Model):
    """A reminder sent to every confirmed registrant of an edition `days_before` its first day,
    at `send_time` (the site's time zone), with the ticket link, date, venue and calendar
    file. Sent once, by the worker's sweep, when due and before the edition is over."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before"), help_text=_("0: on the morning of the first day.")
    )
    send_time = models.TimeField(_("time of day"), default=datetime.time(8, 0))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["edition", "-days_before", "send_time"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "days_before", "send_time"],
                name="reminder_unique_moment",
                violation_error_field="days_before",
                violation_error_message=_("This edition already has a reminder at that moment."),
                violation_error_code="reminder_taken",
            ),
        ]

    def __str__(self):
        if self.days_before == 0:
            return str(_("On the day, %(time)s") % {"time": self.send_time.strftime("%H:%M")})
        return str(
            _("%(days)d days before, %(time)s")
            % {"days": self.days_before, "time": self.send_time.strftime("%H:%M")}
        )

    def due_at(self):
        """When it is due, or None while the edition has no exact first day."""
        edition = self.edition
        if not edition.has_exact_date:
            return None
        day = edition.start_date - datetime.timedelta(days=self.days_before)
        return timezone.make_aware(datetime.datetime.combine(day, self.send_time))


class MessageOptOut(models.Model):
    """The registrant asked for no more messages or reminders (their ticket e-mails still go)."""

    registration = models.OneToOneField(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="message_opt_out",
    )
    created_at = models.DateTimeField(_("opted out at"), default=timezone.now)

    class Meta:
        verbose_name = _("opt-out of messages")
        verbose_name_plural = _("opt-outs of messages")

    def __str__(self):
        return str(self.registration_id)
