"""The outbox of e-mails owed to registrants (imported by models.py): one row per e-mail, kept
until it is sent; the worker that claims, sends and retries them is in tasks.py."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint, TimeStampedModel

from .enums import EmailKind, EmailStatus
from .registration_models import Registration


class RegistrationEmailQuerySet(models.QuerySet):
    def owed(self):
        """Not sent yet and waiting for a worker: new, or failed and to be retried."""
        return self.filter(status__in=EmailStatus.owed())

    def attempted_since(self, moment):
        """Handed to the mail server at least once since `moment`: sent, being sent, or failed
        after trying (a send that failed may still have been delivered)."""
        return self.filter(attempts__gt=0, updated_at__gte=moment)

    def undelivered(self):
        """What organizers should look at: failed (being retried) or given up."""
        return self.filter(status__in=[EmailStatus.FAILED, EmailStatus.GAVE_UP])


class RegistrationEmail(TimeStampedModel):
    """The outbox: one row per e-mail owed to a registrant, kept until it is sent.

    A failed send stays here (FAILED) and is retried, so a mail outage never loses a message.
    A worker sending it claims it first (SENDING, with the claim's time): see tasks.py.
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=EmailKind.choices)
    # The message (or reminder) a `message` e-mail carries: see message_models.py.
    message = models.ForeignKey(
        "registrations.Message",
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Notices only."),
    )
    body = models.TextField(
        _("text"), blank=True, default="", db_default="", help_text=_("Notices only.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    claimed_at = models.DateTimeField(
        _("being sent since"),
        null=True,
        blank=True,
        help_text=_("Set while a worker sends it; an old claim means that worker stopped."),
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, default=timezone.now
    )
    site_url = models.CharField(
        _("site address for links"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The address the request that owed it came to; blank: SITE_URL."),
    )

    objects = RegistrationEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration e-mail")
        verbose_name_plural = _("registration e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["message", "registration"],
                condition=Q(message__isnull=False),
                name="registration_email_one_per_message",
                violation_error_field="message",
                violation_error_message=_("This registrant already has this message."),
                violation_error_code="message_twice",
            ),
            FieldCheckConstraint(
                condition=Q(status__in=EmailStatus.values),
                name="registration_email_status_valid",
                violation_error_field="status",
                violation_error_code="unknown_email_status",
                violation_error_message=_("This is not a known e-mail status."),
            ),
            FieldCheckConstraint(
                condition=(
                    Q(status=EmailStatus.SENDING, claimed_at__isnull=False)
                    | (~Q(status=EmailStatus.SENDING) & Q(claimed_at__isnull=True))
                ),
                name="registration_email_claimed_while_sending",
                violation_error_field="claimed_at",
                violation_error_code="claim_without_sending",
                violation_error_message=_(
                    "An e-mail has a claim time while it is being sent, and only then."
                ),
            ),
        ]
        indexes = [
            # The worker's sweep looks for what is owed or stuck; sent rows are most of the table.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="registration_email_owed",
                condition=Q(
                    status__in=[EmailStatus.PENDING, EmailStatus.SENDING, EmailStatus.FAILED]
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_status_display()}"
