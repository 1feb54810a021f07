"""Invitation-only editions (issue 12): a code is needed to register; single- or multi-use;
a code may put its holders in one category and give them a quota of seats of its own."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import translation

from forum.registrations import exceptions, promotion, seats
from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import InvitationCode, Registration
from tests.factories import UserFactory

from .helpers import form_data, open_edition, register

pytestmark = pytest.mark.every_database


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def invited_edition(**kwargs):
    return open_edition(invitation_only=True, **kwargs)


def code(edition, value="VIP2026", **kwargs):
    return InvitationCode.objects.create(edition=edition, code=value, **kwargs)


@pytest.mark.django_db
def test_without_a_code_registration_is_refused():
    edition = invited_edition()

    with pytest.raises(exceptions.InvitationRequired):
        register(edition)
    with pytest.raises(exceptions.InvitationInvalid):
        register(edition, invitation_code="NOPE")


@pytest.mark.django_db
def test_a_single_use_code_registers_once_and_a_cancellation_gives_it_back():
    edition = invited_edition()
    code(edition, "vip-2026")

    first = register(edition, invitation_code="VIP 2026")
    with pytest.raises(exceptions.InvitationUsedUp):
        register(edition, invitation_code="vip2026")
    seats.registration_cancel(registration=first)
    again = register(edition, invitation_code="VIP2026")

    assert again.invitation.code == "VIP2026"


@pytest.mark.django_db
def test_a_registrant_back_with_their_used_up_code_is_told_they_are_registered():
    """The same answer as on any registered mailbox (the page after a submission, the ticket
    link e-mailed again), whatever the code: not the code's refusal."""
    edition = invited_edition()
    code(edition, "vip-2026")
    first = register(edition, invitation_code="VIP2026", email="back@example.com")

    for again in ("VIP2026", "NOPE", ""):
        with pytest.raises(exceptions.AlreadyRegistered) as refusal:
            register(edition, invitation_code=again, email="Back@example.com")
        assert refusal.value.registration == first
    with pytest.raises(exceptions.InvitationUsedUp):
        register(edition, invitation_code="VIP2026", email="new@example.com")


@pytest.mark.django_db
def test_a_multi_use_code_allows_its_number():
    edition = invited_edition()
    code(edition, max_uses=3)

    for _n in range(3):
        register(edition, invitation_code="VIP2026")

    with pytest.raises(exceptions.InvitationUsedUp):
        register(edition, invitation_code="VIP2026")


@pytest.mark.django_db
def test_a_code_sets_the_category_and_its_seats_send_the_rest_to_the_waiting_list():
    edition = invited_edition(capacity=100)
    code(edition, max_uses=5, category="investor", seats=2)

    people = [register(edition, invitation_code="VIP2026", category="other") for _n in range(3)]

    assert {p.category for p in people} == {"investor"}
    assert [p.status for p in people] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
    # A seat of the code freed goes to the code's next registrant.
    outcome = seats.registration_cancel(registration=people[0])
    assert outcome.promoted == people[2]


@pytest.mark.django_db
def test_a_waitlisted_invitee_cannot_be_promoted_past_the_codes_seats():
    edition = invited_edition(capacity=100)
    code(edition, max_uses=5, seats=1)
    register(edition, invitation_code="VIP2026")
    waiting = register(edition, invitation_code="VIP2026")

    with pytest.raises(exceptions.EditionFull):
        promotion.registration_promote(registration=waiting)


@pytest.mark.django_db
def test_an_edition_open_to_all_ignores_codes():
    edition = open_edition()

    registration = register(edition, invitation_code="ANYTHING")

    assert registration.invitation is None


# --- The public form ----------------------------------------------------------------------------


def register_url(edition, language="en"):
    with translation.override(language):
        return reverse("registration:register", kwargs={"number": edition.number})


@pytest.mark.django_db
def test_the_form_asks_for_the_code_and_an_invitation_link_fills_it(client):
    edition = invited_edition()

    page = client.get(register_url(edition), {"code": "VIP2026"}).content.decode()

    assert 'name="invitation_code"' in page
    assert 'value="VIP2026"' in page


@pytest.mark.django_db
def test_a_wrong_code_is_the_fields_error_and_a_good_one_registers(client):
    edition = invited_edition()
    code(edition)

    wrong = client.post(register_url(edition), form_data(invitation_code="WRONG"))
    right = client.post(register_url(edition), form_data(invitation_code="vip2026"))

    assert wrong.status_code == 200
    assert "invitation_code_error" in wrong.content.decode()
    assert "not valid for this edition" in wrong.content.decode()
    assert right.status_code == 302
    assert Registration.objects.get().invitation.code == "VIP2026"


@pytest.mark.django_db
def test_an_open_edition_has_no_code_field(client):
    page = client.get(register_url(open_edition())).content.decode()

    assert 'name="invitation_code"' not in page


# --- Admin ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_organizer_creates_a_code_and_sees_its_uses(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    edition = invited_edition()

    response = client.post(
        reverse("admin:registrations_invitationcode_add"),
        {"edition": edition.pk, "code": "red-carpet 1", "label": "嘉宾", "max_uses": 2},
    )
    register(edition, invitation_code="REDCARPET1")
    listing = client.get(reverse("admin:registrations_invitationcode_changelist"))

    assert response.status_code == 302
    assert InvitationCode.objects.get().code == "REDCARPET1"
    assert listing.context["cl"].result_list[0].used_count == 1


# --- The lock ---------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_single_use_code_used_at_once_by_many_registers_one():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    edition = invited_edition()
    code(edition)
    threads_count = 12
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def one(n):
        try:
            barrier.wait()
            register(edition, email=f"r{n}@example.com", invitation_code="VIP2026")
            outcomes.append("registered")
        except exceptions.InvitationUsedUp:
            outcomes.append("used up")
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["registered"] + ["used up"] * (threads_count - 1)
    assert Registration.objects.filter(edition=edition).count() == 1
