from django.core.management.base import BaseCommand, CommandError

from config.backup.archive import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Writes one archive (FILE.tar.gz) with every row of the database, read in one "
        "consistent transaction, every file under MEDIA_ROOT, and a manifest of row counts, "
        "checksums and migrations that `manage.py restore` checks. The archive holds "
        "registrants' personal data: it is created readable by its owner only; keep it so."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write, e.g. youth50-2026-06-01.tar.gz.")
        parser.add_argument("--overwrite", action="store_true", help="Replace FILE if it exists.")
        parser.add_argument("--database", default="default", help="The database alias to read.")

    def handle(self, *args, file, overwrite=False, database="default", **options):
        try:
            outcome = backup_create(file, using=database, overwrite=overwrite)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = outcome.path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {outcome.rows} rows of {len(outcome.manifest['counts'])} tables and "
                f"{outcome.files} media files ({outcome.media_bytes} bytes) to {outcome.path} "
                f"({size} bytes) in {outcome.seconds:.1f} s."
            )
        )
