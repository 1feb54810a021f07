"""The worker's periodic jobs (config/common/periodic.py): one list of them, each a chain of
its own in the database queue, mended by any run of any of them."""

import datetime

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.common import periodic
from tests.helpers import DATABASE_QUEUE

pytestmark = pytest.mark.django_db


def waiting(job):
    return DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY)


def test_every_periodic_job_is_in_the_one_list():
    assert set(periodic.periodic_jobs()) == {
        "registrations.email_sweep",
        "registrations.email_holds",
        "registrations.reminders",
        "revisions.publishing_schedule",
    }


def test_a_run_of_any_job_queues_the_next_run_of_every_job(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.REGISTRATION_EMAIL_SWEEP_INTERVAL = 60
    jobs = periodic.periodic_jobs()
    before = timezone.now()

    jobs["registrations.reminders"].call()

    for job in jobs.values():
        [run] = waiting(job)
        assert run.run_after - before >= datetime.timedelta(seconds=59)


def test_a_chain_already_waiting_is_not_doubled(settings):
    settings.TASKS = DATABASE_QUEUE

    periodic.ensure_all_queued()
    periodic.ensure_all_queued()

    for job in periodic.periodic_jobs().values():
        assert waiting(job).count() == 1


def test_a_run_queued_far_ahead_does_not_hold_the_chain_up(settings):
    """A run at an exact time tomorrow (queue_at) is not the chain's next run."""
    settings.TASKS = DATABASE_QUEUE
    job = periodic.periodic_jobs()["revisions.publishing_schedule"]
    periodic.queue_at(job, timezone.now() + datetime.timedelta(days=1))

    periodic.ensure_queued(job)

    assert waiting(job).count() == 2
    assert waiting(job).filter(run_after__lte=timezone.now() + datetime.timedelta(minutes=2))


def test_nothing_is_queued_without_a_worker_queue():
    periodic.ensure_all_queued()  # the immediate backend of development and tests

    assert not DBTaskResult.objects.exists()
