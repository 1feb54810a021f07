import datetime

import pytest
from django.utils import timezone

from forum.registrations import configuration, exceptions, outbox, promotion, seats
from forum.registrations.codes import CHECKIN_ALPHABET
from forum.registrations.enums import EmailKind, RegistrationStatus
from forum.registrations.models import Registration, RegistrationEmail
from tests.factories import EditionFactory, PrivacyNoticeFactory, SectorFactory

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


def test_confirmed_while_seats_remain():
    edition = open_edition(capacity=2)
    assert register(edition).status == RegistrationStatus.CONFIRMED


def test_waitlisted_once_capacity_is_reached():
    edition = open_edition(capacity=1)
    register(edition)
    assert register(edition).status == RegistrationStatus.WAITLISTED


def test_waitlisted_when_category_quota_is_reached_though_capacity_remains():
    edition = open_edition(capacity=10, quotas={"investor": 1})
    register(edition, category="investor")
    assert register(edition, category="investor").status == RegistrationStatus.WAITLISTED


def test_other_category_still_confirmed_when_one_quota_is_full():
    edition = open_edition(capacity=10, quotas={"investor": 1})
    register(edition, category="investor")
    assert register(edition, category="media").status == RegistrationStatus.CONFIRMED


def test_zero_capacity_waitlists_everyone():
    edition = open_edition(capacity=0)
    assert register(edition).status == RegistrationStatus.WAITLISTED


def test_cancelled_registrations_do_not_hold_seats():
    edition = open_edition(capacity=1)
    first = register(edition)
    seats.registration_cancel(registration=first)
    assert register(edition).status == RegistrationStatus.CONFIRMED


def test_same_email_any_case_is_refused_with_the_live_registration():
    edition = open_edition()
    first = register(edition, email="Li.Ming@Example.com")
    with pytest.raises(exceptions.AlreadyRegistered) as caught:
        register(edition, email="li.ming@example.COM")
    assert caught.value.code == "already_registered"
    assert caught.value.registration == first
    assert Registration.objects.count() == 1


def test_same_email_may_register_again_after_cancelling():
    edition = open_edition()
    first = register(edition, email="a@example.com")
    seats.registration_cancel(registration=first)
    assert register(edition, email="a@example.com").status == RegistrationStatus.CONFIRMED


def test_same_email_may_register_for_another_edition():
    register(open_edition(), email="a@example.com")
    assert register(open_edition(), email="a@example.com").pk


def test_refused_before_the_window_opens():
    now = timezone.now()
    edition = open_edition(opens_at=now + datetime.timedelta(days=1))
    with pytest.raises(exceptions.RegistrationNotOpen) as caught:
        register(edition)
    assert caught.value.code == "registration_not_open"


def test_refused_after_the_window_closes():
    now = timezone.now()
    edition = open_edition(
        opens_at=now - datetime.timedelta(days=10), closes_at=now - datetime.timedelta(days=1)
    )
    with pytest.raises(exceptions.RegistrationClosed) as caught:
        register(edition)
    assert caught.value.code == "registration_closed"


def test_refused_when_the_edition_offers_no_registration():
    with pytest.raises(exceptions.RegistrationUnavailable) as caught:
        register(EditionFactory())
    assert caught.value.code == "registration_unavailable"


def test_refused_when_the_accepted_notice_is_not_the_one_in_force():
    edition = open_edition()
    old = PrivacyNoticeFactory(effective_from=timezone.now() - datetime.timedelta(days=3650))
    with pytest.raises(exceptions.PrivacyNoticeChanged) as caught:
        register(edition, privacy_notice=old)
    assert caught.value.code == "privacy_notice_changed"


def test_consent_records_notice_version_and_time():
    edition = open_edition()
    registration = register(edition)
    assert registration.privacy_notice.version == "2026-1"
    assert abs(registration.consented_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_stores_sectors_of_interest():
    edition = open_edition()
    sector = SectorFactory()
    registration = register(edition, sectors=[sector])
    assert list(registration.sectors.all()) == [sector]


def test_token_is_long_random_and_not_the_id():
    edition = open_edition()
    a, b = register(edition), register(edition)
    assert len(a.token) >= 43  # 32 bytes = 256 bits, base64url
    assert a.token != b.token
    assert str(a.pk) not in {a.token}


def test_checkin_code_uses_the_unambiguous_alphabet():
    registration = register(open_edition())
    assert len(registration.checkin_code) == 8
    assert set(registration.checkin_code) <= set(CHECKIN_ALPHABET)
    assert not set(registration.checkin_code) & set("01OIL58SB")


def test_cancelling_a_confirmed_seat_promotes_the_first_waitlisted_of_that_category():
    edition = open_edition(capacity=1)
    holder = register(edition)
    first = register(edition)
    register(edition)
    outcome = seats.registration_cancel(registration=holder)
    assert outcome.promoted == first
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert first.promoted_at is not None


def test_promotion_prefers_the_same_category_over_an_earlier_other_category():
    edition = open_edition(capacity=2, quotas={"investor": 1})
    investor = register(edition, category="investor")
    register(edition, category="media")
    register(edition, category="media")  # waits: capacity
    waiting_investor = register(edition, category="investor")  # waits: capacity and quota
    outcome = seats.registration_cancel(registration=investor)
    assert outcome.promoted == waiting_investor


def test_freed_capacity_seat_goes_to_another_category_when_none_of_the_same_waits():
    edition = open_edition(capacity=1)
    holder = register(edition, category="investor")
    media = register(edition, category="media")
    outcome = seats.registration_cancel(registration=holder)
    assert outcome.promoted == media


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    third = register(edition)
    assert seats.registration_cancel(registration=waiting).promoted is None
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITLISTED


def test_cancelling_twice_is_refused():
    registration = register(open_edition())
    seats.registration_cancel(registration=registration)
    with pytest.raises(exceptions.AlreadyCancelled) as caught:
        seats.registration_cancel(registration=registration)
    assert caught.value.code == "already_cancelled"


def test_promote_by_hand_when_a_seat_is_free():
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    edition.registration_settings.capacity = 2
    edition.registration_settings.save()
    assert promotion.registration_promote(registration=waiting).status == "confirmed"


def test_promote_by_hand_is_refused_when_full():
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    with pytest.raises(exceptions.EditionFull) as caught:
        promotion.registration_promote(registration=waiting)
    assert caught.value.code == "edition_full"


def test_promote_by_hand_over_capacity_when_the_organizer_says_so():
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    promoted = promotion.registration_promote(registration=waiting, allow_over_capacity=True)
    assert promoted.status == RegistrationStatus.CONFIRMED


def test_promote_refuses_a_registration_not_waiting():
    registration = register(open_edition())
    with pytest.raises(exceptions.NotWaitlisted) as caught:
        promotion.registration_promote(registration=registration)
    assert caught.value.code == "not_waitlisted"


def test_fill_seats_after_raising_capacity_promotes_in_arrival_order():
    edition = open_edition(capacity=1)
    register(edition)
    first, second, third = register(edition), register(edition), register(edition)
    edition.registration_settings.capacity = 3
    edition.registration_settings.save()
    assert promotion.registration_fill_seats(edition=edition) == [first, second]
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITLISTED


def test_delete_erases_the_row_and_refills_the_seat():
    edition = open_edition(capacity=1)
    holder = register(edition)
    waiting = register(edition)
    assert seats.registration_delete(registration=holder) == waiting
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert not RegistrationEmail.objects.filter(registration_id=holder.pk).exists()


def test_resend_queues_the_email_matching_the_status():
    edition = open_edition(capacity=0)
    registration = register(edition)
    email = outbox.registration_resend_email(registration=registration)
    assert email.kind == EmailKind.WAITLIST


def test_settings_save_sets_window_capacity_and_quotas():
    edition = EditionFactory()
    now = timezone.now()
    settings = configuration.registration_settings_save(
        edition=edition,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=60),
        capacity=300,
        quotas={"investor": 100, "entrepreneur": 100},
        is_demo=True,
    )
    assert settings.capacity == 300
    assert dict(settings.quotas.values_list("category", "quota")) == {
        "investor": 100,
        "entrepreneur": 100,
    }


def test_settings_save_again_replaces_quotas():
    edition = EditionFactory()
    now = timezone.now()
    window = {"opens_at": now, "closes_at": now + datetime.timedelta(days=1), "capacity": 5}
    configuration.registration_settings_save(edition=edition, quotas={"investor": 1}, **window)
    settings = configuration.registration_settings_save(
        edition=edition, quotas={"media": 2}, **window
    )
    assert dict(settings.quotas.values_list("category", "quota")) == {"media": 2}


def test_a_check_in_code_drawn_twice_is_drawn_again(monkeypatch):
    edition = open_edition()
    codes = iter(["ACDEFGHJ", "ACDEFGHJ", "KMNPQRTU"])
    monkeypatch.setattr(seats, "new_checkin_code", lambda: next(codes))
    register(edition)
    second = register(edition)
    assert second.checkin_code == "KMNPQRTU"
    assert Registration.objects.filter(edition=edition).count() == 2


def test_cancel_works_after_the_registration_settings_were_removed():
    edition = open_edition()
    registration = register(edition)
    edition.registration_settings.delete()
    outcome = seats.registration_cancel(registration=registration)
    assert outcome.cancelled.status == RegistrationStatus.CANCELLED


def test_delete_works_after_the_registration_settings_were_removed():
    edition = open_edition()
    registration = register(edition)
    edition.registration_settings.delete()
    seats.registration_delete(registration=registration)
    assert not Registration.objects.exists()
