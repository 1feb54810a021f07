from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.filters import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search people, organizations, editions and figures"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
