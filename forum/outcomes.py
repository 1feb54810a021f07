"""What became of the forum's alumni, computed from the site's own data: for the organizations
of an edition's participants, how many became 专精特新 (by designation), listed (by exchange
and board), or raised rounds (by size band) within N years of taking part.

What counts:
- an edition's **alumni organizations** are the companies where one of its participants (any
  participation role) holds or held a role, as the site records them;
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

from django.utils.translation import gettext_lazy as _

from metrics.enums import Currency
from profiles.enums import Designation, MilestoneKind, OrganizationKind
from profiles.models import Milestone, Organization

from .models import Edition, Participation

DEFAULT_YEARS = 5

# (upper bound in yuan, exclusive; label), smallest first; None is open-ended.
SIZE_BANDS = (
    (Decimal(10_000_000), _("under ¥10 million")),
    (Decimal(100_000_000), _("¥10–100 million")),
    (Decimal(1_000_000_000), _("¥100 million–1 billion")),
    (None, _("¥1 billion or more")),
)
NOT_COMPARABLE = _("amount not comparable")


@dataclass
class Outcomes:
    alumni: list = field(default_factory=list)  # organizations
    designated: dict = field(default_factory=dict)  # designation -> [organizations]
    listed: dict = field(default_factory=dict)  # (exchange, board) -> [organizations]
    funded: dict = field(default_factory=dict)  # band label -> [organizations]

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
        return NOT_COMPARABLE
    yuan = milestone.amount * milestone.amount_scale
    for upper, label in SIZE_BANDS:
        if upper is None or yuan < upper:
            return label
    return NOT_COMPARABLE  # pragma: no cover - the last band is open-ended


def _alumni_by_first_edition(editions):
    """{organization id: the year of the first of `editions` a participant of it attended}."""
    participations = (
        Participation.objects.filter(edition__in=editions)
        .values_list("person_id", "edition__year")
        .order_by("edition__year")
    )
    first_year = {}
    for person_id, year in participations:
        first_year.setdefault(person_id, year)
    organizations = {}
    roles = Organization.objects.filter(
        kind=OrganizationKind.COMPANY, roles__person_id__in=first_year
    ).values_list("pk", "roles__person_id")
    for organization_id, person_id in roles:
        year = first_year[person_id]
        organizations[organization_id] = min(year, organizations.get(organization_id, year))
    return organizations


def outcomes(editions, *, years=DEFAULT_YEARS):
    """The outcomes of the alumni of `editions` (one edition, or several counted together)."""
    if isinstance(editions, Edition):
        editions = [editions]
    first_year = _alumni_by_first_edition(editions)
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=first_year)}
    result = Outcomes(alumni=sorted(organizations.values(), key=lambda o: o.name_zh))
    if not first_year:
        return result
    earliest, latest = min(first_year.values()), max(first_year.values()) + years
    milestones = (
        Milestone.objects.filter(organization_id__in=first_year)
        .dated_between(earliest, latest)
        .order_by("date", "pk")
    )
    designated, listed, funded = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    for milestone in milestones:
        start = first_year[milestone.organization_id]
        if not start <= milestone.date.year <= start + years:
            continue
        organization = organizations[milestone.organization_id]
        if milestone.kind == MilestoneKind.DESIGNATION:
            designated[milestone.designation][organization.pk] = organization
        elif milestone.kind == MilestoneKind.LISTING:
            listed[milestone.exchange, milestone.board][organization.pk] = organization
        elif milestone.kind == MilestoneKind.FUNDING:
            funded[str(_band(milestone))][organization.pk] = organization
    for target, source in (
        (result.designated, designated),
        (result.listed, listed),
        (result.funded, funded),
    ):
        for key, found in source.items():
            target[key] = sorted(found.values(), key=lambda o: o.name_zh)
    return result
