"""The registrant's e-mails, in their language, text and HTML, with their private ticket link.

A confirmed registrant's e-mail carries the date, time and venue, their QR code (an inline
image) and, once the edition's day is known, the calendar file; until then it says the date
will follow. A waitlisted registrant's e-mail gives their place in line, and promises no QR.
A registrant whose seat is held for an e-mail confirmation gets the signed link and the time
it is held until; a waitlisted registrant who still owes that confirmation gets the link in
their waiting-list e-mails, to confirm while they wait. Either gets a fresh link when an
organizer corrects their address.

Sending them is tasks.py's job (the outbox and its worker); this module only writes them."""

from email.message import MIMEPart

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from config.common.mail import EmailWithReusedHeaders

from .confirmation_links import confirmation_url
from .enums import EmailKind, RegistrationStatus
from .ics import edition_session_times, registration_calendar
from .qr import checkin_qr_png
from .selectors import waitlist_position

QR_CONTENT_ID = "checkin-qr@youth50"


def ticket_url(registration, request=None, *, site=None):
    """The ticket's absolute address: on the request's host, else `site` (the address the
    request that owed an e-mail came to), else SITE_URL."""
    with translation.override(registration.language):
        path = reverse("registration:ticket", kwargs={"token": registration.token})
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{(site or settings.SITE_URL).rstrip('/')}{path}"


def _subject(kind, edition, *, promoted=False):
    if kind == EmailKind.CONFIRM_EMAIL and promoted:
        return _(
            "A seat was freed for you. Confirm your e-mail address to keep it: %(edition)s"
        ) % {"edition": edition}
    return {
        EmailKind.CONFIRMATION: _("Your registration is confirmed: %(edition)s"),
        EmailKind.WAITLIST: _("You are on the waiting list: %(edition)s"),
        EmailKind.PROMOTION: _("A seat was freed and your registration is confirmed: %(edition)s"),
        EmailKind.CANCELLATION: _("Your registration is cancelled: %(edition)s"),
        EmailKind.ALREADY_REGISTERED: _("You are already registered: %(edition)s"),
        EmailKind.PENDING: _("Registration received, awaiting approval: %(edition)s"),
        EmailKind.DECLINED: _("Your registration was not accepted: %(edition)s"),
        EmailKind.CONFIRM_EMAIL: _("Confirm your e-mail address to keep your seat: %(edition)s"),
        EmailKind.HOLD_EXPIRED: _("Your seat was released: %(edition)s"),
        EmailKind.NEW_ADDRESS: _("Confirm your corrected e-mail address: %(edition)s"),
    }[kind] % {"edition": edition}


def _date_text(edition):
    """The edition's day(s) as known, or None while no exact day is set."""
    if not edition.has_exact_date:
        return None
    text = formats.date_format(edition.start_date, "DATE_FORMAT")
    if edition.end_date and edition.end_date != edition.start_date:
        text = _("%(first)s to %(last)s") % {
            "first": text,
            "last": formats.date_format(edition.end_date, "DATE_FORMAT"),
        }
    return text


def _time_text(edition, sessions):
    starts_at, ends_at = sessions
    if starts_at is None or not edition.has_exact_date:
        return None
    start = formats.time_format(timezone.localtime(starts_at), "H:i")
    if ends_at is None or ends_at == starts_at:
        return start
    return f"{start}–{formats.time_format(timezone.localtime(ends_at), 'H:i')}"


def facts(registration, *, position=None, sessions=None):
    """(label, value) rows of the e-mail: who, which edition, when, where, the code.
    `sessions`: the edition's session times (ics.edition_session_times) if already read."""
    edition = registration.edition
    rows = [
        (_("Name as registered"), registration.name),
        (_("Edition"), f"{edition.forum.name} · {edition.title_with_year}"),
    ]
    if edition.theme:
        rows.append((_("Theme"), edition.theme))
    date = _date_text(edition)
    rows.append((_("Date"), date or _("to be announced: we will e-mail you when it is set")))
    time = _time_text(edition, sessions or edition_session_times(edition))
    if time:
        rows.append((_("Time"), time))
    rows.append((_("Venue"), edition.venue or _("to be announced")))
    if registration.status == RegistrationStatus.CONFIRMED:
        rows.append((_("Check-in code"), registration.checkin_code))
    if position is not None:
        rows.append((_("Your place on the waiting list"), str(position)))
    return rows


def fact_line(label, value):
    """One "label: value" line, with the colon of the language (full-width in Chinese)."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


# build_message's `position` when the caller has not read it.
UNREAD = object()


def build_message(email, *, sessions=None, position=UNREAD):
    """The e-mail's message. `sessions`: its edition's session times (ics.edition_session_times)
    if already read: a drain reads them once per edition and batch; `position`: the
    registrant's place on the waiting list (selectors.waitlist_position, None when not waiting)
    if already read: a drain reads them with its batch."""
    registration = email.registration
    url = ticket_url(registration, site=email.site_url)
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    held = registration.status == RegistrationStatus.UNCONFIRMED
    with translation.override(registration.language):
        edition = registration.edition
        if position is UNREAD:
            position = waitlist_position(registration)
        # Read once for the facts and the calendar file.
        sessions = sessions or edition_session_times(edition)
        calendar = (
            registration_calendar(registration, url=url, sessions=sessions) if confirmed else None
        )
        rows = facts(registration, position=position, sessions=sessions)
        context = {
            "registration": registration,
            "edition": edition,
            "kind": email.kind,
            "ticket_url": url,
            "site_name": settings.SITE_NAME,
            "facts": rows,
            "fact_lines": [fact_line(label, value) for label, value in rows],
            "position": position,
            "confirmed": confirmed,
            "waitlisted": position is not None,
            "pending": registration.status == RegistrationStatus.PENDING,
            "held": held,
            "calendar_attached": calendar is not None,
            "qr_content_id": QR_CONTENT_ID if confirmed else None,
        }
        if registration.must_confirm_email and (held or position is not None):
            context["confirm_url"] = confirmation_url(registration, site=email.site_url)
        if held:
            context["confirm_by"] = formats.date_format(
                timezone.localtime(registration.confirm_email_by), "DATETIME_FORMAT"
            )
            context["promoted"] = registration.promoted_at is not None
        if email.kind == EmailKind.NOTICE:
            subject = email.subject
            context["body"] = email.body
        else:
            subject = _subject(
                email.kind, edition.full_title, promoted=registration.promoted_at is not None
            )
        text = render_to_string(f"registrations/emails/{email.kind}.txt", context)
        html = render_to_string(f"registrations/emails/{email.kind}.html", context)
    message = EmailWithReusedHeaders(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(html, "text/html")
    if confirmed:
        image = MIMEPart()
        image.set_content(
            checkin_qr_png(registration.checkin_code),
            maintype="image",
            subtype="png",
            disposition="inline",
            filename="check-in-qr.png",
            cid=f"<{QR_CONTENT_ID}>",
        )
        message.attach(image)
    if calendar is not None:
        message.attach(f"youth50-edition-{edition.number}.ics", calendar, "text/calendar")
    return message
