"""Builds the seed content through the apps' save services, idempotently.

Each row is looked up by its natural key first:

    source        title (and blank publisher)
    sector, organization, person, indicator, forum      slug
    role          (person, organization, Chinese title)
    milestone     (organization, kind, Chinese title)
    quote         (person, Chinese text)
    edition       (forum, number);   track   (edition, slug)
    participation (edition, person, role)
    observation   (indicator, period, precision, comparison, kind)

A row that exists is kept exactly as it is — an editor's later changes are never overwritten —
and counted as "kept"; only missing rows are created. Links between rows (an organization's
sectors, the figures of an organization, forum or edition) are set only when the row is
created, so a link an editor removed stays removed. A row an editor deleted, or whose natural
key they changed, counts as missing and is created again: unpublish a seed row instead of
deleting it. Everything runs in one transaction: a failure leaves the database as it was.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from config.common.dates import partial_date_start
from forum import services as forum_services
from forum.models import Edition, Forum, Participation, Track
from metrics import services as metrics_services
from metrics.enums import Scale
from metrics.models import Indicator, Observation, Sector, Source
from profiles import services as profiles_services
from profiles.models import Milestone, Organization, Person, Quote, Role

from .figures import INDICATORS
from .forum import EDITIONS, FORUM, PARTICIPATIONS
from .milestones import MILESTONES
from .organizations import ORGANIZATIONS
from .people import PEOPLE
from .sectors import SECTORS
from .source import SOURCE

SCALES = {"one": Scale.ONE, "wan": Scale.WAN, "yi": Scale.YI}

# The order the summary lists the models in.
MODELS = [
    Source,
    Sector,
    Organization,
    Person,
    Role,
    Quote,
    Milestone,
    Forum,
    Edition,
    Track,
    Participation,
    Indicator,
    Observation,
]


def parse_period(text):
    """ "2025" → year, "2025-end" → end of year, "2026-01" → month, "2026-04-23" → day."""
    if text is None:
        return None, ""
    if text.endswith("-end"):
        return partial_date_start(int(text[:4]), year_end=True)
    parts = [int(part) for part in text.split("-")]
    return partial_date_start(*parts)


@dataclass
class Tally:
    """How many rows of each model were created and how many were already there."""

    created: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)

    def count(self, model, *, created):
        bucket = self.created if created else self.kept
        bucket[model] = bucket.get(model, 0) + 1

    def lines(self):
        for model in MODELS:
            yield (
                f"{model._meta.verbose_name_plural}: created {self.created.get(model, 0)}, "
                f"kept {self.kept.get(model, 0)} (now {model.objects.count()} in the database)"
            )

    @property
    def total_created(self):
        return sum(self.created.values())

    @property
    def total_kept(self):
        return sum(self.kept.values())


def _pick(data, *names):
    return {name: data[name] for name in names if name in data}


class Loader:
    def __init__(self):
        self.tally = Tally()
        self.source = None
        self.sectors = {}
        self.organizations = {}
        self.people = {}
        self.forum = None
        self.editions = {}

    def ensure(self, model, lookup, build, save):
        """The row matching `lookup`, created through `save` from `build()` when missing."""
        existing = model.objects.filter(**lookup).first()
        if existing is not None:
            self.tally.count(model, created=False)
            return existing, False
        obj = save(build())
        self.tally.count(model, created=True)
        return obj, True

    def run(self):
        with transaction.atomic():
            self.load_source()
            self.load_sectors()
            self.load_organizations()
            self.load_people()
            self.load_milestones()
            self.load_forum()
            self.load_participations()
            self.load_figures()
        return self.tally

    def load_source(self):
        self.source, _ = self.ensure(
            Source,
            {"title_zh": SOURCE["title_zh"], "publisher_zh": SOURCE["publisher_zh"]},
            lambda: Source(**SOURCE),
            lambda obj: metrics_services.source_save(source=obj),
        )

    def load_sectors(self):
        for order, data in enumerate(SECTORS):
            parent = self.sectors.get(data.get("parent"))
            self.sectors[data["slug"]], _ = self.ensure(
                Sector,
                {"slug": data["slug"]},
                lambda data=data, parent=parent, order=order: Sector(
                    **_pick(data, "slug", "name_zh", "name_en", "description_zh", "description_en"),
                    parent=parent,
                    order=order,
                ),
                lambda obj: metrics_services.sector_save(sector=obj),
            )

    def load_organizations(self):
        fields = (
            "slug",
            "kind",
            "name_zh",
            "name_en",
            "short_name_zh",
            "short_name_en",
            "founded_year",
            "hq_city_zh",
            "hq_city_en",
            "district",
            "website",
            "description_zh",
            "description_en",
        )
        for data in ORGANIZATIONS:
            organization, created = self.ensure(
                Organization,
                {"slug": data["slug"]},
                lambda data=data: Organization(
                    **_pick(data, *fields), parent=self.organizations.get(data.get("parent"))
                ),
                lambda obj: profiles_services.organization_save(organization=obj),
            )
            if created:
                organization.sectors.set([self.sectors[slug] for slug in data["sectors"]])
            self.organizations[data["slug"]] = organization

    def load_people(self):
        fields = (
            "slug",
            "name_zh",
            "name_en",
            "headline_zh",
            "headline_en",
            "bio_zh",
            "bio_en",
            "honours_zh",
            "honours_en",
        )
        for data in PEOPLE:
            person, _ = self.ensure(
                Person,
                {"slug": data["slug"]},
                lambda data=data: Person(**_pick(data, *fields)),
                lambda obj: profiles_services.person_save(person=obj),
            )
            self.people[data["slug"]] = person
            for role in data["roles"]:
                self.load_role(person, role)
            for order, quote in enumerate(data["quotes"]):
                self.ensure(
                    Quote,
                    {"person": person, "text_zh": quote["text_zh"]},
                    lambda quote=quote, order=order, person=person: Quote(
                        person=person, source=self.source, order=order, **quote
                    ),
                    lambda obj: profiles_services.quote_save(quote=obj),
                )

    def load_role(self, person, data):
        organization = self.organizations[data["organization"]]
        start_date, start_precision = parse_period(data.get("start"))
        self.ensure(
            Role,
            {"person": person, "organization": organization, "title_zh": data["title_zh"]},
            lambda: Role(
                person=person,
                organization=organization,
                start_date=start_date,
                start_precision=start_precision,
                **_pick(data, "kind", "title_zh", "title_en", "order"),
            ),
            lambda obj: profiles_services.role_save(role=obj),
        )

    def load_milestones(self):
        fields = (
            "kind",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "round_name_zh",
            "round_name_en",
            "amount_currency",
            "amount_qualifier",
            "exchange",
            "board",
            "excerpt",
        )
        for data in MILESTONES:
            organization = self.organizations[data["organization"]]
            date, precision = parse_period(data["date"])

            def build(data=data, organization=organization, date=date, precision=precision):
                milestone = Milestone(
                    organization=organization,
                    source=self.source,
                    date=date,
                    date_precision=precision,
                    **_pick(data, *fields),
                )
                if "amount" in data:
                    milestone.amount = Decimal(data["amount"])
                    milestone.amount_scale = SCALES[data["amount_scale"]]
                return milestone

            self.ensure(
                Milestone,
                {"organization": organization, "kind": data["kind"], "title_zh": data["title_zh"]},
                build,
                lambda obj: profiles_services.milestone_save(milestone=obj),
            )

    def load_forum(self):
        self.forum, _ = self.ensure(
            Forum,
            {"slug": FORUM["slug"]},
            lambda: Forum(**FORUM),
            lambda obj: forum_services.forum_save(forum=obj),
        )
        for data in EDITIONS:
            date, precision = parse_period(data.get("date"))
            edition, _ = self.ensure(
                Edition,
                {"forum": self.forum, "number": data["number"]},
                lambda data=data, date=date, precision=precision: Edition(
                    forum=self.forum,
                    start_date=date,
                    start_precision=precision,
                    **_pick(
                        data,
                        "number",
                        "year",
                        "status",
                        "venue_zh",
                        "venue_en",
                        "description_zh",
                        "description_en",
                    ),
                ),
                lambda obj: forum_services.edition_save(edition=obj),
            )
            self.editions[data["number"]] = edition
            for order, track in enumerate(data.get("tracks", [])):
                self.ensure(
                    Track,
                    {"edition": edition, "slug": track["slug"]},
                    lambda track=track, order=order, edition=edition: Track(
                        edition=edition,
                        order=order,
                        sector=self.sectors.get(track.get("sector")),
                        **_pick(track, "slug", "name_zh", "name_en"),
                    ),
                    lambda obj: forum_services.track_save(track=obj),
                )

    def load_participations(self):
        for data in PARTICIPATIONS:
            edition = self.editions[data["edition"]]
            person = self.people[data["person"]]
            self.ensure(
                Participation,
                {"edition": edition, "person": person, "role": data["role"]},
                lambda data=data, edition=edition, person=person: Participation(
                    edition=edition,
                    person=person,
                    source=self.source,
                    **_pick(data, "role", "note_zh", "note_en"),
                ),
                lambda obj: forum_services.participation_save(participation=obj),
            )

    def load_figures(self):
        fields = (
            "slug",
            "name_zh",
            "name_en",
            "scope",
            "unit",
            "count_noun_zh",
            "count_noun_en",
            "description_zh",
            "description_en",
            "is_headline",
        )
        for order, data in enumerate(INDICATORS):
            indicator, created = self.ensure(
                Indicator,
                {"slug": data["slug"]},
                lambda data=data, order=order: Indicator(
                    sector=self.sectors[data["sector"]], order=order, **_pick(data, *fields)
                ),
                lambda obj: metrics_services.indicator_save(indicator=obj),
            )
            if created and "link" in data:
                self.link(indicator, *data["link"])
            for observation in data["observations"]:
                self.load_observation(indicator, observation)

    def link(self, indicator, kind, key):
        if kind == "organization":
            self.organizations[key].indicators.add(indicator)
        elif kind == "forum":
            self.forum.indicators.add(indicator)
        elif kind == "edition":
            self.editions[key].indicators.add(indicator)
        else:  # pragma: no cover - a typo in the seed data
            raise ValueError(f"unknown link {kind!r}")

    def load_observation(self, indicator, data):
        period_date, precision = parse_period(data["period"])
        self.ensure(
            Observation,
            {
                "indicator": indicator,
                "period_date": period_date,
                "period_precision": precision,
                "comparison": data["comparison"],
                "kind": data["kind"],
            },
            lambda: Observation(
                indicator=indicator,
                source=self.source,
                period_date=period_date,
                period_precision=precision,
                value=Decimal(data["value"]),
                scale=SCALES[data["scale"]],
                **_pick(
                    data,
                    "comparison",
                    "kind",
                    "qualifier",
                    "share_denominator",
                    "note_zh",
                    "note_en",
                    "excerpt",
                ),
            ),
            lambda obj: metrics_services.observation_save(observation=obj),
        )


def load_demo():
    """Load the seed content; returns the Tally of created and kept rows."""
    return Loader().run()
