"""The door: a check-in page per edition, its live counts, and printable badges.

Staff only (the check-in permission); anonymous visitors are sent to the admin login,
signed-in users without the permission get 403. Every answer is private: never cached, never
indexed. The rule itself lives in door.py; these views only translate it.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from forum.models import Edition

from . import permissions
from .decorators import private
from .door import (
    CheckInCode,
    CheckInRefused,
    checkin_counts,
    checkin_message,
    registration_check_in,
)
from .enums import RegistrationStatus
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


def _result(code, registration):
    """What the page (and the JSON answer) shows about one scan."""
    result = {"code": code, "ok": code == CheckInCode.OK, "message": ""}
    result["message"] = checkin_message(code, registration)
    if registration is not None:
        result.update(
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


@door_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkin_page(request, edition_id):
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    result = None
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("code", "")
        try:
            registration = registration_check_in(edition=edition, code=typed, by=request.user)
        except CheckInRefused as refusal:
            result = _result(refusal.code, refusal.registration)
        else:
            result = _result(CheckInCode.OK, registration)
    counts = checkin_counts(edition=edition)
    status = 429 if result and result["code"] == CheckInCode.TOO_MANY_UNKNOWN_CODES else 200
    if _wants_json(request):
        return JsonResponse(
            {
                "result": result,
                "counts": {"checked_in": counts.checked_in, "confirmed": counts.confirmed},
            },
            status=status,
        )
    return render(
        request,
        "registrations/door/page.html",
        {"edition": edition, "result": result, "counts": counts, "typed": typed},
        status=status,
    )


@door_staff_required
@require_safe
def checkin_counts_json(request, edition_id):
    edition = get_object_or_404(Edition, pk=edition_id)
    counts = checkin_counts(edition=edition)
    return JsonResponse({"checked_in": counts.checked_in, "confirmed": counts.confirmed})


@door_staff_required
@require_safe
def badges(request, edition_id):
    """A6 badges for every confirmed attendee, one per printed page."""
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    attendees = (
        Registration.objects.filter(
            edition=edition, status=RegistrationStatus.CONFIRMED, anonymized_at__isnull=True
        )
        .only("name", "organization", "category", "checkin_code", "edition_id")
        .order_by("name", "pk")
    )
    badge_list = [
        {"registration": attendee, "qr": checkin_qr_data_uri(attendee.checkin_code, scale=4)}
        for attendee in attendees
    ]
    return render(
        request, "registrations/door/badges.html", {"edition": edition, "badges": badge_list}
    )
