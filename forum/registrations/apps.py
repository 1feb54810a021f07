from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from config.common import content_cache

from . import checks  # noqa: F401 (registers the deploy check of the rate limits' cache)


class RegistrationsConfig(AppConfig):
    """Attendees of an edition: seats and the waiting list, e-mails, the door, retention.

    Stands on forum (an edition is what people register for) and metrics (sectors of interest);
    nothing below imports it.
    """

    name = "forum.registrations"
    label = "registrations"
    verbose_name = _("Registration")

    def ready(self):
        # Register their periodic jobs (config.common.periodic): the reminders, and the
        # release of seats held for an e-mail confirmation.
        from . import messaging, verification  # noqa: F401
        from .selectors import moments_registration_changes

        # A privacy notice published ahead comes into force, and a window opens or closes, with
        # no write: answers and pages kept under the content version must not outlive them.
        content_cache.register_clock(moments_registration_changes)
