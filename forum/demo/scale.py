"""A data set at the forum's real size, for benchmarks and query-count tests at scale.

`build_scale_data(Sizes(...))` fills an empty database with invented but realistic bilingual
content: people, organizations, roles, milestones, sectors, indicators with observations,
articles with tags, editions and registrations. A seeded generator makes every run with the
same sizes and seed give the same rows (registration tokens and check-in codes excepted: they
are secrets, drawn as the registration form draws them). Rows go in with `bulk_create` in one
transaction, so 10,000 people take seconds rather than the save services' minutes; the
generator fills in what those services would (normalized e-mail, timestamps) and respects the
models' constraints. The names are assembled from the parts in scale_names.toml.

It refuses a database that already holds content: it is for scratch databases, and mixing it
with real content would make neither trustworthy.
"""

import datetime
import random
import tomllib
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from config.common.content_cache import content_changed
from config.common.dates import DatePrecision
from config.common.language import pinyin_key
from forum.enums import EditionStatus
from forum.models import Edition, Forum
from forum.news.models import Article, Tag
from forum.registrations.addresses import normalize_email
from forum.registrations.enums import AttendeeCategory, RegistrationStatus
from forum.registrations.models import Registration, RegistrationSettings
from metrics.enums import Comparison, Currency, ObservationKind, Scale, Scope, Unit
from metrics.models import Indicator, Observation, Sector, Source
from profiles.enums import MilestoneKind, OrganizationKind, RoleKind, ShanghaiDistrict
from profiles.models import Milestone, Organization, Person, Role

from .registration import ensure_privacy_notice

NAMES_FILE = Path(__file__).resolve().parent / "scale_names.toml"
BATCH = 2000
FIRST_YEAR = 2015


class DatabaseNotEmpty(Exception):
    pass


@dataclass(frozen=True)
class Sizes:
    people: int = 10_000
    organizations: int = 5_000
    roles: int = 20_000
    milestones: int = 10_000
    indicators: int = 5_000
    observations: int = 50_000
    articles: int = 2_000
    editions: int = 10
    registrations: int = 20_000
    seed: int = 50

    def scaled(self, people):
        """These proportions for `people` people (the full size has 10,000)."""
        factor = people / 10_000
        values = {
            f.name: max(1, round(getattr(self, f.name) * factor))
            for f in fields(self)
            if f.name not in {"editions", "seed"}
        }
        return Sizes(**values, editions=self.editions, seed=self.seed)


# What may not be there yet: the models whose rows this data set creates.
_CONTENT = (Person, Organization, Sector, Indicator, Edition, Forum, Article, Registration)


def existing_content():
    """Names of the content tables that already hold rows."""
    return [model._meta.verbose_name_plural for model in _CONTENT if model.objects.exists()]


def _names():
    with NAMES_FILE.open("rb") as file:
        return tomllib.load(file)


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class _Builder:
    def __init__(self, sizes):
        self.sizes = sizes
        self.random = random.Random(sizes.seed)
        self.names = _names()
        self.now = timezone.now().replace(microsecond=0)

    def pick(self, key):
        return self.random.choice(self.names[key])

    # People and organizations -------------------------------------------------------------
    def person_name(self):
        surname = self.pick("surnames")
        given = [self.pick("given_syllables") for _ in range(self.random.choice((1, 2, 2)))]
        name_zh = surname[0] + "".join(zh for zh, _ in given)
        given_en = "".join(en for _, en in given)
        return name_zh, f"{surname[1]} {given_en.capitalize()}"

    def people(self):
        rows = []
        for number in range(1, self.sizes.people + 1):
            name_zh, name_en = self.person_name()
            rows.append(
                Person(
                    name_zh=name_zh,
                    name_pinyin=pinyin_key(name_zh),
                    name_en=name_en,
                    slug=f"{name_en.lower().replace(' ', '-').replace('ü', 'v')}-{number}",
                    headline_zh="青年创业者",
                    headline_en="Young entrepreneur",
                    bio_zh=f"<p>{name_zh}，上海青年创业者。</p>",
                    bio_en=f"<p>{name_en} is a young entrepreneur in Shanghai.</p>",
                )
            )
        return _bulk(Person, rows)

    def organizations(self, sectors):
        rows, taken = [], set()
        districts = ShanghaiDistrict.values
        for number in range(1, self.sizes.organizations + 1):
            for _attempt in range(5):
                first, second = self.pick("brand_syllables"), self.pick("brand_syllables")
                field, form = self.pick("fields"), self.pick("legal_forms")
                name_zh = f"上海{first[0]}{second[0]}{field[0]}{form[0]}"
                if name_zh not in taken:
                    break
            else:
                name_zh = f"上海{first[0]}{second[0]}{field[0]}{number}号{form[0]}"
            taken.add(name_zh)
            brand_en = first[1].capitalize() + second[1].lower()
            city = self.pick("cities")
            rows.append(
                Organization(
                    kind=OrganizationKind.COMPANY,
                    name_zh=name_zh,
                    name_pinyin=pinyin_key(name_zh),
                    name_en=f"Shanghai {brand_en} {field[1]} {form[1]}",
                    short_name_zh=f"{first[0]}{second[0]}{field[0]}",
                    short_name_en=f"{brand_en} {field[1]}",
                    slug=f"{brand_en.lower()}-{field[1].lower().replace(' ', '-')}-{number}",
                    founded_year=self.random.randint(1995, 2025),
                    hq_city_zh=city[0],
                    hq_city_en=city[1],
                    district=self.random.choice(districts) if city[1] == "Shanghai" else "",
                    description_zh=f"{name_zh}是一家{field[0]}企业。",
                    description_en=f"A {field[1].lower()} company.",
                )
            )
        organizations = _bulk(Organization, rows)
        through = Organization.sectors.through
        _bulk(
            through,
            [
                through(organization_id=organization.pk, sector_id=self.random.choice(sectors).pk)
                for organization in organizations
            ],
        )
        return organizations

    def roles(self, people, organizations):
        rows, taken = [], set()
        while len(rows) < self.sizes.roles:
            person = people[len(rows) % len(people)]
            organization = self.random.choice(organizations)
            title_zh, title_en, kind = self.pick("titles")
            if (person.pk, organization.pk, title_zh) in taken:
                continue
            taken.add((person.pk, organization.pk, title_zh))
            start = self.random.randint(2005, 2025)
            rows.append(
                Role(
                    person=person,
                    organization=organization,
                    kind=RoleKind(kind),
                    title_zh=title_zh,
                    title_en=title_en,
                    is_founder=kind == "founder",
                    start_date=datetime.date(start, 1, 1),
                    start_precision=DatePrecision.YEAR,
                )
            )
        return _bulk(Role, rows)

    # Funding rounds twice as often as products or awards.
    milestone_kinds = (
        MilestoneKind.FUNDING,
        MilestoneKind.FUNDING,
        MilestoneKind.PRODUCT,
        MilestoneKind.AWARD,
    )

    def milestones(self, organizations, source):
        rows, taken = [], set()
        while len(rows) < self.sizes.milestones:
            organization = organizations[len(rows) % len(organizations)]
            year = self.random.randint(2010, 2026)
            kind = self.random.choice(self.milestone_kinds)
            fields_ = {}
            if kind == MilestoneKind.FUNDING:
                round_ = self.pick("rounds")
                title = (f"完成{round_[0]}融资", f"Closed a {round_[1]} round")
                fields_ = {
                    "round_name_zh": round_[0],
                    "round_name_en": round_[1],
                    "amount": Decimal(self.random.randint(1, 200) * 500),
                    "amount_scale": Scale.WAN,
                    "amount_currency": Currency.CNY,
                }
            else:
                title = self.pick("products" if kind == MilestoneKind.PRODUCT else "awards")
            title_zh = f"{year}年{title[0]}"
            if (organization.pk, kind, title_zh) in taken:
                continue
            taken.add((organization.pk, kind, title_zh))
            rows.append(
                Milestone(
                    organization=organization,
                    kind=kind,
                    title_zh=title_zh,
                    title_en=f"{title[1]} ({year})",
                    date=datetime.date(year, 1, 1),
                    date_precision=DatePrecision.YEAR,
                    source=source,
                    **fields_,
                )
            )
        return _bulk(Milestone, rows)

    # Figures ------------------------------------------------------------------------------
    def sectors(self):
        rows = [
            Sector(name_zh=zh, name_en=en, slug=f"sector-{number}", order=number)
            for number, (zh, en) in enumerate(self.names["sectors"], start=1)
        ]
        return _bulk(Sector, rows)

    def indicators(self, sectors):
        rows = []
        cities, measures = self.names["cities"], self.names["measures"]
        for number in range(1, self.sizes.indicators + 1):
            sector = sectors[(number - 1) % len(sectors)]
            city = cities[(number - 1) // len(sectors) % len(cities)]
            measure_zh, measure_en, unit = measures[
                (number - 1) // (len(sectors) * len(cities)) % len(measures)
            ]
            series = (number - 1) // (len(sectors) * len(cities) * len(measures))
            suffix_zh, suffix_en = (
                (f"（第{series + 1}组）", f" (set {series + 1})") if series else ("", "")
            )
            noun = self.pick("count_nouns") if unit == Unit.COUNT else ("", "")
            rows.append(
                Indicator(
                    name_zh=f"{city[0]}{sector.name_zh}{measure_zh}{suffix_zh}",
                    name_en=f"{city[1]} {sector.name_en.lower()} {measure_en}{suffix_en}",
                    slug=f"indicator-{number}",
                    sector=sector,
                    scope=Scope.SHANGHAI if city[1] == "Shanghai" else Scope.CHINA,
                    unit=unit,
                    count_noun_zh=noun[0],
                    count_noun_en=noun[1],
                )
            )
        return _bulk(Indicator, rows)

    def observations(self, indicators, source):
        per_indicator = -(-self.sizes.observations // len(indicators))
        rows = []
        for indicator in indicators:
            level = self.random.randint(10, 5000)
            for offset in range(per_indicator):
                if len(rows) == self.sizes.observations:
                    break
                level = round(level * self.random.uniform(0.95, 1.25), 1)
                rows.append(
                    Observation(
                        indicator=indicator,
                        period_date=datetime.date(FIRST_YEAR + offset, 12, 31),
                        period_precision=DatePrecision.YEAR_END,
                        comparison=Comparison.LEVEL,
                        kind=ObservationKind.ACTUAL,
                        value=Decimal(str(level)),
                        scale=Scale.YI if indicator.unit in (Unit.CNY, Unit.USD) else Scale.ONE,
                        source=source,
                    )
                )
        return _bulk(Observation, rows)

    # Forum, news, registrations -----------------------------------------------------------
    def editions(self):
        forum = Forum.objects.create(
            name_zh="上海创新创业青年50人论坛",
            name_en="Shanghai Innovation & Entrepreneurship Youth 50 Forum",
            short_name_zh="青年50人论坛",
            short_name_en="Youth 50 Forum",
            slug="youth-50-forum",
            founded_year=FIRST_YEAR + 1,
        )
        last = self.sizes.editions
        rows = [
            Edition(
                forum=forum,
                number=number,
                year=FIRST_YEAR + number,
                start_date=datetime.date(FIRST_YEAR + number, 5, 10),
                start_precision=DatePrecision.DAY,
                venue_zh="上海",
                venue_en="Shanghai",
                theme_zh=f"第{number}届：青年与创新",
                theme_en=f"Edition {number}: youth and innovation",
                status=EditionStatus.ANNOUNCED if number == last else EditionStatus.HELD,
            )
            for number in range(1, last + 1)
        ]
        return _bulk(Edition, rows)

    def articles(self, people, organizations):
        tags = _bulk(
            Tag, [Tag(name_zh=zh, name_en=en, slug=slug) for zh, en, slug in self.names["tags"]]
        )
        rows = []
        for number in range(1, self.sizes.articles + 1):
            subject, verb, sector = (
                self.pick("article_subjects"),
                self.pick("article_verbs"),
                self.pick("sectors"),
            )
            rows.append(
                Article(
                    title_zh=f"{subject[0]}{verb[0]}{sector[0]}",
                    title_en=f"{subject[1].capitalize()} {verb[1]} {sector[1].lower()}",
                    slug=f"article-{number}",
                    standfirst_zh=f"{subject[0]}{verb[0]}{sector[0]}的机遇与挑战。",
                    standfirst_en=f"Where {sector[1].lower()} goes next.",
                    body_zh=f"<p>{subject[0]}{verb[0]}{sector[0]}。</p>",
                    body_en=f"<p>{subject[1].capitalize()} {verb[1]} {sector[1].lower()}.</p>",
                    is_published=True,
                    published_at=self.now - datetime.timedelta(hours=7 * number),
                )
            )
        articles = _bulk(Article, rows)
        links = {
            Article.tags.through: ("tag_id", tags),
            Article.people.through: ("person_id", people),
            Article.organizations.through: ("organization_id", organizations),
        }
        for through, (column, targets) in links.items():
            _bulk(
                through,
                [
                    through(article_id=article.pk, **{column: self.random.choice(targets).pk})
                    for article in articles
                ],
            )
        return articles

    def registrations(self, editions):
        notice = ensure_privacy_notice()
        share = -(-self.sizes.registrations // len(editions))
        for edition in editions:
            opens = datetime.datetime(edition.year, 3, 1, tzinfo=datetime.UTC)
            RegistrationSettings.objects.create(
                edition=edition,
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=60),
                capacity=share,
            )
        categories = AttendeeCategory.values
        rows = []
        for number in range(self.sizes.registrations):
            edition = editions[number % len(editions)]
            name_zh, name_en = self.person_name()
            email = f"{name_en.lower().replace(' ', '.').replace('ü', 'v')}.{number}@example.com"
            organization = f"上海{self.pick('brand_syllables')[0]}{self.pick('fields')[0]}公司"
            rows.append(
                Registration(
                    edition=edition,
                    status=RegistrationStatus.CONFIRMED,
                    category=self.random.choice(categories),
                    name=name_zh if number % 3 else name_en,
                    email=email,
                    email_normalized=normalize_email(email),
                    organization=organization,
                    title=self.pick("titles")[0],
                    language="zh-hans" if number % 3 else "en",
                    privacy_notice=notice,
                    consented_at=datetime.datetime(edition.year, 3, 2, tzinfo=datetime.UTC),
                )
            )
        return _bulk(Registration, rows)


def build_scale_data(sizes):
    """Fill an empty database; returns {what: how many rows} in the order they were made."""
    found = existing_content()
    if found:
        raise DatabaseNotEmpty(
            "The database already holds content ({}); load the data set at scale into an "
            "empty database (after migrate) only.".format(", ".join(map(str, found)))
        )
    builder = _Builder(sizes)
    with transaction.atomic():
        source = Source.objects.create(
            title_zh="规模测试数据（虚构）",
            title_en="Data set at scale (invented)",
            publisher_zh="基准测试",
            publisher_en="Benchmark",
        )
        sectors = builder.sectors()
        indicators = builder.indicators(sectors)
        observations = builder.observations(indicators, source)
        people = builder.people()
        organizations = builder.organizations(sectors)
        roles = builder.roles(people, organizations)
        milestones = builder.milestones(organizations, source)
        editions = builder.editions()
        articles = builder.articles(people, organizations)
        registrations = builder.registrations(editions)
        # bulk_create sends no post_save: say once that the public content changed.
        content_changed()
    return {
        "sectors": len(sectors),
        "indicators": len(indicators),
        "observations": len(observations),
        "people": len(people),
        "organizations": len(organizations),
        "roles": len(roles),
        "milestones": len(milestones),
        "editions": len(editions),
        "articles": len(articles),
        "registrations": len(registrations),
    }
