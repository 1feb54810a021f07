"""The editors' admin for news articles and their tags; every write goes through
news.services, the list reads in a constant number of queries."""

from operator import attrgetter

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.common.admin import (
    TIMESTAMPS_FIELDSET,
    PublishActionsMixin,
    ServiceAdmin,
    related_filter,
    titled,
)
from config.images.admin import image_thumbnail
from config.revisions.admin import DraftAdminMixin

from . import services
from .models import Article, Tag

EDITION_FILTER = related_filter("forum", label=attrgetter("title_with_year"))


@admin.register(Tag)
class TagAdmin(ServiceAdmin):
    service = staticmethod(services.tag_save)
    service_arg = "tag"
    list_display = ("name_zh", "name_en", "slug")
    search_fields = ("name_zh", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    fields = (("name_zh", "name_en"), "slug")


@admin.register(Article)
class ArticleAdmin(DraftAdminMixin, PublishActionsMixin, ServiceAdmin):
    service = staticmethod(services.article_save)
    service_arg = "article"
    list_display = (
        "cover_thumbnail",
        "title_zh",
        "title_en",
        "published_at",
        "source",
        "is_published",
    )
    list_display_links = ("cover_thumbnail", "title_zh")
    list_select_related = ("cover", "source")
    list_filter = (
        "is_published",
        ("tags", titled(admin.RelatedFieldListFilter, _("tag"))),
        ("editions", titled(EDITION_FILTER, _("edition"))),
        ("published_at", admin.DateFieldListFilter),
    )
    search_fields = (
        "title_zh",
        "title_en",
        "standfirst_zh",
        "standfirst_en",
        "byline_zh",
        "byline_en",
        "slug",
        "source__title_zh",
        "source__publisher_zh",
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = (
        "cover",
        "source",
        "tags",
        "people",
        "organizations",
        "editions",
        "indicators",
    )
    readonly_fields = ("cover_preview", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": (("title_zh", "title_en"), "slug", ("is_published", "published_at"))}),
        (
            _("Texts"),
            {
                "fields": (
                    ("standfirst_zh", "standfirst_en"),
                    "body_zh",
                    "body_en",
                    "body_en_is_summary",
                    ("byline_zh", "byline_en"),
                )
            },
        ),
        (_("Cover image"), {"fields": ("cover", "cover_preview")}),
        (_("Source (reprinted press)"), {"fields": ("source",)}),
        (
            _("Tags and links"),
            {"fields": ("tags", "people", "organizations", "editions", "indicators")},
        ),
        TIMESTAMPS_FIELDSET,
    )

    @admin.display(description=_("cover"))
    def cover_thumbnail(self, obj):
        return image_thumbnail(obj.cover, alt=obj.title_zh)

    @admin.display(description=_("current cover"))
    def cover_preview(self, obj):
        return image_thumbnail(obj.cover, alt=obj.title_zh)
