"""Deleting through the admin does what editors expect (README, "Deleting"): sourced facts and
rows shown on another row's page are never deleted as a side effect (the clear "cannot delete"
page, not a 500), the confirmation page lists what goes with a row, names many-to-many links as
links and says which rows stay without their link, and the admin's log says what went."""

import pytest
from django.apps import apps
from django.contrib.admin.models import DELETION, LogEntry
from django.db import models
from django.urls import reverse
from django.utils import translation

from forum.models import AgendaItem, Edition, Participation, Track
from forum.registrations.models import RegistrationLogEntry
from metrics.models import Indicator, Observation, Sector, Source
from profiles.models import Person, Role
from tests import factories

pytestmark = pytest.mark.django_db

CASCADE, PROTECT, SET_NULL = models.CASCADE, models.PROTECT, models.SET_NULL

# Every foreign key of the project's apps and what deleting its target does. A new one fails
# the test below until it is decided here and in the README.
ON_DELETE = {
    "metrics.Sector.parent": PROTECT,
    "metrics.Indicator.sector": PROTECT,
    "metrics.Observation.indicator": PROTECT,
    "metrics.Observation.source": PROTECT,
    "profiles.Organization.parent": SET_NULL,
    "profiles.Organization.logo": SET_NULL,
    "profiles.Person.portrait": SET_NULL,
    "profiles.Role.person": CASCADE,
    "profiles.Role.organization": PROTECT,
    "profiles.Milestone.organization": PROTECT,
    "profiles.Milestone.source": PROTECT,
    "profiles.Quote.person": PROTECT,
    "profiles.Quote.source": PROTECT,
    "forum.Forum.logo": SET_NULL,
    "forum.Edition.forum": PROTECT,
    "forum.Edition.cover": SET_NULL,
    "forum.EditionPhoto.edition": CASCADE,
    "forum.EditionPhoto.image": CASCADE,
    "forum.Track.edition": CASCADE,
    "forum.Track.sector": SET_NULL,
    "forum.AgendaItem.edition": CASCADE,
    "forum.AgendaItem.track": SET_NULL,
    "forum.Participation.edition": CASCADE,
    "forum.Participation.person": PROTECT,
    "forum.Participation.track": SET_NULL,
    "forum.Participation.source": PROTECT,
    "registrations.RegistrationSettings.edition": CASCADE,
    "registrations.RegistrationSettings.privacy_notice": PROTECT,
    "registrations.CategoryQuota.settings": CASCADE,
    # An edition with registrations is protected (Registration.edition): its tally is empty then.
    "registrations.SeatTally.edition": CASCADE,
    "registrations.Registration.edition": PROTECT,
    "registrations.Registration.privacy_notice": PROTECT,
    "registrations.Registration.checked_in_by": SET_NULL,
    "registrations.Registration.registered_by": SET_NULL,  # the name stays (registered_by_name)
    "registrations.RegistrationLogEntry.edition": PROTECT,
    "registrations.RegistrationLogEntry.registration": CASCADE,
    "registrations.RegistrationLogEntry.actor": SET_NULL,
    "registrations.RegistrationEmail.registration": CASCADE,
    # Questions go with their edition (an edition with registrations is protected anyway);
    # an answered question cannot be deleted; answers go with their registration.
    "registrations.Question.edition": CASCADE,
    "registrations.Answer.question": PROTECT,
    "registrations.Answer.registration": CASCADE,
    # Codes go with their edition; a code someone registered with cannot be deleted.
    "registrations.InvitationCode.edition": CASCADE,
    "registrations.Registration.invitation": PROTECT,
    "registrations.CheckInList.edition": CASCADE,
    "registrations.CheckIn.checkin_list": PROTECT,
    "registrations.CheckIn.registration": CASCADE,
    "registrations.CheckIn.by": SET_NULL,
    "registrations.CheckIn.undone_by": SET_NULL,
    "registrations.RetiredCheckInCode.edition": CASCADE,
    "registrations.RetiredCheckInCode.registration": CASCADE,
    "registrations.RegistrationEmail.message": CASCADE,
    "registrations.Message.edition": CASCADE,
    "registrations.Message.reminder": SET_NULL,
    "registrations.Message.created_by": SET_NULL,
    "registrations.Message.sent_by": SET_NULL,
    "registrations.MessageAnswerFilter.message": CASCADE,
    "registrations.MessageAnswerFilter.question": PROTECT,  # as Answer.question: answers stay read
    "registrations.Reminder.edition": CASCADE,
    "registrations.MessageOptOut.registration": CASCADE,
}


def test_every_foreign_key_deletes_as_decided():
    found = {}
    for label in ("metrics", "profiles", "forum", "registrations"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if (field.many_to_one or field.one_to_one) and field.concrete:
                    found[f"{model._meta.label}.{field.name}"] = field.remote_field.on_delete
    assert found == ON_DELETE


@pytest.fixture
def editor_client(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def delete_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def confirm(client, obj):
    """The delete page of `obj`, then the same page posted as "Yes, I'm sure"."""
    page = client.get(delete_url(obj))
    posted = client.post(delete_url(obj), {"post": "yes"})
    return page, posted


def still_there(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


# --- Refused: the clear page, and nothing deleted -------------------------------------------


def _quote(person):
    return factories.QuoteFactory(person=person)


def _participation(person):
    return factories.ParticipationFactory(person=person)


def _milestone(organization):
    return factories.MilestoneFactory(organization=organization)


def _role(organization):
    return factories.RoleFactory(organization=organization)


def _observation(indicator):
    return factories.ObservationFactory(indicator=indicator)


def _sourced(source):
    return factories.ObservationFactory(source=source)


def _registration(edition):
    return factories.RegistrationFactory(edition=edition)


def _log_entry(edition):
    registration = factories.RegistrationFactory(edition=edition)
    entry = RegistrationLogEntry.objects.create(
        edition=edition, action="registrations.exported", actor_kind="system"
    )
    registration.delete()
    return entry


PROTECTED_CASES = [
    (factories.PersonFactory, _quote, "quote"),
    (factories.PersonFactory, _participation, "participation"),
    (factories.OrganizationFactory, _milestone, "milestone"),
    (factories.OrganizationFactory, _role, "role"),
    (factories.IndicatorFactory, _observation, "observation"),
    (factories.SourceFactory, _sourced, "observation"),
    (factories.EditionFactory, _registration, "registration"),
    (factories.EditionFactory, _log_entry, "registration log entry"),
]


@pytest.mark.parametrize(
    ("make", "depend", "name"),
    PROTECTED_CASES,
    ids=[f"{make._meta.model.__name__}-{name}" for make, _d, name in PROTECTED_CASES],
)
def test_a_row_others_depend_on_is_refused_with_the_clear_page(
    editor_client, english, make, depend, name
):
    obj = make()
    dependent = depend(obj)
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    page, posted = confirm(editor_client, obj)

    assert page.status_code == posted.status_code == 200
    assert page.context["protected"]
    text = page.content.decode()
    assert "would require deleting the following protected related objects" in text
    assert "Nothing has been deleted." in text
    assert str(dependent) in text.replace("&quot;", '"')
    assert still_there(obj)
    assert still_there(dependent)


def test_a_person_who_can_be_unpublished_is_told_so(editor_client):
    person = factories.PersonFactory()
    factories.QuoteFactory(person=person)
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    text = editor_client.get(delete_url(person)).content.decode()

    assert "Or unpublish it instead" in text


def test_deleting_a_selection_with_a_protected_row_is_refused_with_the_clear_page(
    editor_client,
):
    person = factories.PersonFactory()
    factories.QuoteFactory(person=person)

    response = editor_client.post(
        reverse("admin:profiles_person_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert response.context["protected"]
    assert still_there(person)


# --- Confirmed: what goes, what stays without its link ---------------------------------------


def test_a_persons_page_lists_the_roles_going_and_names_speaker_links_as_links(editor_client):
    person = factories.PersonFactory(name_zh="陈维良")
    role = factories.RoleFactory(person=person, title_zh="董事长")
    session = factories.AgendaItemFactory(title_zh="开幕致辞")
    session.speakers.add(person)
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    page, _posted = confirm(editor_client, person)

    text = page.content.decode()
    assert str(role) in text
    assert f"Link only: “{person}” leaves the speakers of the agenda item “开幕致辞”" in text
    assert dict(page.context["model_count"])["speakers of agenda items (links only)"] == 1
    assert "AgendaItem_speakers object" not in text
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Role.objects.filter(pk=role.pk).exists()
    assert list(AgendaItem.objects.get(pk=session.pk).speakers.all()) == []


def test_an_organizations_page_says_which_units_stay_without_it(editor_client):
    parent = factories.OrganizationFactory(name_zh="复旦大学")
    unit = factories.OrganizationFactory(name_zh="复旦大学类脑智能科学与技术研究院", parent=parent)
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    page, _posted = confirm(editor_client, parent)

    assert page.context["unlinked"] == [
        "Organization “复旦大学类脑智能科学与技术研究院” stays; its “part of” is cleared"
    ]
    unit.refresh_from_db()
    assert unit.parent is None


def test_an_editions_page_lists_its_tracks_agenda_and_participations(editor_client):
    edition = factories.EditionFactory()
    track = factories.TrackFactory(edition=edition)
    session = factories.AgendaItemFactory(edition=edition, track=track)
    participation = factories.ParticipationFactory(edition=edition, track=track)
    person = participation.person

    page, _posted = confirm(editor_client, edition)

    with translation.override("en"):
        counts = {str(name): count for name, count in page.context["model_count"]}
    assert (counts["tracks"], counts["agenda items"], counts["participations"]) == (1, 1, 1)
    for model, obj in [(Track, track), (AgendaItem, session), (Participation, participation)]:
        assert not model.objects.filter(pk=obj.pk).exists()
    assert not Edition.objects.filter(pk=edition.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_deleted_sector_leaves_its_tracks_without_a_sector(editor_client):
    sector = factories.SectorFactory()
    track = factories.TrackFactory(sector=sector)

    page, _posted = confirm(editor_client, sector)

    assert len(page.context["unlinked"]) == 1
    track.refresh_from_db()
    assert track.sector is None
    assert not Sector.objects.filter(pk=sector.pk).exists()


def test_the_admins_log_says_what_went_with_the_row(editor_client):
    person = factories.PersonFactory(name_zh="陈维良")
    factories.RoleFactory(person=person, title_zh="董事长")
    session = factories.AgendaItemFactory(title_zh="开幕致辞")
    session.speakers.add(person)

    confirm(editor_client, person)

    entry = LogEntry.objects.get(action_flag=DELETION, object_id=str(person.pk))
    with translation.override("en"):
        message = entry.get_change_message()
    assert "Deleted role “陈维良 · " in message
    assert "Changed speakers for agenda item “开幕致辞”." in message


def test_a_deletion_with_nothing_else_logs_an_empty_message(editor_client):
    indicator = factories.IndicatorFactory()

    confirm(editor_client, indicator)

    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.change_message == "[]"
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_figures_go_once_the_editor_has_deleted_them(editor_client):
    observation = factories.ObservationFactory()
    indicator = observation.indicator

    confirm(editor_client, observation)
    _page, _posted = confirm(editor_client, indicator)

    assert not Observation.objects.exists()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert Source.objects.filter(pk=observation.source_id).exists()
