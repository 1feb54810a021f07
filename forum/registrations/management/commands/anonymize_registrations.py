from django.core.management.base import BaseCommand

from forum.registrations.retention import registrations_anonymize_expired


class Command(BaseCommand):
    help = (
        "Anonymizes the registrations of editions that ended longer ago than the retention "
        "period of the privacy notice each registrant accepted (PIPL). Names, e-mails, mobile "
        "numbers, organizations, titles, needs and sectors of interest are removed and the "
        "private ticket links stop working; status, category and check-in times stay, so the "
        "counts stay right. Safe to run daily (e.g. from cron); --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymized; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        report = registrations_anonymize_expired(dry_run=dry_run)
        verb = "Would anonymize" if dry_run else "Anonymized"
        editions = ", ".join(str(pk) for pk in report.editions) or "none"
        self.stdout.write(f"{verb} {report.anonymized} registrations (edition ids: {editions}).")
        for edition in report.skipped_without_date:
            self.stdout.write(
                self.style.WARNING(
                    f"Edition {edition.pk} (number {edition.number}, {edition.year}) has no date: "
                    "its registrations are kept until a date is entered."
                )
            )
