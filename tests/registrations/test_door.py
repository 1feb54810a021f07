"""Door check-in: the service's rule (one check-in per registration, refusals with a code) and
the staff page that shows it."""

import datetime
import html
import re
import threading
import urllib.parse

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations.door import (
    CheckInCode,
    CheckInRefused,
    checkin_counts,
    registration_check_in,
)
from tests.factories import EditionFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


@pytest.fixture
def door_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    return user


@pytest.fixture
def door_client(client, door_user):
    client.force_login(door_user)
    return client


def page_url(edition):
    return reverse("checkin:page", kwargs={"edition_id": edition.pk})


# --- The service --------------------------------------------------------------------------------


def test_check_in_records_time_and_staff_member(door_user):
    registration = RegistrationFactory()

    checked_in = registration_check_in(
        edition=registration.edition, code=registration.checkin_code, by=door_user
    )

    registration.refresh_from_db()
    assert checked_in.pk == registration.pk
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == door_user


def test_check_in_accepts_lower_case_and_spaces(door_user):
    registration = RegistrationFactory(checkin_code="ACDE2345")

    registration_check_in(edition=registration.edition, code=" acde-2345\n", by=door_user)

    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_second_scan_is_refused_with_the_time_of_the_first(door_user):
    registration = RegistrationFactory()
    first = registration_check_in(
        edition=registration.edition, code=registration.checkin_code, by=door_user
    )

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    assert refusal.value.code == CheckInCode.ALREADY_CHECKED_IN
    expected_time = timezone.localtime(first.checked_in_at).strftime("%H:%M")
    with translation.override("en"):
        assert expected_time in str(refusal.value.message)


def test_second_scan_keeps_the_first_check_in_time(door_user):
    registration = RegistrationFactory(checked_in_at=timezone.now() - datetime.timedelta(hours=1))
    before = registration.checked_in_at

    with pytest.raises(CheckInRefused):
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    registration.refresh_from_db()
    assert registration.checked_in_at == before


def test_waitlisted_registration_is_refused(door_user):
    registration = RegistrationFactory(status="waitlisted")

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    assert refusal.value.code == CheckInCode.WAITLISTED
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_cancelled_registration_is_refused(door_user):
    registration = RegistrationFactory(status="cancelled", cancelled_at=timezone.now())

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    assert refusal.value.code == CheckInCode.CANCELLED


def test_unknown_code_is_refused(door_user):
    edition = EditionFactory()

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(edition=edition, code="ZZZZZZZZ", by=door_user)

    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_blank_code_is_unknown(door_user):
    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(edition=EditionFactory(), code="  ", by=door_user)

    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_code_of_another_edition_is_unknown_here(door_user):
    registration = RegistrationFactory()
    other_edition = EditionFactory()

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(edition=other_edition, code=registration.checkin_code, by=door_user)

    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_anonymized_registration_is_unknown(door_user):
    registration = RegistrationFactory(anonymized_at=timezone.now())

    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_counts_are_checked_in_over_confirmed():
    edition = EditionFactory()
    RegistrationFactory.create_batch(2, edition=edition, checked_in_at=timezone.now())
    RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition, status="waitlisted")

    counts = checkin_counts(edition=edition)

    assert (counts.checked_in, counts.confirmed) == (2, 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_check_in_once():
    """Twenty doors scan the same ticket at once: exactly one admits, the rest are refused."""
    user = UserFactory(is_staff=True)
    registration = RegistrationFactory()
    outcomes = []
    barrier = threading.Barrier(20)

    def scan():
        barrier.wait()
        try:
            registration_check_in(
                edition=registration.edition, code=registration.checkin_code, by=user
            )
            outcomes.append(CheckInCode.OK)
        except CheckInRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count(CheckInCode.OK) == 1
    assert outcomes.count(CheckInCode.ALREADY_CHECKED_IN) == 19


# --- The page -----------------------------------------------------------------------------------


def test_page_shows_live_counts(door_client):
    registration = RegistrationFactory(checked_in_at=timezone.now())
    RegistrationFactory(edition=registration.edition)

    response = door_client.get(page_url(registration.edition))

    assert response.status_code == 200
    assert b'data-count="checked_in">1<' in response.content
    assert b'data-count="confirmed">2<' in response.content


def test_page_is_never_cached_nor_indexed(door_client):
    response = door_client.get(page_url(EditionFactory()))

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_posting_a_code_shows_ok_with_name_and_organization(door_client):
    registration = RegistrationFactory(name="张三", organization="沐曦股份")

    response = door_client.post(page_url(registration.edition), {"code": registration.checkin_code})

    assert response.status_code == 200
    assert "result--ok" in response.text
    assert "张三" in response.text
    assert "沐曦股份" in response.text


def test_posting_twice_shows_already_checked_in(door_client):
    registration = RegistrationFactory()
    door_client.post(page_url(registration.edition), {"code": registration.checkin_code})

    response = door_client.post(page_url(registration.edition), {"code": registration.checkin_code})

    assert "result--already_checked_in" in response.text


def test_unknown_code_page_shows_no_registrant(door_client):
    RegistrationFactory(name="李四")
    edition = EditionFactory()

    response = door_client.post(page_url(edition), {"code": "ZZZZZZZZ"})

    assert "result--unknown_code" in response.text
    assert "李四" not in response.text


def test_json_answer_for_the_script(door_client):
    registration = RegistrationFactory(status="waitlisted", name="王五")

    response = door_client.post(
        page_url(registration.edition),
        {"code": registration.checkin_code},
        headers={"accept": "application/json"},
    )

    data = response.json()
    assert data["result"]["code"] == "waitlisted"
    assert data["result"]["ok"] is False
    assert data["result"]["name"] == "王五"
    assert data["counts"] == {"checked_in": 0, "confirmed": 0}


def test_counts_endpoint(door_client):
    registration = RegistrationFactory(checked_in_at=timezone.now())

    response = door_client.get(
        reverse("checkin:counts", kwargs={"edition_id": registration.edition_id})
    )

    assert response.json() == {"checked_in": 1, "confirmed": 1}


def test_unknown_edition_is_404(door_client):
    response = door_client.get(reverse("checkin:page", kwargs={"edition_id": 999999}))

    assert response.status_code == 404


def test_page_needs_a_login(client):
    edition = EditionFactory()

    response = client.get(page_url(edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_page_refuses_staff_without_the_permission(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.post(page_url(EditionFactory()), {"code": "ACDE2345"})

    assert response.status_code == 403


def test_page_has_no_inline_script(door_client):
    response = door_client.get(page_url(EditionFactory()))

    assert "<script>" not in response.text
    assert 'src="/static/js/checkin.js"' in response.text


# --- Badges -------------------------------------------------------------------------------------


def test_badges_list_every_confirmed_attendee_with_a_qr_code(door_client):
    edition = EditionFactory()
    confirmed = RegistrationFactory.create_batch(3, edition=edition)

    response = door_client.get(reverse("checkin:badges", kwargs={"edition_id": edition.pk}))

    assert response.status_code == 200
    assert response.text.count('class="badge"') == 3
    assert response.text.count('src="data:image/svg+xml') == 3
    for registration in confirmed:
        assert registration.name in response.text


def test_badge_qr_is_a_full_size_qr_code(door_client):
    """Phone cameras and USB scanners read QR codes, not Micro QR: at least 21 modules wide."""
    registration = RegistrationFactory()

    response = door_client.get(
        reverse("checkin:badges", kwargs={"edition_id": registration.edition_id})
    )

    uri = re.search(r'src="(data:image/svg\+xml[^"]+)"', response.text).group(1)
    svg = urllib.parse.unquote(html.unescape(uri))
    width = int(re.search(r"width='(\d+)'", svg).group(1))
    scale = int(re.search(r"scale\((\d+)\)", svg).group(1))
    assert width // scale - 4 >= 21  # modules, without the 2-module border on each side


def test_badges_leave_out_waitlisted_and_cancelled(door_client):
    edition = EditionFactory()
    RegistrationFactory(edition=edition, status="waitlisted", name="候补者")
    RegistrationFactory(edition=edition, status="cancelled", name="取消者")

    response = door_client.get(reverse("checkin:badges", kwargs={"edition_id": edition.pk}))

    assert "候补者" not in response.text
    assert "取消者" not in response.text


def test_badges_query_count_is_constant(door_client, django_assert_max_num_queries):
    edition = EditionFactory()
    RegistrationFactory.create_batch(30, edition=edition)

    with django_assert_max_num_queries(6):
        door_client.get(reverse("checkin:badges", kwargs={"edition_id": edition.pk}))


def test_badges_need_the_permission(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("checkin:badges", kwargs={"edition_id": EditionFactory().pk}))

    assert response.status_code == 403


def test_admin_list_link_only_for_those_who_may_see_it(door_client):
    response = door_client.get(page_url(EditionFactory()))

    assert reverse("admin:registrations_registration_changelist") not in response.text


# --- Unknown codes are limited per staff user ---------------------------------------------------


def test_unknown_codes_past_the_limit_are_refused_without_a_lookup(
    door_user, settings, django_assert_num_queries
):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "3/10m"
    registration = RegistrationFactory()
    for n in range(3):
        with pytest.raises(CheckInRefused) as refusal:
            registration_check_in(edition=registration.edition, code=f"ZZZZZZZ{n}", by=door_user)
        assert refusal.value.code == CheckInCode.UNKNOWN_CODE

    with django_assert_num_queries(0), pytest.raises(CheckInRefused) as refusal:
        registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=door_user
        )

    assert refusal.value.code == CheckInCode.TOO_MANY_UNKNOWN_CODES
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # even a right code waits: no guessing through


def test_known_codes_do_not_count_towards_the_limit(door_user, settings):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "2/10m"
    edition = EditionFactory()
    for _ in range(5):
        registration = RegistrationFactory(edition=edition)
        registration_check_in(edition=edition, code=registration.checkin_code, by=door_user)
    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(edition=edition, code="ZZZZZZZZ", by=door_user)
    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_the_limit_is_per_staff_user(door_user, settings):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "1/10m"
    edition = EditionFactory()
    colleague = UserFactory(is_staff=True)
    with pytest.raises(CheckInRefused):
        registration_check_in(edition=edition, code="ZZZZZZZZ", by=door_user)
    with pytest.raises(CheckInRefused) as refusal:
        registration_check_in(edition=edition, code="ZZZZZZZZ", by=colleague)
    assert refusal.value.code == CheckInCode.UNKNOWN_CODE


def test_the_page_says_why_it_refuses_with_429(door_client, settings):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "20/10m"
    edition = EditionFactory()
    with translation.override("en"):
        url = page_url(edition)
    statuses = [door_client.post(url, {"code": f"ZZZZZ{n:03}"}).status_code for n in range(25)]

    assert statuses == [200] * 20 + [429] * 5
    response = door_client.post(url, {"code": "ZZZZZZZZ"})
    assert "result--too_many_unknown_codes" in response.text
    assert "Too many unknown codes" in response.text


def test_the_json_answer_says_why_it_refuses_with_429(door_client, settings):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "1/10m"
    edition = EditionFactory()
    json_accept = {"accept": "application/json"}
    door_client.post(page_url(edition), {"code": "ZZZZZZZZ"}, headers=json_accept)

    response = door_client.post(page_url(edition), {"code": "ZZZZZZZZ"}, headers=json_accept)

    assert response.status_code == 429
    assert response.json()["result"]["code"] == "too_many_unknown_codes"
    assert response.json()["result"]["message"]
