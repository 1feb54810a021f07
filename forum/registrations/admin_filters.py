"""List filters of the registrations' changelist that are not one concern's own: checked in or
not, and the editions that have registrations (the outbox's list filters by it too)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from forum.models import Edition


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


class EditionFilter(admin.SimpleListFilter):
    """Editions that have registrations, named with their forum in one query."""

    title = _("edition")
    parameter_name = "edition__id__exact"

    def lookups(self, request, model_admin):
        editions = (
            Edition.objects.filter(registrations__isnull=False)
            .distinct()
            .select_related("forum")
            .order_by("-year", "-number")
        )
        return [(str(edition.pk), edition.title_with_year) for edition in editions]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            edition_id = int(self.value())
        except ValueError:
            edition_id = None
        if edition_id is None or not 0 < edition_id < 2**63:
            # The admin's "invalid filter" answer; a mangled link was a 500 (the fuzz test).
            raise IncorrectLookupParameters(f"not an edition id: {self.value()!r}")
        return queryset.filter(edition_id=edition_id)
