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


class FundingBand(models.TextChoices):
    """The size of a funding round, from its published amount in renminbi."""

    UNDER_10M = "under_10m", _("under ¥10 million")
    FROM_10M = "10m_100m", _("¥10–100 million")
    FROM_100M = "100m_1b", _("¥100 million–1 billion")
    OVER_1B = "over_1b", _("¥1 billion or more")
    NOT_COMPARABLE = "other", _("amount not comparable")
