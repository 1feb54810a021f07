"""The registration log: each action leaves exactly one entry naming who acted, when and what
changed, written in the action's own transaction; exports are recorded per edition;
anonymization scrubs the entries and a deletion takes them away."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.common.dates import DatePrecision
from forum.registrations import audit, details, exports, outbox, promotion, seats
from forum.registrations.door import CheckInRefused, registration_check_in
from forum.registrations.enums import Actor, EmailStatus, LogAction, RegistrationStatus
from forum.registrations.models import Registration, RegistrationLogEntry
from forum.registrations.retention import registrations_anonymize_expired
from tests.factories import (
    EditionFactory,
    PrivacyNoticeFactory,
    RegistrationEmailFactory,
    RegistrationFactory,
    UserFactory,
)

from .helpers import change_form_data, open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

CHANGELIST = "admin:registrations_registration_changelist"


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="organizer-li")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def entries(**filters):
    return list(RegistrationLogEntry.objects.filter(**filters).order_by("created_at", "pk"))


def only_entry(**filters):
    found = entries(**filters)
    assert len(found) == 1, found
    return found[0]


def run_action(client, action, *registrations):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def assert_by_staff(entry, user):
    assert (entry.actor_kind, entry.actor, entry.actor_name) == (
        Actor.STAFF,
        user,
        user.username,
    )


# --- Each action, one entry ---------------------------------------------------------------------


def test_an_organizers_cancel_is_recorded_with_the_organizer_and_the_status_change(
    organizer_client, organizer
):
    registration = register(open_edition())

    run_action(organizer_client, "cancel", registration)

    entry = only_entry(registration=registration)
    assert entry.action == LogAction.CANCELLED
    assert_by_staff(entry, organizer)
    assert entry.edition_id == registration.edition_id
    assert entry.data == {"changes": {"status": ["confirmed", "cancelled"]}}


def test_a_cancel_on_the_ticket_page_is_recorded_as_the_registrants(client):
    registration = register(open_edition())

    client.post(reverse("registration:cancel", args=[registration.token]))

    entry = only_entry(registration=registration)
    assert entry.action == LogAction.CANCELLED
    assert (entry.actor_kind, entry.actor, entry.actor_name) == (Actor.REGISTRANT, None, "")


def test_the_registrant_promoted_into_a_freed_seat_gets_one_automatic_entry(organizer_client):
    edition = open_edition(capacity=1)
    holder, waiting = register(edition), register(edition)

    run_action(organizer_client, "cancel", holder)

    entry = only_entry(registration=waiting)
    assert entry.action == LogAction.PROMOTED
    assert entry.actor_kind == Actor.SYSTEM
    assert entry.data == {
        "changes": {"status": ["waitlisted", "confirmed"]},
        "reason": "seat_freed",
    }
    assert len(entries(registration=holder)) == 1


def test_a_promotion_by_hand_is_recorded(organizer_client, organizer):
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    edition.registration_settings.capacity = 2
    edition.registration_settings.save()

    run_action(organizer_client, "promote", waiting)

    entry = only_entry(registration=waiting)
    assert entry.action == LogAction.PROMOTED
    assert_by_staff(entry, organizer)
    assert entry.data["reason"] == "by_hand"
    assert "over_capacity" not in entry.data


def test_a_promotion_past_the_capacity_says_so(organizer):
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)

    promotion.registration_promote(registration=waiting, allow_over_capacity=True, by=organizer)

    assert only_entry(registration=waiting).data["over_capacity"] is True


def test_a_refused_promotion_leaves_no_entry(organizer_client):
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)

    run_action(organizer_client, "promote", waiting)

    assert entries(registration=waiting) == []


def test_filling_free_seats_records_each_promotion_with_the_organizer(organizer_client, organizer):
    edition = open_edition(capacity=1)
    register(edition)
    first, second = register(edition), register(edition)
    edition.registration_settings.capacity = 3
    edition.registration_settings.save()

    organizer_client.post(
        reverse("admin:registrations_registrationsettings_changelist"),
        {"action": "fill_seats", "_selected_action": [edition.registration_settings.pk]},
    )

    for registration in (first, second):
        entry = only_entry(registration=registration)
        assert_by_staff(entry, organizer)
        assert entry.data["reason"] == "fill_seats"


def test_an_email_resent_by_an_organizer_is_recorded_with_its_kind(organizer_client, organizer):
    registration = register(open_edition())

    run_action(organizer_client, "resend_email", registration)

    entry = only_entry(registration=registration)
    assert entry.action == LogAction.EMAIL_RESENT
    assert_by_staff(entry, organizer)
    assert entry.data == {"kind": "confirmation"}


def test_an_email_resent_by_the_public_form_is_the_registrants_and_a_suppressed_one_is_not():
    registration = register(open_edition())

    outbox.registration_resend_email(registration=registration)
    outbox.registration_resend_email(
        registration=registration, unless_sent_within=datetime.timedelta(minutes=10)
    )

    entry = only_entry(registration=registration)
    assert entry.actor_kind == Actor.REGISTRANT


def test_a_failed_email_retried_by_an_organizer_is_recorded(organizer_client, organizer):
    email = RegistrationEmailFactory(status=EmailStatus.GAVE_UP, attempts=8, next_attempt_at=None)

    organizer_client.post(
        reverse("admin:registrations_registrationemail_changelist"),
        {"action": "retry", "_selected_action": [email.pk]},
    )

    entry = only_entry(registration=email.registration)
    assert entry.action == LogAction.EMAIL_RETRIED
    assert_by_staff(entry, organizer)
    assert entry.data == {"kind": "confirmation"}


def test_a_check_in_at_the_door_is_recorded_with_the_staff_member(client):
    door_user = UserFactory(is_staff=True, username="door-wang")
    door_user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    client.force_login(door_user)
    registration = RegistrationFactory()

    client.post(
        reverse("checkin:page", kwargs={"edition_id": registration.edition_id}),
        {"code": registration.checkin_code},
    )

    registration.refresh_from_db()
    entry = only_entry(registration=registration)
    assert entry.action == LogAction.CHECKED_IN
    assert_by_staff(entry, door_user)
    assert entry.created_at == registration.checked_in_at
    assert entry.data["changes"] == {"checked_in_at": [None, entry.created_at.isoformat()]}
    assert entry.data["list_en"] == "Main entrance"


def test_a_refused_scan_leaves_no_entry(organizer):
    registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED)

    with pytest.raises(CheckInRefused):
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=organizer
        )

    assert entries() == []


def test_a_correction_records_old_and_new_badge_values_but_only_that_needs_changed(
    organizer_client, organizer
):
    registration = RegistrationFactory(name="张三", needs="")

    response = organizer_client.post(
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        change_form_data(registration, name="张三丰", needs="轮椅通道"),
    )

    assert response.status_code == 302
    entry = only_entry(registration=registration)
    assert entry.action == LogAction.DETAILS_CHANGED
    assert_by_staff(entry, organizer)
    assert entry.data == {"changes": {"name": ["张三", "张三丰"], "needs": [None, None]}}


def test_saving_without_a_change_records_nothing(organizer_client):
    registration = RegistrationFactory()

    organizer_client.post(
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        change_form_data(registration),
    )

    assert entries() == []


def test_an_organizers_deletion_takes_the_history_and_leaves_one_entry_on_the_edition(
    organizer_client, organizer
):
    edition = open_edition()
    registration = register(edition, category="investor")
    outbox.registration_resend_email(registration=registration, by=organizer)
    pk = registration.pk

    organizer_client.post(
        reverse("admin:registrations_registration_delete", args=[pk]), {"post": "yes"}
    )

    assert not Registration.objects.filter(pk=pk).exists()
    entry = only_entry()
    assert entry.action == LogAction.DELETED
    assert entry.registration is None
    assert entry.edition == edition
    assert_by_staff(entry, organizer)
    assert entry.data == {"registration": pk, "status": "confirmed", "category": "investor"}


def test_the_registrants_own_deletion_leaves_no_personal_data_in_the_log(client, organizer):
    registration = register(open_edition(), name="李四")
    registration.name = "李四光"
    details.registration_details_save(registration=registration, by=organizer)

    client.post(reverse("registration:delete", args=[registration.token]))

    entry = only_entry()
    assert entry.action == LogAction.DELETED
    assert entry.actor_kind == Actor.REGISTRANT
    assert "李四" not in str(entry.data)


def test_a_selection_export_is_recorded_per_edition_with_format_rows_and_ids(
    organizer_client, organizer
):
    first, second = RegistrationFactory(), RegistrationFactory()
    also_first = RegistrationFactory(edition=first.edition)

    organizer_client.post(
        reverse(CHANGELIST),
        {"action": "export_xlsx", "_selected_action": [first.pk, second.pk, also_first.pk]},
    )

    entry = only_entry(edition=first.edition)
    assert entry.action == LogAction.EXPORTED
    assert entry.registration is None
    assert_by_staff(entry, organizer)
    assert entry.data == {
        "format": "xlsx",
        "rows": 2,
        "scope": "selection",
        "registrations": sorted([first.pk, also_first.pk]),
    }
    assert only_entry(edition=second.edition).data["rows"] == 1


def test_a_whole_edition_export_is_recorded_even_when_empty(organizer_client, organizer):
    edition = EditionFactory()

    organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "csv"])
    )

    entry = only_entry(edition=edition)
    assert_by_staff(entry, organizer)
    assert entry.data == {"format": "csv", "rows": 0, "scope": "edition", "registrations": []}


# --- The transaction, the actor's name, the rules of the table -----------------------------------


def test_an_action_whose_entry_cannot_be_written_is_rolled_back(monkeypatch, organizer):
    registration = register(open_edition())

    def fail(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(audit, "log_action", fail)
    with pytest.raises(RuntimeError):
        seats.registration_cancel(registration=registration, by=organizer)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_actors_name_survives_the_deletion_of_their_account(organizer):
    registration = register(open_edition())
    seats.registration_cancel(registration=registration, by=organizer)

    organizer.delete()

    entry = only_entry(registration=registration)
    assert (entry.actor, entry.actor_name, entry.actor_display) == (
        None,
        "organizer-li",
        "organizer-li",
    )


@pytest.mark.parametrize(
    "values",
    [
        {"actor_kind": Actor.STAFF, "actor_name": ""},
        {"actor_kind": Actor.SYSTEM, "actor_name": "someone"},
        {"action": "registration.invented"},
        {"actor_kind": "robot"},
    ],
    ids=["staff-unnamed", "system-named", "unknown-action", "unknown-actor"],
)
def test_the_database_refuses_an_entry_that_breaks_a_rule(values):
    registration = RegistrationFactory()
    fields = {
        "edition": registration.edition,
        "registration": registration,
        "action": LogAction.CANCELLED,
        "actor_kind": Actor.SYSTEM,
        **values,
    }

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationLogEntry.objects.create(**fields)


@pytest.mark.parametrize(
    ("action", "with_registration"),
    [(LogAction.EXPORTED, True), (LogAction.CANCELLED, False)],
)
def test_the_database_refuses_an_entry_at_the_wrong_level(action, with_registration):
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationLogEntry.objects.create(
            edition=registration.edition,
            registration=registration if with_registration else None,
            action=action,
            actor_kind=Actor.SYSTEM,
        )


# --- Retention ----------------------------------------------------------------------------------


def test_anonymization_scrubs_the_personal_values_and_keeps_the_rest(organizer):
    edition = EditionFactory(
        start_date=datetime.date(2025, 5, 1), start_precision=DatePrecision.DAY
    )
    notice = PrivacyNoticeFactory(retention_days=30)
    registration = RegistrationFactory(edition=edition, privacy_notice=notice, name="王五")
    registration.name = "王五六"
    registration.title = "总监"
    details.registration_details_save(registration=registration, by=organizer)
    seats.registration_cancel(registration=registration, by=organizer)

    registrations_anonymize_expired(today=datetime.date(2026, 1, 1))

    correction, cancel = entries(registration=registration)
    assert correction.data == {"changes": {"name": [None, None], "title": [None, None]}}
    assert cancel.data == {"changes": {"status": ["confirmed", "cancelled"]}}
    assert correction.actor_name == "organizer-li"


def test_the_registrants_data_download_lists_what_was_done_without_staff_names(client, organizer):
    registration = register(open_edition())
    outbox.registration_resend_email(registration=registration, by=organizer)

    data = client.get(reverse("registration:data", args=[registration.token])).json()

    [entry] = data["history"]
    assert entry["action"]["code"] == "registration.email_resent"
    assert entry["by"]["code"] == "staff"
    assert "organizer-li" not in str(data)


@pytest.mark.parametrize("rows", [1, 20])
def test_a_logged_export_runs_a_constant_number_of_queries(
    django_assert_num_queries, organizer, rows
):
    edition = EditionFactory()
    RegistrationFactory.create_batch(rows, edition=edition)

    # savepoint, registrations with their notice and edition, sectors, the editions'
    # questions (none, so no answers), the entry, release
    with django_assert_num_queries(6):
        exports.registrations_export(
            queryset=Registration.objects.filter(edition=edition),
            file_format="csv",
            by=organizer,
            edition=edition,
        )
