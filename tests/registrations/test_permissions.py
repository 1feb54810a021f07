"""The permission matrix of the two staff groups made by the data migration.

Editors: every content model, nothing about registrations. Organizers: registrations,
registration settings, privacy notices, check-in and exports, matchmaking (tied to
registrants like registrations); the content read-only. Every
admin page registered (so a model added later is covered) and the door pages, for each role,
including the refusals: 403 for a signed-in user without the right, the login page for
anonymous visitors.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from forum.registrations import guest_lists
from forum.registrations.models import Registration
from tests import factories
from tests.factories import EditionFactory, UserFactory
from tests.helpers import FACTORIES

pytestmark = pytest.mark.django_db

CONTENT_APPS = {"profiles", "metrics", "forum", "images", "news"}
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
PAGES = ("changelist", "add", "change")


def kind_of(model):
    opts = model._meta
    if opts.app_label in ("registrations", "matchmaking"):
        return "registration"
    if opts.app_label in CONTENT_APPS:
        return "content"
    return "other"


# What each role may open: (kind of model, page) → allowed. Pages a model's admin refuses to
# everyone (e.g. adding a registration, which only its registrant does) are refused here too.
ALLOWED = {
    "Editors": {
        ("content", "changelist"),
        ("content", "add"),
        ("content", "change"),
    },
    "Organizers": {
        ("content", "changelist"),
        ("content", "change"),  # read-only: the view page, no save
        ("registration", "changelist"),
        ("registration", "add"),
        ("registration", "change"),
    },
    "staff without a group": set(),
}


def url_for(model, page):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    if page == "change":
        if model not in FACTORIES:
            pytest.fail(f"{opts.label} is registered in admin but has no factory")
        return reverse(name, args=[FACTORIES[model]().pk])
    return reverse(name)


def user_in(group_name):
    user = UserFactory(is_staff=True)
    if group_name in ("Editors", "Organizers"):
        user.groups.add(Group.objects.get(name=group_name))
    return user


def open_for_superuser(client, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    status = client.get(url).status_code
    client.logout()
    return status == 200


CASES = [
    pytest.param(role, model, page, id=f"{role}-{model._meta.label}-{page}")
    for role in ALLOWED
    for model in REGISTERED
    for page in PAGES
]


@pytest.mark.parametrize(("role", "model", "page"), CASES)
def test_admin_page_access(client, role, model, page):
    url = url_for(model, page)
    expected = (kind_of(model), page) in ALLOWED[role] and open_for_superuser(client, url)
    client.force_login(user_in(role))

    response = client.get(url)

    assert response.status_code == (200 if expected else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_anonymous_visitor_is_sent_to_login(client, model):
    response = client.get(url_for(model, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_groups_exist_after_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Organizers"}


def test_organizers_may_set_up_lists_after_the_migration():
    organizers = Group.objects.get(name="Organizers")
    codenames = set(organizers.permissions.values_list("codename", flat=True))
    assert {"add_checkinlist", "change_checkinlist", "view_checkin"} <= codenames
    editors = Group.objects.get(name="Editors")
    assert not editors.permissions.filter(codename__contains="checkin").exists()


def test_editors_hold_no_registration_permission():
    editors = Group.objects.get(name="Editors")

    assert not editors.permissions.filter(
        content_type__app_label__in=["registrations", "matchmaking"]
    ).exists()


def test_organizers_hold_only_view_rights_on_content():
    organizers = Group.objects.get(name="Organizers")
    content = organizers.permissions.filter(content_type__app_label__in=CONTENT_APPS)

    assert content.exists()
    assert all(
        codename.startswith("view_") for codename in content.values_list("codename", flat=True)
    )


def test_organizer_cannot_save_content(client):
    edition = EditionFactory(theme_zh="原主题")
    client.force_login(user_in("Organizers"))

    response = client.post(
        reverse("admin:forum_edition_change", args=[edition.pk]), {"theme_zh": "改动"}
    )

    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.theme_zh == "原主题"


def test_editor_sees_no_registration_in_the_admin_index(client):
    factories.RegistrationFactory(name="隐私姓名")
    client.force_login(user_in("Editors"))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:registrations_registration_changelist") not in response.text


@pytest.mark.parametrize("role", ["Editors", "staff without a group"])
def test_dashboard_refuses_roles_without_registration_rights(client, role):
    client.force_login(user_in(role))

    response = client.get(reverse("admin:registrations_registration_dashboard"))

    assert response.status_code == 403


def test_dashboard_opens_for_organizers(client):
    client.force_login(user_in("Organizers"))

    response = client.get(reverse("admin:registrations_registration_dashboard"))

    assert response.status_code == 200


# --- The door pages -----------------------------------------------------------------------------

DOOR_PAGES = ("page", "counts", "badges", "list_page", "list_counts", "offline_list")
LIST_PAGES = ("list_page", "list_counts", "offline_list", "offline_sync")


def door_url(page):
    if page in LIST_PAGES:
        checkin_list = factories.CheckInListFactory()
        kwargs = {"edition_id": checkin_list.edition_id, "list_id": checkin_list.pk}
    else:
        kwargs = {"edition_id": EditionFactory().pk}
    return reverse(f"checkin:{page}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Organizers", 200), ("Editors", 403), ("staff without a group", 403)],
)
@pytest.mark.parametrize("page", DOOR_PAGES)
def test_door_page_access(client, role, expected, page):
    client.force_login(user_in(role))

    response = client.get(door_url(page))

    assert response.status_code == expected


@pytest.mark.parametrize("page", DOOR_PAGES)
def test_door_pages_send_anonymous_visitors_to_login(client, page):
    response = client.get(door_url(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Organizers", 200), ("Editors", 403), ("staff without a group", 403)],
)
def test_uploading_offline_scans_by_role(client, role, expected):
    client.force_login(user_in(role))

    response = client.post(door_url("offline_sync"), {"scans": []}, content_type="application/json")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Organizers", 302), ("Editors", 403), ("staff without a group", 403)],
)
def test_undoing_a_check_in_by_role(client, role, expected):
    checkin = factories.CheckInFactory()
    url = reverse(
        "checkin:undo",
        kwargs={"edition_id": checkin.checkin_list.edition_id, "list_id": checkin.checkin_list_id},
    )
    client.force_login(user_in(role))

    response = client.post(url, {"registration": checkin.registration_id, "reason": "mistake"})

    assert response.status_code == expected
    checkin.refresh_from_db()
    assert (checkin.undone_at is not None) is (role == "Organizers")


def test_inactive_organizer_is_refused_at_the_door(client):
    user = user_in("Organizers")
    user.is_active = False
    user.save()
    client.force_login(user)

    response = client.get(reverse("checkin:page", kwargs={"edition_id": EditionFactory().pk}))

    assert response.status_code == 302


# --- Spreadsheet import and export of content ---------------------------------------------------

IMPORT_EXPORT = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "import_action")
    ),
    key=lambda model: model._meta.label,
)


def test_people_organizations_roles_milestones_and_figures_import_and_export():
    assert {model._meta.label for model in IMPORT_EXPORT} == {
        "profiles.Person",
        "profiles.Organization",
        "profiles.Role",
        "profiles.Milestone",
        "metrics.Source",
        "metrics.Indicator",
        "metrics.Observation",
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Editors", 200), ("Organizers", 403), ("staff without a group", 403)],
)
@pytest.mark.parametrize("page", ["import", "export"])
@pytest.mark.parametrize("model", IMPORT_EXPORT, ids=lambda model: model._meta.label)
def test_import_and_export_pages_by_role(client, role, expected, page, model):
    client.force_login(user_in(role))
    opts = model._meta

    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}"))

    assert response.status_code == expected


@pytest.mark.parametrize("role", ["Editors", "Organizers"])
def test_the_import_button_shows_only_to_editors(client, role):
    client.force_login(user_in(role))

    response = client.get(reverse("admin:profiles_person_changelist"))

    assert (reverse("admin:profiles_person_import") in response.text) is (role == "Editors")


# --- Organizers register attendees themselves -----------------------------------------------------


def organizer_pages():
    edition_id = factories.RegistrationSettingsFactory().edition_id
    return {
        "register": reverse("admin:registrations_registration_add") + f"?edition={edition_id}",
        "guest list": reverse("admin:registrations_registration_guest_list", args=[edition_id]),
        "guest list template": reverse("admin:registrations_registration_guest_list_template"),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Organizers", 200), ("Editors", 403), ("staff without a group", 403)],
)
@pytest.mark.parametrize("page", ["register", "guest list", "guest list template"])
def test_registering_attendees_by_role(client, role, expected, page):
    client.force_login(user_in(role))

    response = client.get(organizer_pages()[page])

    assert response.status_code == expected


@pytest.mark.parametrize("page", ["register", "guest list", "guest list template"])
def test_registering_attendees_sends_anonymous_visitors_to_login(client, page):
    response = client.get(organizer_pages()[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editors_cannot_post_a_registration_or_a_guest_list(client):
    edition_id = factories.RegistrationSettingsFactory().edition_id
    client.force_login(user_in("Editors"))

    one = client.post(reverse("admin:registrations_registration_add"), {"edition": edition_id})
    many = client.post(
        reverse("admin:registrations_registration_guest_list", args=[edition_id]), {}
    )

    assert (one.status_code, many.status_code) == (403, 403)
    assert not Registration.objects.exists()


def test_a_guest_list_progress_page_is_its_organizers_only(client):
    edition_id = factories.RegistrationSettingsFactory().edition_id
    owner = user_in("Organizers")
    guest_lists.set_progress(
        "job1", state="running", done=1, total=2, user=owner.pk, edition=edition_id
    )
    url = reverse("admin:registrations_registration_guest_list_progress", args=[edition_id, "job1"])
    client.force_login(user_in("Organizers"))
    assert client.get(url).status_code == 404
    client.force_login(user_in("Editors"))
    assert client.get(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 200
