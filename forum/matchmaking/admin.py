"""Organizers' matchmaking: settings and rounds per edition, the scheduler, the grid, the
printable table plan, the board of the current round, and the no-show cut-off."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.common.admin import ServiceAdmin

from . import selectors, services
from .exceptions import MatchmakingError
from .models import MatchmakingSettings, MeetingRequest, Participant, ParticipantStage, Round


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


@admin.register(MatchmakingSettings)
class MatchmakingSettingsAdmin(ServiceAdmin):
    service = staticmethod(services.matchmaking_settings_save)
    service_arg = "settings"
    list_display = ("edition", "is_open", "max_requests", "slot_minutes", "tables", "tools")
    list_select_related = ("edition__forum",)
    fields = ("edition", "is_open", "max_requests", "slot_minutes", "tables", "checkin_cutoff")
    inlines = [RoundInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            services.slots_rebuild(settings=form.instance)
        except ProtectedError:
            messages.warning(
                request,
                _(
                    "Some slots that no longer fit the rounds still hold meetings: they are "
                    "kept. Move or cancel those meetings, then save again."
                ),
            )

    @admin.display(description=gettext_lazy("schedule"))
    def tools(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:matchmaking_matchmakingsettings_grid", args=[obj.pk]),
            _("Grid and scheduler"),
        )

    def _settings(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        settings = MatchmakingSettings.objects.select_related("edition__forum")
        return get_object_or_404(settings, pk=pk)

    def grid_view(self, request, pk, template="grid"):
        settings = self._settings(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Meetings of %(edition)s") % {"edition": settings.edition},
            "opts": self.model._meta,
            "settings": settings,
            "grid": selectors.grid(settings.edition),
            "can_change": self.has_change_permission(request, settings),
        }
        return TemplateResponse(request, f"admin/matchmaking/{template}.html", context)

    def plan_view(self, request, pk):
        return self.grid_view(request, pk, template="plan")

    def board_view(self, request, pk):
        settings = self._settings(request, pk)
        slot, meetings = selectors.current_round(settings.edition, timezone.now())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Current round"),
            "opts": self.model._meta,
            "settings": settings,
            "slot": slot,
            "meetings": meetings,
        }
        return TemplateResponse(request, "admin/matchmaking/board.html", context)

    def schedule_view(self, request, pk):
        settings = self._settings(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, settings):
            raise PermissionDenied
        outcome = services.schedule_edition(
            edition=settings.edition, move_placed=request.POST.get("move_placed") == "on"
        )
        messages.success(
            request,
            _(
                "Scheduled: %(placed)s meetings (%(new)s new), %(unplaced)s accepted requests "
                "without a place, %(people)s people with at least one meeting."
            )
            % {
                "placed": outcome.placed,
                "new": outcome.new,
                "unplaced": outcome.unplaced,
                "people": outcome.people_met,
            },
        )
        return redirect("admin:matchmaking_matchmakingsettings_grid", pk)

    def no_shows_view(self, request, pk):
        settings = self._settings(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, settings):
            raise PermissionDenied
        try:
            outcome = services.cancel_no_shows(edition=settings.edition)
        except MatchmakingError:
            messages.error(request, _("The check-in cut-off has not passed (or is not set)."))
        else:
            messages.success(
                request,
                _("%(cancelled)s meetings cancelled; %(new)s freed places given to others.")
                % {"cancelled": len(outcome.cancelled), "new": outcome.reoffered.new},
            )
        return redirect("admin:matchmaking_matchmakingsettings_grid", pk)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/grid/", wrap(self.grid_view), name="matchmaking_matchmakingsettings_grid"
            ),
            path(
                "<int:pk>/plan/", wrap(self.plan_view), name="matchmaking_matchmakingsettings_plan"
            ),
            path(
                "<int:pk>/board/",
                wrap(self.board_view),
                name="matchmaking_matchmakingsettings_board",
            ),
            path(
                "<int:pk>/schedule/",
                wrap(self.schedule_view),
                name="matchmaking_matchmakingsettings_schedule",
            ),
            path(
                "<int:pk>/no-shows/",
                wrap(self.no_shows_view),
                name="matchmaking_matchmakingsettings_no_shows",
            ),
            *super().get_urls(),
        ]


class ParticipantStageInline(admin.TabularInline):
    model = ParticipantStage
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "edition", "side", "ticket_band")
    list_filter = ("edition", "side", "stages__stage", "ticket_band")
    inlines = [ParticipantStageInline]
    list_select_related = ("edition__forum",)
    search_fields = ("organization_zh", "organization_en")
    raw_id_fields = ("registration",)
    filter_horizontal = ("sectors",)
    readonly_fields = ("edition", "created_at", "updated_at")
    exclude = ("unavailable_slots",)

    def has_add_permission(self, request):
        return False  # participants opt in from their ticket page


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("investor", "startup", "requested_by", "status", "slot", "table")
    list_filter = ("edition", "status", "requested_by")
    list_select_related = ("investor", "startup", "slot")
    search_fields = (
        "investor__organization_zh",
        "investor__organization_en",
        "startup__organization_zh",
        "startup__organization_en",
    )
    raw_id_fields = ("investor", "startup", "slot")
    readonly_fields = ("edition", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False  # requests are sent by participants
