"""Periodic jobs of the task worker (`manage.py db_worker`, django-tasks-db), without cron.

A periodic job is a task in the database queue that, when it runs, first queues its own next run
(`ensure_queued(task, delay=interval)`), then does its work: so it runs wherever a worker runs,
and a worker killed mid-run keeps the chain. Whatever may find the chain broken (a fresh
database, a queue emptied by hand) calls `ensure_queued(task)` again: it queues a run only when
none is waiting. `queue_at` adds one run at an exact time (a publication at 09:00 sharp) beside
the chain. Only the database queue of production has a worker: with the immediate backend of
development and tests nothing is queued (the jobs' work is called directly there).

Used by the registration e-mails' sweep (forum/registrations/tasks.py) and the publishing
schedule (config/revisions/scheduling.py).

Small jobs that need no chain of their own ride on the sweep's: an app registers one at
start-up (`@periodic_job("name")` in a module its AppConfig.ready() imports) and the sweep calls
`run_periodic_jobs()` on each run (every REGISTRATION_EMAIL_SWEEP_INTERVAL seconds). Such a job
must be idempotent and quick: it decides what is due and queues the real work (the
registrations' reminders do). One job failing neither stops the others nor the sweep.
"""

import datetime
import logging

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

_JOBS = {}


def has_worker(task):
    return isinstance(task.get_backend(), DatabaseBackend)


def ensure_queued(task, *, delay=datetime.timedelta(0)):
    """Make sure a run of `task` is waiting in the queue (idempotent: queues one after `delay`
    if none is). Returns the queued result, or None."""
    if not has_worker(task):
        return None
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=task.module_path,
        backend_name=task.get_backend().alias,
    )
    if waiting.exists():
        return None
    return task.using(run_after=timezone.now() + delay).enqueue()


def queue_at(task, at):
    """One more run of `task` at `at` (besides its periodic chain)."""
    if not has_worker(task):
        return None
    return task.using(run_after=at).enqueue()


def prune_finished(task, *, older_than):
    """Delete the queue's records of finished runs of `task` older than `older_than`."""
    DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - older_than,
    ).delete()


def periodic_job(name):
    """Register the decorated function (called with no arguments) as the periodic job `name`."""

    def register(function):
        _JOBS[name] = function
        return function

    return register


def run_periodic_jobs():
    """Run every registered job; {name: its result, or "failed"}."""
    results = {}
    for name, job in list(_JOBS.items()):
        try:
            results[name] = job()
        except Exception:  # one job's failure must not stop the others, nor the sweep
            logger.exception("periodic job %s failed", name)
            results[name] = "failed"
    return results
