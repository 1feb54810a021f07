"""`manage.py backup` and `manage.py restore` carry a whole site to an empty server: the demo
content, registrations in every state with their e-mails and history, staff accounts, the
generated portraits and an uploaded photo. The restore runs as an operator would run it, in its
own process on another database (SQLite: a second file; PostgreSQL: a second database made and
dropped here) and another MEDIA_ROOT, and the test finds every row, every media file byte for
byte and the public pages the same, within a time bound."""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from config.images.services import image_create
from forum.models import Edition
from forum.registrations import configuration, details, door, exports, outbox, seats
from forum.registrations.models import PrivacyNotice, Registration
from metrics.models import Sector
from profiles import services as profiles_services
from profiles.models import Person
from tests.backup import site_state

ROOT = Path(__file__).resolve().parents[2]
# Generous for two shared cores; the measured times are printed (pytest -s) and are far below.
BACKUP_SECONDS, RESTORE_SECONDS = 30, 120


def uploaded_portrait():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (180, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def build_site():
    """Demo content, one uploaded portrait, staff, and registrations in every state with their
    e-mails and log, all written through the services. Returns the person with the photo."""
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    person = Person.objects.published().order_by("slug").first()
    person.portrait = image_create(
        file=uploaded_portrait(), alt_zh=f"{person.name_zh}的肖像", alt_en="Portrait"
    )
    profiles_services.person_save(person=person)

    organizer = User.objects.create_user("organizer-li", "li@example.com", "x")
    organizer.is_staff = True
    organizer.save()
    # Made by a data migration, unless a transactional test that ran earlier flushed it away.
    organizers, _created = Group.objects.get_or_create(name="Organizers")
    organizer.groups.add(organizers)
    User.objects.create_superuser("admin", "admin@example.com", "x")
    LogEntry.objects.log_actions(
        user_id=organizer.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["portrait"]}}],
    )

    notice = PrivacyNotice.objects.in_force().first()
    sector = Sector.objects.order_by("slug").first()
    small = Edition.objects.get(number=6)
    now = timezone.now()
    configuration.registration_settings_save(
        edition=small,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        capacity=2,
        quotas={"investor": 1},
    )
    made = []
    for n, edition in enumerate([small, small, small, Edition.objects.get(number=7)]):
        made.append(
            seats.registration_create(
                edition=edition,
                category="entrepreneur",
                name=f"报名者{n}",
                email=f"person{n}@example.com",
                organization="某科技公司",
                title="CEO",
                privacy_notice=notice,
                sectors=[sector],
                needs="素食" if n == 0 else "",
            )
        )
    first, second, _waiting, other = made  # confirmed, confirmed, waitlisted, confirmed
    door.registration_check_in(edition=small, code=first.checkin_code, by=organizer)
    second.name = "报名者一号"
    details.registration_details_save(registration=second, by=organizer)
    seats.registration_cancel(registration=second, by=organizer)  # promotes `waiting`
    outbox.registration_resend_email(registration=other, by=organizer)
    seats.registration_cancel(registration=other)  # the registrant, on the ticket page
    exports.registrations_export(
        queryset=Registration.objects.filter(edition=small),
        file_format="csv",
        by=organizer,
        edition=small,
    )
    return person


def public_pages(person):
    urls = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            urls.append(reverse("website:person_detail", kwargs={"slug": person.slug}))
            urls.append(reverse("website:edition_detail", kwargs={"number": 7}))
    return urls


# The rows must be committed (the backup reads in a transaction of its own), so the test is
# transactional; the module's fixture puts back what the migrations left in the test database.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]


@pytest.fixture(scope="module")
def source_site(committed_database, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media-source")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        person = build_site()
        # A page makes the renditions it shows the first time it is viewed: view them now, so
        # the backup holds them as a running site's would.
        client = Client()
        for url in public_pages(person):
            assert client.get(url).status_code == 200
        return person, media


def _postgres_url(settings_dict, name):
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{settings_dict['HOST']}:{settings_dict['PORT']}/{name}"


@contextmanager
def empty_database(tmp_path):
    """The DATABASE_URL of a new, empty database of this test run's kind."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    params = {
        "dbname": "postgres",
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or None,
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_url(settings_dict, name)
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_server(database_url, media_root, *args):
    """Run `args` (python -m … or manage.py …) as a process of the restored server."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "YOUTH50_TEST_MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and commands)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def files_under(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def archive(source_site, django_db_blocker, tmp_path_factory):
    """`manage.py backup` of the source site, and how long it took."""
    _person, media = source_site
    path = tmp_path_factory.mktemp("archive") / "youth50.tar.gz"
    started = time.monotonic()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("backup", str(path), stdout=io.StringIO())
    return path, time.monotonic() - started


def test_a_site_backed_up_is_restored_identical_on_an_empty_server(
    source_site, archive, tmp_path, client
):
    person, source_media = source_site
    archive, backup_seconds = archive
    urls = public_pages(person)
    with override_settings(MEDIA_ROOT=source_media):  # pages read the portrait's renditions
        pages = {url: site_state.page(client, url) for url in urls}
    before = {"rows": site_state.rows(), "pages": pages}
    # The uploaded portrait is on the page, as one of its renditions.
    person.portrait.refresh_from_db()
    assert any(name in before["pages"][urls[0]] for name in person.portrait.renditions["files"])
    assert files_under(source_media)

    restored_media = tmp_path / "media-restored"
    with empty_database(tmp_path) as database_url:
        started = time.monotonic()
        restored = on_server(database_url, restored_media, "manage.py", "restore", str(archive))
        restore_seconds = time.monotonic() - started
        assert restored.returncode == 0, restored.stderr
        state_file = tmp_path / "restored.json"
        read = on_server(
            database_url, restored_media, "-m", "tests.backup.read_site", str(state_file), *urls
        )
        assert read.returncode == 0, read.stderr

    after = json.loads(state_file.read_text(encoding="utf-8"))
    print(
        f"\n[{connection.vendor}] archive {archive.stat().st_size} bytes, "
        f"{sum(len(rows) for label, rows in before['rows'].items() if '.' in label)} rows, "
        f"{len(files_under(source_media))} files; backup {backup_seconds:.1f} s, "
        f"restore {restore_seconds:.1f} s (a new process: migrate, load, verify)\n"
        + restored.stdout
    )
    for label in sorted(set(before["rows"]) | set(after["rows"])):
        assert after["rows"].get(label) == before["rows"].get(label), label
    assert files_under(restored_media) == files_under(source_media)
    for url in urls:
        assert after["pages"][url] == before["pages"][url], url
    assert after["sequences_behind"] == []
    assert backup_seconds < BACKUP_SECONDS
    assert restore_seconds < RESTORE_SECONDS


def test_the_archive_is_readable_by_its_owner_only(archive):
    assert stat.S_IMODE(archive[0].stat().st_mode) == 0o600


# --- Refusals and mismatches: loud, and nothing half done ---------------------------------------


def repack(archive, destination, change):
    """A copy of `archive` with `change(folder)` applied to its extracted files."""
    folder = destination.parent / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    change(folder)
    with tarfile.open(destination, "w:gz") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(folder).as_posix())
    return destination


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def edit_manifest(edit):
    def change(folder):
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        edit(manifest)
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    return change


def _count(db, table):
    return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 (catalogue names)


def database_tables(database_url):
    """{table: rows} of the database at `database_url` ({} when it has none)."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        if not path.exists():
            return {}
        with sqlite3.connect(path) as db:
            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            return {name: _count(db, name) for (name,) in names}
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        names = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return {name: _count(db, name) for (name,) in names}


def test_a_changed_media_file_is_refused_before_anything_is_touched(archive, tmp_path):
    def change(folder):
        portrait = next((folder / "media").rglob("*.png"))
        portrait.write_bytes(portrait.read_bytes()[:-1] + b"\0")

    broken = repack(archive[0], tmp_path / "broken.tar.gz", change)
    with empty_database(tmp_path) as database_url:
        result = on_server(database_url, tmp_path / "media", "manage.py", "restore", str(broken))
        tables = database_tables(database_url)

    assert result.returncode == 1
    assert "The archive does not match its manifest (nothing was restored)" in result.stderr
    assert "media/images/" in result.stderr
    assert tables == {}
    assert not (tmp_path / "media").exists()


def test_rows_that_differ_from_the_manifest_are_rolled_back(archive, tmp_path):
    def fewer_people(manifest):
        manifest["counts"]["profiles.person"] += 1

    broken = repack(archive[0], tmp_path / "broken.tar.gz", edit_manifest(fewer_people))
    with empty_database(tmp_path) as database_url:
        result = on_server(database_url, tmp_path / "media", "manage.py", "restore", str(broken))
        tables = database_tables(database_url)

    assert result.returncode == 1
    assert "The rows loaded differ from the archive's manifest (nothing was kept)" in result.stderr
    assert "profiles.person: " in result.stderr
    assert tables["profiles_person"] == tables["registrations_registration"] == 0
    assert not (tmp_path / "media").exists()


def test_rows_that_cannot_be_loaded_are_refused_and_nothing_is_kept(archive, tmp_path):
    def registration_of_a_missing_edition(folder):
        data_path = folder / "data.json"
        rows = json.loads(data_path.read_text(encoding="utf-8"))
        registration = next(row for row in rows if row["model"] == "registrations.registration")
        registration["fields"]["edition"] = 999_999
        data_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        content = data_path.read_bytes()

        def matching(manifest):
            manifest["data"] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}

        edit_manifest(matching)(folder)

    broken = repack(archive[0], tmp_path / "broken.tar.gz", registration_of_a_missing_edition)
    with empty_database(tmp_path) as database_url:
        result = on_server(database_url, tmp_path / "media", "manage.py", "restore", str(broken))
        tables = database_tables(database_url)

    assert result.returncode == 1
    assert "The archive's rows could not be loaded (nothing was kept)" in result.stderr
    assert "Traceback" not in result.stderr
    assert tables["profiles_person"] == tables["registrations_registration"] == 0


def test_an_archive_of_other_migrations_is_refused(archive, tmp_path):
    def older(manifest):
        manifest["migrations"].remove(["registrations", "0008_organizers_read_the_log"])

    broken = repack(archive[0], tmp_path / "older.tar.gz", edit_manifest(older))
    with empty_database(tmp_path) as database_url:
        result = on_server(database_url, tmp_path / "media", "manage.py", "restore", str(broken))
        tables = database_tables(database_url)

    assert result.returncode == 1
    assert "only in this code: registrations.0008_organizers_read_the_log" in result.stderr
    assert tables == {}


def test_a_server_with_data_is_refused_unless_told_to_replace_it(archive, tmp_path):
    media = tmp_path / "media"
    with empty_database(tmp_path) as database_url:
        first = on_server(database_url, media, "manage.py", "restore", str(archive[0]))
        again = on_server(database_url, media, "manage.py", "restore", str(archive[0]))
        (media / "stray.txt").write_text("left by hand", encoding="utf-8")
        replaced = on_server(
            database_url, media, "manage.py", "restore", "--overwrite", str(archive[0])
        )
        tables = database_tables(database_url)
        # Emptied with the registrations and written again by the database as they were loaded.
        tally = on_server(database_url, media, "manage.py", "check_seat_tally")

    assert first.returncode == 0, first.stderr
    assert again.returncode == 1
    assert "The database is not empty: " in again.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert tally.returncode == 0, tally.stdout + tally.stderr
    assert tables["registrations_seattally"] > 0
    assert tables["profiles_person"] == manifest_of(archive[0])["counts"]["profiles.person"]
    assert (media / "stray.txt").exists()  # --overwrite replaces the archive's files only


def test_an_empty_database_with_a_non_empty_media_root_is_refused(archive, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "someone-elses.png").write_bytes(b"not ours")
    with empty_database(tmp_path) as database_url:
        result = on_server(database_url, media, "manage.py", "restore", str(archive[0]))
        tables = database_tables(database_url)

    assert result.returncode == 1
    assert "MEDIA_ROOT" in result.stderr
    assert "is not empty" in result.stderr
    assert tables == {}
