from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.models import Sector

from .enums import Stage, TicketBand
from .models import Participant, Slot


class ProfileForm(forms.ModelForm):
    """Opting in, and editing one's profile afterwards (the side is chosen once)."""

    class Meta:
        model = Participant
        fields = [
            "side",
            "organization_zh",
            "organization_en",
            "looking_for_zh",
            "looking_for_en",
            "pitch_zh",
            "pitch_en",
            "ticket_band",
            "sectors",
            "unavailable_slots",
        ]
        widgets = {
            "side": forms.RadioSelect,
            "sectors": forms.CheckboxSelectMultiple,
            "unavailable_slots": forms.CheckboxSelectMultiple,
            "looking_for_zh": forms.Textarea(attrs={"rows": 3}),
            "looking_for_en": forms.Textarea(attrs={"rows": 3}),
            "pitch_zh": forms.Textarea(attrs={"rows": 3}),
            "pitch_en": forms.Textarea(attrs={"rows": 3}),
        }

    stages = forms.MultipleChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A startup ticks its stage; an investor every stage it invests in."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stages"].initial = [row.stage for row in self.instance.stages.all()]
        self.fields["sectors"].queryset = Sector.objects.order_by("name_zh")
        self.fields["unavailable_slots"].queryset = Slot.objects.of_edition(edition)
        self.fields["unavailable_slots"].help_text = _("Times you cannot meet.")
        self.fields["side"].choices = self.fields["side"].choices[1:]  # no blank choice
        if self.instance.pk:
            self.fields["side"].disabled = True


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.order_by("name_zh"), required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False
    )
    ticket_band = forms.ChoiceField(
        label=_("Ticket size"),
        choices=[("", _("Any ticket size")), *TicketBand.choices],
        required=False,
    )


class RequestForm(forms.Form):
    note = forms.CharField(
        label=_("A short note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
