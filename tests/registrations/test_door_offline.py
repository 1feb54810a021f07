"""The offline door's server side: the copy of the list a device keeps, the upload of scans
made offline (recorded once per nonce, refused where the door would refuse), and the report of
codes admitted twice by two devices."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations.door import (
    OfflineOutcome,
    admitted_twice,
    checkin_sync,
    default_checkin_list,
    offline_list,
    registration_check_in,
)
from forum.registrations.door_models import CheckIn
from tests.factories import CheckInListFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    return user


def scan(code, nonce, at=None):
    return {"code": code, "nonce": nonce, "at": (at or timezone.now()).isoformat()}


def sync(checkin_list, scans, device, by):
    return [
        r["outcome"]
        for r in checkin_sync(checkin_list=checkin_list, scans=scans, device=device, by=by)
    ]


def test_the_copy_lists_every_registration_with_what_the_device_needs(door_user):
    registration = RegistrationFactory(name="张三", category="investor")
    RegistrationFactory(edition=registration.edition, status="cancelled")
    RegistrationFactory()  # another edition
    main = default_checkin_list(registration.edition)
    registration_check_in(
        edition=registration.edition, code=registration.checkin_code, by=door_user
    )

    people = offline_list(checkin_list=main)

    assert len(people) == 2
    first = next(p for p in people if p["code"] == registration.checkin_code)
    assert first == {
        "code": registration.checkin_code,
        "name": "张三",
        "organization": registration.organization,
        "category": "investor",
        "status": "confirmed",
        "admitted": True,
    }


def test_offline_scans_are_recorded_once_with_the_devices_time(door_user):
    registration = RegistrationFactory()
    main = default_checkin_list(registration.edition)
    earlier = timezone.now() - datetime.timedelta(minutes=20)
    upload = [scan(registration.checkin_code.lower(), "n-1", earlier)]

    assert sync(main, upload, "d-a", door_user) == [OfflineOutcome.ADMITTED]
    assert sync(main, upload, "d-a", door_user) == [OfflineOutcome.ALREADY_RECORDED]

    checkin = CheckIn.objects.get()
    assert checkin.offline
    assert (checkin.device, checkin.nonce) == ("d-a", "n-1")
    assert abs((checkin.at - earlier).total_seconds()) < 1
    registration.refresh_from_db()
    assert registration.checked_in_at == checkin.at


def test_a_time_in_the_future_is_replaced_by_the_servers(door_user):
    registration = RegistrationFactory()
    main = default_checkin_list(registration.edition)
    future = timezone.now() + datetime.timedelta(days=1)

    sync(main, [scan(registration.checkin_code, "n-f", future)], "d-a", door_user)

    assert CheckIn.objects.get().at <= timezone.now()


def test_a_code_admitted_by_two_devices_is_kept_and_reported(door_user):
    registration = RegistrationFactory(name="李四")
    main = default_checkin_list(registration.edition)
    sync(main, [scan(registration.checkin_code, "n-a")], "d-a", door_user)

    outcome = sync(main, [scan(registration.checkin_code, "n-b")], "d-b", door_user)

    assert outcome == [OfflineOutcome.DUPLICATE]
    assert CheckIn.objects.active().count() == 1
    [(duplicate, first)] = admitted_twice(checkin_list=main)
    assert duplicate.device == "d-b"
    assert first.device == "d-a"
    assert duplicate.registration.name == "李四"


def test_offline_scans_the_door_would_refuse_are_not_recorded(door_user):
    cancelled = RegistrationFactory(status="cancelled")
    media = RegistrationFactory(edition=cancelled.edition, category="media")
    dinner = CheckInListFactory(edition=cancelled.edition, categories=["investor"])

    outcomes = sync(
        dinner,
        [
            scan(cancelled.checkin_code, "n-1"),
            scan(media.checkin_code, "n-2"),
            scan("ZZZZZZZZ", "n-3"),
        ],
        "d-a",
        door_user,
    )

    assert outcomes == [OfflineOutcome.REFUSED, OfflineOutcome.REFUSED, OfflineOutcome.UNKNOWN]
    assert not CheckIn.objects.exists()


def test_unknown_codes_in_an_upload_count_towards_the_limit(door_user, settings):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "2/10m"
    registration = RegistrationFactory()
    main = default_checkin_list(registration.edition)

    outcomes = sync(
        main,
        [scan("ZZZZ1111", "u1"), scan("ZZZZ2222", "u2"), scan(registration.checkin_code, "k")],
        "d-a",
        door_user,
    )

    assert outcomes == ["unknown_code", "unknown_code", "too_many_unknown_codes"]


def test_sync_through_http_and_the_page_reports_the_duplicate(client, door_user):
    registration = RegistrationFactory(name="王五")
    main = default_checkin_list(registration.edition)
    client.force_login(door_user)
    url = reverse(
        "checkin:offline_sync",
        kwargs={"edition_id": registration.edition_id, "list_id": main.pk},
    )
    for device in ("d-a", "d-b"):
        response = client.post(
            url,
            json.dumps({"device": device, "scans": [scan(registration.checkin_code, device)]}),
            content_type="application/json",
        )
        assert response.status_code == 200
    assert response.json()["results"] == [{"nonce": "d-b", "outcome": "admitted_twice"}]
    assert response.json()["counts"] == {"checked_in": 1, "confirmed": 1}

    with translation.override("en"):
        page = client.get(reverse("checkin:page", kwargs={"edition_id": registration.edition_id}))
    assert "Admitted twice" in page.text
    assert "device d-b" in page.text


def test_a_malformed_upload_is_refused(client, door_user):
    main = CheckInListFactory()
    client.force_login(door_user)
    url = reverse(
        "checkin:offline_sync", kwargs={"edition_id": main.edition_id, "list_id": main.pk}
    )

    response = client.post(url, "not json", content_type="application/json")

    assert response.status_code == 400


def test_the_copy_through_http(client, door_user):
    registration = RegistrationFactory()
    main = default_checkin_list(registration.edition)
    client.force_login(door_user)

    response = client.get(
        reverse(
            "checkin:offline_list",
            kwargs={"edition_id": registration.edition_id, "list_id": main.pk},
        )
    )

    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert [p["code"] for p in response.json()["people"]] == [registration.checkin_code]


def test_the_copy_query_count_is_constant(client, door_user, django_assert_max_num_queries):
    registration = RegistrationFactory()
    for _ in range(30):
        RegistrationFactory(edition=registration.edition)
    main = default_checkin_list(registration.edition)
    client.force_login(door_user)
    url = reverse(
        "checkin:offline_list", kwargs={"edition_id": registration.edition_id, "list_id": main.pk}
    )

    with django_assert_max_num_queries(8):  # the people, and the replaced codes
        response = client.get(url)
    assert len(response.json()["people"]) == 31
