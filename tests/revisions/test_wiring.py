"""Organizations, editions and indicators take part in drafts as people do; the publishing job
is a periodic task of the worker's database queue."""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.common import periodic
from config.revisions import scheduling
from config.revisions.models import Revision
from tests import factories

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _organization():
    organization = factories.OrganizationFactory(description_en="Live text.")
    factories.MilestoneFactory(organization=organization)
    return organization, f"/en/organizations/{organization.slug}/", "description_en"


def _edition():
    edition = factories.EditionFactory(description_en="Live text.", year=2023)
    factories.ParticipationFactory(edition=edition)
    return edition, f"/en/editions/{edition.number}/", "description_en"


def _indicator():
    indicator = factories.IndicatorFactory(description_en="Live text.")
    factories.ObservationFactory(indicator=indicator)
    return indicator, f"/en/figures/indicators/{indicator.slug}/", "description_en"


@pytest.mark.parametrize("make", [_organization, _edition, _indicator])
def test_a_draft_waits_and_previews_and_publishes(make, chief, client):
    obj, page, field = make()
    url = admin_url(obj, "change")
    assert "Live text." in client.get(page).text

    chief.post(url, form_data(chief, url, **{field: "Draft text."}, _save_draft="1"))
    assert "Live text." in client.get(page).text
    assert "Draft text." not in client.get(page).text
    preview = chief.post(url, form_data(chief, url, _preview="en"))
    assert "Draft text." in preview.text

    chief.post(url, form_data(chief, url, _continue="1"))
    assert "Draft text." in client.get(page).text
    assert Revision.objects.for_object(obj).latest_ones().get().status == "published"


def test_an_editor_is_not_offered_the_publish_actions(editor, chief):
    factories.PersonFactory()
    editor_actions = editor.get("/admin/profiles/person/").context["action_form"]
    chief_actions = chief.get("/admin/profiles/person/").context["action_form"]
    assert "publish" not in dict(editor_actions.fields["action"].choices)
    assert "publish" in dict(chief_actions.fields["action"].choices)


def test_the_job_keeps_one_run_waiting_and_one_at_each_scheduled_time(
    settings, chief, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    person = factories.PersonFactory()
    url = admin_url(person, "change")
    at = timezone.localtime() + datetime.timedelta(days=1)
    data = form_data(
        chief,
        url,
        bio_en="<p>Tomorrow.</p>",
        publish_at_0=at.strftime("%Y-%m-%d"),
        publish_at_1=at.strftime("%H:%M:%S"),
        _continue="1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        chief.post(url, data)

    waiting = DBTaskResult.objects.filter(
        task_path=scheduling.run_publishing_schedule.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() >= 1
    assert any(abs((r.run_after - at).total_seconds()) < 1 for r in waiting)
    before = waiting.count()
    periodic.ensure_queued(scheduling.run_publishing_schedule)
    assert waiting.count() == before  # idempotent while one waits


def test_the_command_publishes_what_is_due(chief, client, capsys):
    person = factories.PersonFactory(bio_en="<p>Old.</p>")
    url = admin_url(person, "change")
    chief.post(url, form_data(chief, url, bio_en="<p>New.</p>", _save_draft="1"))
    draft = Revision.objects.for_object(person).pending().get()
    Revision.objects.filter(pk=draft.pk).update(
        status="scheduled", go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("publish_scheduled")

    assert "1 published" in capsys.readouterr().out
    assert "New." in client.get(f"/en/people/{person.slug}/").text
