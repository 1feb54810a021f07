"""Shared helpers for the registration tests: open an edition, register through the service, fill
the public form."""

import datetime
import re
import threading

from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations import seats
from forum.registrations.confirmation_links import confirmation_token
from forum.registrations.models import Registration
from tests.factories import (
    CategoryQuotaFactory,
    RegistrationSettingsFactory,
    _in_force_privacy_notice,
)

_counter = iter(range(1, 10**9))


def open_edition(*, capacity=100, quotas=None, **kwargs):
    _in_force_privacy_notice()  # present even after a transactional test flushed the table
    registration_settings = RegistrationSettingsFactory(capacity=capacity, **kwargs)
    for category, quota in (quotas or {}).items():
        CategoryQuotaFactory(settings=registration_settings, category=category, quota=quota)
    return registration_settings.edition


def register(edition, **overrides):
    n = next(_counter)
    values = {
        "edition": edition,
        "category": "entrepreneur",
        "name": f"报名者{n}",
        "email": f"person{n}@example.com",
        "organization": "某科技公司",
        "title": "CEO",
        "privacy_notice": _in_force_privacy_notice(),
    }
    values.update(overrides)
    return seats.registration_create(**values)


def form_data(**overrides):
    """What a registrant types into the public form (the demo's notice version accepted)."""
    return {
        "name": "李明",
        "email": "li.ming@example.com",
        "mobile": "",
        "organization": "某科技公司",
        "title": "创始人",
        "category": "entrepreneur",
        "needs": "",
        "consent": "on",
        "notice_version": "2026-1",
        "website": "",
        **overrides,
    }


# The e-mail confirmation link in an e-mail's text.
CONFIRMATION_LINK = re.compile(r"https?://\S+/register/confirm/[^/\s\"]+/")


def confirm_after_the_deadline(client, registration):
    """The registrant's hold has just run out; they POST their confirmation link (English page).
    Returns the response, with `registration` read again."""
    Registration.objects.filter(pk=registration.pk).update(
        confirm_email_by=timezone.now() - datetime.timedelta(seconds=1)
    )
    registration.refresh_from_db()
    with translation.override("en"):
        path = reverse(
            "registration:confirm_email", kwargs={"token": confirmation_token(registration)}
        )
    response = client.post(path)
    registration.refresh_from_db()
    return response


def at_once(*actions, refusals=()):
    """Run `actions` in threads of their own, released together, each closing its own database
    connection. Returns (errors, refused): the exceptions of the `refusals` types are refused,
    any other is an error, which the caller's test asserts empty."""
    barrier = threading.Barrier(len(actions))
    errors, refused = [], []

    def run(action):
        try:
            barrier.wait()
            action()
        except refusals as refusal:
            refused.append(refusal)
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, refused


def change_form_data(registration, **changes):
    """The admin's registration change form as an organizer posts it, with `changes`."""
    values = {
        "name": registration.name,
        "email": registration.email,
        "organization": registration.organization,
        "title": registration.title,
        "mobile": registration.mobile,
        "needs": registration.needs,
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "emails-TOTAL_FORMS": "0",
        "emails-INITIAL_FORMS": "0",
        "log_entries-TOTAL_FORMS": "0",
        "log_entries-INITIAL_FORMS": "0",
    }
    values.update(changes)
    return values
