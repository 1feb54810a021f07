"""The editors' admin for sources, sectors, indicators and observations.

Every write goes through metrics.services; lists read in a constant number of queries.
"""

from operator import attrgetter

from django.contrib import admin
from django.db.models import F, OuterRef
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from config.common.admin import (
    TIMESTAMPS_FIELDSET,
    PublishActionsMixin,
    ServiceAdmin,
    ServiceInlineMixin,
    SubqueryCount,
    related_filter,
    titled,
)
from config.common.dates import format_partial_date
from config.common.importing import ImportExportAdminMixin
from config.revisions.admin import DraftAdminMixin

from . import resources, services
from .formatting import format_observation
from .models import Indicator, Observation, Sector, Source

SECTOR_FILTER = related_filter("parent", label=attrgetter("path_name"))


@admin.register(Source)
class SourceAdmin(ImportExportAdminMixin, ServiceAdmin):
    resource_classes = (resources.SourceResource,)
    service = staticmethod(services.source_save)
    service_arg = "source"
    list_display = (
        "title_zh",
        "title_en",
        "publisher_zh",
        "published_on",
        "citations",
    )
    search_fields = ("title_zh", "title_en", "publisher_zh", "publisher_en", "url")
    date_hierarchy = "published_on"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("title_zh", "title_en"),
                    ("publisher_zh", "publisher_en"),
                    "published_on",
                    "url",
                )
            },
        ),
        (_("Excerpt and notes"), {"fields": ("excerpt", "notes")}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        # Every model that cites a source (observations here; milestones, quotes and
        # participations in the apps that stand on metrics) is counted through the reverse
        # relations, so metrics needs no import of the apps above it.
        counts = {
            f"n_{rel.name}": SubqueryCount(
                rel.related_model._default_manager.filter(**{rel.field.name: OuterRef("pk")})
            )
            for rel in _citing_relations()
        }
        queryset = super().get_queryset(request).annotate(**counts)
        if counts:
            queryset = queryset.annotate(n_citations=sum(F(name) for name in counts))
        return queryset

    @admin.display(description=_("cited by"), ordering="n_citations")
    def citations(self, obj):
        parts = [
            (rel.related_model._meta.verbose_name_plural, getattr(obj, f"n_{rel.name}"))
            for rel in _citing_relations()
        ]
        return (
            format_html_join(", ", "{}: {}", ((name, count) for name, count in parts if count))
            or "—"
        )


def _citing_relations():
    return [rel for rel in Source._meta.related_objects if rel.one_to_many]


@admin.register(Sector)
class SectorAdmin(PublishActionsMixin, ServiceAdmin):
    service = staticmethod(services.sector_save)
    service_arg = "sector"
    list_display = ("name_zh", "name_en", "parent", "order", "indicator_count", "is_published")
    list_select_related = ("parent",)
    list_filter = ("is_published", ("parent", SECTOR_FILTER))
    search_fields = ("name_zh", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": (("name_zh", "name_en"), "slug", "parent", "order", "is_published")}),
        (_("Description"), {"fields": (("description_zh", "description_en"),)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(n_indicators=SubqueryCount(Indicator.objects.filter(sector=OuterRef("pk"))))
        )

    @admin.display(description=_("indicators"), ordering="n_indicators")
    def indicator_count(self, obj):
        return obj.n_indicators


class ObservationInline(ServiceInlineMixin, admin.TabularInline):
    model = Observation
    service = staticmethod(services.observation_save)
    service_arg = "observation"
    autocomplete_fields = ("source",)
    fields = (
        "value",
        "scale",
        "qualifier",
        "period_date",
        "period_precision",
        "comparison",
        "kind",
        # The measure may change here, and only a share may be published as a fraction.
        "share_denominator",
        "source",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Indicator)
class IndicatorAdmin(DraftAdminMixin, ImportExportAdminMixin, PublishActionsMixin, ServiceAdmin):
    resource_classes = (resources.IndicatorResource,)
    service = staticmethod(services.indicator_save)
    service_arg = "indicator"
    list_display = (
        "name_zh",
        "name_en",
        "sector",
        "scope",
        "unit",
        "observation_count",
        "is_headline",
        "is_published",
    )
    list_select_related = ("sector__parent",)
    list_filter = (
        ("sector", SECTOR_FILTER),
        "scope",
        "unit",
        "is_headline",
        "is_published",
    )
    search_fields = ("name_zh", "name_en", "slug", "sector__name_zh", "sector__name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("sector",)
    inlines = (ObservationInline,)
    fieldsets = (
        (None, {"fields": (("name_zh", "name_en"), "slug", "sector")}),
        (
            _("Measure"),
            {"fields": ("scope", "unit", ("count_noun_zh", "count_noun_en"))},
        ),
        (_("Description"), {"fields": (("description_zh", "description_en"),)}),
        (_("Display"), {"fields": ("order", "is_headline", "is_published")}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("sector__parent")
            .annotate(
                n_observations=SubqueryCount(Observation.objects.filter(indicator=OuterRef("pk")))
            )
        )

    @admin.display(description=_("observations"), ordering="n_observations")
    def observation_count(self, obj):
        return obj.n_observations


@admin.register(Observation)
class ObservationAdmin(ImportExportAdminMixin, ServiceAdmin):
    resource_classes = (resources.ObservationResource,)
    service = staticmethod(services.observation_save)
    service_arg = "observation"
    list_display = (
        "indicator",
        "period",
        "figure",
        "comparison",
        "kind",
        "qualifier",
        "source",
    )
    list_select_related = ("indicator", "source")
    list_filter = (
        ("indicator__sector", titled(SECTOR_FILTER, _("sector"))),
        ("indicator__scope", titled(admin.ChoicesFieldListFilter, _("scope"))),
        "comparison",
        "kind",
        "qualifier",
        "scale",
        "source",
    )
    date_hierarchy = "period_date"
    search_fields = (
        "indicator__name_zh",
        "indicator__name_en",
        "note_zh",
        "note_en",
        "excerpt",
        "source__title_zh",
    )
    autocomplete_fields = ("indicator", "source")
    fieldsets = (
        (None, {"fields": ("indicator", ("period_date", "period_precision"))}),
        (
            _("Value as published"),
            {
                "fields": (
                    ("value", "scale", "qualifier"),
                    ("comparison", "kind"),
                    "share_denominator",
                )
            },
        ),
        (_("Note"), {"fields": (("note_zh", "note_en"),)}),
        (_("Source"), {"fields": ("source", "excerpt")}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "source")

    @admin.display(description=_("period"), ordering="period_date")
    def period(self, obj):
        return format_partial_date(obj.period_date, obj.period_precision)

    @admin.display(description=_("value"), ordering="value")
    def figure(self, obj):
        return format_observation(obj)
