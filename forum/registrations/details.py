"""An organizer's correction of a registrant's details (a badge's name, a mistyped address),
audited. Status, category and consent change only through the seat rules (seats.py)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit, seat_lock, ticket_secrets, verification
from .addresses import normalize_email
from .enums import LogAction
from .exceptions import AlreadyRegistered
from .models import Registration

DETAIL_FIELDS = ("name", "organization", "title", "email", "mobile", "needs")


@dataclass(frozen=True)
class DetailsSaved:
    """What a correction did besides saving: a fresh confirmation link sent to the corrected
    address, and the ticket's secrets replaced (None: the mailbox is the same)."""

    confirmation_link_sent: bool
    secrets: ticket_secrets.SecretsReplaced | None


def registration_details_save(*, registration, by=None, now=None):
    """Save an organizer's (`by`) correction of a registrant's details (a misspelt name on a
    badge, a mistyped e-mail address), and log what changed (contact data only as changed).

    A corrected e-mail must not be another live registration's mailbox in the edition
    (AlreadyRegistered; the unique index is the last line). Corrected to another mailbox, the
    secrets that went to the old one are replaced (ticket_secrets.secrets_readdressed: the
    ticket link, the check-in code if the old mailbox may know it, and the e-mail that brings
    the new ones), and a registrant who still owes the e-mail confirmation gets a fresh link
    at the corrected address (verification.confirmation_readdressed). Status, category and
    consent are not details: they change only through the seat rules (seats.py), which keep
    the trail right. `registration` gets the new secrets.

    Returns DetailsSaved."""
    now = now or timezone.now()
    registration.email = registration.email.strip()
    registration.email_normalized = normalize_email(registration.email)
    with transaction.atomic():
        registration.full_clean(exclude=["sectors"], validate_constraints=False)
        # The edition's lock first, as every write to a hold takes it (verification.py).
        registration_settings = seat_lock.lock_registration_settings_if_any(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        before = {name: getattr(current, name) for name in DETAIL_FIELDS}
        if before["email"] != registration.email:
            taken = (
                Registration.objects.live()
                .filter(
                    edition_id=registration.edition_id,
                    email_normalized=registration.email_normalized,
                    anonymized_at__isnull=True,
                )
                .exclude(pk=registration.pk)
                .first()
            )
            if taken is not None:
                raise AlreadyRegistered(registration=taken)
        registration.save(update_fields=[*DETAIL_FIELDS, "email_normalized", "updated_at"])
        changed = audit.changes(before, registration, DETAIL_FIELDS)
        data = {}
        link_sent, secrets = False, None
        if current.email_normalized != registration.email_normalized:
            current.email, current.email_normalized = (
                registration.email,
                registration.email_normalized,
            )
            readdressed = verification.confirmation_readdressed(current, registration_settings, now)
            link_sent = readdressed is not None
            changed |= readdressed or {}
            secrets_before = {name: getattr(current, name) for name in audit.SECRET_FIELDS}
            secrets = ticket_secrets.secrets_readdressed(
                current, now, confirmation_link_sent=link_sent
            )
            changed |= audit.changes(secrets_before, current, audit.SECRET_FIELDS)
            registration.token, registration.checkin_code = current.token, current.checkin_code
            if secrets.email_kind is not None:
                data["kind"] = secrets.email_kind
        if changed:
            audit.log_action(
                LogAction.DETAILS_CHANGED,
                by=by,
                registration=registration,
                data={"changes": changed, **data},
                at=now,
            )
    return DetailsSaved(confirmation_link_sent=link_sent, secrets=secrets)
