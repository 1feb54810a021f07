"""Spreadsheet columns of figures: sources, indicators and their observations (the rules of
every import are config/common/importing's). Sources are matched by their Chinese title and
publisher, indicators by slug, observations by indicator + period + precision + measure +
kind — the rule that makes a figure unique."""

from import_export import fields

from config.common.importing import CachedForeignKeyWidget, ServiceResource

from . import services
from .models import Indicator, Observation, Sector, Source


class SourceResource(ServiceResource):
    service = staticmethod(services.source_save)
    service_arg = "source"

    class Meta(ServiceResource.Meta):
        model = Source
        import_id_fields = ("title_zh", "publisher_zh")
        fields = (
            "title_zh",
            "title_en",
            "publisher_zh",
            "publisher_en",
            "published_on",
            "url",
            "excerpt",
            "notes",
        )


class IndicatorResource(ServiceResource):
    service = staticmethod(services.indicator_save)
    service_arg = "indicator"

    sector = fields.Field(
        attribute="sector", column_name="sector", widget=CachedForeignKeyWidget(Sector)
    )

    class Meta(ServiceResource.Meta):
        model = Indicator
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_zh",
            "name_en",
            "sector",
            "scope",
            "unit",
            "count_noun_zh",
            "count_noun_en",
            "description_zh",
            "description_en",
            "order",
            "is_headline",
            "is_published",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("sector")


class ObservationResource(ServiceResource):
    service = staticmethod(services.observation_save)
    service_arg = "observation"

    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=CachedForeignKeyWidget(Indicator)
    )
    source = fields.Field(
        attribute="source",
        column_name="source",
        widget=CachedForeignKeyWidget(Source, field="title_zh"),
    )

    class Meta(ServiceResource.Meta):
        model = Observation
        import_id_fields = ("indicator", "period_date", "period_precision", "comparison", "kind")
        fields = (
            "indicator",
            "period_date",
            "period_precision",
            "comparison",
            "kind",
            "value",
            "scale",
            "qualifier",
            "share_denominator",
            "note_zh",
            "note_en",
            "source",
            "excerpt",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "source")
