from django.core.management.base import BaseCommand

from forum.registrations.tasks import retry_owed_emails


class Command(BaseCommand):
    help = (
        "Queues again, at once, every registration e-mail still owed: failed (whatever its "
        "back-off), pending for more than five minutes, or abandoned by a worker that stopped. "
        "The worker's sweep does this by itself; this is for a person, e.g. after a mail "
        "outage. An e-mail sent or being sent is never sent twice."
    )

    def handle(self, *args, **options):
        count = retry_owed_emails()
        self.stdout.write(f"{count} registration e-mail(s) queued again.")
