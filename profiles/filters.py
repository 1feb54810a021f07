"""The filter forms of the entrepreneurs and organizations lists (django-filter).

Every filter is optional and they combine freely; values live in the URL. A value that does not
validate (an unknown sector, a year that is not a number) is reported on the form and ignored,
so a mangled link still shows a page.
"""

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from config.common.formatting import ZH, chinese_numeral, english_ordinal, resolve_language
from metrics.models import Sector

from .enums import Board, Exchange, MilestoneKind, OrganizationKind, RoleKind, ShanghaiDistrict
from .models import Milestone, Organization, Role
from .selectors import organization_order, person_order

MAX_QUERY_LENGTH = 100

LISTING_CHOICES = [("listed", _("Listed company")), ("unlisted", _("Unlisted company"))]


class _SlugChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _SlugChoiceField


def edition_label(edition):
    """第六届 (2025) / 6th edition (2025)."""
    if resolve_language() == ZH:
        return f"第{chinese_numeral(edition.number)}届（{edition.year}）"
    return f"{english_ordinal(edition.number)} edition ({edition.year})"


class _EditionChoiceField(forms.ModelChoiceField):
    """Editions by number. Numbers are unique per forum, so should a second forum series ever
    be added, a number picks the first match instead of failing."""

    def label_from_instance(self, obj):
        return edition_label(obj)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            edition = self.queryset.filter(number=int(value)).first()
        except (TypeError, ValueError, OverflowError):
            edition = None
        if edition is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return edition


class _EditionChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _EditionChoiceField


# A text input, not type=number: a mangled value is echoed back with its error, which a
# number input may not hold in valid HTML.
_YEAR_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"})


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


def _sectors(request):
    return Sector.objects.published().order_by("order", "name_zh")


def _organizations(request):
    return Organization.objects.published().order_by("name_zh")


def _editions(request):
    # forum stands on profiles, so profiles reaches the forum's editions through the app
    # registry rather than an import (which would run against the app direction).
    return apps.get_model("forum", "Edition").objects.published().order_by("-number")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    sector = _SlugChoiceFilter(
        label=_("Sector"),
        queryset=_sectors,
        to_field_name="slug",
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    organization = _SlugChoiceFilter(
        label=_("Organization"),
        queryset=_organizations,
        to_field_name="slug",
        method="filter_organization",
        empty_label=_("All organizations"),
    )
    edition = _EditionChoiceFilter(
        label=_("Forum edition"),
        queryset=_editions,
        to_field_name="number",
        method="filter_edition",
        empty_label=_("All editions"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=RoleKind.choices, method="filter_role", empty_label=_("All roles")
    )
    company = django_filters.ChoiceFilter(
        label=_("Company"),
        choices=LISTING_CHOICES,
        method="filter_company",
        empty_label=_("Listed or not"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("newest", _("Recently added")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    def filter_text(self, queryset, name, value):
        return queryset.search(value.strip())

    def _with_role(self, queryset, **conditions):
        roles = Role.objects.filter(
            person=OuterRef("pk"), organization__is_published=True, **conditions
        )
        return queryset.filter(Exists(roles))

    def filter_sector(self, queryset, name, value):
        return self._with_role(queryset, organization__sectors__in=sector_with_descendants(value))

    def filter_organization(self, queryset, name, value):
        return self._with_role(queryset, organization=value)

    def filter_role(self, queryset, name, value):
        return self._with_role(queryset, kind=value)

    def filter_company(self, queryset, name, value):
        listings = Milestone.objects.filter(
            organization=OuterRef("organization"), kind=MilestoneKind.LISTING
        )
        roles = Role.objects.filter(
            person=OuterRef("pk"),
            organization__is_published=True,
            organization__kind=OrganizationKind.COMPANY,
        ).annotate(listed=Exists(listings))
        return queryset.filter(Exists(roles.filter(listed=value == "listed")))

    def filter_edition(self, queryset, name, value):
        participation = apps.get_model("forum", "Participation")
        participations = participation.objects.filter(person=OuterRef("pk"), edition=value)
        return queryset.filter(Exists(participations))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*person_order(value))


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    sector = _SlugChoiceFilter(
        label=_("Sector"),
        queryset=_sectors,
        to_field_name="slug",
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganizationKind.choices, empty_label=_("All kinds")
    )
    district = django_filters.ChoiceFilter(
        label=_("Shanghai district"),
        choices=ShanghaiDistrict.choices,
        empty_label=_("All districts"),
    )
    listing = django_filters.ChoiceFilter(
        label=_("Listing"),
        choices=LISTING_CHOICES,
        method="filter_listing",
        empty_label=_("Listed or not"),
    )
    exchange = django_filters.ChoiceFilter(
        label=_("Exchange"),
        choices=Exchange.choices,
        method="filter_exchange",
        empty_label=_("All exchanges"),
    )
    board = django_filters.ChoiceFilter(
        label=_("Board"), choices=Board.choices, method="filter_board", empty_label=_("All boards")
    )
    founded_min = django_filters.NumberFilter(
        label=_("Founded from (year)"),
        field_name="founded_year",
        lookup_expr="gte",
        min_value=1800,
        max_value=2100,
        decimal_places=0,
        widget=_YEAR_INPUT,
    )
    founded_max = django_filters.NumberFilter(
        label=_("Founded until (year)"),
        field_name="founded_year",
        lookup_expr="lte",
        min_value=1800,
        max_value=2100,
        decimal_places=0,
        widget=_YEAR_INPUT,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("-founded", _("Founded (newest first)")),
            ("founded", _("Founded (oldest first)")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    def filter_text(self, queryset, name, value):
        return queryset.search(value.strip())

    def filter_sector(self, queryset, name, value):
        through = Organization.sectors.through.objects.filter(
            organization=OuterRef("pk"), sector__in=sector_with_descendants(value)
        )
        return queryset.filter(Exists(through))

    def _with_listing(self, queryset, **conditions):
        listings = Milestone.objects.filter(
            organization=OuterRef("pk"), kind=MilestoneKind.LISTING, **conditions
        )
        return queryset.filter(Exists(listings))

    def filter_listing(self, queryset, name, value):
        listings = Milestone.objects.filter(organization=OuterRef("pk"), kind=MilestoneKind.LISTING)
        if value == "listed":
            return queryset.filter(Exists(listings))
        return queryset.exclude(Exists(listings))

    def filter_exchange(self, queryset, name, value):
        return self._with_listing(queryset, exchange=value)

    def filter_board(self, queryset, name, value):
        return self._with_listing(queryset, board=value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*organization_order(value))
