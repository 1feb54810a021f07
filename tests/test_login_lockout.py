"""The admin's sign-in locks a username out from one address after repeated wrong passwords
(django-axes), says so on an admin page in both languages, and a superuser can unlock it."""

import html

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"


@pytest.fixture
def editor():
    user = UserFactory(username="editor", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(password, *, address="203.0.113.5", username="editor", language="en"):
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response


def test_the_threshold_is_five_wrong_passwords_and_the_right_one_then_waits(editor):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [sign_in(f"wrong-{n}").status_code for n in range(5)]

    assert statuses == [200] * 4 + [429]  # the login form again, then the lockout page
    response = sign_in(PASSWORD)
    assert response.status_code == 429  # the right password does not get through either
    assert "_auth_user_id" not in response.client.session


def test_below_the_threshold_the_right_password_works(editor):
    for n in range(4):
        sign_in(f"wrong-{n}")
    response = sign_in(PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_lockout_is_per_username_and_address(editor):
    for n in range(5):
        sign_in(f"wrong-{n}", address="198.51.100.66")  # an attacker elsewhere

    assert sign_in(PASSWORD, address="203.0.113.5").status_code == 302  # the editor is not
    assert sign_in("wrong", address="198.51.100.66", username="other").status_code == 200


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Sign-in is paused for this account"), ("zh-hans", "此账户暂停登录")],
)
def test_the_lockout_page_is_an_admin_page_in_the_visitors_language(editor, language, words):
    for n in range(5):
        response = sign_in(f"wrong-{n}", language=language)
    body = response.content.decode()
    assert response.status_code == 429
    assert words in body
    assert 'id="site-name"' in body  # the admin's header: its design, not a bare text
    with translation.override(language):
        assert (
            html.escape(translation.gettext("Youth 50 Forum · editors' and organizers' desk"))
            in body
        )


def test_a_superuser_unlocks_in_admin(editor, admin_client):
    for n in range(5):
        sign_in(f"wrong-{n}")
    attempt = AccessAttempt.objects.get(username="editor")

    admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    assert sign_in(PASSWORD).status_code == 302


def test_a_superuser_unlocks_with_the_command(editor):
    for n in range(5):
        sign_in(f"wrong-{n}")
    call_command("axes_reset_username", "editor")
    assert sign_in(PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(editor):
    for n in range(4):
        sign_in(f"wrong-{n}")
    sign_in(PASSWORD)
    for n in range(4):
        assert sign_in(f"again-{n}").status_code == 200
