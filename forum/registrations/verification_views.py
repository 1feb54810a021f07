"""The page behind the e-mail's confirmation link (rules in verification.py).

Opening the link (GET) only shows a page with a button: mail scanners and link previews open
links, and must not confirm anyone. The button (POST) confirms."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import verification
from .confirmation_links import read_confirmation_token
from .decorators import private
from .enums import RegistrationStatus
from .exceptions import ConfirmationExpired, NotAwaitingConfirmation
from .models import Registration


def _held_registration(token):
    """The registration a genuine link names, or Http404 (forged, altered, anonymized, sent to
    an address corrected since, or a link of another hold than the registration's; a
    waiting-list link stays good)."""
    link = read_confirmation_token(token)
    if link is None:
        raise Http404
    registration = (
        Registration.objects.select_related("edition__forum")
        .filter(pk=link.registration_id, anonymized_at__isnull=True)
        .first()
    )
    if registration is None or not link.is_current_for(registration):
        raise Http404
    return registration


@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    registration = _held_registration(token)
    if request.method == "POST":
        try:
            confirmed = verification.registration_confirm_email(registration=registration)
        except ConfirmationExpired as refusal:
            messages.error(request, refusal.message)
        except NotAwaitingConfirmation:
            pass  # a second click, or confirmed by an organizer: the ticket says where it stands
        else:
            if confirmed.status == RegistrationStatus.WAITLISTED:
                messages.success(
                    request,
                    _(
                        "Your e-mail address is confirmed. You keep your place on the waiting "
                        "list, and a seat freed for you will be yours at once."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Your e-mail address is confirmed and the seat is yours: your ticket "
                        "is coming."
                    ),
                )
            return redirect(registration)
        registration.refresh_from_db()
    held = registration.status == RegistrationStatus.UNCONFIRMED
    waiting = registration.status == RegistrationStatus.WAITLISTED
    return render(
        request,
        "registrations/confirm_email.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "held": held,
            "expired": held and registration.confirm_email_by <= timezone.now(),
            "waiting_to_confirm": waiting and registration.must_confirm_email,
        },
    )
