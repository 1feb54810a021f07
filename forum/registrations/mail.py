"""The registrant's e-mails, in their language, text and HTML, with their private ticket link.

Sending them is tasks.py's job (the outbox and its worker); this module only writes them."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .enums import EmailKind


def ticket_url(registration, request=None):
    with translation.override(registration.language):
        path = reverse("registration:ticket", kwargs={"token": registration.token})
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


def _subject(kind, edition):
    return {
        EmailKind.CONFIRMATION: _("Your registration is confirmed: %(edition)s"),
        EmailKind.WAITLIST: _("You are on the waiting list: %(edition)s"),
        EmailKind.PROMOTION: _("A seat is free: your registration is now confirmed: %(edition)s"),
        EmailKind.CANCELLATION: _("Your registration is cancelled: %(edition)s"),
        EmailKind.ALREADY_REGISTERED: _("You are already registered: %(edition)s"),
    }[kind] % {"edition": edition}


def build_message(email):
    registration = email.registration
    with translation.override(registration.language):
        edition = registration.edition
        context = {
            "registration": registration,
            "edition": edition,
            "kind": email.kind,
            "ticket_url": ticket_url(registration),
            "site_name": settings.SITE_NAME,
        }
        if email.kind == EmailKind.NOTICE:
            subject = email.subject
            context["body"] = email.body
        else:
            subject = _subject(email.kind, edition.full_title)
        text = render_to_string(f"registrations/emails/{email.kind}.txt", context)
        html = render_to_string(f"registrations/emails/{email.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(html, "text/html")
    return message
