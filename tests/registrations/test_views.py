import datetime
import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations import seats
from forum.registrations.enums import EmailStatus, RegistrationStatus
from forum.registrations.models import PrivacyNotice, Registration
from forum.registrations.selectors import call_to_register
from tests.factories import EditionFactory, RegistrationSettingsFactory, SectorFactory
from tests.helpers import sitemap_text

from .helpers import form_data as registration_form_data
from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


def register_url(edition, language="zh-hans"):
    with translation.override(language):
        return reverse("registration:register", kwargs={"number": edition.number})


def form_data(**overrides):
    return registration_form_data(**{"mobile": "138 1234 5678", **overrides})


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_form_page_shows_fields_and_notice(client):
    edition = open_edition()
    response = client.get(register_url(edition))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="consent"' in body
    assert "报名个人信息处理说明" in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_form_page_gives_the_deadline_as_the_site_writes_dates(client):
    edition = open_edition(
        closes_at=timezone.make_aware(datetime.datetime(2036, 1, 29, 14, 3)),
    )

    english = client.get(register_url(edition, "en")).content.decode()
    chinese = client.get(register_url(edition)).content.decode()

    assert "Registration closes on 29 January 2036, 14:03 (Beijing time)." in english
    assert "2036年1月29日 14:03" in chinese


def test_form_page_is_not_indexed(client):
    response = client.get(register_url(open_edition()))
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_no_form_for_an_edition_without_registration(client):
    assert client.get(register_url(EditionFactory())).status_code == 404


def test_submission_registers_and_sends_the_ticket_by_e_mail(
    client, django_capture_on_commit_callbacks
):
    edition = open_edition()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(edition), form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:sent")  # not the ticket: see below
    assert registration.mobile == "+8613812345678"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.token in mail.outbox[0].body


@pytest.mark.parametrize("pk", [str(10**20), str(2**63), "-1", "0"])
def test_a_sector_id_out_of_the_databases_range_is_an_invalid_choice(client, pk):
    """Found by the fuzz test: 10**20 raised OverflowError in the database driver (a 500)."""
    edition = open_edition()
    SectorFactory()  # the form shows the sectors (and their errors) when there are some
    response = client.post(register_url(edition, "en"), form_data(sectors=[pk]))
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert not Registration.objects.exists()


def test_submission_records_the_page_language(client):
    edition = open_edition()
    client.post(register_url(edition, "en"), form_data())
    assert Registration.objects.get().language == "en"


def test_submission_with_sectors(client):
    edition = open_edition()
    sector = SectorFactory()
    client.post(register_url(edition), form_data(sectors=[sector.pk]))
    assert list(Registration.objects.get().sectors.all()) == [sector]


def test_missing_consent_is_refused_and_keeps_what_was_typed(client):
    edition = open_edition()
    response = client.post(register_url(edition), form_data(consent=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert 'value="李明"' in body
    assert "同意" in body or "consent" in body


@pytest.mark.parametrize("value", ["off", "no", "false", "0", "OFF", "x", " "])
def test_consent_is_only_an_explicit_yes(client, value):
    edition = open_edition()
    response = client.post(register_url(edition, "en"), form_data(consent=value))

    assert response.status_code == 200
    assert "Registration needs your consent to the privacy notice." in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("value", ["on", "yes"])
def test_a_ticked_checkbox_is_consent(client, value):
    client.post(register_url(open_edition()), form_data(consent=value))

    assert Registration.objects.count() == 1


def test_invalid_mobile_is_refused_with_a_friendly_error_in_english(client):
    edition = open_edition()
    response = client.post(register_url(edition, "en"), form_data(mobile="12345"))
    assert response.status_code == 200
    assert "This does not look like a valid mobile number." in response.content.decode()
    assert not Registration.objects.exists()


def test_shanghai_landline_is_not_a_mobile(client):
    edition = open_edition()
    client.post(register_url(edition), form_data(mobile="021 6123 4567"))
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "typed", ["13812345678", "138-1234-5678", "+86 138 1234 5678", "0086 13812345678"]
)
def test_usual_chinese_mobile_formats_are_accepted(client, typed):
    edition = open_edition()
    client.post(register_url(edition), form_data(mobile=typed))
    assert Registration.objects.get().mobile == "+8613812345678"


def _page_after(client, edition, email):
    response = client.post(register_url(edition, "en"), form_data(email=email), follow=True)
    return response.redirect_chain, re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_the_page_does_not_tell_a_registered_address_from_a_new_one(client):
    """Whoever types an address learns nothing about who registered."""
    edition = open_edition()
    register(edition, email="li.ming@example.com")

    new = _page_after(client, edition, "someone.new@example.com")
    already = _page_after(client, edition, "LI.MING@example.com")

    assert new == already
    assert "already" not in already[1]


def test_a_registered_address_is_told_by_e_mail_with_its_ticket(
    client, django_capture_on_commit_callbacks
):
    edition = open_edition()
    first = register(edition, email="li.ming@example.com", language="en")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    first.emails.update(created_at=an_hour_ago, status=EmailStatus.SENT, sent_at=an_hour_ago)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(edition), form_data(email="LI.MING@example.com"))

    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li.ming@example.com"]
    assert message.subject.startswith("You are already registered")
    assert "already registered for this edition" in message.body
    assert first.token in message.body


def test_duplicate_email_does_not_reveal_the_ticket(client):
    edition = open_edition()
    first = register(edition, email="li.ming@example.com")
    response = client.post(register_url(edition), form_data(), follow=True)
    assert first.token not in response.content.decode()


def test_honeypot_filled_creates_nothing(client):
    edition = open_edition()
    response = client.post(register_url(edition), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_stale_privacy_notice_asks_for_consent_again(client):
    edition = open_edition()
    response = client.post(register_url(edition), form_data(notice_version="old"))
    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert 'value="2026-1"' in response.content.decode()


def test_closed_window_shows_no_form(client):
    now = timezone.now()
    edition = open_edition(
        opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(days=1)
    )
    response = client.post(register_url(edition), form_data())
    assert not Registration.objects.exists()
    assert 'name="consent"' not in response.content.decode()


def test_full_edition_offers_the_waiting_list(client):
    edition = open_edition(capacity=0)
    response = client.get(register_url(edition, "en"))
    assert "Join the waiting list" in response.content.decode()


def test_csrf_is_enforced():
    from django.test import Client

    edition = open_edition()
    response = Client(enforce_csrf_checks=True).post(register_url(edition), form_data())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_rate_limit_refuses_the_sixth_submission_in_a_minute(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    edition = open_edition()
    for n in range(5):
        client.post(register_url(edition), form_data(email=f"p{n}@example.com"))
    response = client.post(register_url(edition), form_data(email="p6@example.com"))
    assert response.status_code == 429
    assert Registration.objects.count() == 5
    assert 'value="p6@example.com"' in response.content.decode()


def test_rate_limit_off_with_zero(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "0"
    edition = open_edition()
    for n in range(8):
        client.post(register_url(edition), form_data(email=f"p{n}@example.com"))
    assert Registration.objects.count() == 8


def test_rate_limit_counts_per_address(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    edition = open_edition()
    client.post(register_url(edition), form_data(email="a@example.com"), REMOTE_ADDR="10.0.0.1")
    client.post(register_url(edition), form_data(email="b@example.com"), REMOTE_ADDR="10.0.0.2")
    assert Registration.objects.count() == 2


# --- Ticket page --------------------------------------------------------------------------------


def test_ticket_shows_status_code_and_qr(client):
    registration = register(open_edition())
    response = client.get(registration.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert registration.checkin_code in body
    assert 'src="data:image/svg+xml' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_unknown_token_is_404(client):
    assert client.get(reverse("registration:ticket", args=["x" * 43])).status_code == 404


def test_waitlisted_ticket_shows_position_and_no_qr(client):
    edition = open_edition(capacity=0)
    register(edition)
    second = register(edition)
    with translation.override("en"):
        url = second.get_absolute_url()
    body = client.get(url).content.decode()
    assert "position 2" in body
    assert "data:image/svg+xml" not in body


def test_qr_svg_of_a_confirmed_ticket(client):
    registration = register(open_edition())
    response = client.get(reverse("registration:qr", args=[registration.token]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_calendar_file(client):
    edition = open_edition()
    registration = register(edition)
    response = client.get(reverse("registration:calendar", args=[registration.token]))
    text = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{edition.start_date:%Y%m%d}" in text


def test_cancel_asks_for_confirmation_on_get(client):
    registration = register(open_edition())
    response = client.get(reverse("registration:cancel", args=[registration.token]))
    registration.refresh_from_db()
    assert response.status_code == 200
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancel_by_post_frees_the_seat_and_promotes(client):
    edition = open_edition(capacity=1)
    holder = register(edition)
    waiting = register(edition)
    response = client.post(reverse("registration:cancel", args=[holder.token]))
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert response.status_code == 302
    assert holder.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_data_download_is_the_registrants_json(client):
    registration = register(open_edition(), name="王芳")
    response = client.get(reverse("registration:data", args=[registration.token]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["name"] == "王芳"
    assert data["privacy_notice_version"] == "2026-1"


def test_delete_by_post_erases_the_registration(client):
    registration = register(open_edition())
    response = client.post(reverse("registration:delete", args=[registration.token]))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert client.get(registration.get_absolute_url()).status_code == 404


def test_privacy_notice_page(client):
    with translation.override("en"):
        url = reverse("registration:privacy_notice")
    body = client.get(url).content.decode()
    assert "retention" in body.lower() or "365" in body


# --- Call to action ----------------------------------------------------------------------------


def render_cta(edition):
    with translation.override("en"):
        return render_to_string(
            "registrations/cta.html", {"edition": edition, "cta": call_to_register(edition)}
        )


def test_cta_open_links_to_the_form():
    edition = open_edition()
    html = render_cta(edition)
    assert "Register now" in html
    assert register_url(edition, "en") in html


def test_cta_full_offers_the_waiting_list():
    assert "Join the waiting list" in render_cta(open_edition(capacity=0))


def test_cta_not_yet_open():
    settings = RegistrationSettingsFactory(opens_at=timezone.now() + datetime.timedelta(days=2))
    assert "Registration opens on" in render_cta(settings.edition)


def test_cta_closed():
    now = timezone.now()
    settings = RegistrationSettingsFactory(
        opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(days=1)
    )
    assert "Registration is closed." in render_cta(settings.edition)


def test_cta_absent_without_registration():
    assert render_cta(EditionFactory()).strip() == ""


def test_registrant_data_on_no_public_edition_page(client):
    edition = open_edition()
    register(edition, name="隐私测试者", email="secret.person@example.com")
    body = client.get(edition.get_absolute_url()).content.decode()
    assert "隐私测试者" not in body
    assert "secret.person" not in body


def test_cancel_via_service_then_ticket_shows_cancelled(client):
    registration = register(open_edition())
    seats.registration_cancel(registration=registration)
    with translation.override("en"):
        url = registration.get_absolute_url()
    assert "Cancelled." in client.get(url).content.decode()


def test_no_form_without_a_privacy_notice_in_force(client):
    edition = open_edition()
    PrivacyNotice.objects.all().delete()
    response = client.post(register_url(edition), form_data())
    assert 'name="consent"' not in response.content.decode()
    assert not Registration.objects.exists()


def test_tickets_are_in_no_sitemap(client):
    registration = register(open_edition())
    body = sitemap_text(client)
    assert "/ticket/" not in body
    assert registration.token not in body


def test_ticket_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    edition = open_edition()
    registration = register(edition, sectors=[SectorFactory() for _ in range(5)])
    with django_assert_max_num_queries(3):  # registration with edition; agenda for .ics
        assert client.get(registration.get_absolute_url()).status_code == 200


def test_check_in_code_shown_only_while_confirmed(client):
    edition = open_edition(capacity=0)
    waiting = register(edition)
    assert waiting.checkin_code not in client.get(waiting.get_absolute_url()).content.decode()


def test_rate_limit_behind_a_proxy_counts_the_forwarded_address(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    settings.REGISTRATION_RATE_LIMIT_PROXIES = 1
    edition = open_edition()
    for n, client_ip in enumerate(["203.0.113.1", "203.0.113.2"]):
        client.post(
            register_url(edition),
            form_data(email=f"p{n}@example.com"),
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.9, {client_ip}",  # first part forgeable
        )
    assert Registration.objects.count() == 2


def test_rate_limit_ignores_a_forged_forwarded_header_without_proxies(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    edition = open_edition()
    for n in range(2):
        client.post(
            register_url(edition),
            form_data(email=f"p{n}@example.com"),
            REMOTE_ADDR="203.0.113.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert Registration.objects.count() == 1


def test_rate_limit_counts_ipv6_per_64_block(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    edition = open_edition()
    for n in range(2):
        client.post(
            register_url(edition),
            form_data(email=f"p{n}@example.com"),
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1}",
        )
    assert Registration.objects.count() == 1


def test_duplicate_submissions_resend_the_link_at_most_every_ten_minutes(
    client, django_capture_on_commit_callbacks
):
    edition = open_edition()
    register(edition, email="li.ming@example.com")  # its confirmation e-mail is just queued
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(register_url(edition), form_data())
    assert mail.outbox == []


def test_unknown_privacy_notice_version_is_404(client):
    url = reverse("registration:privacy_notice_version", args=["1999-9"])
    assert client.get(url).status_code == 404


def test_no_qr_file_for_a_waitlisted_ticket(client):
    edition = open_edition(capacity=0)
    waiting = register(edition)
    assert client.get(reverse("registration:qr", args=[waiting.token])).status_code == 404


def test_no_calendar_file_when_the_day_is_not_known(client):
    edition = open_edition()
    edition.start_date, edition.start_precision = None, ""
    edition.save()
    registration = register(edition)
    url = reverse("registration:calendar", args=[registration.token])
    assert client.get(url).status_code == 404
