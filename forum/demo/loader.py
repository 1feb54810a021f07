"""Builds the seed content, read from the data files by `data.read_seed`, through the apps'
save services, idempotently.

Each row is looked up by its natural key first:

    source        title (and blank publisher)
    sector, organization, person, indicator, forum      slug
    role          (person, organization, Chinese title)
    milestone     (organization, kind, Chinese title)
    quote         (person, Chinese text)
    edition       (forum, number);   track   (edition, slug)
    participation (edition, person, role)
    observation   (indicator, period, precision, comparison, kind)
    tag, article  slug

A row that exists is kept exactly as it is — an editor's later changes are never overwritten —
and counted as "kept"; only missing rows are created. Links between rows (an organization's
sectors, the figures of an organization, forum or edition) are set only when the row is
created, so a link an editor removed stays removed. A row an editor deleted, or whose natural
key they changed, counts as missing and is created again: unpublish a seed row instead of
deleting it. Everything runs in one transaction: a failure leaves the database as it was.

The data files are read and checked in full before anything is saved; a row a model's rules
reject while saving raises `DemoDataError` naming the file and entry it was written in.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from forum import services as forum_services
from forum.models import Edition, Forum, Participation, Track
from forum.news import services as news_services
from forum.news.models import Article, Tag
from metrics import services as metrics_services
from metrics.models import Indicator, Observation, Sector, Source
from profiles import services as profiles_services
from profiles.models import Milestone, Organization, Person, Quote, Role

from .data import DATA_DIR, read_seed
from .tables import DemoDataError

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
    Tag,
    Article,
]


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


class Loader:
    def __init__(self, seed):
        self.seed = seed
        self.tally = Tally()
        self.source = None
        self.sectors = {}
        self.organizations = {}
        self.people = {}
        self.forum = None
        self.editions = {}
        self.indicators = {}
        self.tags = {}

    def ensure(self, entry, model, lookup, build, save):
        """The row matching `lookup`, created through `save` from `build()` when missing."""
        existing = model.objects.filter(**lookup).first()
        if existing is not None:
            self.tally.count(model, created=False)
            return existing, False
        try:
            obj = save(build())
        except ValidationError as error:
            raise DemoDataError(f"{entry.where}: {_messages(error)}") from error
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
            self.load_news()
        return self.tally

    def load_source(self):
        entry = self.seed.source
        self.source, _ = self.ensure(
            entry,
            Source,
            {
                "title_zh": entry.fields["title_zh"],
                "publisher_zh": entry.fields.get("publisher_zh", ""),
            },
            lambda: Source(**entry.fields),
            lambda obj: metrics_services.source_save(source=obj),
        )

    def load_sectors(self):
        for order, entry in enumerate(self.seed.sectors):
            parent = self.sectors.get(entry.refs.get("parent"))
            self.sectors[entry.fields["slug"]], _ = self.ensure(
                entry,
                Sector,
                {"slug": entry.fields["slug"]},
                lambda entry=entry, parent=parent, order=order: Sector(
                    **entry.fields, parent=parent, order=order
                ),
                lambda obj: metrics_services.sector_save(sector=obj),
            )

    def load_organizations(self):
        for entry in self.seed.organizations:
            organization, created = self.ensure(
                entry,
                Organization,
                {"slug": entry.fields["slug"]},
                lambda entry=entry: Organization(
                    **entry.fields, parent=self.organizations.get(entry.refs.get("parent"))
                ),
                lambda obj: profiles_services.organization_save(organization=obj),
            )
            if created:
                organization.sectors.set([self.sectors[slug] for slug in entry.refs["sectors"]])
            self.organizations[entry.fields["slug"]] = organization

    def load_people(self):
        for entry in self.seed.people:
            person, _ = self.ensure(
                entry,
                Person,
                {"slug": entry.fields["slug"]},
                lambda entry=entry: Person(**entry.fields),
                lambda obj: profiles_services.person_save(person=obj),
            )
            self.people[entry.fields["slug"]] = person
            for role in entry.children["roles"]:
                self.load_role(person, role)
            for order, quote in enumerate(entry.children["quotes"]):
                self.ensure(
                    quote,
                    Quote,
                    {"person": person, "text_zh": quote.fields["text_zh"]},
                    lambda quote=quote, order=order, person=person: Quote(
                        person=person, source=self.source, order=order, **quote.fields
                    ),
                    lambda obj: profiles_services.quote_save(quote=obj),
                )

    def load_role(self, person, entry):
        organization = self.organizations[entry.refs["organization"]]
        self.ensure(
            entry,
            Role,
            {"person": person, "organization": organization, "title_zh": entry.fields["title_zh"]},
            lambda: Role(person=person, organization=organization, **entry.fields),
            lambda obj: profiles_services.role_save(role=obj),
        )

    def load_milestones(self):
        for entry in self.seed.milestones:
            organization = self.organizations[entry.refs["organization"]]
            self.ensure(
                entry,
                Milestone,
                {
                    "organization": organization,
                    "kind": entry.fields["kind"],
                    "title_zh": entry.fields["title_zh"],
                },
                lambda entry=entry, organization=organization: Milestone(
                    organization=organization, source=self.source, **entry.fields
                ),
                lambda obj: profiles_services.milestone_save(milestone=obj),
            )

    def load_forum(self):
        entry = self.seed.forum
        self.forum, _ = self.ensure(
            entry,
            Forum,
            {"slug": entry.fields["slug"]},
            lambda: Forum(**entry.fields),
            lambda obj: forum_services.forum_save(forum=obj),
        )
        for entry in self.seed.editions:
            edition, _ = self.ensure(
                entry,
                Edition,
                {"forum": self.forum, "number": entry.fields["number"]},
                lambda entry=entry: Edition(forum=self.forum, **entry.fields),
                lambda obj: forum_services.edition_save(edition=obj),
            )
            self.editions[entry.fields["number"]] = edition
            for order, track in enumerate(entry.children["tracks"]):
                self.ensure(
                    track,
                    Track,
                    {"edition": edition, "slug": track.fields["slug"]},
                    lambda track=track, order=order, edition=edition: Track(
                        edition=edition,
                        order=order,
                        sector=self.sectors.get(track.refs.get("sector")),
                        **track.fields,
                    ),
                    lambda obj: forum_services.track_save(track=obj),
                )

    def load_participations(self):
        for entry in self.seed.participations:
            edition = self.editions[entry.refs["edition"]]
            person = self.people[entry.refs["person"]]
            self.ensure(
                entry,
                Participation,
                {"edition": edition, "person": person, "role": entry.fields["role"]},
                lambda entry=entry, edition=edition, person=person: Participation(
                    edition=edition, person=person, source=self.source, **entry.fields
                ),
                lambda obj: forum_services.participation_save(participation=obj),
            )

    def load_figures(self):
        for order, entry in enumerate(self.seed.indicators):
            indicator, created = self.ensure(
                entry,
                Indicator,
                {"slug": entry.fields["slug"]},
                lambda entry=entry, order=order: Indicator(
                    sector=self.sectors[entry.refs["sector"]], order=order, **entry.fields
                ),
                lambda obj: metrics_services.indicator_save(indicator=obj),
            )
            self.indicators[entry.fields["slug"]] = indicator
            if created and "link" in entry.refs:
                self.link(indicator, *entry.refs["link"])
            for observation in entry.children["observations"]:
                self.load_observation(indicator, observation)

    def load_news(self):
        for entry in self.seed.tags:
            self.tags[entry.fields["slug"]], _ = self.ensure(
                entry,
                Tag,
                {"slug": entry.fields["slug"]},
                lambda entry=entry: Tag(**entry.fields),
                lambda obj: news_services.tag_save(tag=obj),
            )
        for entry in self.seed.articles:
            article, created = self.ensure(
                entry,
                Article,
                {"slug": entry.fields["slug"]},
                lambda entry=entry: Article(
                    **entry.fields,
                    source=self.source if entry.refs["source"] else None,
                    is_published=True,
                ),
                lambda obj: news_services.article_save(article=obj),
            )
            if created:
                self.link_article(article, entry.refs)

    def link_article(self, article, refs):
        """The article's links, set once when it is created (like every link of the seed)."""
        indicators = refs.get("indicators", [])
        if indicators == "all":
            indicators = list(self.indicators)
        article.tags.set([self.tags[slug] for slug in refs.get("tags", [])])
        article.people.set([self.people[slug] for slug in refs.get("people", [])])
        article.organizations.set(
            [self.organizations[slug] for slug in refs.get("organizations", [])]
        )
        article.editions.set([self.editions[number] for number in refs.get("editions", [])])
        article.indicators.set([self.indicators[slug] for slug in indicators])

    def link(self, indicator, kind, key):
        if kind == "organization":
            self.organizations[key].indicators.add(indicator)
        elif kind == "forum":
            self.forum.indicators.add(indicator)
        else:
            self.editions[key].indicators.add(indicator)

    def load_observation(self, indicator, entry):
        fields = entry.fields
        self.ensure(
            entry,
            Observation,
            {
                "indicator": indicator,
                "period_date": fields["period_date"],
                "period_precision": fields["period_precision"],
                "comparison": fields["comparison"],
                "kind": fields["kind"],
            },
            lambda: Observation(indicator=indicator, source=self.source, **fields),
            lambda obj: metrics_services.observation_save(observation=obj),
        )


def _messages(error):
    """A ValidationError as one line, each message after the field it is about."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )


def load_demo(data_dir=DATA_DIR):
    """Load the seed content from the data files in `data_dir`; returns the Tally of created
    and kept rows. Raises DemoDataError, naming the file and entry, when a file is malformed
    (then nothing is read into the database) or a model rejects a row (then the transaction
    rolls back and nothing is saved)."""
    return Loader(read_seed(data_dir)).run()
