from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    STARTUP = "startup", _("Startup")

    @property
    def other(self):
        return Side.STARTUP if self == Side.INVESTOR else Side.INVESTOR


class Stage(models.TextChoices):
    SEED = "seed", _("Seed / angel")
    A = "a", _("Series A")
    B = "b", _("Series B")
    GROWTH = "growth", _("Series C and later")


class TicketBand(models.TextChoices):
    """An investor's usual ticket, or the amount a startup raises (CNY)."""

    UNDER_5M = "under_5m", _("Under ¥5 million")
    FROM_5M = "5m_20m", _("¥5–20 million")
    FROM_20M = "20m_100m", _("¥20–100 million")
    OVER_100M = "over_100m", _("Over ¥100 million")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
