"""Shared helpers for the registration tests: open an edition, register through the service."""

from forum.models import PrivacyNotice
from forum.registrations import services
from tests.factories import CategoryQuotaFactory, RegistrationSettingsFactory

_counter = iter(range(1, 10**9))


def open_edition(*, capacity=100, quotas=None, **kwargs):
    settings = RegistrationSettingsFactory(capacity=capacity, **kwargs)
    for category, quota in (quotas or {}).items():
        CategoryQuotaFactory(settings=settings, category=category, quota=quota)
    return settings.edition


def register(edition, **overrides):
    n = next(_counter)
    values = {
        "edition": edition,
        "category": "entrepreneur",
        "name": f"报名者{n}",
        "email": f"person{n}@example.com",
        "organization": "某科技公司",
        "title": "CEO",
        "privacy_notice": PrivacyNotice.objects.in_force().first(),
    }
    values.update(overrides)
    return services.registration_create(**values)
