"""The news list's filters: tag, person, organization, forum edition, year. Every filter is
optional and they combine; a value that does not validate is reported on the form and ignored,
so a mangled link still shows a page."""

import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.filters import EditionChoiceFilter, published_editions
from profiles.filters import SlugChoiceFilter
from profiles.models import Organization, Person

from .models import Article, Tag


def _tags(request):
    return Tag.objects.in_use().order_by("slug")


def _people(request):
    return (
        Person.objects.published().filter(news_articles__in=Article.objects.published()).distinct()
    )


def _organizations(request):
    return (
        Organization.objects.published()
        .filter(news_articles__in=Article.objects.published())
        .distinct()
        .order_by("name_zh")
    )


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
    person = SlugChoiceFilter(
        label=pgettext_lazy("news filter", "Person"),
        queryset=_people,
        to_field_name="slug",
        field_name="people",
        empty_label=_("All people"),
    )
    organization = SlugChoiceFilter(
        label=_("Organization"),
        queryset=_organizations,
        to_field_name="slug",
        field_name="organizations",
        empty_label=_("All organizations"),
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
