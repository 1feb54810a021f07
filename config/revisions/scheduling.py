"""Scheduled publishing: a draft published at a chosen time, a live item taken offline at its
`expire_at`, on time with nobody present.

The worker (`manage.py db_worker`) runs `run_publishing_schedule`, a periodic job
(config/common/periodic.py) that runs every PUBLISHING_SCHEDULE_INTERVAL seconds
and, when an editor schedules something, also one run at that exact time. Public pages read
`published()`, which hides an item past its `expire_at` to the second even before the job runs;
a scheduled draft goes live when the job applies it. Without a worker (development) run
`manage.py publish_scheduled` by hand or from cron.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.common import periodic

from . import services
from .enums import RevisionAction, RevisionStatus
from .models import Revision

logger = logging.getLogger(__name__)


def interval():
    return datetime.timedelta(seconds=settings.PUBLISHING_SCHEDULE_INTERVAL)


@periodic.periodic_task("revisions.publishing_schedule", every=interval)
def run_publishing_schedule():
    return run_schedule()


def ensure_running():
    """Mend the job's chain (called whenever something is scheduled or saved in the admin)."""
    periodic.ensure_queued(run_publishing_schedule)


@transaction.atomic
def schedule(*, revision, at, user, comment=""):
    """Publish the draft `revision` at `at`."""
    services.check_pending(revision)
    scheduled = services.again(
        revision, RevisionStatus.SCHEDULED, RevisionAction.SCHEDULED, user, comment, go_live_at=at
    )
    queue_on_commit(at)
    return scheduled


def queue_on_commit(at):
    """A run of the job at `at` (and its chain mended), once the scheduling commits."""

    def queue():
        periodic.queue_at(run_publishing_schedule, at)
        ensure_running()

    transaction.on_commit(queue)


def unpublishing_moments():
    """Where unpublishing times are written: public pages hide a live item at its `expire_at`
    (`published()`), so cached pages must not outlive it (a clock of
    config.common.content_cache)."""
    return [
        (model._default_manager.filter(is_published=True), "expire_at")
        for model in services.draftable_models()
    ]


def run_schedule(*, now=None):
    """Publish every scheduled draft whose time has come and take offline every live item past
    its `expire_at`. Returns what it did."""
    now = now or timezone.now()
    done = {"published": 0, "unpublished": 0, "failed": 0}
    for revision in list(Revision.objects.due(now)):
        try:
            services.publish(revision=revision, comment=revision.comment)
        except Exception:  # one item that cannot go live (its slug taken) must not stop the rest
            logger.exception("scheduled revision %s could not be published", revision.pk)
            done["failed"] += 1
        else:
            done["published"] += 1
    for model in services.draftable_models():
        for obj in model._default_manager.filter(is_published=True, expire_at__lte=now):
            services.unpublish(obj=obj)
            done["unpublished"] += 1
    return done
