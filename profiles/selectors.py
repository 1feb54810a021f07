"""Reads for the public pages about people and organizations.

Every function starts from `published()` and prefetches what its page shows, so a page runs the
same number of queries whether a person has one role or fifty.
"""

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from config.common.models import translated_order
from metrics.models import Sector
from metrics.selectors import public_indicators

from .enums import MilestoneKind
from .models import Milestone, Organization, Person, Quote, Role

# Current roles (no end date) first, then past roles latest first, on SQLite and PostgreSQL alike.
_ROLE_ORDER = (
    F("end_date").desc(nulls_first=True),
    "order",
    F("start_date").desc(nulls_last=True),
    "pk",
)


def _public_roles(to_attr="public_roles"):
    roles = (
        Role.objects.filter(organization__is_published=True)
        .select_related("organization")
        .order_by(*_ROLE_ORDER)
    )
    return Prefetch("roles", queryset=roles, to_attr=to_attr)


def _published_sectors():
    return Prefetch(
        "sectors",
        queryset=Sector.objects.published().order_by("order", "name_zh"),
        to_attr="public_sectors",
    )


def listed_organizations():
    """Published organizations with a stock listing milestone."""
    listings = Milestone.objects.filter(organization=OuterRef("pk"), kind=MilestoneKind.LISTING)
    return Organization.objects.published().filter(Exists(listings))


# People ------------------------------------------------------------------------------------


def person_list():
    """Published people for the list page, each with their roles at published organizations."""
    return Person.objects.published().prefetch_related(_public_roles()).order_by(*person_order())


def person_order(sort=""):
    name = translated_order("name")
    if sort == "-name":
        return [f"-{name}", "-pk"]
    if sort == "newest":
        return ["-created_at", "-pk"]
    return [name, "pk"]


def person_profiles():
    """Published people with what their profile page shows from this app: roles at published
    organizations and published quotes. A queryset, so the page that composes a person with
    another app's records (forum's person page) adds its own prefetches and picks one by slug."""
    quotes = Quote.objects.published().select_related("source").order_by("order", "pk")
    return Person.objects.published().prefetch_related(
        _public_roles(),
        Prefetch("quotes", queryset=quotes, to_attr="public_quotes"),
    )


def related_people(person, *, limit=8):
    """Other published people from the same organizations, then from the same sectors."""
    organization_ids = [role.organization_id for role in person.public_roles]
    sector_matches = Role.objects.filter(
        person=OuterRef("pk"),
        organization__is_published=True,
        organization__sectors__in=Sector.objects.filter(organizations__roles__person=person).values(
            "pk"
        ),
    )
    same_organization = Role.objects.filter(
        person=OuterRef("pk"), organization_id__in=organization_ids
    )
    return (
        Person.objects.published()
        .exclude(pk=person.pk)
        .annotate(
            shares_organization=Exists(same_organization), shares_sector=Exists(sector_matches)
        )
        .filter(Q(shares_organization=True) | Q(shares_sector=True))
        .prefetch_related(_public_roles())
        .order_by("-shares_organization", *person_order())[:limit]
    )


# Organizations -----------------------------------------------------------------------------


def organization_order(sort=""):
    name = translated_order("name")
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
        .with_listing()
        .prefetch_related(_published_sectors())
        .order_by(*organization_order())
    )


def organization_detail(slug):
    """A published organization with sectors, people, milestones and key figures; 404 otherwise."""
    roles = (
        Role.objects.filter(person__is_published=True)
        .select_related("person")
        .order_by(*_ROLE_ORDER)
    )
    milestones = Milestone.objects.select_related("source").latest_first()
    queryset = (
        Organization.objects.published()
        .select_related("parent")
        .prefetch_related(
            _published_sectors(),
            Prefetch("roles", queryset=roles, to_attr="public_roles"),
            Prefetch("milestones", queryset=milestones, to_attr="timeline"),
            Prefetch("indicators", queryset=public_indicators(), to_attr="key_figures"),
        )
    )
    organization = get_object_or_404(queryset, slug=slug)
    parent = organization.parent
    organization.public_parent = parent if parent and parent.is_published else None
    return organization


def current_and_past(roles):
    """Roles split into (current, past), each keeping the given order."""
    return [role for role in roles if role.is_current], [
        role for role in roles if not role.is_current
    ]
