from django.core.management.base import BaseCommand, CommandError

from forum.registrations.seat_tally import seat_tally_differences, seat_tally_rebuild


class Command(BaseCommand):
    help = (
        "Compares the public seats taken per edition and category, as the database's triggers "
        "keep them, with a count of the registrations; exits with an error when they differ. "
        "--repair writes the counts into the tally."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Write the counted seats into the tally."
        )

    def handle(self, *args, repair=False, **options):
        differences = seat_tally_rebuild() if repair else seat_tally_differences()
        for difference in differences:
            self.stdout.write(
                f"Edition {difference.edition_id}, {difference.category}: tallied "
                f"{difference.tallied}, counted {difference.counted}"
                + (" (repaired)" if repair else "")
            )
        if differences and not repair:
            raise CommandError("The seat tally differs from the registrations: run --repair.")
        self.stdout.write("The seat tally matches the registrations.")
