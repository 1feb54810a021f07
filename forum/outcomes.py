"""What became of the forum's alumni, computed from the site's own data: for the organizations
of an edition's participants, how many became 专精特新 (by designation), listed (by exchange
and board), or raised rounds (by size band) within N years of taking part.

What counts:
- an edition's **alumni organizations** are the published companies where one of its published
  participants (any participation role) holds or held a role, as the site records them;
- an outcome counts when its milestone is dated (to the year at least) from the edition's year
  to N years after it, both included; undated milestones are left out;
- over several editions an organization counts once, at the first edition it took part in;
- a funding round's size band is read from its published amount in renminbi; rounds in another
  currency or without a published amount are counted apart ("amount not comparable").

The site holds only part of the alumni, so these are lower bounds. The figures the forum states
itself (37 专精特新 and 8 STAR listings among the first five editions' participants, from the
seed article) are a sourced indicator of their own (forum/demo data, youth-entrepreneurship):
neither replaces the other."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from metrics.enums import Currency
from metrics.models import Indicator
from metrics.selectors import public_indicators
from profiles.enums import Designation, MilestoneKind, OrganizationKind
from profiles.models import Milestone, Organization

from .enums import EditionStatus, FundingBand
from .models import Edition, Participation

DEFAULT_YEARS = 5

# (upper bound in yuan, exclusive; band), smallest first; None is open-ended.
SIZE_BANDS = (
    (Decimal(10_000_000), FundingBand.UNDER_10M),
    (Decimal(100_000_000), FundingBand.FROM_10M),
    (Decimal(1_000_000_000), FundingBand.FROM_100M),
    (None, FundingBand.OVER_1B),
)


@dataclass
class Outcomes:
    alumni: list = field(default_factory=list)  # organizations
    designated: dict = field(default_factory=dict)  # designation -> [organizations]
    listed: dict = field(default_factory=dict)  # (exchange, board) -> [organizations]
    funded: dict = field(default_factory=dict)  # FundingBand -> [organizations]

    def count(self, table, key):
        return len(table.get(key, ()))

    @property
    def little_giants(self):
        return self.designated.get(Designation.LITTLE_GIANT, [])

    @property
    def specialized_any(self):
        """专精特新 of either designation, each organization once."""
        seen = {}
        for organizations in self.designated.values():
            for organization in organizations:
                seen[organization.pk] = organization
        return sorted(seen.values(), key=lambda o: o.name_zh)


def _band(milestone):
    if milestone.amount is None or milestone.amount_currency != Currency.CNY:
        return FundingBand.NOT_COMPARABLE
    yuan = milestone.amount * milestone.amount_scale
    return next(band for upper, band in SIZE_BANDS if upper is None or yuan < upper)


def _people_by_edition(editions):
    """{edition id: {person ids}} in one query."""
    found = defaultdict(set)
    rows = Participation.objects.filter(
        edition__in=editions, person__is_published=True
    ).values_list("edition_id", "person_id")
    for edition_id, person_id in rows:
        found[edition_id].add(person_id)
    return found


def _companies_of(people):
    """{person id: {company ids}} where they hold or held a role, in one query."""
    found = defaultdict(set)
    rows = (
        Organization.objects.published()
        .filter(kind=OrganizationKind.COMPANY, roles__person_id__in=people)
        .values_list("pk", "roles__person_id")
    )
    for organization_id, person_id in rows:
        found[person_id].add(organization_id)
    return found


def _compute(first_year, organizations, milestones, years):
    """Outcomes of the companies in `first_year` ({id: the year they first took part})."""
    result = Outcomes(
        alumni=sorted((organizations[pk] for pk in first_year), key=lambda o: o.name_zh)
    )
    designated, listed, funded = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    for milestone in milestones:
        start = first_year.get(milestone.organization_id)
        if start is None or not start <= milestone.date.year <= start + years:
            continue
        organization = organizations[milestone.organization_id]
        if milestone.kind == MilestoneKind.DESIGNATION:
            designated[milestone.designation][organization.pk] = organization
        elif milestone.kind == MilestoneKind.LISTING:
            listed[milestone.exchange, milestone.board][organization.pk] = organization
        elif milestone.kind == MilestoneKind.FUNDING:
            funded[_band(milestone)][organization.pk] = organization
    for target, source in (
        (result.designated, designated),
        (result.listed, listed),
        (result.funded, funded),
    ):
        for key, found in source.items():
            target[key] = sorted(found.values(), key=lambda o: o.name_zh)
    return result


def _load(editions):
    """(editions in order, people by edition, companies by person, organizations, milestones):
    four queries whatever the number of editions, organizations or milestones."""
    editions = sorted(editions, key=lambda e: (e.year, e.number))
    people = _people_by_edition(editions)
    companies = _companies_of({p for members in people.values() for p in members})
    organization_ids = {o for found in companies.values() for o in found}
    organizations = Organization.objects.in_bulk(organization_ids)
    milestones = list(
        Milestone.objects.filter(
            organization_id__in=organization_ids,
            kind__in=[MilestoneKind.DESIGNATION, MilestoneKind.LISTING, MilestoneKind.FUNDING],
            date__isnull=False,
        ).order_by("date", "pk")
    )
    return editions, people, companies, organizations, milestones


def _first_years(editions, people, companies):
    first_year = {}
    for edition in editions:
        for person_id in people.get(edition.pk, ()):
            for organization_id in companies.get(person_id, ()):
                first_year.setdefault(organization_id, edition.year)
    return first_year


def outcomes(editions, *, years=DEFAULT_YEARS):
    """The outcomes of the alumni of `editions` (one edition, or several counted together)."""
    if isinstance(editions, Edition):
        editions = [editions]
    editions, people, companies, organizations, milestones = _load(editions)
    first_year = _first_years(editions, people, companies)
    return _compute(first_year, organizations, milestones, years)


def outcomes_by_edition(editions, *, years=DEFAULT_YEARS):
    """[(edition, its alumni's outcomes)] in time order, in the same four queries."""
    editions, people, companies, organizations, milestones = _load(editions)
    return [
        (
            edition,
            _compute(_first_years([edition], people, companies), organizations, milestones, years),
        )
        for edition in editions
    ]


# The forum's own figures about its alumni (indicators of the seed data, with their source),
# and how to compute the comparable figure from the site's data: editions 1–5 ("前五届").
STATED_EDITIONS = range(1, 6)
STATED = (
    ("youth50-specialized-companies", lambda result: result.specialized_any),
    ("youth50-star-market-listings", lambda result: result.listed.get(("sse", "star"), [])),
)


@dataclass(frozen=True)
class StatedBesideComputed:
    indicator: object  # the stated figure, with observations and source (public_indicators)
    organizations: list  # the site's own alumni behind the computed figure

    @property
    def computed(self):
        return len(self.organizations)


def stated_beside_computed(*, years=DEFAULT_YEARS):
    """Each figure the forum states about its alumni, beside the same figure computed from the
    site's data for the same editions. Neither replaces the other."""
    indicators = {
        indicator.slug: indicator
        for indicator in public_indicators(
            Indicator.objects.filter(slug__in=[s for s, _ in STATED])
        )
    }
    editions = list(Edition.objects.published().filter(number__in=STATED_EDITIONS))
    result = outcomes(editions, years=years) if editions else Outcomes()
    return [
        StatedBesideComputed(indicator=indicators[slug], organizations=pick(result))
        for slug, pick in STATED
        if slug in indicators
    ]


def alumni_editions():
    """The published editions that have been held, oldest first, with their forum."""
    return list(
        Edition.objects.published()
        .filter(status=EditionStatus.HELD)
        .select_related("forum")
        .order_by("year", "number")
    )


def published_edition(number):
    """A published edition by number, or None."""
    return Edition.objects.published().select_related("forum").filter(number=number).first()


@dataclass(frozen=True)
class Row:
    """One line of the outcomes table: the counts the page and its chart show."""

    label: str
    outcomes: Outcomes
    number: int | None = None  # the edition's, for its own page

    @property
    def listed(self):
        seen = {o.pk: o for found in self.outcomes.listed.values() for o in found}
        return sorted(seen.values(), key=lambda o: o.name_zh)

    @property
    def star(self):
        return self.outcomes.listed.get(("sse", "star"), [])

    @property
    def funded(self):
        seen = {o.pk: o for found in self.outcomes.funded.values() for o in found}
        return sorted(seen.values(), key=lambda o: o.name_zh)


def edition_row(edition, *, years=DEFAULT_YEARS):
    """One edition's line: the outcomes of its own alumni, for its outcomes page and its page."""
    return Row(label=edition.title, outcomes=outcomes(edition, years=years), number=edition.number)
