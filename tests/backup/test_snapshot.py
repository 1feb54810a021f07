"""On PostgreSQL the backup reads one snapshot: a registration committed while the rows are
being written is in neither the data nor the counts, so the archive agrees with itself. The
negative control, the same backup read without REPEATABLE READ, disagrees — the snapshot is
what keeps it whole."""

import contextlib
import json
import tarfile
import threading

import pytest
from django.db import connection, transaction

from config.backup import archive
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]


def _register_meanwhile(registration):
    """A registration committed by another connection (another request) mid-backup."""
    failures = []

    def register():
        try:
            RegistrationFactory(
                edition=registration.edition, privacy_notice=registration.privacy_notice
            )
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=register)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def _backup_with_a_registration_meanwhile(monkeypatch, path):
    first = RegistrationFactory()
    rows_to_dump = archive._rows_to_dump

    def dump_then_register(using):
        yield from rows_to_dump(using)
        _register_meanwhile(first)  # after the rows were written, before the counts

    monkeypatch.setattr(archive, "_rows_to_dump", dump_then_register)
    archive.backup_create(path)
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        rows = json.load(tar.extractfile("data.json"))
    written = sum(1 for row in rows if row["model"] == "registrations.registration")
    return written, manifest["counts"]["registrations.registration"]


def test_a_registration_committed_during_the_backup_is_in_neither_data_nor_counts(
    committed_database, monkeypatch, tmp_path
):
    written, counted = _backup_with_a_registration_meanwhile(monkeypatch, tmp_path / "a.tar.gz")

    assert written == counted == 1
    assert Registration.objects.count() == 2  # it was committed, after the snapshot


def test_without_the_snapshot_the_archive_would_contradict_itself(
    committed_database, monkeypatch, tmp_path
):
    @contextlib.contextmanager
    def read_committed(using):
        with transaction.atomic(using=using):
            yield

    monkeypatch.setattr(archive, "_snapshot", read_committed)

    written, counted = _backup_with_a_registration_meanwhile(monkeypatch, tmp_path / "b.tar.gz")

    assert (written, counted) == (1, 2)
