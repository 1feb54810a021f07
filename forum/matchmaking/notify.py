"""The e-mails of each matchmaking step, written in each recipient's language and handed to
registration's outbox (outbox.notice_queue), which sends them after the commit."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from forum.registrations.outbox import notice_queue

SUBJECTS = {
    "requested": _("Meeting request from %(organization)s"),
    "accepted": _("%(organization)s accepted your meeting request"),
    "declined": _("%(organization)s declined your meeting request"),
    "scheduled": _("Your meeting with %(organization)s: %(time)s, table %(table)s"),
    "cancelled": _("Meeting with %(organization)s cancelled"),
    "place_free": _("A meeting place is free today: answer %(organization)s"),
}


def _send(event, *, to, other, meeting):
    registration = to.registration
    with translation.override(registration.language):
        path = reverse("matchmaking:home", kwargs={"token": registration.token})
        context = {
            "organization": other.organization,
            "time": localtime(meeting.slot.starts_at).strftime("%H:%M") if meeting.slot_id else "",
            "table": meeting.table or "",
            "meeting": meeting,
            "meetings_url": f"{settings.SITE_URL}{path}",
        }
        subject = str(SUBJECTS[event]) % context
        body = render_to_string(f"matchmaking/emails/{event}.txt", context)
    notice_queue(registration=registration, subject=subject, body=body.strip())


def request_sent(meeting):
    asked, asking = _sides(meeting)
    _send("requested", to=asked, other=asking, meeting=meeting)


def request_answered(meeting, *, accepted):
    asked, asking = _sides(meeting)
    _send("accepted" if accepted else "declined", to=asking, other=asked, meeting=meeting)


def meeting_scheduled(meeting):
    for to, other in ((meeting.investor, meeting.startup), (meeting.startup, meeting.investor)):
        _send("scheduled", to=to, other=other, meeting=meeting)


def meeting_cancelled(meeting, *, told):
    """Tell the sides in `told` (those who did not cancel it, or who were there)."""
    for to in told:
        _send("cancelled", to=to, other=meeting.other_side(to), meeting=meeting)


def place_free(meeting):
    """On the day: tell the side asked of a pending request that accepting now places it."""
    asked, asking = _sides(meeting)
    _send("place_free", to=asked, other=asking, meeting=meeting)


def _sides(meeting):
    """(the side asked, the side asking)."""
    if meeting.requested_by == "investor":
        return meeting.startup, meeting.investor
    return meeting.investor, meeting.startup
