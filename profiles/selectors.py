"""Reads of people and organizations for the public pages.

Every function starts from `published()` and prefetches what its page shows, so a page runs the
same number of queries whether a person has one role or fifty. The prefetched lists are named
for what they hold:

    person.current_roles                       current roles at published organizations (cards)
    person.roles_at_published_organizations    every such role, current first (the person page)
    person.published_quotes
    organization.members                       roles of published people, current first
    organization.published_sectors
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from config.common.models import translated_order
from metrics.enums import Qualifier, Scale
from metrics.formatting import format_amount
from metrics.models import Sector
from metrics.selectors import public_indicators

from .enums import MilestoneKind
from .models import Milestone, Organization, Person, Quote, Role


def prefetch_current_roles(lookup="roles"):
    """`current_roles` on each person reached by `lookup`: the roles a person card shows."""
    roles = (
        Role.objects.current()
        .at_published_organizations()
        .select_related("organization")
        .order_by("order", "pk")
    )
    return Prefetch(lookup, queryset=roles, to_attr="current_roles")


def _roles_at_published_organizations():
    roles = Role.objects.at_published_organizations().select_related("organization")
    return Prefetch(
        "roles", queryset=roles.current_first(), to_attr="roles_at_published_organizations"
    )


def prefetch_published_sectors(lookup="sectors"):
    return Prefetch(lookup, queryset=Sector.objects.for_display(), to_attr="published_sectors")


# People ------------------------------------------------------------------------------------


def _name_column():
    """Names sort by their pinyin on Chinese pages (by reading, not by code point), by the
    Latin name on English pages."""
    name = translated_order("name")
    return "name_pinyin" if name == "name_zh" else name


def person_order(sort=""):
    name = _name_column()
    if sort == "-name":
        return [f"-{name}", "-pk"]
    if sort == "newest":
        return ["-created_at", "-pk"]
    return [name, "pk"]


def person_list():
    """Published people for the list page, each with their current roles."""
    return (
        Person.objects.published()
        .select_related("portrait")
        .prefetch_related(prefetch_current_roles())
        .order_by(*person_order())
    )


def featured_people(*, limit=8):
    """Published founders with a current role, then other people, for the home page."""
    founders = (
        Role.objects.current()
        .at_published_organizations()
        .filter(person=OuterRef("pk"), is_founder=True)
    )
    return (
        Person.objects.published()
        .select_related("portrait")
        .annotate(is_current_founder=Exists(founders))
        .prefetch_related(prefetch_current_roles())
        .order_by("-is_current_founder", "-updated_at", "pk")[:limit]
    )


def published_person(slug):
    """A published person with their portrait: what a page about them shows of them whatever
    else it shows; 404 otherwise."""
    return get_object_or_404(Person.objects.published().select_related("portrait"), slug=slug)


def person_profiles():
    """Published people with what their profile page shows from this app: roles at published
    organizations and published quotes. A queryset, so the page that composes a person with
    another app's records (forum's part in the person page) adds its own prefetches and picks
    one by slug."""
    quotes = Quote.objects.published().select_related("source").order_by("order", "pk")
    return (
        Person.objects.published()
        .select_related("portrait")
        .prefetch_related(
            _roles_at_published_organizations(),
            Prefetch("quotes", queryset=quotes, to_attr="published_quotes"),
        )
    )


def related_people(person, *, limit=8):
    """Other published people from the same organizations, then from the same sectors."""
    organization_ids = [role.organization_id for role in person.roles_at_published_organizations]
    person_sectors = Sector.objects.filter(organizations__roles__person=person).values("pk")
    sector_matches = Role.objects.at_published_organizations().filter(
        person=OuterRef("pk"), organization__sectors__in=person_sectors
    )
    same_organization = Role.objects.filter(
        person=OuterRef("pk"), organization_id__in=organization_ids
    )
    return (
        Person.objects.published()
        .select_related("portrait")
        .exclude(pk=person.pk)
        .annotate(
            shares_organization=Exists(same_organization), shares_sector=Exists(sector_matches)
        )
        .filter(Q(shares_organization=True) | Q(shares_sector=True))
        .prefetch_related(prefetch_current_roles())
        .order_by("-shares_organization", *person_order())[:limit]
    )


def current_and_past(roles):
    """Roles split into (current, past), each keeping the given order."""
    return [role for role in roles if role.is_current], [
        role for role in roles if not role.is_current
    ]


# Organizations -----------------------------------------------------------------------------


def organization_order(sort=""):
    name = _name_column()
    if sort == "-name":
        return [f"-{name}", "-pk"]
    if sort == "founded":
        return ["founded_year", name, "pk"]
    if sort == "-founded":
        return ["-founded_year", name, "pk"]
    return [name, "pk"]


def organization_list():
    """Published organizations with their sectors and whether they are listed."""
    return (
        Organization.objects.published()
        .select_related("logo")
        .with_listing()
        .prefetch_related(prefetch_published_sectors())
        .order_by(*organization_order())
    )


def published_organization(slug):
    """A published organization with its logo: what a page about it shows of it whatever else
    it shows; 404 otherwise."""
    return get_object_or_404(Organization.objects.published().select_related("logo"), slug=slug)


def organization_detail(slug):
    """A published organization with sectors, people, milestones and key figures; 404 otherwise."""
    members = Role.objects.of_published_people().select_related("person").current_first()
    milestones = Milestone.objects.select_related("source").latest_first()
    queryset = (
        Organization.objects.published()
        .select_related("parent", "logo")
        .prefetch_related(
            prefetch_published_sectors(),
            Prefetch("roles", queryset=members, to_attr="members"),
            Prefetch("milestones", queryset=milestones, to_attr="timeline"),
            Prefetch("indicators", queryset=public_indicators(), to_attr="key_figures"),
        )
    )
    organization = get_object_or_404(queryset, slug=slug)
    parent = organization.parent
    organization.published_parent = parent if parent and parent.is_published else None
    return organization


def listing_and_funding(milestones):
    """What an organization page summarises from its milestones (no query): `listing` (the
    newest stock listing milestone, or None), `rounds` (funding rounds, newest first) and
    `funding_totals`, one text per currency, summed from the published amounts (近10亿元 counts
    as 10亿元; amounts qualified differently make the sum "about"); [] when no round has one."""
    listing = next((m for m in milestones if m.kind == MilestoneKind.LISTING), None)
    rounds = [m for m in milestones if m.kind == MilestoneKind.FUNDING]
    sums = {}
    for milestone in rounds:
        if milestone.amount is None or not milestone.amount_currency:
            continue
        total, qualifiers = sums.get(milestone.amount_currency, (0, set()))
        sums[milestone.amount_currency] = (
            total + milestone.amount * milestone.amount_scale,
            qualifiers | {milestone.amount_qualifier or Qualifier.EXACT},
        )
    totals = []
    for currency, (total, qualifiers) in sums.items():
        scale = next(s for s in (Scale.YI, Scale.WAN, Scale.ONE) if total >= s or s == Scale.ONE)
        totals.append(
            format_amount(
                total / scale,
                scale=scale,
                currency=currency,
                # One way of qualifying all the amounts (近 … 近) qualifies the sum the same way.
                qualifier=qualifiers.pop() if len(qualifiers) == 1 else Qualifier.ABOUT,
            )
        )
    return {"listing": listing, "rounds": rounds, "funding_totals": totals}


def sector_with_descendants(sector):
    """The sector's pk and those of every published sector under it (集成电路 takes in GPU):
    one query, whatever the depth."""
    children = {}
    for pk, parent_id in Sector.objects.published().values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = {sector.pk}, [sector.pk]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


# How many organizations and people a sector page shows; the lists filtered by the sector
# show them all.
SECTOR_MEMBERS_SHOWN = 12


@dataclass
class SectorMembers:
    organizations: list
    people: list
    more_organizations: bool
    more_people: bool


def sector_members(sector, *, limit=SECTOR_MEMBERS_SHOWN):
    """The first `limit` published organizations of the sector or a sector under it, and of the
    published people with a current role at one of them, and whether there are more: what a
    sector page lists (five queries, whatever the size of the sector)."""
    in_sector = Organization.sectors.through.objects.filter(
        organization=OuterRef("pk"), sector__in=sector_with_descendants(sector)
    )
    organizations = organization_list().filter(Exists(in_sector))
    people = person_list().filter(
        Exists(
            Role.objects.current().filter(
                person=OuterRef("pk"), organization__in=organizations.values("pk")
            )
        )
    )
    first_organizations = list(organizations[: limit + 1])
    first_people = list(people[: limit + 1])
    return SectorMembers(
        organizations=first_organizations[:limit],
        people=first_people[:limit],
        more_organizations=len(first_organizations) > limit,
        more_people=len(first_people) > limit,
    )


def latest_milestones(*, limit=6):
    """The newest dated milestones of published organizations (the home page's timeline)."""
    return (
        Milestone.objects.published()
        .select_related("organization")
        .exclude(date__isnull=True)
        .latest_first()[:limit]
    )
