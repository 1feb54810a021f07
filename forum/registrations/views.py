"""Public registration pages: thin; the rules are in seats.py and outbox.py, the reads in
selectors.py.

Ticket pages are reached only through the private token; they are never indexed
(X-Robots-Tag and <meta name="robots">), never cached by shared caches, never in a sitemap.
"""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config.common.page_cache import cached_page

from . import outbox, ratelimit, seats, selectors
from . import questions as custom_questions
from .decorators import private
from .enums import RegistrationStatus, RegistrationWindowState
from .exceptions import (
    INVITATION_REFUSALS,
    AlreadyCancelled,
    AlreadyCheckedIn,
    AlreadyRegistered,
    PrivacyNoticeChanged,
    RegistrationError,
)
from .forms import RegistrationForm
from .ics import registration_calendar
from .mail import ticket_url
from .models import PrivacyNotice
from .qr import checkin_qr_data_uri, checkin_qr_svg
from .ticket import ticket_sections


def _edition(number):
    edition = selectors.edition_for_registration(number)
    if edition is None:
        raise Http404
    return edition


def _registration(token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


# Anonymous visitors get the form from the cache, each with a token of their own; kept briefly,
# as it shows whether registration is open and seats are left.
@cached_page(briefly=True, fills_csrf_token=True)
@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, number):
    edition = _edition(number)
    registration_settings = selectors.registration_settings_for(edition)
    if registration_settings is None:
        raise Http404
    state = selectors.registration_state(edition, count_seats=request.method != "POST")
    notice = selectors.privacy_notice_for(registration_settings)
    # No notice in force means no valid consent can be given: no form (admin must add one).
    accepting = notice is not None and state in (
        RegistrationWindowState.OPEN,
        RegistrationWindowState.FULL,
    )
    status = 200
    questions = custom_questions.edition_questions(edition) if accepting else []
    if request.method == "POST" and accepting:
        form = RegistrationForm(
            request.POST,
            questions=questions,
            invitation_only=registration_settings.invitation_only,
        )
        if ratelimit.hit(request):
            form.is_valid()  # keep what was typed, with its field errors
            form.add_error(
                None, _("Too many registrations from your network. Please wait and try again.")
            )
            status = 429
        elif form.is_valid():
            if form.is_bot():
                return redirect("registration:sent")
            try:
                seats.registration_create(
                    edition=edition,
                    category=form.cleaned_data["category"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    mobile=form.cleaned_data["mobile"],
                    organization=form.cleaned_data["organization"],
                    title=form.cleaned_data["title"],
                    sectors=form.cleaned_data["sectors"],
                    needs=form.cleaned_data["needs"],
                    answers=form.answers,
                    invitation_code=form.cleaned_data.get("invitation_code", ""),
                    language=get_language(),
                    # The notice shown with the form; a stale one is refused by the service.
                    privacy_notice=notice
                    if form.cleaned_data["notice_version"] == notice.version
                    else None,
                )
            except AlreadyRegistered as exc:
                # The same page as a new registration: the mailbox's owner learns the rest.
                outbox.registration_submitted_again(registration=exc.registration)
                return redirect("registration:sent")
            except RegistrationError as exc:
                # A refused invitation code is the code field's error.
                on_code = isinstance(exc, INVITATION_REFUSALS) and "invitation_code" in form.fields
                form.add_error("invitation_code" if on_code else None, exc.message)
                if isinstance(exc, PrivacyNoticeChanged):
                    form.data = form.data.copy()
                    form.data["notice_version"] = notice.version
                    form.data.pop("consent", None)
            else:
                # Not the ticket itself: the page after a submission must not differ whether
                # the address was new or already registered. The ticket link is in the e-mail.
                return redirect("registration:sent")
    else:
        form = RegistrationForm(
            # An invitation link may carry its code: ?code=…
            initial={
                "notice_version": notice.version if notice else "",
                "invitation_code": request.GET.get("code", "")[:40],
            },
            questions=questions,
            invitation_only=registration_settings.invitation_only,
        )
    if request.method == "POST" and accepting:
        state = selectors.registration_state(edition)  # full or not, for the page shown again
    return render(
        request,
        "registrations/register.html",
        {
            "edition": edition,
            "form": form,
            "state": state,
            "accepting": accepting,
            "notice": notice,
            "registration_settings": registration_settings,
        },
        status=status,
    )


@private
@require_safe
def sent(request):
    return render(request, "registrations/sent.html")


@require_safe
def privacy_notice(request, version=None):
    notices = PrivacyNotice.objects.in_force()
    notice = get_object_or_404(PrivacyNotice, version=version) if version else notices.first()
    if notice is None:
        raise Http404
    return render(request, "registrations/privacy_notice.html", {"notice": notice})


@private
@require_safe
def ticket(request, token):
    registration = _registration(token)
    return render(
        request,
        "registrations/ticket.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "waitlist_position": selectors.waitlist_position(registration),
            "qr_data_uri": checkin_qr_data_uri(registration.checkin_code)
            if registration.status == RegistrationStatus.CONFIRMED
            else None,
            "calendar_available": _calendar(request, registration) is not None,
            "sections": ticket_sections(request, registration),
        },
    )


@private
@require_safe
def qr_svg(request, token):
    registration = _registration(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    return HttpResponse(checkin_qr_svg(registration.checkin_code), content_type="image/svg+xml")


def _calendar(request, registration):
    return registration_calendar(registration, url=ticket_url(registration, request))


@private
@require_safe
def calendar(request, token):
    registration = _registration(token)
    content = _calendar(request, registration)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="youth50-{edition_slug(registration)}.ics"'
    )
    return response


def edition_slug(registration):
    return f"edition-{registration.edition.number}"


@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    registration = _registration(token)
    if registration.checked_in_at is not None:
        messages.error(request, AlreadyCheckedIn.default_message)
        return redirect(registration)
    if request.method == "POST":
        try:
            seats.registration_cancel(registration=registration)
        except AlreadyCheckedIn as exc:
            messages.error(request, exc.message)
            return redirect(registration)
        except AlreadyCancelled:
            pass
        messages.success(request, _("Your registration is cancelled."))
        return redirect(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect(registration)
    return render(request, "registrations/cancel.html", {"registration": registration})


@private
@require_safe
def data_export(request, token):
    registration = _registration(token)
    body = json.dumps(
        selectors.registration_personal_data(registration), ensure_ascii=False, indent=2
    )
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    return response


@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    registration = _registration(token)
    if request.method == "POST":
        seats.registration_delete(registration=registration)
        return redirect(reverse("registration:deleted"))
    return render(request, "registrations/delete.html", {"registration": registration})


@private
@require_safe
def deleted(request):
    return render(request, "registrations/deleted.html")
