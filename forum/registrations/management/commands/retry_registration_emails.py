from django.core.management.base import BaseCommand

from forum.registrations.tasks import retry_owed_emails


class Command(BaseCommand):
    help = (
        "Queues again every registration e-mail still owed (failed, or pending for more than "
        "five minutes). Safe to run from cron; a sent e-mail is never sent twice."
    )

    def handle(self, *args, **options):
        count = retry_owed_emails()
        self.stdout.write(f"{count} registration e-mail(s) queued again.")
