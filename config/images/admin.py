"""The media library in the admin: a list with thumbnails, search in both languages and by the
uploaded file's name, upload, and the focal point set by clicking on the image."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.common.admin import TIMESTAMPS_FIELDSET, ServiceAdmin

from . import services
from .models import Image
from .processing import ACCEPT
from .renditions import sources
from .selectors import renditions_for


def image_thumbnail(image, *, alt=""):
    """The admin rendition of an image as an <img> (48 px box), or a dash."""
    found = sources(image, "admin") if image else None
    if not found:
        return format_html('<span class="admin-thumb admin-thumb--empty">{}</span>', "—")
    small = found["fallback"][0]
    return format_html(
        '<img src="{}" alt="{}" width="48" height="48" class="admin-thumb" loading="lazy">',
        small.url,
        alt,
    )


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = (
            "file",
            "focal_x",
            "focal_y",
            "alt_zh",
            "alt_en",
            "is_decorative",
            "caption_zh",
            "caption_en",
            "credit_zh",
            "credit_en",
        )
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "focal-input"}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "focal-input"}),
        }


@admin.register(Image)
class ImageAdmin(ServiceAdmin):
    form = ImageForm
    service = staticmethod(services.image_save)
    service_arg = "image"
    list_display = (
        "thumbnail",
        "description",
        "alt_en",
        "size",
        "is_decorative",
        "created_at",
    )
    list_display_links = ("thumbnail", "description")
    list_filter = ("is_decorative",)
    search_fields = (
        "alt_zh",
        "alt_en",
        "caption_zh",
        "caption_en",
        "credit_zh",
        "credit_en",
        "original_name",
    )
    list_per_page = 48
    readonly_fields = ("focal_picker", "original_name", "size", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("file", "original_name", "size")}),
        (
            _("Focal point"),
            {
                "fields": ("focal_picker", ("focal_x", "focal_y")),
                "description": _(
                    "Click the point every crop must keep (a face, a logo's centre). Save to "
                    "make the crops again."
                ),
            },
        ),
        (
            _("Text"),
            {
                "fields": (
                    ("alt_zh", "alt_en"),
                    "is_decorative",
                    ("caption_zh", "caption_en"),
                    ("credit_zh", "credit_en"),
                )
            },
        ),
        TIMESTAMPS_FIELDSET,
    )

    class Media:
        css = {"all": ("admin-extra/admin.css", "images/focal-point.css")}
        js = ("images/focal-point.js",)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return image_thumbnail(obj, alt=obj.alt_text)

    @admin.display(description=_("description"), ordering="alt_zh")
    def description(self, obj):
        return obj.alt_zh or obj.caption_zh or obj.original_name or "—"

    @admin.display(description=_("size"))
    def size(self, obj):
        if not obj.width:
            return "—"
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("where crops keep"))
    def focal_picker(self, obj):
        found = renditions_for(obj, "gallery_large") if obj and obj.pk else None
        if not found:
            return _("Save the image first; then click on it to set the focal point.")
        view = found["fallback"][0]
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" width="{}" height="{}" alt="{}" class="focal-picker__image">'
            '<span class="focal-picker__marker" aria-hidden="true"></span>'
            "</div>",
            view.url,
            view.width,
            view.height,
            _("The image: click the point crops must keep"),
        )
