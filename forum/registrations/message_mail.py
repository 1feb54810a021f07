"""The e-mail of an organizer's message or a reminder, written for one registrant in their
language (sending it is tasks.py's job). The organizer's text may name the registrant's own
details with placeholders; a reminder's text is ours, with the calendar file attached. Both
carry the link to opt out of such messages (and a List-Unsubscribe header)."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.common.mail import EmailWithReusedHeaders

from .enums import RegistrationStatus
from .ics import registration_calendar
from .mail import fact_line, facts, ticket_url
from .message_models import MessageKind

# What an organizer may write in braces, and what each becomes for one registrant.
PLACEHOLDERS = {
    "name": gettext_lazy("the registrant's name"),
    "organization": gettext_lazy("their organization"),
    "edition": gettext_lazy("the edition's full title"),
    "checkin_code": gettext_lazy("their check-in code"),
    "ticket_url": gettext_lazy("the private link to their ticket"),
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def site_url(path):
    return f"{settings.SITE_URL}{path}"


def opt_out_url(registration):
    with translation.override(registration.language):
        return site_url(
            reverse("registration:messages_opt_out", kwargs={"token": registration.token})
        )


def fill_in(text, registration):
    """`text` with each known {placeholder} replaced by the registrant's value; unknown ones
    stay as they are written."""
    values = {
        "name": registration.name,
        "organization": registration.organization,
        "edition": registration.edition.full_title,
        "checkin_code": registration.checkin_code,
        "ticket_url": ticket_url(registration),
    }
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)


def message_parts(message, registration):
    """(subject, text, html) of `message` for `registration`, in the active language."""
    edition = registration.edition
    # The same facts as the ticket e-mails (who, edition, date, time, venue, the code when
    # confirmed), so a reminder's "date and venue below" holds.
    rows = facts(registration)
    context = {
        "registration": registration,
        "edition": edition,
        "facts": rows,
        "fact_lines": [fact_line(label, value) for label, value in rows],
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
        "ticket_url": ticket_url(registration),
        "opt_out_url": opt_out_url(registration),
        "site_name": settings.SITE_NAME,
    }
    if message.kind == MessageKind.REMINDER:
        day = edition.start_date
        subject = _("Reminder: %(edition)s on %(date)s") % {
            "edition": edition.full_title,
            "date": day.strftime("%Y-%m-%d") if day else "",
        }
        context["body"] = ""
        template = "reminder"
    else:
        subject = fill_in(message.subject, registration)
        context["body"] = fill_in(message.body, registration)
        template = "message"
    text = render_to_string(f"registrations/emails/{template}.txt", context)
    html = render_to_string(f"registrations/emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def build_message_email(email):
    """The EmailMessage of an outbox row that carries a message or a reminder."""
    registration = email.registration
    message = email.message
    with translation.override(registration.language):
        subject, text, html = message_parts(message, registration)
        calendar = None
        if message.kind == MessageKind.REMINDER:
            calendar = registration_calendar(registration, url=ticket_url(registration))
        unsubscribe = opt_out_url(registration)
    mail = EmailWithReusedHeaders(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(html, "text/html")
    if calendar is not None:
        mail.attach(f"youth50-edition-{registration.edition.number}.ics", calendar, "text/calendar")
    return mail
