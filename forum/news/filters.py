"""The news list's filters: tag, person, organization, forum edition, year. Every filter is
optional and they combine; a value that does not validate is reported on the form and ignored,
so a mangled link still shows a page."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.filters import EditionChoiceFilter, published_editions
from profiles.filters import MAX_QUERY_LENGTH, SlugChoiceFilter
from profiles.models import Organization, Person

from .models import Article, Tag


def _tags(request):
    return Tag.objects.in_use().order_by("slug")


def year_choices():
    """The years that have published articles, newest first."""
    years = (
        Article.objects.published()
        .annotate(year=ExtractYear("published_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(year), str(year)) for year in years]


class ArticleFilter(django_filters.FilterSet):
    tag = SlugChoiceFilter(
        label=_("Tag"),
        queryset=_tags,
        to_field_name="slug",
        field_name="tags",
        empty_label=_("All tags"),
    )
    # Text, not a list of everyone an article names (thousands of options would weigh hundreds
    # of KB): part of a name in either language, or a slug (links that name one person or
    # organization keep working).
    person = django_filters.CharFilter(
        label=pgettext_lazy("news filter", "Person"),
        method="filter_person",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Part of their name")}),
    )
    organization = django_filters.CharFilter(
        label=_("Organization"),
        method="filter_organization",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Part of its name")}),
    )
    edition = EditionChoiceFilter(
        label=_("Forum edition"),
        queryset=published_editions,
        to_field_name="number",
        field_name="editions",
        empty_label=_("All editions"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=year_choices,
        field_name="published_at__year",
        empty_label=_("All years"),
    )

    def filter_person(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        people = Person.objects.published()
        named = people.filter(slug=text) | people.search(text)
        return queryset.filter(Exists(named.filter(news_articles=OuterRef("pk"))))

    def filter_organization(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        organizations = Organization.objects.published()
        named = organizations.filter(slug=text) | organizations.search(text)
        return queryset.filter(Exists(named.filter(news_articles=OuterRef("pk"))))
