"""Registrant data stays with organizers: on no public page, in no sitemap, in no log line."""

import logging

import pytest
from django.urls import reverse

from forum.registrations.door import registration_check_in
from tests.factories import RegistrationFactory, RegistrationSettingsFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "隐私测试人"
EMAIL = "private.person@example.com"
ORGANIZATION = "保密单位有限公司"
SECRETS = (NAME, EMAIL, ORGANIZATION)


@pytest.fixture
def registration():
    registration_settings = RegistrationSettingsFactory()
    return RegistrationFactory(
        edition=registration_settings.edition, name=NAME, email=EMAIL, organization=ORGANIZATION
    )


def public_urls(edition):
    urls = ["/sitemap.xml", "/robots.txt"]
    for language in ("zh-hans", "en"):
        urls += [
            f"/{language}/",
            f"/{language}/editions/",
            f"/{language}/editions/{edition.number}/",
        ]
    return urls


def test_no_public_page_or_sitemap_shows_a_registrant(client, registration):
    for url in public_urls(registration.edition):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, f"{secret} on {url}"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("term", [NAME, ORGANIZATION, EMAIL])
def test_search_finds_no_registrant(client, language, term):
    """The search page repeats the query; a registrant's data adds nothing to it."""
    url = f"/{language}/search/?q={term}"
    before = client.get(url).content.decode().count(term)
    RegistrationFactory(
        edition=RegistrationSettingsFactory().edition,
        name=NAME,
        email=EMAIL,
        organization=ORGANIZATION,
    )

    after = client.get(url).content.decode().count(term)

    assert after == before


def test_check_in_writes_no_registrant_data_to_the_log(caplog, registration):
    with caplog.at_level(logging.DEBUG):
        registration_check_in(
            edition=registration.edition,
            code=registration.checkin_code,
            by=UserFactory(is_staff=True),
        )

    for secret in SECRETS:
        assert secret not in caplog.text


def test_admin_actions_write_no_registrant_data_to_the_log(caplog, admin_client, registration):
    with caplog.at_level(logging.DEBUG):
        for action in ("resend_email", "cancel", "export_csv"):
            admin_client.post(
                reverse("admin:registrations_registration_changelist"),
                {"action": action, "_selected_action": [registration.pk]},
            )

    for secret in SECRETS:
        assert secret not in caplog.text
