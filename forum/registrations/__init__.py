"""Attendee registration: models in forum.models, rules in services.py, reads in selectors.py."""
