from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from forum.demo.data import DATA_DIR
from forum.demo.loader import load_demo
from forum.demo.registration import open_demo_registration
from forum.demo.tables import DemoDataError


class Command(BaseCommand):
    help = (
        "Loads the content of the seed article (people, organizations, roles, quotes, "
        "milestones, the forum's seven editions, sectors, indicators and every statistic) "
        "through the same save services the admin uses. Idempotent: rows are matched by natural "
        "keys (slugs; (indicator, period, measure, kind) for figures; (organization, kind, "
        "title) for milestones …). A row that already exists is kept exactly as an editor left "
        "it, never overwritten, and reported as kept; only missing rows are created. A seed row "
        "that was deleted, or whose key was changed, is created again: unpublish it instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            type=Path,
            default=DATA_DIR,
            metavar="DIR",
            help="The folder of data files to load (default: forum/demo/data, the shipped demo).",
        )

    @no_translations
    def handle(self, *args, **options):
        try:
            tally = load_demo(options["data"])
        except DemoDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for line in tally.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed content loaded: created {tally.total_created}, kept {tally.total_kept}."
            )
        )
        registration_settings, created = open_demo_registration(folder=options["data"])
        if registration_settings is not None:
            self.stdout.write(
                f"Registration {'opened (demo settings)' if created else 'kept as it was'} on "
                f"{registration_settings.edition}: {registration_settings.capacity} seats, "
                f"closes {registration_settings.closes_at:%Y-%m-%d}."
            )
