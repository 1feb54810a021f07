"""Registration moved out of forum into its own app: a database migrated before the move, with
registrations, e-mails and check-ins in it, keeps every row, and they still work afterwards.

The test rolls the schema back to where forum held the models, writes rows through the
historical models of that state (as the old code would have), migrates forward, and then uses
the current models and services on them."""

import datetime
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.utils import timezone

from forum.registrations import door, seats
from forum.registrations.enums import RegistrationStatus
from forum.registrations.exceptions import AlreadyRegistered
from forum.registrations.models import Registration, RegistrationEmail, RegistrationSettings
from tests.helpers import latest_migrations, migrate_to

pytestmark = pytest.mark.every_database

BEFORE_THE_MOVE = [("forum", "0005_registration_ordering_without_joins"), ("registrations", None)]


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate_to(BEFORE_THE_MOVE)
    yield apps
    migrate_to(latest_migrations())


def _seed_the_old_schema(apps):
    """An edition with settings, two confirmed registrants (one checked in), one waitlisted, and
    their e-mails, written as forum's models of the time."""
    forum_model = apps.get_model("forum", "Forum")
    edition_model = apps.get_model("forum", "Edition")
    notice_model = apps.get_model("forum", "PrivacyNotice")
    settings_model = apps.get_model("forum", "RegistrationSettings")
    quota_model = apps.get_model("forum", "CategoryQuota")
    registration_model = apps.get_model("forum", "Registration")
    email_model = apps.get_model("forum", "RegistrationEmail")
    sector_model = apps.get_model("metrics", "Sector")

    now = timezone.now()
    forum = forum_model.objects.create(name_zh="论坛", slug="forum")
    edition = edition_model.objects.create(forum=forum, number=7, year=now.year)
    notice = notice_model.objects.create(
        version="old-1", effective_from=now, title_zh="说明", body_zh="用途。"
    )
    registration_settings = settings_model.objects.create(
        edition=edition,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        capacity=2,
        privacy_notice=notice,
    )
    quota_model.objects.create(settings=registration_settings, category="investor", quota=1)
    sector = sector_model.objects.create(name_zh="人工智能", slug="ai")
    rows = {}
    for name, status, code, checked_in in (
        ("甲", "confirmed", "AAAA2222", now),
        ("乙", "confirmed", "CCCC3333", None),
        ("丙", "waitlisted", "DDDD4444", None),
    ):
        registration = registration_model.objects.create(
            edition=edition,
            status=status,
            category="entrepreneur",
            name=name,
            email=f"{code.lower()}@example.com",
            organization="机构",
            title="创始人",
            privacy_notice=notice,
            consented_at=now,
            token=f"token-{code}",
            checkin_code=code,
            checked_in_at=checked_in,
        )
        registration.sectors.add(sector)
        email_model.objects.create(
            registration=registration, kind="confirmation", status="sent", attempts=1, sent_at=now
        )
        rows[name] = registration.pk
    return edition.pk, rows


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_all_there_and_still_work(old_schema):
    edition_id, rows = _seed_the_old_schema(old_schema)

    migrate_to(latest_migrations())

    assert Registration.objects.filter(edition_id=edition_id).count() == 3
    assert RegistrationEmail.objects.filter(registration__edition_id=edition_id).count() == 3
    checked_in = Registration.objects.get(pk=rows["甲"])
    assert checked_in.checked_in_at is not None
    assert [s.slug for s in checked_in.sectors.all()] == ["ai"]
    assert RegistrationSettings.objects.get(edition_id=edition_id).quotas.count() == 1
    # The door and the seat rules work on the migrated rows.
    admitted = door.registration_check_in(
        edition=checked_in.edition, code="CCCC3333", by=User.objects.create(username="door")
    )
    assert admitted.pk == rows["乙"]
    with pytest.raises(door.CheckInRefused) as refused:
        door.registration_check_in(edition=checked_in.edition, code="AAAA2222", by=None)
    assert refused.value.code == "already_checked_in"
    # Checked in: only an organizer may cancel now.
    outcome = seats.registration_cancel(
        registration=Registration.objects.get(pk=rows["乙"]), by=User.objects.get(username="door")
    )
    assert outcome.promoted.pk == rows["丙"]
    assert Registration.objects.get(pk=rows["丙"]).status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_the_organizers_keep_their_permissions_under_the_new_app_label(old_schema):
    # A transactional test's flush removes the groups; grant them as the old schema did.
    import_module("forum.migrations.0004_editor_and_organizer_groups").create_groups(
        old_schema, None
    )
    assert Permission.objects.filter(
        content_type__app_label="forum", codename="check_in_registration"
    ).exists()

    migrate_to(latest_migrations())

    organizers = Group.objects.get(name="Organizers")
    codenames = set(
        organizers.permissions.filter(content_type__app_label="registrations").values_list(
            "codename", flat=True
        )
    )
    assert {"check_in_registration", "export_registration", "change_registration"} <= codenames
    assert not Permission.objects.filter(
        content_type__app_label="forum", codename__contains="registration"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_the_tables_carry_the_new_app_name(old_schema):
    migrate_to(latest_migrations())

    tables = set(connection.introspection.table_names())
    assert {"registrations_registration", "registrations_registration_sectors"} <= tables
    assert not {name for name in tables if name.startswith("forum_registration")}


BEFORE_MAILBOXES = [("registrations", "0004_email_claims_and_next_attempt")]


@pytest.mark.django_db(transaction=True)
def test_existing_registrations_get_their_mailbox_and_shared_ones_are_set_apart():
    """Rows registered before the normalized column: each gets its mailbox; a later live row
    sharing one (the audit's full-width and zero-width spellings) is kept, set apart by its
    id so the new unique constraint can be added, and the next registration of that mailbox
    is refused."""
    old = migrate_to(BEFORE_MAILBOXES)
    try:
        edition_id = _seed_the_old_registrations(old)
        migrate_to(latest_migrations())
    finally:
        migrate_to(latest_migrations())

    rows = {r.email: r for r in Registration.objects.filter(edition_id=edition_id)}
    first = rows["case.test@example.com"]
    assert first.email_normalized == "case.test@example.com"
    for spelling in ("case.test@ｅxample.com", "case.test@exa\u200bmple.com"):
        assert rows[spelling].email_normalized == f"case.test@example.com#{rows[spelling].pk}"
    assert rows["gone@example.com"].email_normalized == "gone@example.com"  # cancelled
    assert rows["Other@Example.com"].email_normalized == "other@example.com"
    with pytest.raises(AlreadyRegistered):
        seats.registration_create(
            edition=first.edition,
            category="other",
            name="x",
            email="CASE.TEST@EXAMPLE.COM",
            organization="x",
            title="x",
            privacy_notice=first.privacy_notice,
        )


def _seed_the_old_registrations(apps):
    now = timezone.now()
    forum = apps.get_model("forum", "Forum").objects.create(name_zh="论坛", slug="forum-m")
    edition = apps.get_model("forum", "Edition").objects.create(
        forum=forum, number=9, year=now.year
    )
    notice = apps.get_model("registrations", "PrivacyNotice").objects.create(
        version="m-1", effective_from=now, title_zh="说明", body_zh="用途。"
    )
    apps.get_model("registrations", "RegistrationSettings").objects.create(
        edition=edition,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        capacity=10,
        privacy_notice=notice,
    )
    registration_model = apps.get_model("registrations", "Registration")
    for n, (email, status) in enumerate(
        [
            ("case.test@example.com", "confirmed"),
            ("case.test@ｅxample.com", "confirmed"),
            ("case.test@exa\u200bmple.com", "waitlisted"),
            ("gone@example.com", "cancelled"),
            ("Other@Example.com", "confirmed"),
        ]
    ):
        registration_model.objects.create(
            edition=edition,
            status=status,
            category="other",
            name=f"n{n}",
            email=email,
            organization="o",
            title="t",
            privacy_notice=notice,
            consented_at=now,
            token=f"token-m{n}",
            checkin_code=f"MMMM{n}AAA",
            created_at=now + datetime.timedelta(seconds=n),
        )
    return edition.pk
