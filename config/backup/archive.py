"""One archive holds the whole site: the database and the uploaded media, checked on the way back.

`backup_create(path)` writes FILE.tar.gz with

- `data.json`: every row of every app, as Django's `dumpdata --natural-foreign` writes JSON (but
  timestamps to the microsecond: serializer.py, and each model's links fetched with it), with
  foreign keys to users, groups, permissions and content types by natural key, so they resolve
  on another server; read in one transaction: on PostgreSQL a REPEATABLE READ, READ ONLY
  snapshot; on SQLite one read transaction (writers go on meanwhile, under WAL);
- `media/…`: every file under MEDIA_ROOT;
- `manifest.json` (last): the format, when and from which database vendor, the migrations
  applied, the rows of every model (many-to-many tables included), and the size and sha256 of
  `data.json` and of every media file.

Left out because `migrate` rebuilds them or they only live for a while: content types and
permissions (rebuilt, and referred to by natural key), sessions (people sign in again) and the
task queue (the e-mails it would send are still owed in the outbox:
`retry_registration_emails` queues them again); and the seat tally, which the database's
triggers write again as the registrations are loaded.

`backup_restore(path)` checks every file of the archive against its manifest before it touches
anything, refuses a database or MEDIA_ROOT that already holds data (unless `overwrite`) and an
archive made with other migrations than this code's, then migrates, replaces the rows of every
model it holds with the archive's in one transaction, compares the row counts with the manifest
(any difference rolls the load back), and copies the media, checking
each file's sha256 once written. Every mismatch raises BackupError naming what differs.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media"

# Kept by the database from other rows: the seat tally, which its triggers write again as the
# registrations are loaded. Not in the archive, but emptied with the archived tables on a
# restore (it refers to editions, which are emptied too).
KEPT_BY_THE_DATABASE = ("registrations.seattally",)
# Rebuilt by `migrate` (and referred to by natural key), short-lived, or kept by the database:
# not in the archive.
EXCLUDED = (
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
    *KEPT_BY_THE_DATABASE,
)
# Tables a fresh `migrate` writes rows to (the staff groups and the first privacy notice): a
# database holding only those still counts as empty.
WRITTEN_BY_MIGRATIONS = (
    "auth.group",
    "auth.group_permissions",
    "registrations.privacynotice",
)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore was refused or found a mismatch; the message says which."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    manifest: dict
    seconds: float

    @property
    def rows(self):
        return sum(self.manifest["counts"].values())

    @property
    def files(self):
        return len(self.manifest["media"])

    @property
    def media_bytes(self):
        return sum(item["size"] for item in self.manifest["media"].values())


# --- What is in an archive --------------------------------------------------------------------


def archived_models():
    """Every model whose rows the archive holds, many-to-many tables included."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        owner = opts.auto_created._meta if opts.auto_created else opts
        if opts.proxy or not opts.managed or owner.label_lower in EXCLUDED:
            continue
        if opts.label_lower in EXCLUDED:
            continue
        found.append(model)
    return found


def _rows_to_dump(using):
    """Every archived row, model after model in the order their natural keys need (as
    `dumpdata` orders them), each model's links fetched with it: `dumpdata` queries a row's
    many-to-many links and natural-key targets once per row (80,000 rows took 50 s)."""
    wanted = {model for model in archived_models() if not model._meta.auto_created}
    by_app = {}
    for model in wanted:
        by_app.setdefault(model._meta.app_config, []).append(model)
    for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
        opts = model._meta
        natural = [
            field.name
            for field in opts.concrete_fields
            if field.is_relation and hasattr(field.related_model, "natural_key")
        ]
        links = [field.name for field in opts.local_many_to_many]
        queryset = model._base_manager.using(using).order_by(opts.pk.name)
        if natural:
            queryset = queryset.select_related(*natural)
        if links:
            queryset = queryset.prefetch_related(*links)
        yield from queryset.iterator(chunk_size=2000)


def row_counts(using):
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in archived_models()
    }


def applied_migrations(using):
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def media_files(root):
    """{relative posix path: absolute Path} of every regular file under `root`."""
    root = Path(root)
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = path
    return found


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Reads a file for tarfile while hashing exactly what went into the archive."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


# --- Backup -----------------------------------------------------------------------------------


@contextmanager
def _snapshot(using):
    """One transaction whose reads all see the same state of the database."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Run the backup outside a transaction: it reads in one of its own.")
    previous_mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        # BEGIN IMMEDIATE (the site's mode, for writers) would hold the write lock for the whole
        # dump; a deferred read transaction takes a snapshot at its first read and blocks no one.
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = previous_mode


def _add_file(tar, name, path):
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def backup_create(path, *, using="default", overwrite=False):
    """Write the archive at `path` (readable by its owner only: it holds registrants' personal
    data). Returns an Outcome."""
    started = time.monotonic()
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists: choose another name, or overwrite it explicitly.")
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="youth50-backup-") as work:
        data_path = Path(work) / DATA
        with _snapshot(using), open(data_path, "w", encoding="utf-8") as data:
            serializers.serialize(
                "backup_json",  # dumpdata's JSON, with timestamps to the microsecond
                _rows_to_dump(using),
                stream=data,
                use_natural_foreign_keys=True,
            )
            counts = row_counts(using)
            migrations = applied_migrations(using)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            manifest = _write_archive(descriptor, data_path, counts, migrations, using)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
    return Outcome(path=path, manifest=manifest, seconds=time.monotonic() - started)


def _write_archive(descriptor, data_path, counts, migrations, using):
    """The archive's three parts, into the open file `descriptor`; returns the manifest."""
    with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        data_entry = _add_file(tar, DATA, data_path)
        media = {
            name: _add_file(tar, f"{MEDIA}/{name}", file_path)
            for name, file_path in media_files(settings.MEDIA_ROOT).items()
        }
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "django": django.get_version(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "counts": counts,
            "excluded": list(EXCLUDED),
            "data": data_entry,
            "media": media,
        }
        content = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(content)
        info.mtime = int(time.time())
        info.mode = 0o600
        tar.addfile(info, io.BytesIO(content))
    return manifest


# --- Restore ----------------------------------------------------------------------------------


def _extract(path, work):
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links and devices.
            tar.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} cannot be read as a backup archive: {error}") from error
    manifest_path = Path(work) / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} has no {MANIFEST}: it is not a complete backup archive.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Archive format {manifest.get('format')!r}; this code reads {FORMAT}.")
    return manifest


def _check_entry(label, path, expected):
    if not path.is_file():
        return f"{label}: missing"
    size, digest = path.stat().st_size, sha256_of(path)
    if size != expected["size"] or digest != expected["sha256"]:
        return (
            f"{label}: {size} bytes, sha256 {digest}; the manifest says "
            f"{expected['size']} bytes, sha256 {expected['sha256']}"
        )
    return None


def verify_archive_files(work, manifest):
    """Every mismatch between the extracted files and the manifest (empty when none)."""
    work = Path(work)
    problems = [_check_entry(DATA, work / DATA, manifest["data"])]
    for name, expected in manifest["media"].items():
        problems.append(_check_entry(f"{MEDIA}/{name}", work / MEDIA / name, expected))
    extra = set(media_files(work / MEDIA)) - set(manifest["media"])
    problems += [f"{MEDIA}/{name}: in the archive but not in the manifest" for name in extra]
    return sorted(problem for problem in problems if problem)


def _check_migrations(manifest):
    known = {tuple(node) for node in MigrationLoader(None, ignore_no_migrations=True).graph.nodes}
    archived = {tuple(item) for item in manifest["migrations"]}
    if known == archived:
        return
    only_archive = sorted(".".join(item) for item in archived - known)
    only_code = sorted(".".join(item) for item in known - archived)
    raise BackupError(
        "The archive was made with other migrations than this code's, so its rows may not fit "
        "this schema. Restore it with the code it was made with, then upgrade and migrate."
        f"\n  only in the archive: {', '.join(only_archive) or '—'}"
        f"\n  only in this code: {', '.join(only_code) or '—'}"
    )


def database_holdings(using):
    """{model label: rows} of the archived models that hold rows beyond what `migrate` writes
    (empty for a new database, migrated or not)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    held = {}
    for model in archived_models():
        label = model._meta.label_lower
        if model._meta.db_table not in tables or label in WRITTEN_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            held[label] = count
    return held


def _replace_rows(using, data_path, manifest):
    """In one transaction: empty every archived table (and those the database keeps from them),
    load the archive's rows, compare the counts with the manifest."""
    connection = connections[using]
    models = archived_models()
    kept_by_the_database = [
        model for model in apps.get_models() if model._meta.label_lower in KEPT_BY_THE_DATABASE
    ]
    with transaction.atomic(using=using):
        tables = sorted({model._meta.db_table for model in [*models, *kept_by_the_database]})
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
        )
        call_command("loaddata", str(data_path), database=using, verbosity=0)
        counts = row_counts(using)
        if counts != manifest["counts"]:
            differences = [
                f"{label}: {counts.get(label)} rows; the manifest says {expected}"
                for label, expected in sorted(manifest["counts"].items())
                if counts.get(label) != expected
            ]
            differences += [
                f"{label}: {count} rows, not in the manifest"
                for label, count in sorted(counts.items())
                if label not in manifest["counts"]
            ]
            raise BackupError(
                "The rows loaded differ from the archive's manifest (nothing was kept):\n  "
                + "\n  ".join(differences)
            )
        # Id sequences: loaddata moves those of the rows it loads with their ids past them;
        # many-to-many rows are added through their sequence (tests/backup checks both).


def _restore_media(work, manifest, media_root):
    media_root = Path(media_root)
    problems = []
    for name, expected in manifest["media"].items():
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(work) / MEDIA / name, target)
        problem = _check_entry(f"MEDIA_ROOT/{name}", target, expected)
        if problem:
            problems.append(problem)
    if problems:
        raise BackupError(
            "The database was restored, but these media files differ from the archive:\n  "
            + "\n  ".join(problems)
        )


def backup_restore(path, *, using="default", overwrite=False):
    """Restore the archive at `path` onto this server's database and MEDIA_ROOT. Returns an
    Outcome; raises BackupError, having changed nothing, when the archive does not match its
    manifest or the server is not empty (and `overwrite` is not given)."""
    started = time.monotonic()
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="youth50-restore-") as work:
        manifest = _extract(path, work)
        problems = verify_archive_files(work, manifest)
        if problems:
            raise BackupError(
                "The archive does not match its manifest (nothing was restored):\n  "
                + "\n  ".join(problems)
            )
        _check_migrations(manifest)
        if not overwrite:
            held = database_holdings(using)
            if held:
                listed = ", ".join(f"{label} ({count})" for label, count in sorted(held.items()))
                raise BackupError(
                    f"The database is not empty: {listed}. Restore onto an empty database, or "
                    "replace everything in it explicitly."
                )
            if media_files(settings.MEDIA_ROOT):
                raise BackupError(
                    f"MEDIA_ROOT ({settings.MEDIA_ROOT}) is not empty. Restore onto an empty "
                    "one, or replace its files explicitly."
                )
        call_command("migrate", database=using, interactive=False, verbosity=0)
        try:
            _replace_rows(using, Path(work) / DATA, manifest)
        except (DatabaseError, DeserializationError) as error:
            raise BackupError(
                f"The archive's rows could not be loaded (nothing was kept): {error}"
            ) from error
        _restore_media(work, manifest, settings.MEDIA_ROOT)
    return Outcome(path=path, manifest=manifest, seconds=time.monotonic() - started)
