"""Attendee registration for an edition, its own app (label `registrations`)."""
