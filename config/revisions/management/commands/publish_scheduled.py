from django.core.management.base import BaseCommand

from config.revisions.scheduling import ensure_running, run_schedule


class Command(BaseCommand):
    help = (
        "Publish the scheduled drafts that are due and take offline the items past their "
        "unpublishing time (the worker does it every minute); also restarts the worker's job."
    )

    def handle(self, *args, **options):
        done = run_schedule()
        ensure_running()
        self.stdout.write(
            f"{done['published']} published, {done['unpublished']} unpublished, "
            f"{done['failed']} failed"
        )
