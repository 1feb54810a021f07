"""Spreadsheet columns of people, organizations, roles and milestones (config/common/importing
holds the rules every import follows: saved by the services, matched by natural key, blank
cells keep what is stored, one query per model for lookups).

Rows are matched by slug (people, organizations), by person + organization + Chinese title
(roles) and by organization + kind + Chinese title (milestones); related rows are named by
their slug, sources by their Chinese title.
"""

from import_export import fields, widgets

from config.common.importing import CachedForeignKeyWidget, ServiceResource
from metrics.models import Sector, Source

from . import services
from .models import Milestone, Organization, Person, Role


class PersonResource(ServiceResource):
    service = staticmethod(services.person_save)
    service_arg = "person"

    class Meta(ServiceResource.Meta):
        model = Person
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_zh",
            "name_en",
            "headline_zh",
            "headline_en",
            "bio_zh",
            "bio_en",
            "honours_zh",
            "honours_en",
            "is_published",
        )


class OrganizationResource(ServiceResource):
    service = staticmethod(services.organization_save)
    service_arg = "organization"

    parent = fields.Field(
        attribute="parent", column_name="parent", widget=CachedForeignKeyWidget(Organization)
    )
    sectors = fields.Field(
        attribute="sectors",
        column_name="sectors",
        widget=widgets.ManyToManyWidget(Sector, field="slug", separator="|"),
    )

    class Meta(ServiceResource.Meta):
        model = Organization
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "kind",
            "name_zh",
            "name_en",
            "short_name_zh",
            "short_name_en",
            "parent",
            "founded_year",
            "hq_city_zh",
            "hq_city_en",
            "district",
            "website",
            "sectors",
            "description_zh",
            "description_en",
            "is_published",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("parent").prefetch_related("sectors")


class RoleResource(ServiceResource):
    service = staticmethod(services.role_save)
    service_arg = "role"

    person = fields.Field(
        attribute="person", column_name="person", widget=CachedForeignKeyWidget(Person)
    )
    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=CachedForeignKeyWidget(Organization),
    )

    class Meta(ServiceResource.Meta):
        model = Role
        import_id_fields = ("person", "organization", "title_zh")
        fields = (
            "person",
            "organization",
            "title_zh",
            "title_en",
            "kind",
            "is_founder",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "order",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organization")


class MilestoneResource(ServiceResource):
    service = staticmethod(services.milestone_save)
    service_arg = "milestone"

    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=CachedForeignKeyWidget(Organization),
    )
    source = fields.Field(
        attribute="source",
        column_name="source",
        widget=CachedForeignKeyWidget(Source, field="title_zh"),
    )

    class Meta(ServiceResource.Meta):
        model = Milestone
        import_id_fields = ("organization", "kind", "title_zh")
        fields = (
            "organization",
            "kind",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "date",
            "date_precision",
            "round_name_zh",
            "round_name_en",
            "amount",
            "amount_scale",
            "amount_currency",
            "amount_qualifier",
            "exchange",
            "board",
            "ticker",
            "designation",
            "designation_level",
            "source",
            "excerpt",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "source")
