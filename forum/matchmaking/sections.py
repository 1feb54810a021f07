"""Plugs matchmaking's part into registrations' ticket page (imported by the AppConfig)."""

from forum.registrations.ticket import register_ticket_section

from .views import ticket_section

register_ticket_section(ticket_section)
