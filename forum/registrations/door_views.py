"""The door: a check-in page per edition, its live counts, and printable badges.

Staff only (the check-in permission); anonymous visitors are sent to the admin login,
signed-in users without the permission get 403. Every answer is private: never cached, never
indexed. The rule itself lives in door.py; these views only translate it.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.models import Edition

from . import permissions
from .decorators import private
from .door import (
    OFFLINE_SCANS_MAX,
    CheckInCode,
    CheckInRefused,
    active_checkin,
    admitted_twice,
    checkin_counts,
    checkin_lists,
    checkin_message,
    checkin_sync,
    checkin_undo,
    default_checkin_list,
    door_search,
    offline_list,
    offline_replaced_codes,
    registration_check_in,
)
from .door_models import CheckInList
from .enums import AttendeeCategory, RegistrationStatus
from .exceptions import RegistrationError
from .models import Registration
from .qr import checkin_qr_data_uri


def door_staff_required(view):
    """Signed in through the admin's login page, holding the check-in permission (else 403)."""
    staff_only = login_required(
        permission_required(permissions.CHECK_IN, raise_exception=True)(view),
        login_url=reverse_lazy("admin:login"),
    )
    return private(staff_only, posts_form=True)  # the check-in page's form posts back


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _result(code, registration, *, at=None, undoable=False):
    """What the page (and the JSON answer) shows about one scan. An unknown code names nobody:
    the page then shows the message alone, and the search for a name."""
    result = {"code": code, "ok": code == CheckInCode.OK, "message": ""}
    result["message"] = checkin_message(code, registration, at=at)
    result["undoable"] = undoable
    if registration is not None:
        result.update(
            registration=registration.pk,
            name=registration.name,
            organization=registration.organization,
            category=registration.get_category_display(),
            status=registration.get_status_display(),
            checked_in_at=(
                timezone.localtime(registration.checked_in_at).strftime("%H:%M")
                if registration.checked_in_at
                else ""
            ),
        )
    return result


def _edition_and_list(edition_id, list_id):
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    if list_id is None:
        return edition, default_checkin_list(edition)
    return edition, get_object_or_404(CheckInList, pk=list_id, edition=edition)


def page_url(checkin_list):
    if checkin_list.is_default:
        return reverse("checkin:page", kwargs={"edition_id": checkin_list.edition_id})
    return reverse(
        "checkin:list_page",
        kwargs={"edition_id": checkin_list.edition_id, "list_id": checkin_list.pk},
    )


@door_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkin_page(request, edition_id, list_id=None):
    edition, checkin_list = _edition_and_list(edition_id, list_id)
    result = None
    if request.method == "POST":
        typed = request.POST.get("code", "")
        try:
            registration = registration_check_in(
                edition=edition, code=typed, by=request.user, checkin_list=checkin_list
            )
        except CheckInRefused as refusal:
            result = _result(
                refusal.code,
                refusal.registration,
                at=refusal.at,
                undoable=refusal.code == CheckInCode.ALREADY_CHECKED_IN
                and active_checkin(refusal.registration, checkin_list) is not None,
            )
        else:
            result = _result(CheckInCode.OK, registration, undoable=True)
    counts = checkin_counts(edition=edition, checkin_list=checkin_list)
    status = 429 if result and result["code"] == CheckInCode.TOO_MANY_UNKNOWN_CODES else 200
    if _wants_json(request):
        return JsonResponse(
            {
                "result": result,
                "counts": {"checked_in": counts.checked_in, "confirmed": counts.confirmed},
            },
            status=status,
        )
    query = request.GET.get("q", "").strip()[:100]
    found = door_search(edition=edition, query=query, checkin_list=checkin_list)
    return render(
        request,
        "registrations/door/page.html",
        {
            "edition": edition,
            "checkin_list": checkin_list,
            "checkin_lists": checkin_lists(edition),
            "page_url": page_url(checkin_list),
            "result": result,
            "counts": counts,
            "query": query,
            "found": found,
            "admitted_twice": admitted_twice(checkin_list=checkin_list),
        },
        status=status,
    )


@door_staff_required
@require_POST
def checkin_undo_view(request, edition_id, list_id):
    """Undo a check-in on a list, with the reason typed at the door (audited)."""
    edition, checkin_list = _edition_and_list(edition_id, list_id)
    registration = get_object_or_404(
        Registration, pk=request.POST.get("registration") or 0, edition=edition
    )
    try:
        checkin_undo(
            checkin_list=checkin_list,
            registration=registration,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except RegistrationError as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("Check-in of %(name)s undone.") % {"name": registration.name})
    return redirect(page_url(checkin_list))


@door_staff_required
@require_safe
def checkin_offline_list(request, edition_id, list_id):
    """The copy of the list the door page keeps on the device for a network drop, with the
    codes replaced since they were sent (refused offline too)."""
    _edition, checkin_list = _edition_and_list(edition_id, list_id)
    return JsonResponse(
        {
            "list": {
                "id": checkin_list.pk,
                "name": checkin_list.name,
                "categories": checkin_list.categories,
            },
            "people": offline_list(checkin_list=checkin_list),
            "replaced": offline_replaced_codes(checkin_list=checkin_list),
            "categories": dict(AttendeeCategory.choices),
            "statuses": dict(RegistrationStatus.choices),
            "at": timezone.now().isoformat(),
        }
    )


@door_staff_required
@require_POST
def checkin_offline_sync(request, edition_id, list_id):
    """Upload the scans a device made offline: {"device": "...", "scans": [{"code", "at",
    "nonce"}]}; one result per scan, and the list's counts."""
    edition, checkin_list = _edition_and_list(edition_id, list_id)
    try:
        payload = json.loads(request.body or b"{}")
        scans = payload["scans"]
        if not isinstance(scans, list) or len(scans) > OFFLINE_SCANS_MAX:
            raise ValueError
        scans = [scan for scan in scans if isinstance(scan, dict)]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "bad_request"}, status=400)
    results = checkin_sync(
        checkin_list=checkin_list,
        scans=scans,
        device=str(payload.get("device", "")),
        by=request.user,
    )
    counts = checkin_counts(edition=edition, checkin_list=checkin_list)
    return JsonResponse(
        {
            "results": results,
            "counts": {"checked_in": counts.checked_in, "confirmed": counts.confirmed},
        }
    )


@door_staff_required
@require_safe
def checkin_counts_json(request, edition_id, list_id=None):
    edition, checkin_list = _edition_and_list(edition_id, list_id)
    counts = checkin_counts(edition=edition, checkin_list=checkin_list)
    return JsonResponse({"checked_in": counts.checked_in, "confirmed": counts.confirmed})


# The languages a badge may be printed in; "attendee" prints each in their own.
BADGE_LANGUAGES = ("attendee", *(code for code, _name in settings.LANGUAGES))


def _badge_language(request):
    chosen = request.GET.get("language", "attendee")
    return chosen if chosen in BADGE_LANGUAGES else "attendee"


def _render_badges(request, edition, attendees, *, single=False):
    language = _badge_language(request)
    badge_list = [
        {
            "registration": attendee,
            "language": attendee.language if language == "attendee" else language,
            "qr": checkin_qr_data_uri(attendee.checkin_code, scale=4),
        }
        for attendee in attendees
    ]
    return render(
        request,
        "registrations/door/badges.html",
        {
            "edition": edition,
            "badges": badge_list,
            "single": single,
            "badge_language": language,
            "badge_languages": [
                ("attendee", _("Each attendee's language")),
                *settings.LANGUAGES,
            ],
        },
    )


def _badge_edition(edition_id):
    return get_object_or_404(Edition.objects.select_related("forum__logo"), pk=edition_id)


@door_staff_required
@require_safe
def badges(request, edition_id):
    """A6 badges for every confirmed attendee, one per printed page, each in the attendee's
    language (or the one chosen), with the forum's name and logo."""
    edition = _badge_edition(edition_id)
    attendees = (
        Registration.objects.filter(
            edition=edition, status=RegistrationStatus.CONFIRMED, anonymized_at__isnull=True
        )
        .only("name", "organization", "category", "checkin_code", "edition_id", "language")
        .order_by("name", "pk")
    )
    return _render_badges(request, edition, attendees)


@door_staff_required
@require_safe
def badge(request, edition_id, registration_id):
    """One attendee's badge, to print again (lost, misspelt and corrected)."""
    edition = _badge_edition(edition_id)
    attendee = get_object_or_404(
        Registration.objects.filter(anonymized_at__isnull=True).exclude(
            status=RegistrationStatus.CANCELLED
        ),
        pk=registration_id,
        edition=edition,
    )
    return _render_badges(request, edition, [attendee], single=True)
