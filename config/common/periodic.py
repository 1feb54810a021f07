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
"""

import datetime

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


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
