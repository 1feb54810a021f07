"""Jobs the task worker runs periodically, without cron.

An app registers a job at start-up (`@periodic_job("name")` in a module its AppConfig.ready()
imports); the registration app's outbox sweep, a task that re-queues itself every
REGISTRATION_EMAIL_SWEEP_INTERVAL seconds wherever `db_worker` runs, calls `run_periodic_jobs()`
each time. A job must be idempotent and quick (it runs every minute or so): it decides what is
due and queues the real work. One job failing neither stops the others nor the sweep.
"""

import logging

logger = logging.getLogger(__name__)

_JOBS = {}


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
