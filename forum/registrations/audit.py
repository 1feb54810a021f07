"""The log of what was done to registrations, modelled on pretix's
`order.log_action("pretix.event.checkin", user=…, data=…)`: who, when, what.

Each service that changes a registration or reads an attendee list out calls `log_action` in its
own transaction, so the action and its entry commit, or roll back, together. `by` is the staff
user acting; when it is None, each service says who acted (`otherwise`): the registrant through
their private link or the public form, or the site's own rules (a freed seat promotes the next
in line).

The log keeps no more personal data than an action needs (see RegistrationLogEntry) and loses it
with the registration: `scrub_entries` runs when retention anonymizes, and a registration's
deletion deletes its entries.
"""

import datetime

from django.utils import timezone

from .enums import Actor
from .models import RegistrationLogEntry

# A registrant's personal data on the registration row.
PERSONAL_FIELDS = ("name", "email", "mobile", "organization", "title", "needs")
# Of those, the ones whose old and new values a correction keeps: what a badge prints. The
# others (contact and health data) are only named as changed.
VALUES_KEPT = ("name", "organization", "title")
# The secrets handed to the registrant (ticket token, check-in code): an entry says that they
# were replaced, never what they are.
SECRET_FIELDS = ("token", "checkin_code")


def actor_of(by, *, otherwise):
    """The actor fields of an entry: the staff user `by`, else `otherwise` (an Actor)."""
    if by is not None and getattr(by, "is_authenticated", False):
        return {"actor_kind": Actor.STAFF, "actor": by, "actor_name": by.get_username()}
    return {"actor_kind": otherwise, "actor": None, "actor_name": ""}


def log_action(
    action,
    *,
    by=None,
    otherwise=Actor.SYSTEM,
    registration=None,
    edition_id=None,
    data=None,
    at=None,
):
    """Record `action` on `registration` (or, for an edition-level action, on `edition_id`).

    Call it inside the transaction of the action it records."""
    return RegistrationLogEntry.objects.create(
        edition_id=registration.edition_id if registration is not None else edition_id,
        registration=registration,
        action=action,
        data=data or {},
        created_at=at or timezone.now(),
        **actor_of(by, otherwise=otherwise),
    )


def changes(before, after, fields):
    """{field: [old, new]} for the `fields` whose value differs between two registrations (or
    dicts), JSON-ready; a personal field whose values are not kept, or a secret, reads
    [None, None]."""
    found = {}
    for name in fields:
        old, new = _value(before, name), _value(after, name)
        if old == new:
            continue
        if name in SECRET_FIELDS or (name in PERSONAL_FIELDS and name not in VALUES_KEPT):
            found[name] = [None, None]
        else:
            found[name] = [_json(old), _json(new)]
    return found


def _value(obj, name):
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def scrubbed(data):
    """`data` without the registrant's personal values (field names stay: that a name was
    corrected is not personal, the name is)."""
    recorded = data.get("changes")
    if not recorded:
        return data
    return {
        **data,
        "changes": {
            name: [None, None] if name in PERSONAL_FIELDS else values
            for name, values in recorded.items()
        },
    }


def scrub_entries(registration_ids):
    """Remove the personal values from the log of these registrations (on anonymization).
    Returns how many entries changed."""
    changed = []
    entries = RegistrationLogEntry.objects.filter(registration_id__in=registration_ids)
    for entry in entries.only("pk", "data"):
        cleaned = scrubbed(entry.data)
        if cleaned != entry.data:
            entry.data = cleaned
            changed.append(entry)
    RegistrationLogEntry.objects.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)
