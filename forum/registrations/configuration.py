"""What organizers configure before registration opens: an edition's registration settings
(window, capacity, guest reserve, approval, invitations, e-mail confirmation) with its category
quotas, and the versions of the privacy notice registrants accept. The seat rules that read
them are in seats.py."""

from django.db import transaction

from .enums import AttendeeCategory
from .models import CategoryQuota, RegistrationSettings


def privacy_notice_save(*, notice):
    """Publish a version of the privacy notice. A version in force is what registrants accepted:
    the admin shows it read-only, and a change is a new version."""
    with transaction.atomic():
        notice.full_clean()
        notice.save()
    return notice


def registration_settings_save(
    *,
    edition,
    opens_at,
    closes_at,
    capacity,
    quotas=None,
    is_demo=False,
    privacy_notice=None,
    approval_required=False,
    invitation_only=False,
    reserved_seats=0,
    email_confirmation_minutes=None,
):
    """Open (or change) registration on an edition. `quotas` maps category → seats; a category
    left out has no quota of its own. `reserved_seats`: the guest reserve, outside the capacity,
    that only organizers assign. Raising the capacity does not promote anyone by itself:
    organizers promote by hand, or fill the free seats from the waiting list at once
    (registration_fill_seats, an action on the settings in admin).
    `email_confirmation_minutes`: None, or how long a public registrant's seat is held until
    they confirm their e-mail address (verification.py)."""
    with transaction.atomic():
        registration_settings, _created = (
            RegistrationSettings.objects.select_for_update().update_or_create(
                edition=edition,
                defaults={
                    "opens_at": opens_at,
                    "closes_at": closes_at,
                    "capacity": capacity,
                    "reserved_seats": reserved_seats,
                    "is_demo": is_demo,
                    "privacy_notice": privacy_notice,
                    "approval_required": approval_required,
                    "invitation_only": invitation_only,
                    "email_confirmation_minutes": email_confirmation_minutes,
                },
            )
        )
        if quotas is not None:
            registration_settings.quotas.exclude(category__in=list(quotas)).delete()
            for category, quota in quotas.items():
                CategoryQuota.objects.update_or_create(
                    settings=registration_settings,
                    category=AttendeeCategory(category),
                    defaults={"quota": quota},
                )
    return registration_settings
