"""Signals for the apps that stand on registration and keep personal data of their own."""

from django.dispatch import Signal

# Sent inside the anonymization's transaction with `ids`, the registrations just anonymized:
# a receiver deletes or blanks what it keeps about those registrants.
registrations_anonymized = Signal()
