"""The organizers' forms for registering attendees themselves: one person (the public form's
fields, plus the seat, how consent was obtained and when the e-mail goes) and a guest list's
upload. Each row of a guest list is checked by GuestRowForm: the public form's own fields and
cleaning (names, mobile numbers), so a guest is held to what a registrant is."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forum.models import Edition

from . import questions as custom_questions
from .enums import ConsentMethod, EmailTiming, Seat
from .forms import RegistrationForm

# The public form's fields an organizer fills in for the person.
PERSON_FIELDS = (
    "name",
    "email",
    "mobile",
    "organization",
    "title",
    "category",
    "sectors",
    "needs",
)


class OrganizerChoices(forms.Form):
    """What the organizer decides for the person (or for every guest of a list)."""

    seat = forms.ChoiceField(
        label=_("Seat"),
        choices=Seat.choices,
        initial=Seat.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "The guest reserve is counted apart from the public capacity; a reserved seat is "
            "confirmed while the reserve has room, and refused when it is full."
        ),
    )
    consent_method = forms.ChoiceField(
        label=_("How the person consented to the privacy notice"),
        choices=[(choice.value, choice.label) for choice in ConsentMethod.by_organizer()],
    )
    consent_note = forms.CharField(
        label=_("Consent note (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "When and how, e.g. “by phone on 2 May 2026”. Your name and the time are "
            "recorded with it."
        ),
    )
    email_timing = forms.ChoiceField(
        label=_("E-mail with the ticket link"),
        choices=EmailTiming.choices,
        initial=EmailTiming.NOW,
        widget=forms.RadioSelect,
        help_text=_(
            "A held e-mail goes when you resend it from the list (filter “e-mail held”). "
            "The ticket link works in every case."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class _PersonForm(RegistrationForm):
    """The public form's person fields and their cleaning, without what only the public form
    has (the registrant's own consent box, the notice's version, the honeypot)."""

    consent = None
    notice_version = None
    website = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        category.label = _("Category")
        category.widget = forms.Select(choices=category.choices)
        self.fields["mobile"].label = _("Mobile")
        self.fields["needs"].label = _("Accessibility or dietary needs")

    def is_bot(self):
        return False


class OrganizerRegistrationForm(_PersonForm, OrganizerChoices):
    """One person, registered by an organizer from the admin."""

    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.none(),
        empty_label=None,
    )

    field_order = ("edition", *PERSON_FIELDS)

    def __init__(self, *args, **kwargs):
        # The custom questions of the edition posted, or of the one the page was opened for
        # (the dashboard's link per edition): answered here as on the public form, with its
        # rules (questions.clean_answers). Choosing another edition in the list shows its
        # questions once the form comes back (a required one is then the field's error).
        data = args[0] if args else kwargs.get("data")
        edition_id = str(
            ((data or {}).get("edition")) or (kwargs.get("initial") or {}).get("edition") or ""
        )
        if edition_id.isdigit():
            edition = Edition.objects.filter(pk=edition_id).first()
            if edition is not None:
                kwargs["questions"] = custom_questions.edition_questions(edition)
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = (
            Edition.objects.filter(registration_settings__isnull=False)
            .select_related("forum")
            .order_by("-year", "-number")
        )


class GuestRowForm(_PersonForm):
    """One row of a guest list, its cells by field name."""

    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)


class GuestListForm(OrganizerChoices):
    """The guest list's upload: a file, and the organizer's choices for all its guests."""

    file = forms.FileField(
        label=_("Guest list (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns: name, email, mobile, organization, title, "
            "category, and optionally sectors, needs and language (Chinese headings work too). "
            "Download the template below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: split the guest list."), code="too_large"
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."), code="unsupported_format")
        return upload


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class GuestListConfirmForm(OrganizerChoices):
    """The dry run's confirmation: the stored file and the same choices, sent back."""

    stored_name = forms.RegexField(regex=r"\A[0-9a-f]{32}\Z", widget=forms.HiddenInput)
    file_format = forms.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX")], widget=forms.HiddenInput
    )
    original_name = forms.CharField(max_length=255, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("seat", "consent_method", "consent_note", "email_timing", "language"):
            self.fields[name].widget = forms.HiddenInput()
