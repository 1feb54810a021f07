"""The entrepreneurs list's filters.

The entrepreneurs list composes people (profiles) with their part in the forum, so its filter
lives here and reuses the filter pieces profiles shares with its organizations list. Every filter
is optional and they combine freely; values live in the URL. A value that does not validate (an
unknown sector, an edition that is not a number) is reported on the form and ignored, so a
mangled link still shows a page.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from profiles.enums import OrganizationKind, RoleKind
from profiles.filters import (
    LISTING_CHOICES,
    MAX_QUERY_LENGTH,
    SlugChoiceFilter,
    published_sectors,
    sector_with_descendants,
)
from profiles.models import Organization, Role, is_listed
from profiles.selectors import person_order

from .models import Edition, Participation


class EditionChoiceField(forms.ModelChoiceField):
    """Editions by their number, as in their addresses (the site runs one forum series)."""

    def label_from_instance(self, obj):
        return obj.title_with_year

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


class EditionChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = EditionChoiceField


def _organizations(request):
    return Organization.objects.published().order_by("name_zh")


def published_editions(request):
    return Edition.objects.published().order_by("-number")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("person", "Name"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    sector = SlugChoiceFilter(
        label=_("Sector"),
        queryset=published_sectors,
        to_field_name="slug",
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    organization = SlugChoiceFilter(
        label=_("Organization"),
        queryset=_organizations,
        to_field_name="slug",
        method="filter_organization",
        empty_label=_("All organizations"),
    )
    edition = EditionChoiceFilter(
        label=_("Forum edition"),
        queryset=published_editions,
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
            ("name", pgettext_lazy("person", "Name (A–Z)")),
            ("-name", pgettext_lazy("person", "Name (Z–A)")),
            ("newest", _("Recently added")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    def filter_text(self, queryset, name, value):
        return queryset.search(value.strip())

    def _with_role(self, queryset, **conditions):
        roles = Role.objects.at_published_organizations().filter(
            person=OuterRef("pk"), **conditions
        )
        return queryset.filter(Exists(roles))

    def filter_sector(self, queryset, name, value):
        return self._with_role(queryset, organization__sectors__in=sector_with_descendants(value))

    def filter_organization(self, queryset, name, value):
        return self._with_role(queryset, organization=value)

    def filter_role(self, queryset, name, value):
        return self._with_role(queryset, kind=value)

    def filter_company(self, queryset, name, value):
        roles = (
            Role.objects.at_published_organizations()
            .filter(person=OuterRef("pk"), organization__kind=OrganizationKind.COMPANY)
            .annotate(listed=is_listed(organization="organization"))
        )
        return queryset.filter(Exists(roles.filter(listed=value == "listed")))

    def filter_edition(self, queryset, name, value):
        participations = Participation.objects.filter(person=OuterRef("pk"), edition=value)
        return queryset.filter(Exists(participations))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*person_order(value))
