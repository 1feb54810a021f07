import time

from django.core.management.base import BaseCommand, CommandError, no_translations

from forum.demo.scale import DatabaseNotEmpty, Sizes, build_scale_data


class Command(BaseCommand):
    help = (
        "Fills an empty database (after migrate) with an invented data set at the forum's real "
        "size, for benchmarks: by default 10,000 people, 5,000 organizations, 20,000 roles, "
        "10,000 milestones, 5,000 indicators with 50,000 observations, 2,000 articles, 10 "
        "editions and 20,000 registrations. --people N keeps these proportions for N people; "
        "each other option sets one count. The same options and --seed give the same rows. "
        "Refuses a database that already holds content."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--people", type=int, default=defaults.people)
        for name in (
            "organizations",
            "roles",
            "milestones",
            "indicators",
            "observations",
            "articles",
            "editions",
            "registrations",
        ):
            parser.add_argument(f"--{name}", type=int, help=f"how many {name} (default: scaled)")
        parser.add_argument("--seed", type=int, default=defaults.seed)

    @no_translations
    def handle(self, *args, **options):
        if options["people"] < 1:
            raise CommandError("--people must be at least 1.")
        sizes = Sizes(seed=options["seed"]).scaled(options["people"])
        chosen = {
            name: value
            for name, value in options.items()
            if name in Sizes.__dataclass_fields__ and value is not None and name != "seed"
        }
        if any(value < 1 for value in chosen.values()):
            raise CommandError("Every count must be at least 1.")
        sizes = Sizes(**{**sizes.__dict__, **chosen})
        started = time.monotonic()
        try:
            counts = build_scale_data(sizes)
        except DatabaseNotEmpty as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Data set at scale loaded in {time.monotonic() - started:.1f} s.")
        )
