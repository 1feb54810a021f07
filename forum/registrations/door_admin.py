"""Organizers set up each edition's check-in lists here (imported by admin.py): the main
entrance is made on first use; add a list per room or session, choosing the categories it
admits. A list that has check-ins cannot be deleted (they keep it)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.common.admin import related_filter

from .door_models import CheckInList
from .enums import AttendeeCategory


class CheckInListForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories admitted"),
        choices=AttendeeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: every category."),
    )

    class Meta:
        model = CheckInList
        fields = ("edition", "name_zh", "name_en", "categories", "is_default", "position")


@admin.register(CheckInList)
class CheckInListAdmin(admin.ModelAdmin):
    form = CheckInListForm
    list_display = ("name_zh", "name_en", "edition", "categories_admitted", "is_default", "door")
    list_filter = (("edition", related_filter("forum")),)
    list_select_related = ("edition__forum",)
    search_fields = ("name_zh", "name_en")
    autocomplete_fields = ("edition",)

    @admin.display(description=_("categories admitted"))
    def categories_admitted(self, obj):
        return obj.categories_display()

    @admin.display(description=_("at the door"))
    def door(self, obj):
        if obj.is_default:
            url = reverse("checkin:page", kwargs={"edition_id": obj.edition_id})
        else:
            url = reverse(
                "checkin:list_page", kwargs={"edition_id": obj.edition_id, "list_id": obj.pk}
            )
        return format_html('<a href="{}">{}</a>', url, _("Check-in"))
