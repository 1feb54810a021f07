from django.core.management.base import BaseCommand, CommandError

from config.backup.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restores an archive written by `manage.py backup` onto this server: checks every file "
        "against the manifest, refuses a database or MEDIA_ROOT that already holds data (unless "
        "--overwrite) and an archive made with other migrations, migrates, loads the rows in one "
        "transaction, checks the row counts and every media file's checksum, and fails loudly on "
        "any difference. Afterwards run `retry_registration_emails` for e-mails still owed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to restore.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=(
                "Replace every row of the tables the archive holds, and the media files it "
                "holds, even though the database or MEDIA_ROOT is not empty."
            ),
        )
        parser.add_argument("--database", default="default", help="The database alias to fill.")

    def handle(self, *args, file, overwrite=False, database="default", **options):
        try:
            outcome = backup_restore(file, using=database, overwrite=overwrite)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {outcome.rows} rows of {len(outcome.manifest['counts'])} tables and "
                f"{outcome.files} media files ({outcome.media_bytes} bytes) from {outcome.path} "
                f"(made {outcome.manifest['created_at']}) in {outcome.seconds:.1f} s; counts and "
                "checksums match the manifest."
            )
        )
