"""The public registration form: what the issue asks, validated, with a honeypot."""

import re
import unicodedata

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.common.text import strip_invisible
from metrics.models import Sector

from . import questions as custom_questions
from .enums import AttendeeCategory


def normalize_mobile(value):
    """Any usual way of writing a mainland or international mobile number → E.164.

    Without a country code the number is read as Chinese: 138 1234 5678, 138-1234-5678,
    +86 138 1234 5678, 0086 13812345678 and (+86)13812345678 all give +8613812345678.
    """
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    mobile_types = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if number.country_code == 86 and phonenumbers.number_type(number) not in mobile_types:
        return None  # a Shanghai landline is not a mobile number
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# What makes a name look like a link or an address: a scheme, "www.", an @, or a host name
# (example.com, evil.example/path). Names are mailed to whatever address was typed, from the
# forum's own address: they must not carry a link in the forum's name.
_LINK_LIKE = re.compile(
    r"[a-z][a-z0-9+.-]*:/|www\.|@|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z])", re.IGNORECASE
)


def clean_person_name(value):
    """A typed name as stored and shown: invisible and control characters removed (they could
    reorder or hide text in an e-mail), runs of spaces made one. Refused when it looks like a
    link or an address."""
    name = " ".join(strip_invisible(" ".join(value.split())).split())
    if _LINK_LIKE.search(unicodedata.normalize("NFKC", name)):
        raise forms.ValidationError(
            _("A name cannot contain a web address or an e-mail address."), code="link_in_name"
        )
    if not name:
        raise forms.ValidationError(forms.Field.default_error_messages["required"], code="required")
    return name


class ExplicitYesCheckbox(forms.CheckboxInput):
    """Ticked only by what a ticked checkbox sends: "on" (or "yes"). Django's own checkbox reads
    any other non-empty text, "off" and "no" included, as ticked; consent must be an explicit
    yes, so everything else counts as not given."""

    YES = frozenset({"on", "yes"})

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return isinstance(value, str) and value.lower() in self.YES


# The largest id a database integer column holds (bigint on PostgreSQL, SQLite's INTEGER).
_MAX_ID = 2**63 - 1


class SectorsField(forms.ModelMultipleChoiceField):
    """Sectors by id. An id past the database's integer range is an invalid choice like any
    other: Django's own field lets the database driver's OverflowError through (a 500 the fuzz
    test found with sectors=10**20)."""

    def clean(self, value):
        # None chosen: an empty list. Django's empty QuerySet in its place is compiled again,
        # for nothing, each time the registration reads it.
        if not value and not self.required:
            return []
        return super().clean(value)

    def _check_values(self, value):
        for pk in value:
            try:
                in_range = 0 < int(pk) <= _MAX_ID
            except (TypeError, ValueError):
                in_range = True  # not a number: Django's own check refuses it
            if not in_range:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("attendee", "Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    mobile = forms.CharField(
        label=_("Mobile (optional)"),
        max_length=30,
        required=False,
        help_text=_("A Chinese number such as 138 1234 5678, or any number with its country code."),
    )
    organization = forms.CharField(label=pgettext_lazy("attendee", "Organization"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(
        label=_("I attend as"), choices=AttendeeCategory.choices, widget=forms.RadioSelect
    )
    sectors = SectorsField(
        label=_("Sectors of interest"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the processing of my personal information for this edition as the "
            "privacy notice describes."
        ),
        error_messages={"required": _("Registration needs your consent to the privacy notice.")},
        widget=ExplicitYesCheckbox,
    )
    notice_version = forms.CharField(widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and labelled for screen readers; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions=(), invitation_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if invitation_only:
            self.fields["invitation_code"] = forms.CharField(
                label=_("Invitation code"),
                max_length=40,
                help_text=_("Registration for this edition is by invitation."),
            )
            self.fields["invitation_code"].widget.attrs["autocomplete"] = "off"
        # The edition's own questions (questions.py), after the standard fields.
        custom_questions.add_fields(self, questions)
        self.answers = []
        self.fields["sectors"].queryset = Sector.objects.for_display().roots()
        self.fields["sectors"].label_from_instance = lambda sector: sector.name
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["mobile"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"
        self.fields["title"].widget.attrs["autocomplete"] = "organization-title"

    def clean_name(self):
        return clean_person_name(self.cleaned_data["name"])

    def clean_mobile(self):
        value = self.cleaned_data["mobile"].strip()
        if not value:
            return ""
        normalized = normalize_mobile(value)
        if normalized is None:
            raise forms.ValidationError(
                _("This does not look like a valid mobile number."), code="invalid_mobile"
            )
        return normalized

    def clean(self):
        cleaned = super().clean()
        self.answers = custom_questions.clean_answers(self, cleaned.get("category"))
        return cleaned

    def question_fields(self):
        return [self[custom_questions.field_name(q)] for q in self.questions]

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
