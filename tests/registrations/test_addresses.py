"""One registration per mailbox: every way of writing an address that reaches the same mailbox
is the same registrant, in the service and in the database on SQLite and PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction

from forum.registrations.addresses import normalize_email
from forum.registrations.exceptions import AlreadyRegistered
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory

from .helpers import open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

SAME_MAILBOX = [
    "case.test@example.com",
    "Case.Test@EXAMPLE.com",
    "case.test@ｅxample.com",  # a full-width letter
    "ｃａｓｅ．ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｃｏｍ",  # all full-width, @ and dots included
    "case.test@exa\u200bmple.com",  # zero-width space
    "case.test@example.com\u200d",  # zero-width joiner at the end
    "case\u00ad.test@example.com",  # soft hyphen
    "\ufeffcase.test@example.com",  # byte-order mark
    "case.test@example.com.",  # the root's dot
    " case.test@example.com ",
]


@pytest.mark.parametrize("address", SAME_MAILBOX)
def test_every_spelling_of_one_mailbox_normalizes_alike(address):
    assert normalize_email(address) == "case.test@example.com"


def test_an_internationalized_domain_is_idna_encoded():
    assert normalize_email("李明@例子.中国") == "李明@xn--fsqu00a.xn--fiqs8s"
    assert normalize_email("li@例子。中国") == "li@xn--fsqu00a.xn--fiqs8s"  # ideographic full stop


def test_different_mailboxes_stay_different():
    assert normalize_email("a.b@example.com") != normalize_email("ab@example.com")
    assert normalize_email("a@example.com") != normalize_email("a@example.cn")


@pytest.mark.parametrize("address", SAME_MAILBOX[1:])
def test_the_service_refuses_a_second_spelling_of_a_registered_mailbox(address):
    edition = open_edition()
    first = register(edition, email="case.test@example.com")

    with pytest.raises(AlreadyRegistered) as refusal:
        register(edition, email=address)

    assert refusal.value.registration == first
    assert Registration.objects.count() == 1


def test_the_registration_keeps_the_address_as_typed_and_its_mailbox():
    registration = register(open_edition(), email="Case.Test@ｅxample.com")
    assert registration.email == "Case.Test@ｅxample.com"
    assert registration.email_normalized == "case.test@example.com"


def test_the_database_refuses_two_live_registrations_of_one_mailbox():
    """Past the service (its check bypassed), the unique constraint holds, on both databases."""
    first = RegistrationFactory(email="case.test@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            edition=first.edition,
            status="confirmed",
            category="other",
            name="x",
            email="case.test@ｅxample.com",
            email_normalized=normalize_email("case.test@ｅxample.com"),
            organization="x",
            title="x",
            privacy_notice=first.privacy_notice,
            consented_at=first.consented_at,
        )


def test_a_cancelled_registration_does_not_hold_the_mailbox():
    first = RegistrationFactory(email="case.test@example.com", status="cancelled")
    assert RegistrationFactory(edition=first.edition, email="case.test@ｅxample.com").pk
