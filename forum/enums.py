from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipationRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    GUEST = "guest", _("Guest")
    MEMBER = "member", _("Member")
    STARTUP = "startup", _("Presenting founder")
    INVESTOR = "investor", _("Investor")
    ORGANIZER = "organizer", _("Organizer")
