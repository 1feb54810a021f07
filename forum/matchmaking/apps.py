from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Investor–startup meetings of an edition: profiles, requests, the schedule.

    Stands on registrations (only confirmed registrants take part; the door's check-in decides
    who meets on the day) and reads it through its selectors; nothing below imports it. Its
    part of the ticket page is plugged in through registrations' ticket sections.
    """

    name = "forum.matchmaking"
    label = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self):
        from . import sections  # noqa: F401  (the ticket section, the anonymization receiver)
