"""Demo registration settings for load_demo: so a newcomer can try the whole flow at once."""

import datetime

from django.utils import timezone

from forum.models import Edition

from .enums import AttendeeCategory
from .models import RegistrationSettings
from .privacy import ensure_privacy_notice
from .services import registration_settings_save

DEMO_CAPACITY = 500
DEMO_QUOTAS = {
    AttendeeCategory.ENTREPRENEUR: 200,
    AttendeeCategory.INVESTOR: 100,
    AttendeeCategory.RESEARCHER: 100,
    AttendeeCategory.GOVERNMENT: 100,
    AttendeeCategory.MEDIA: 100,
    AttendeeCategory.OTHER: 100,
}


def open_demo_registration(*, now=None):
    """Open registration on the newest published edition for 60 days from now, capacity 500
    with quotas in the hundreds, flagged as demo settings. Settings that already exist are
    kept as they are (an organizer may have replaced them). Returns (settings, created)."""
    ensure_privacy_notice()
    edition = Edition.objects.published().order_by("-year", "-number").first()
    if edition is None:
        return None, False
    existing = RegistrationSettings.objects.filter(edition=edition).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    settings = registration_settings_save(
        edition=edition,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=60),
        capacity=DEMO_CAPACITY,
        quotas=DEMO_QUOTAS,
        is_demo=True,
    )
    return settings, True
