"""What matchmaking plugs into registration (imported by its AppConfig): its section of the
ticket page, and the removal of profiles when registrations are anonymized."""

from django.dispatch import receiver

from forum.registrations.signals import registrations_anonymized
from forum.registrations.ticket import register_ticket_section

from .models import Participant
from .views import ticket_section

register_ticket_section(ticket_section)


@receiver(registrations_anonymized, dispatch_uid="matchmaking_profiles_of_anonymized")
def delete_profiles_of_anonymized(sender, ids, **kwargs):
    """An anonymized registrant's profile, requests and meetings go with their name."""
    Participant.objects.filter(registration_id__in=ids).delete()
