"""The door for real queues: several check-in lists per edition, finding a person who lost
their code, undoing a check-in with a reason (audited), and a clear answer to an unknown code."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from forum.registrations.door import (
    CheckInCode,
    CheckInCounts,
    CheckInRefused,
    UndoNeedsReason,
    UndoRefused,
    checkin_counts,
    checkin_undo,
    default_checkin_list,
    door_search,
    registration_check_in,
)
from forum.registrations.door_models import CheckIn
from forum.registrations.enums import LogAction
from forum.registrations.models import RegistrationLogEntry
from tests.factories import (
    CheckInListFactory,
    EditionFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    return user


@pytest.fixture
def door_client(client, door_user):
    client.force_login(door_user)
    return client


def list_url(checkin_list):
    return reverse(
        "checkin:list_page",
        kwargs={"edition_id": checkin_list.edition_id, "list_id": checkin_list.pk},
    )


def undo_url(checkin_list):
    return reverse(
        "checkin:undo", kwargs={"edition_id": checkin_list.edition_id, "list_id": checkin_list.pk}
    )


def check_in(registration, by, checkin_list=None):
    return registration_check_in(
        edition=registration.edition,
        code=registration.checkin_code,
        by=by,
        checkin_list=checkin_list,
    )


# --- Lists ------------------------------------------------------------------------------------


def test_a_check_in_lands_on_the_main_entrance_list(door_user):
    registration = RegistrationFactory()

    check_in(registration, door_user)

    checkin = CheckIn.objects.get(registration=registration)
    assert checkin.checkin_list.is_default
    assert checkin.checkin_list == default_checkin_list(registration.edition)
    registration.refresh_from_db()
    assert registration.checked_in_at == checkin.at


def test_one_registration_is_admitted_once_per_list(door_user):
    registration = RegistrationFactory()
    dinner = CheckInListFactory(edition=registration.edition, name_en="Dinner")
    check_in(registration, door_user)

    check_in(registration, door_user, dinner)  # the main entrance does not count at dinner
    with pytest.raises(CheckInRefused) as refusal:
        check_in(registration, door_user, dinner)

    assert refusal.value.code == CheckInCode.ALREADY_CHECKED_IN
    assert CheckIn.objects.filter(registration=registration).count() == 2


def test_a_session_check_in_leaves_the_main_entrance_alone(door_user):
    registration = RegistrationFactory()
    session = CheckInListFactory(edition=registration.edition)

    check_in(registration, door_user, session)

    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_list_refuses_the_categories_it_does_not_admit(door_user):
    registration = RegistrationFactory(category="media")
    dinner = CheckInListFactory(edition=registration.edition, categories=["investor"])

    with pytest.raises(CheckInRefused) as refusal:
        check_in(registration, door_user, dinner)

    assert refusal.value.code == CheckInCode.NOT_ON_LIST
    assert not CheckIn.objects.exists()


def test_each_list_counts_its_own_check_ins_and_categories(door_user):
    edition = EditionFactory()
    investor = RegistrationFactory(edition=edition, category="investor")
    RegistrationFactory(edition=edition, category="investor")
    media = RegistrationFactory(edition=edition, category="media")
    dinner = CheckInListFactory(edition=edition, categories=["investor"])
    check_in(investor, door_user, dinner)
    check_in(media, door_user)

    assert checkin_counts(edition=edition, checkin_list=dinner) == CheckInCounts(1, 2)
    main = default_checkin_list(edition)
    assert checkin_counts(edition=edition, checkin_list=main) == CheckInCounts(1, 3)


def test_a_list_of_another_edition_is_not_found(door_client):
    checkin_list = CheckInListFactory()
    other = EditionFactory()

    response = door_client.get(
        reverse("checkin:list_page", kwargs={"edition_id": other.pk, "list_id": checkin_list.pk})
    )

    assert response.status_code == 404


def test_the_page_of_a_list_checks_in_on_that_list(door_client):
    registration = RegistrationFactory(name="赵六")
    session = CheckInListFactory(edition=registration.edition, name_en="Afternoon")

    response = door_client.post(list_url(session), {"code": registration.checkin_code})

    assert "result--ok" in response.text
    assert CheckIn.objects.get().checkin_list == session


def test_the_page_names_every_list_of_the_edition(door_client):
    edition = EditionFactory()
    CheckInListFactory(edition=edition, name_zh="晚宴", name_en="Dinner")

    with translation.override("en"):
        response = door_client.get(reverse("checkin:page", kwargs={"edition_id": edition.pk}))

    assert "Dinner" in response.text
    assert "Main entrance" in response.text


# --- Unknown codes ----------------------------------------------------------------------------


def test_an_unknown_code_shows_a_sentence_and_no_empty_labels(door_client):
    edition = EditionFactory()

    with translation.override("en"):
        response = door_client.post(
            reverse("checkin:page", kwargs={"edition_id": edition.pk}), {"code": "ZZZZZZZZ"}
        )

    assert "no registration of this edition has it" in response.text
    assert 'class="result__who" id="checkin-who" hidden' in response.text
    assert 'id="checkin-undo" hidden' in response.text


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_by_name_organization_and_phone():
    edition = EditionFactory()
    zhang = RegistrationFactory(edition=edition, name="张三", mobile="+8613800138000")
    acme = RegistrationFactory(edition=edition, organization="沐曦股份")
    RegistrationFactory(name="张三")  # another edition
    checkin_list = default_checkin_list(edition)

    assert door_search(edition=edition, query="张", checkin_list=checkin_list) == [zhang]
    assert door_search(edition=edition, query="沐曦", checkin_list=checkin_list) == [acme]
    assert door_search(edition=edition, query="138 0013", checkin_list=checkin_list) == [zhang]
    assert door_search(edition=edition, query="138", checkin_list=checkin_list) == []
    assert door_search(edition=edition, query="  ", checkin_list=checkin_list) == []


def test_search_leaves_out_cancelled_and_anonymized():
    edition = EditionFactory()
    RegistrationFactory(edition=edition, name="王五", status="cancelled")
    RegistrationFactory(edition=edition, name="王五", anonymized_at="2025-01-01T00:00Z")

    assert (
        door_search(edition=edition, query="王五", checkin_list=default_checkin_list(edition)) == []
    )


def test_search_page_offers_check_in_and_says_who_is_in(door_client, door_user):
    edition = EditionFactory()
    inside = RegistrationFactory(edition=edition, name="刘一")
    RegistrationFactory(edition=edition, name="刘二")
    check_in(inside, door_user)

    with translation.override("en"):
        response = door_client.get(
            reverse("checkin:page", kwargs={"edition_id": edition.pk}), {"q": "刘"}
        )

    assert "Checked in here at" in response.text
    assert "Check in 刘二" in response.text
    assert "Check in 刘一" not in response.text


def test_search_finds_nobody_says_so(door_client):
    edition = EditionFactory()

    with translation.override("en"):
        response = door_client.get(
            reverse("checkin:page", kwargs={"edition_id": edition.pk}), {"q": "nobody"}
        )

    assert "matches “nobody”" in response.text


def test_search_query_count_is_constant(door_client, door_user, django_assert_max_num_queries):
    edition = EditionFactory()
    for _ in range(20):
        check_in(RegistrationFactory(edition=edition, name="陈同名"), door_user)
    url = reverse("checkin:page", kwargs={"edition_id": edition.pk})

    door_client.get(url, {"q": "陈"})  # the main entrance list exists now
    with django_assert_max_num_queries(12):
        response = door_client.get(url, {"q": "陈"})
    assert response.text.count("Checked in here at") + response.text.count("在此签到") == 20


# --- Undo -------------------------------------------------------------------------------------


def test_undo_needs_a_reason_and_a_check_in(door_user):
    registration = RegistrationFactory()
    main = default_checkin_list(registration.edition)

    with pytest.raises(UndoRefused):
        checkin_undo(checkin_list=main, registration=registration, reason="wrong", by=door_user)
    check_in(registration, door_user)
    with pytest.raises(UndoNeedsReason):
        checkin_undo(checkin_list=main, registration=registration, reason="  ", by=door_user)


def test_undo_frees_the_person_to_be_checked_in_again_and_is_audited(door_user):
    registration = RegistrationFactory()
    check_in(registration, door_user)
    main = default_checkin_list(registration.edition)

    checkin_undo(
        checkin_list=main, registration=registration, reason="scanned the wrong badge", by=door_user
    )

    registration.refresh_from_db()
    assert registration.checked_in_at is None
    undone = CheckIn.objects.get()
    assert undone.undo_reason == "scanned the wrong badge"
    assert undone.undone_by == door_user
    entry = RegistrationLogEntry.objects.get(action=LogAction.CHECKIN_UNDONE)
    assert entry.registration == registration
    assert entry.actor_name == door_user.username
    with translation.override("en"):
        assert "scanned the wrong badge" in " ".join(entry.summary())
    check_in(registration, door_user)  # admitted again
    assert CheckIn.objects.active().count() == 1


def test_undo_through_the_page(door_client, door_user):
    registration = RegistrationFactory()
    check_in(registration, door_user)
    main = default_checkin_list(registration.edition)

    response = door_client.post(
        undo_url(main), {"registration": registration.pk, "reason": "double scan"}, follow=True
    )

    assert response.status_code == 200
    assert CheckIn.objects.active().count() == 0
    assert registration.name in response.text


def test_undo_without_reason_through_the_page_is_refused(door_client, door_user):
    registration = RegistrationFactory()
    check_in(registration, door_user)

    response = door_client.post(
        undo_url(default_checkin_list(registration.edition)),
        {"registration": registration.pk, "reason": ""},
        follow=True,
    )

    assert CheckIn.objects.active().count() == 1
    assert "door__message--error" in response.text


def test_undo_of_a_registration_of_another_edition_is_not_found(door_client):
    registration = RegistrationFactory()
    other_list = CheckInListFactory()

    response = door_client.post(
        undo_url(other_list), {"registration": registration.pk, "reason": "x"}
    )

    assert response.status_code == 404


def test_undo_needs_the_permission(client):
    checkin_list = CheckInListFactory()
    client.force_login(UserFactory(is_staff=True))

    assert (
        client.post(undo_url(checkin_list), {"registration": 1, "reason": "x"}).status_code == 403
    )


def test_the_ok_answer_offers_the_undo(door_client):
    registration = RegistrationFactory()

    response = door_client.post(
        reverse("checkin:page", kwargs={"edition_id": registration.edition_id}),
        {"code": registration.checkin_code},
        headers={"accept": "application/json"},
    )

    assert response.json()["result"]["undoable"] is True
    assert response.json()["result"]["registration"] == registration.pk
