"""Organizers' admin for invitation codes: how many registrations each allows and has, its
category and seats."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from config.common.admin import TIMESTAMP_FIELDS

from .enums import RegistrationStatus
from .invitation_models import InvitationCode, normalize_invitation_code


class InvitationCodeForm(forms.ModelForm):
    class Meta:
        model = InvitationCode
        fields = ("edition", "code", "label", "max_uses", "category", "seats")

    def clean_code(self):
        code = normalize_invitation_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("A code needs letters or digits."), code="invitation_code_empty"
            )
        return code


@admin.register(InvitationCode)
class InvitationCodeAdmin(admin.ModelAdmin):
    form = InvitationCodeForm
    list_display = ("code", "label", "edition", "category", "max_uses", "used", "seats")
    list_filter = (("edition", admin.RelatedOnlyFieldListFilter), "category")
    list_select_related = ("edition__forum",)
    search_fields = ("code", "label")
    autocomplete_fields = ("edition",)
    readonly_fields = TIMESTAMP_FIELDS

    def get_queryset(self, request):
        live = ~Q(registrations__status=RegistrationStatus.CANCELLED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                used_count=Count("registrations", filter=live & Q(registrations__isnull=False))
            )
        )

    @admin.display(description=_("registrations made"), ordering="used_count")
    def used(self, obj):
        return obj.used_count
