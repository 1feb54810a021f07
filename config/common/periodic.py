"""Periodic jobs of the task worker (`manage.py db_worker`, django-tasks-db), without cron.

There is one mechanism: a periodic job is a task declared with `@periodic_task(name,
every=…)`, which registers it here, in the one list of the site's periodic jobs. Each job is a
chain of its own in the database queue: when a run starts it first queues the next run of every
registered job that has none waiting (its own after `every()`, so a worker killed mid-run keeps
the chain, and any other chain that broke is mended), prunes its own old results, then does its
work. So the jobs run wherever a worker runs, and one chain alive is enough to revive all.

Whatever may find the chains broken (a fresh database, a queue emptied by hand) calls
`ensure_queued(job)` for its job, or `ensure_all_queued()`: they queue a run only when none is
waiting to run within the job's interval. `queue_at(job, at)` adds one run at an exact time
(a publication at 09:00 sharp, a seat held until 14:32) beside the chain. Only the database
queue of production has a worker: with the immediate backend of development and tests nothing
is queued (the jobs' work is called directly there).

The jobs: the registration e-mails' sweep and the reminders (forum/registrations/tasks.py and
messaging.py), the release of seats whose e-mail was not confirmed in time
(forum/registrations/verification.py) and the publishing schedule
(config/revisions/scheduling.py). A job must be idempotent: a run may come twice, or late.
"""

import datetime
import functools
import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Finished runs of a job are deleted after this long (most run every minute).
RESULTS_KEPT = datetime.timedelta(days=1)

# name → (task, interval function): every periodic job of the site.
_JOBS = {}


def periodic_task(name, *, every):
    """Declare the decorated module-level function (called with no arguments) as the periodic
    job `name`, run every `every()` (a function, so that settings are read when it runs)."""

    def declare(function):
        @functools.wraps(function)
        def run():
            ensure_all_queued()
            prune_finished(job, older_than=RESULTS_KEPT)
            return function()

        job = task(run)
        _JOBS[name] = (job, every)
        return job

    return declare


def periodic_jobs():
    """{name: task} of every registered periodic job."""
    return {name: job for name, (job, _every) in _JOBS.items()}


def has_worker(job):
    return isinstance(job.get_backend(), DatabaseBackend)


def _interval(job):
    for registered, every in _JOBS.values():
        if registered.module_path == job.module_path:
            return every()
    return datetime.timedelta(0)


def ensure_queued(job, *, delay=None):
    """Make sure a run of `job` is waiting in the queue to run within its interval (idempotent:
    queues one after `delay`, by default the interval, if none is). A run queued for later
    than that by `queue_at` does not count: the chain must not wait for it. Returns the queued
    result, or None."""
    if not has_worker(job):
        return None
    interval = _interval(job)
    delay = interval if delay is None else delay
    now = timezone.now()
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=job.module_path,
        backend_name=job.get_backend().alias,
        run_after__lte=now + max(delay, interval),
    )
    if waiting.exists():
        return None
    return job.using(run_after=now + delay).enqueue()


def ensure_all_queued():
    """Mend every periodic job's chain (one query per job when all are waiting)."""
    for job, _every in list(_JOBS.values()):
        try:
            ensure_queued(job)
        except Exception:  # one chain that cannot be mended must not stop the others
            logger.exception("periodic job %s could not be queued", job.module_path)


def queue_at(job, at):
    """One more run of `job` at `at` (besides its periodic chain)."""
    if not has_worker(job):
        return None
    return job.using(run_after=at).enqueue()


def prune_finished(job, *, older_than):
    """Delete the queue's records of finished runs of `job` older than `older_than`."""
    DBTaskResult.objects.filter(
        task_path=job.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - older_than,
    ).delete()
