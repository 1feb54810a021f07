"""The demo's open registration (data/registration.toml) and the privacy notice registrants
accept (data/privacy_notice.toml), through registration's own services."""

import datetime
import tomllib

from django.utils import timezone

from forum.models import Edition
from forum.registrations.configuration import privacy_notice_save, registration_settings_save
from forum.registrations.enums import AttendeeCategory
from forum.registrations.models import PrivacyNotice, RegistrationSettings

from .data import DATA_DIR


def _read(folder, name):
    with (folder / name).open("rb") as file:
        return tomllib.load(file)


def ensure_privacy_notice(*, folder=DATA_DIR):
    """The notice in force; the demo's notice is added when none is (a migrated database
    already has it, an emptied one does not)."""
    notice = PrivacyNotice.objects.in_force().first()
    if notice is not None:
        return notice
    data = _read(folder, "privacy_notice.toml")
    existing = PrivacyNotice.objects.filter(version=data["version"]).first()
    return existing or privacy_notice_save(notice=PrivacyNotice(**data))


def open_demo_registration(*, now=None, folder=DATA_DIR):
    """Open registration on the newest published edition as data/registration.toml says,
    flagged as demo settings. Settings that already exist are kept as they are (an organizer
    may have replaced them); a data folder without registration.toml opens none. Returns
    (registration settings, created)."""
    if not (folder / "registration.toml").is_file():
        return None, False
    ensure_privacy_notice(folder=folder)
    edition = Edition.objects.published().order_by("-year", "-number").first()
    if edition is None:
        return None, False
    existing = RegistrationSettings.objects.filter(edition=edition).first()
    if existing is not None:
        return existing, False
    data = _read(folder, "registration.toml")
    now = now or timezone.now()
    registration_settings = registration_settings_save(
        edition=edition,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=data["open_days"]),
        capacity=data["capacity"],
        quotas={AttendeeCategory(category): seats for category, seats in data["quotas"].items()},
        is_demo=True,
    )
    return registration_settings, True
