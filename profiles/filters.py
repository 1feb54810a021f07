"""The organizations list's filter form (django-filter), and the pieces the entrepreneurs list
(forum/filters.py) shares with it.

Every filter is optional and they combine freely; values live in the URL. A value that does not
validate (an unknown sector, a year that is not a number) is reported on the form and ignored,
so a mangled link still shows a page.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from metrics.models import Sector

from .enums import Board, Exchange, OrganizationKind, ShanghaiDistrict
from .models import Organization
from .selectors import organization_order, sector_with_descendants

MAX_QUERY_LENGTH = 100

LISTING_CHOICES = [("listed", _("Listed company")), ("unlisted", _("Unlisted company"))]


class SlugChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


# A text input, not type=number: a mangled value is echoed back with its error, which a
# number input may not hold in valid HTML.
_YEAR_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"})


def published_sectors(request):
    return Sector.objects.for_display()


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    sector = SlugChoiceFilter(
        label=_("Sector"),
        queryset=published_sectors,
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

    def filter_listing(self, queryset, name, value):
        return queryset.listed() if value == "listed" else queryset.unlisted()

    def filter_exchange(self, queryset, name, value):
        return queryset.listed(exchange=value)

    def filter_board(self, queryset, name, value):
        return queryset.listed(board=value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*organization_order(value))
