"""Badges: each in the attendee's language or the one chosen, with the forum's name and logo,
and one attendee's badge printed again on its own."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import EditionFactory, ImageFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_client(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    client.force_login(user)
    return client


def badges_url(edition, **query):
    url = reverse("checkin:badges", kwargs={"edition_id": edition.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def badge_html(response, registration):
    """The <article> of one registration's badge."""
    text = response.text
    at = text.index(registration.name)
    return text[text.rindex("<article", 0, at) : text.index("</article>", at)]


@pytest.fixture
def edition():
    edition = EditionFactory()
    edition.forum.name_zh = "上海创新创业青年50人论坛"
    edition.forum.name_en = "Shanghai Innovation & Entrepreneurship Youth 50 Forum"
    edition.forum.save()
    return edition


def test_each_badge_is_in_its_attendees_language(door_client, edition):
    chinese = RegistrationFactory(edition=edition, name="张三", category="investor")
    english = RegistrationFactory(
        edition=edition, name="Ann Lee", category="investor", language="en"
    )

    response = door_client.get(badges_url(edition))

    assert "上海创新创业青年50人论坛" in badge_html(response, chinese)
    assert "投资人" in badge_html(response, chinese)
    assert 'lang="zh-hans"' in badge_html(response, chinese)
    assert "Youth 50 Forum" in badge_html(response, english)
    assert "Investor" in badge_html(response, english)
    assert 'lang="en"' in badge_html(response, english)


def test_a_chosen_language_prints_every_badge_in_it(door_client, edition):
    chinese = RegistrationFactory(edition=edition, name="张三", category="investor")

    response = door_client.get(badges_url(edition, language="en"))

    assert "Investor" in badge_html(response, chinese)
    assert "Youth 50 Forum" in badge_html(response, chinese)


def test_an_unknown_language_falls_back_to_the_attendees(door_client, edition):
    chinese = RegistrationFactory(edition=edition, name="张三", category="investor")

    response = door_client.get(badges_url(edition, language="xx"))

    assert "投资人" in badge_html(response, chinese)


def test_the_forums_logo_is_on_every_badge(door_client, edition):
    edition.forum.logo = ImageFactory(alt_zh="论坛标志", alt_en="The forum's logo")
    edition.forum.save()
    RegistrationFactory.create_batch(2, edition=edition)

    response = door_client.get(badges_url(edition))

    assert response.text.count('class="badge__logo"') == 2
    assert response.text.count("论坛标志") >= 1


def test_badges_with_a_logo_read_in_constant_queries(
    door_client, edition, django_assert_max_num_queries
):
    edition.forum.logo = ImageFactory()
    edition.forum.save()
    RegistrationFactory.create_batch(20, edition=edition)
    door_client.get(badges_url(edition))  # renditions made once

    with django_assert_max_num_queries(8):
        response = door_client.get(badges_url(edition))
    assert response.text.count('class="badge__logo"') == 20


def test_one_badge_is_printed_again_on_its_own(door_client, edition):
    registration = RegistrationFactory(edition=edition, name="张三")
    RegistrationFactory(edition=edition, name="李四")

    response = door_client.get(
        reverse(
            "checkin:badge",
            kwargs={"edition_id": edition.pk, "registration_id": registration.pk},
        )
    )

    assert response.status_code == 200
    assert response.text.count('class="badge"') == 1
    assert "张三" in response.text
    assert "李四" not in response.text


def test_no_badge_for_a_cancelled_or_another_editions_registration(door_client, edition):
    cancelled = RegistrationFactory(edition=edition, status="cancelled")
    elsewhere = RegistrationFactory()

    for registration in (cancelled, elsewhere):
        response = door_client.get(
            reverse(
                "checkin:badge",
                kwargs={"edition_id": edition.pk, "registration_id": registration.pk},
            )
        )
        assert response.status_code == 404


def test_the_door_search_links_each_person_to_their_badge(door_client, edition):
    registration = RegistrationFactory(edition=edition, name="张三")

    response = door_client.get(
        reverse("checkin:page", kwargs={"edition_id": edition.pk}), {"q": "张三"}
    )

    assert (
        reverse(
            "checkin:badge", kwargs={"edition_id": edition.pk, "registration_id": registration.pk}
        )
        in response.text
    )
