"""The editors' admin for the forum series, its editions, tracks, agenda and participations.

Every write goes through forum.services; lists read in a constant number of queries.
Registration (attendees) is its own app, forum/registrations/, with its own admin.
"""

from operator import attrgetter

from django.contrib import admin
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from config.common.admin import (
    TIMESTAMPS_FIELDSET,
    PublishActionsMixin,
    ServiceAdmin,
    ServiceInlineMixin,
    SubqueryCount,
    related_filter,
)
from config.common.dates import format_partial_date
from config.images.admin import image_thumbnail
from config.revisions.admin import DraftAdminMixin

from . import services
from .models import AgendaItem, Edition, EditionPhoto, Forum, Participation, Track

EDITION_FILTER = related_filter("forum", label=attrgetter("title_with_year"))
TRACK_FILTER = related_filter(
    "edition__forum", label=lambda track: f"{track.edition.title_with_year} · {track.name}"
)
SECTOR_FILTER = related_filter("parent", label=attrgetter("path_name"))


# ---- inlines --------------------------------------------------------------------------------


class TrackInline(ServiceInlineMixin, admin.TabularInline):
    model = Track
    service = staticmethod(services.track_save)
    service_arg = "track"
    fields = ("name_zh", "name_en", "slug", "sector", "order")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("sector",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sector__parent", "edition__forum")


class ParticipationInline(ServiceInlineMixin, admin.TabularInline):
    model = Participation
    service = staticmethod(services.participation_save)
    service_arg = "participation"
    fields = ("person", "role", "track", "source")  # notes: on the participation's own page
    autocomplete_fields = ("person", "track", "source")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "track__edition__forum", "source", "edition__forum")
        )


class AgendaItemInline(ServiceInlineMixin, admin.StackedInline):
    model = AgendaItem
    service = staticmethod(services.agenda_item_save)
    service_arg = "agenda_item"
    fields = (
        ("starts_at", "ends_at"),
        ("title_zh", "title_en"),
        ("room_zh", "room_en"),
        "track",
        "speakers",
    )
    autocomplete_fields = ("track", "speakers")
    classes = ("collapse",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("track__edition__forum")


class EditionPhotoInline(ServiceInlineMixin, admin.TabularInline):
    """The gallery of a past edition: images of the media library, in order, captioned."""

    model = EditionPhoto
    service = staticmethod(services.edition_photo_save)
    service_arg = "edition_photo"
    fields = ("preview", "image", "caption_zh", "caption_en", "order")
    readonly_fields = ("preview",)
    autocomplete_fields = ("image",)
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image", "edition__forum")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        image = obj.image if obj.image_id else None
        return image_thumbnail(image, alt=image.alt_text if image else "")


# ---- the series and its editions --------------------------------------------------------------


@admin.register(Forum)
class ForumAdmin(ServiceAdmin):
    service = staticmethod(services.forum_save)
    service_arg = "forum"
    list_display = ("name_zh", "name_en", "short_name_zh", "founded_year", "edition_count")
    search_fields = ("name_zh", "name_en", "short_name_zh", "short_name_en", "slug")
    prepopulated_fields = {"slug": ("short_name_en",)}
    autocomplete_fields = ("indicators", "logo")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("name_zh", "name_en"),
                    ("short_name_zh", "short_name_en"),
                    "slug",
                    "founded_year",
                )
            },
        ),
        (_("Description"), {"fields": (("description_zh", "description_en"),)}),
        (_("Logo"), {"fields": ("logo",)}),
        (_("Figures"), {"fields": ("indicators",)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_editions=SubqueryCount(Edition.objects.filter(forum=OuterRef("pk"))))
        )

    @admin.display(description=_("editions"), ordering="n_editions")
    def edition_count(self, obj):
        return obj.n_editions


@admin.register(Edition)
class EditionAdmin(DraftAdminMixin, PublishActionsMixin, ServiceAdmin):
    service = staticmethod(services.edition_save)
    service_arg = "edition"
    list_display = (
        "__str__",
        "number",
        "year",
        "date",
        "venue_zh",
        "status",
        "participation_count",
        "is_published",
    )
    list_display_links = ("__str__",)
    list_select_related = ("forum",)
    list_filter = ("forum", "status", "is_published", "year")
    search_fields = (
        "=number",
        "=year",
        "forum__name_zh",
        "forum__name_en",
        "forum__short_name_zh",
        "forum__short_name_en",
        "venue_zh",
        "venue_en",
        "theme_zh",
        "theme_en",
    )
    ordering = ("forum", "-number")
    date_hierarchy = "start_date"
    autocomplete_fields = ("forum", "indicators", "cover")
    inlines = (TrackInline, ParticipationInline, AgendaItemInline, EditionPhotoInline)
    fieldsets = (
        (None, {"fields": ("forum", ("number", "year"), "status", "is_published")}),
        (
            _("Date and place"),
            {
                "fields": (
                    ("start_date", "start_precision", "end_date"),
                    ("start_time", "end_time"),
                    ("venue_zh", "venue_en"),
                    ("venue_address_zh", "venue_address_en"),
                )
            },
        ),
        (
            _("Theme and description"),
            {"fields": (("theme_zh", "theme_en"), ("description_zh", "description_en"))},
        ),
        (_("Figures"), {"fields": ("indicators",)}),
        (_("Cover image"), {"fields": ("cover",)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("forum")
            .annotate(
                n_participations=SubqueryCount(Participation.objects.filter(edition=OuterRef("pk")))
            )
        )

    @admin.display(description=_("date"), ordering="start_date")
    def date(self, obj):
        return format_partial_date(obj.start_date, obj.start_precision)

    @admin.display(description=_("participants"), ordering="n_participations")
    def participation_count(self, obj):
        return obj.n_participations


@admin.register(Track)
class TrackAdmin(ServiceAdmin):
    service = staticmethod(services.track_save)
    service_arg = "track"
    list_display = ("name_zh", "name_en", "edition", "sector", "order")
    list_select_related = ("edition__forum", "sector__parent")
    list_filter = (("edition", EDITION_FILTER), ("sector", SECTOR_FILTER))
    search_fields = ("name_zh", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("edition", "sector")
    fieldsets = (
        (None, {"fields": ("edition", ("name_zh", "name_en"), "slug", "sector", "order")}),
        (_("Description"), {"fields": (("description_zh", "description_en"),)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition__forum", "sector__parent")


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceAdmin):
    service = staticmethod(services.agenda_item_save)
    service_arg = "agenda_item"
    list_display = ("title_zh", "title_en", "edition", "track", "starts_at", "room_zh")
    list_select_related = ("edition__forum", "track__edition__forum")
    list_filter = (("edition", EDITION_FILTER), ("track", TRACK_FILTER))
    date_hierarchy = "starts_at"
    search_fields = (
        "title_zh",
        "title_en",
        "room_zh",
        "room_en",
        "speakers__name_zh",
        "speakers__name_en",
    )
    autocomplete_fields = ("edition", "track", "speakers")
    fieldsets = (
        (None, {"fields": ("edition", "track", ("starts_at", "ends_at"))}),
        (
            _("Title and place"),
            {
                "fields": (
                    ("title_zh", "title_en"),
                    ("description_zh", "description_en"),
                    ("room_zh", "room_en"),
                )
            },
        ),
        (_("Speakers"), {"fields": ("speakers",)}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("edition__forum", "track__edition__forum")
        )


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    service = staticmethod(services.participation_save)
    service_arg = "participation"
    list_display = ("person", "edition", "role", "track", "source")
    list_select_related = ("person", "edition__forum", "track__edition__forum", "source")
    list_filter = (("edition", EDITION_FILTER), "role", ("track", TRACK_FILTER), "source")
    search_fields = (
        "person__name_zh",
        "person__name_en",
        "note_zh",
        "note_en",
        "track__name_zh",
        "track__name_en",
    )
    autocomplete_fields = ("edition", "person", "track", "source")
    fieldsets = (
        (None, {"fields": ("edition", "person", "role", "track")}),
        (_("Note and source"), {"fields": (("note_zh", "note_en"), "source")}),
        TIMESTAMPS_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "edition__forum", "track__edition__forum", "source")
        )
