"""The editors' admin for people, organizations, roles, milestones and quotes.

Every write goes through profiles.services; lists read in a constant number of queries.
"""

from operator import attrgetter

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.common.admin import (
    TIMESTAMPS_FIELDSET,
    PublishActionsMixin,
    ServiceAdmin,
    ServiceInlineMixin,
    related_filter,
    titled,
)
from config.common.dates import format_partial_date
from config.common.importing import ImportExportAdminMixin
from config.images.admin import image_thumbnail
from config.revisions.admin import DraftAdminMixin
from metrics.models import Sector

from . import resources, services
from .enums import Exchange
from .models import Milestone, Organization, Person, Quote, Role

SECTOR_FILTER = related_filter("parent", label=attrgetter("path_name"))


# ---- filters --------------------------------------------------------------------------------


class ListingStatusFilter(admin.SimpleListFilter):
    title = _("listing status")
    parameter_name = "listed"

    def lookups(self, request, model_admin):
        return [("yes", _("Listed")), ("no", _("Not listed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.listed()
        if self.value() == "no":
            return queryset.unlisted()
        return queryset


class ExchangeFilter(admin.SimpleListFilter):
    title = _("exchange")
    parameter_name = "exchange"

    def lookups(self, request, model_admin):
        return Exchange.choices

    def queryset(self, request, queryset):
        if self.value() not in Exchange.values:
            return queryset
        return queryset.listed(exchange=self.value())


# ---- inlines --------------------------------------------------------------------------------


class RoleInline(ServiceInlineMixin, admin.TabularInline):
    model = Role
    service = staticmethod(services.role_save)
    service_arg = "role"
    fields = (
        "kind",
        "title_zh",
        "title_en",
        "is_founder",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "order",
    )


class PersonRoleInline(RoleInline):
    fk_name = "person"
    autocomplete_fields = ("organization",)
    fields = ("organization", *RoleInline.fields)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class OrganizationRoleInline(RoleInline):
    fk_name = "organization"
    autocomplete_fields = ("person",)
    fields = ("person", *RoleInline.fields)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class MilestoneInline(ServiceInlineMixin, admin.StackedInline):
    model = Milestone
    service = staticmethod(services.milestone_save)
    service_arg = "milestone"
    autocomplete_fields = ("source",)
    fields = (
        ("kind", "date", "date_precision"),
        ("title_zh", "title_en"),
        ("round_name_zh", "round_name_en"),
        ("amount", "amount_scale", "amount_currency", "amount_qualifier"),
        ("exchange", "board", "ticker"),
        "source",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class QuoteInline(ServiceInlineMixin, admin.StackedInline):
    model = Quote
    service = staticmethod(services.quote_save)
    service_arg = "quote"
    autocomplete_fields = ("source",)
    fields = (
        ("text_zh", "text_en"),
        ("context_zh", "context_en"),
        ("source", "order", "is_published"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


# ---- people ---------------------------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(DraftAdminMixin, ImportExportAdminMixin, PublishActionsMixin, ServiceAdmin):
    resource_classes = (resources.PersonResource,)
    service = staticmethod(services.person_save)
    service_arg = "person"
    list_display = (
        "portrait_thumbnail",
        "name_zh",
        "name_en",
        "headline_zh",
        "organizations",
        "is_published",
        "updated_at",
    )
    list_display_links = ("portrait_thumbnail", "name_zh")
    list_filter = (
        "is_published",
        ("roles__organization__sectors", titled(SECTOR_FILTER, _("sector"))),
        ("roles__organization__kind", titled(admin.ChoicesFieldListFilter, _("organization kind"))),
        ("roles__kind", titled(admin.ChoicesFieldListFilter, _("role kind"))),
        ("roles__is_founder", titled(admin.BooleanFieldListFilter, _("founder"))),
    )
    search_fields = ("name_zh", "name_en", "slug", "headline_zh", "headline_en")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("portrait_preview", "created_at", "updated_at")
    autocomplete_fields = ("portrait",)
    inlines = (PersonRoleInline, QuoteInline)
    fieldsets = (
        (None, {"fields": (("name_zh", "name_en"), "slug", "is_published")}),
        (_("Portrait"), {"fields": ("portrait", "portrait_preview")}),
        (
            _("Texts"),
            {
                "fields": (
                    ("headline_zh", "headline_en"),
                    ("bio_zh", "bio_en"),
                    ("honours_zh", "honours_en"),
                )
            },
        ),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        roles = Role.objects.select_related("organization").order_by("order", "pk")
        return (
            super()
            .get_queryset(request)
            .select_related("portrait")
            .prefetch_related(Prefetch("roles", queryset=roles))
        )

    @admin.display(description=_("portrait"))
    def portrait_thumbnail(self, obj):
        return image_thumbnail(obj.portrait, alt=obj.name_zh)

    @admin.display(description=_("current portrait"))
    def portrait_preview(self, obj):
        return image_thumbnail(obj.portrait, alt=obj.name_zh)

    @admin.display(description=_("organizations"))
    def organizations(self, obj):
        names = dict.fromkeys(
            role.organization.short_name_zh or role.organization.name_zh for role in obj.roles.all()
        )
        return "、".join(names) or "—"


# ---- organizations --------------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(DraftAdminMixin, ImportExportAdminMixin, PublishActionsMixin, ServiceAdmin):
    resource_classes = (resources.OrganizationResource,)
    service = staticmethod(services.organization_save)
    service_arg = "organization"
    list_display = (
        "name_zh",
        "name_en",
        "short_name_zh",
        "kind",
        "district",
        "founded_year",
        "sector_names",
        "is_listed",
        "is_published",
    )
    list_filter = (
        "kind",
        ListingStatusFilter,
        ExchangeFilter,
        ("sectors", titled(SECTOR_FILTER, _("sector"))),
        "district",
        "is_published",
    )
    search_fields = ("name_zh", "name_en", "short_name_zh", "short_name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent", "sectors", "indicators", "logo")
    inlines = (OrganizationRoleInline, MilestoneInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    ("name_zh", "name_en"),
                    ("short_name_zh", "short_name_en"),
                    "slug",
                    "parent",
                    "is_published",
                )
            },
        ),
        (
            _("Place and facts"),
            {"fields": ("founded_year", ("hq_city_zh", "hq_city_en"), "district", "website")},
        ),
        (_("Logo"), {"fields": ("logo",)}),
        (_("Sectors and figures"), {"fields": ("sectors", "indicators")}),
        (_("Description"), {"fields": (("description_zh", "description_en"),)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_listing()
            .prefetch_related(Prefetch("sectors", queryset=Sector.objects.select_related("parent")))
        )

    @admin.display(description=_("sectors"))
    def sector_names(self, obj):
        return "、".join(sector.name_zh for sector in obj.sectors.all()) or "—"

    @admin.display(description=_("listed"), boolean=True, ordering="is_listed")
    def is_listed(self, obj):
        return obj.is_listed


# ---- roles, milestones, quotes ----------------------------------------------------------------


@admin.register(Role)
class RoleAdmin(ImportExportAdminMixin, ServiceAdmin):
    resource_classes = (resources.RoleResource,)
    service = staticmethod(services.role_save)
    service_arg = "role"
    list_display = (
        "person",
        "organization",
        "title_zh",
        "title_en",
        "kind",
        "is_founder",
        "start_date",
        "end_date",
    )
    list_select_related = ("person", "organization")
    list_filter = (
        "kind",
        "is_founder",
        ("organization__sectors", titled(SECTOR_FILTER, _("sector"))),
    )
    search_fields = (
        "title_zh",
        "title_en",
        "person__name_zh",
        "person__name_en",
        "organization__name_zh",
        "organization__name_en",
        "organization__short_name_zh",
        "organization__short_name_en",
    )
    autocomplete_fields = ("person", "organization")
    fieldsets = (
        (None, {"fields": ("person", "organization", "kind", "is_founder", "order")}),
        (_("Title"), {"fields": (("title_zh", "title_en"),)}),
        (
            pgettext_lazy("a role's time in office", "Period"),
            {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))},
        ),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organization")


@admin.register(Milestone)
class MilestoneAdmin(ImportExportAdminMixin, ServiceAdmin):
    resource_classes = (resources.MilestoneResource,)
    service = staticmethod(services.milestone_save)
    service_arg = "milestone"
    list_display = (
        "title_zh",
        "organization",
        "kind",
        "date_display",
        "amount_display",
        "exchange",
        "board",
        "source",
    )
    list_select_related = ("organization", "source")
    list_filter = (
        "kind",
        "exchange",
        "board",
        "amount_currency",
        "source",
        ("organization__sectors", titled(SECTOR_FILTER, _("sector"))),
    )
    date_hierarchy = "date"
    search_fields = (
        "title_zh",
        "title_en",
        "round_name_zh",
        "round_name_en",
        "organization__name_zh",
        "organization__name_en",
        "organization__short_name_zh",
        "organization__short_name_en",
    )
    autocomplete_fields = ("organization", "source")
    fieldsets = (
        (None, {"fields": ("organization", "kind", ("date", "date_precision"))}),
        (
            _("Title and description"),
            {"fields": (("title_zh", "title_en"), ("description_zh", "description_en"))},
        ),
        (
            _("Funding round"),
            {
                "fields": (
                    ("round_name_zh", "round_name_en"),
                    ("amount", "amount_scale", "amount_currency", "amount_qualifier"),
                )
            },
        ),
        (_("Stock listing"), {"fields": (("exchange", "board", "ticker"),)}),
        (_("Source"), {"fields": ("source", "excerpt")}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "source")

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return format_partial_date(obj.date, obj.date_precision)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return obj.amount_text or "—"


@admin.register(Quote)
class QuoteAdmin(PublishActionsMixin, ServiceAdmin):
    service = staticmethod(services.quote_save)
    service_arg = "quote"
    list_display = ("excerpt_zh", "person", "context_zh", "source", "is_published")
    list_select_related = ("person", "source")
    list_filter = ("is_published", "source")
    search_fields = (
        "text_zh",
        "text_en",
        "context_zh",
        "context_en",
        "person__name_zh",
        "person__name_en",
    )
    autocomplete_fields = ("person", "source")
    fieldsets = (
        (None, {"fields": ("person", "source", "order", "is_published")}),
        (_("Text"), {"fields": (("text_zh", "text_en"), ("context_zh", "context_en"))}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "source")

    @admin.display(description=_("text"), ordering="text_zh")
    def excerpt_zh(self, obj):
        return obj.text_zh if len(obj.text_zh) <= 40 else f"{obj.text_zh[:40]}…"
