"""The backup's parts that need no second server: what an archive holds, what counts as an
empty database, timestamps to the microsecond, and the refusals made before anything is read."""

import datetime
import json

import pytest
from django.apps import apps
from django.core import serializers

from config.backup.archive import (
    EXCLUDED,
    BackupError,
    archived_models,
    backup_create,
    database_holdings,
)
from tests.factories import PersonFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def test_every_model_is_archived_or_left_out_on_purpose():
    archived = {model._meta.label_lower for model in archived_models()}
    every = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}

    assert archived | set(EXCLUDED) == every
    assert not archived & set(EXCLUDED)
    assert {"registrations.registration_sectors", "forum.agendaitem_speakers"} <= archived
    assert "auth.group_permissions" in archived  # the groups' grants, by natural key


def test_a_freshly_migrated_database_counts_as_empty():
    assert database_holdings("default") == {}


def test_a_database_with_content_or_registrations_does_not():
    PersonFactory()
    RegistrationFactory()

    held = database_holdings("default")

    assert held["profiles.person"] == 1
    assert held["registrations.registration"] == 1


def test_the_archive_keeps_timestamps_to_the_microsecond():
    person = PersonFactory()
    moment = datetime.datetime(2026, 5, 10, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    type(person).objects.filter(pk=person.pk).update(created_at=moment)
    person.refresh_from_db()

    text = serializers.serialize("backup_json", [person])
    loaded = next(serializers.deserialize("json", text)).object

    assert json.loads(text)[0]["fields"]["created_at"] == "2026-05-10T09:30:15.123456Z"
    assert loaded.created_at == moment


def test_a_backup_inside_a_transaction_is_refused(tmp_path):
    with pytest.raises(BackupError, match="outside a transaction"):
        backup_create(tmp_path / "site.tar.gz")

    assert list(tmp_path.iterdir()) == []


def test_an_existing_archive_is_not_overwritten_unless_asked(tmp_path):
    existing = tmp_path / "site.tar.gz"
    existing.write_bytes(b"last night's backup")

    with pytest.raises(BackupError, match="exists"):
        backup_create(existing)

    assert existing.read_bytes() == b"last night's backup"
