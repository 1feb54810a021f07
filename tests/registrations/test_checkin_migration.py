"""The migration that brings in check-in lists moves every check-in made before them onto its
edition's main entrance list, keeping the time and the staff member."""

import datetime

import pytest
from django.utils import timezone

from forum.registrations.door_models import CheckIn, CheckInList
from tests.factories import EditionFactory, RegistrationFactory, UserFactory
from tests.helpers import latest_migrations, migrate_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BEFORE = [("registrations", "0008_organizers_read_the_log")]
AFTER = [("registrations", "0010_existing_checkins_on_the_main_entrance")]


@pytest.fixture
def before_lists():
    yield migrate_to(BEFORE)
    migrate_to(latest_migrations())


def test_existing_check_ins_move_to_each_editions_main_entrance(before_lists):
    old_registration = before_lists.get_model("registrations", "Registration")
    staff = UserFactory(is_staff=True)
    at = timezone.now() - datetime.timedelta(hours=2)
    first, second = EditionFactory(), EditionFactory()
    untouched = EditionFactory()
    rows = [
        RegistrationFactory.build(edition=first),
        RegistrationFactory.build(edition=first),
        RegistrationFactory.build(edition=second),
        RegistrationFactory.build(edition=untouched),
    ]
    ids = []
    for row in rows:
        made = old_registration.objects.create(
            **{
                field.attname: getattr(row, field.attname)
                for field in old_registration._meta.concrete_fields
                if field.attname != "id"
            }
        )
        ids.append(made.pk)
    old_registration.objects.filter(pk__in=ids[:3]).update(
        checked_in_at=at, checked_in_by_id=staff.pk
    )

    migrate_to(AFTER)

    assert CheckIn.objects.count() == 3
    lists = CheckInList.objects.all()
    assert {checkin_list.edition_id for checkin_list in lists} == {first.pk, second.pk}
    assert all(checkin_list.is_default for checkin_list in lists)
    for checkin in CheckIn.objects.select_related("checkin_list"):
        assert checkin.at == at
        assert checkin.by_id == staff.pk
        # Through the model as of AFTER: later migrations add columns to the registration.
        registration = old_registration.objects.get(pk=checkin.registration_id)
        assert checkin.checkin_list.edition_id == registration.edition_id
        assert checkin.undone_at is None
