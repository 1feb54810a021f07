"""Every write of drafts, review, scheduling, revisions and recovery. Views, the admin and the
worker's job call these; each runs in one transaction.

Who may do what: anyone who may change an item saves drafts and submits them for review; only a
user with `revisions.publish_revision` (the Chief editors group) publishes, schedules, sends
back, unpublishes and recovers (services take the acting user and the caller checks it with
`can_publish`)."""

import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import serialization
from .enums import RevisionAction, RevisionStatus
from .exceptions import NotPending, StillExists
from .models import DraftStateMixin, Revision

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "revisions.publish_revision"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def draftable_models():
    return [model for model in apps.get_models() if issubclass(model, DraftStateMixin)]


def latest(obj):
    return Revision.objects.for_object(obj).latest_ones().first()


def pending_draft(obj):
    """The item's draft (its latest revision, when not live yet), else None."""
    return Revision.objects.for_object(obj).pending().first()


def _user_fields(user):
    if user is not None and getattr(user, "is_authenticated", False):
        return {"user": user, "user_name": user.get_username()}
    return {"user": None, "user_name": ""}


@transaction.atomic
def record(
    *,
    model,
    pk,
    content,
    status,
    action,
    user=None,
    comment="",
    go_live_at=None,
    label="",
    author=None,
):
    """A new latest revision of the item (`model`, `pk`)."""
    Revision.objects.for_key(model, pk).latest_ones().select_for_update().update(is_latest=False)
    revision = Revision(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(pk),
        object_repr=label[:200],
        content=content,
        status=status,
        action=action,
        comment=comment,
        go_live_at=go_live_at,
        author=author or _user_fields(user)["user"],
        **_user_fields(user),
    )
    revision.save()
    return revision


def record_of(obj, **kwargs):
    """A revision of `obj` as it is in the database now."""
    return record(
        model=type(obj), pk=obj.pk, content=serialization.snapshot(obj), label=str(obj), **kwargs
    )


# ---- saving, review -----------------------------------------------------------------------------


STATUS_ACTION = {
    RevisionStatus.DRAFT: RevisionAction.SAVED_DRAFT,
    RevisionStatus.IN_REVIEW: RevisionAction.SUBMITTED,
    RevisionStatus.SENT_BACK: RevisionAction.SENT_BACK,
    RevisionStatus.SCHEDULED: RevisionAction.SCHEDULED,
}


def save_draft(
    *,
    model,
    pk,
    content,
    label,
    user,
    comment="",
    status=RevisionStatus.DRAFT,
    go_live_at=None,
    author=None,
):
    """Keep changes as a draft — submitted for review, sent back or scheduled, as `status`
    says: the live row is left alone. A scheduled draft needs `go_live_at` (the caller queues
    the worker's run: scheduling.queue_on_commit)."""
    if (status == RevisionStatus.SCHEDULED) != (go_live_at is not None):
        raise ValueError("a scheduled draft, and only one, has a publication time")
    return record(
        model=model,
        pk=pk,
        content=content,
        label=label,
        user=user,
        comment=comment,
        status=status,
        action=STATUS_ACTION[status],
        go_live_at=go_live_at,
        author=author,
    )


def published(*, obj, user, comment=""):
    """Record that `obj`, as now saved, is what the public sees (a direct save by a publisher)."""
    return record_of(
        obj,
        status=RevisionStatus.PUBLISHED,
        action=RevisionAction.PUBLISHED,
        user=user,
        comment=comment,
    )


@transaction.atomic
def submit(*, revision, user, comment=""):
    check_pending(revision)
    return again(revision, RevisionStatus.IN_REVIEW, RevisionAction.SUBMITTED, user, comment)


@transaction.atomic
def send_back(*, revision, user, comment):
    """A reviewer returns a draft to its author with a comment; nothing goes live."""
    check_pending(revision)
    return again(revision, RevisionStatus.SENT_BACK, RevisionAction.SENT_BACK, user, comment)


@transaction.atomic
def restore(*, revision, user):
    """Any earlier revision becomes the item's new draft (it then goes through review)."""
    comment = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
    return again(revision, RevisionStatus.DRAFT, RevisionAction.RESTORED, user, comment)


def again(revision, status, action, user, comment, go_live_at=None):
    return record(
        model=revision.model,
        pk=revision.object_id,
        content=revision.content,
        label=revision.object_repr,
        status=status,
        action=action,
        user=user,
        comment=comment,
        go_live_at=go_live_at,
        author=revision.author,
    )


def check_pending(revision):
    current = Revision.objects.filter(pk=revision.pk, is_latest=True).first()
    if current is None or not current.is_pending:
        raise NotPending


# ---- publishing ---------------------------------------------------------------------------------


@transaction.atomic
def publish(*, revision, user=None, comment=""):
    """Apply the draft to the live row (published), keep the revision that did it. Returns the
    serialization result (its `left_out` names rows that could not come back)."""
    check_pending(revision)
    applied = serialization.apply(
        revision.model, revision.content, overrides={"is_published": True}
    )
    record_of(
        applied.obj,
        status=RevisionStatus.PUBLISHED,
        action=RevisionAction.PUBLISHED,
        user=user,
        comment=comment,
        author=revision.author,
    )
    return applied


def unpublish(*, obj, user=None, comment=""):
    """Take the live row offline (kept, with its draft if any)."""
    with transaction.atomic():
        type(obj)._default_manager.filter(pk=obj.pk).update(
            is_published=False, updated_at=timezone.now()
        )
        obj.refresh_from_db()
        draft = pending_draft(obj)
        if draft is None:
            record_of(
                obj,
                status=RevisionStatus.PUBLISHED,
                action=RevisionAction.UNPUBLISHED,
                user=user,
                comment=comment,
            )
    return obj


# ---- deleting and recovering --------------------------------------------------------------------


def record_deletion(*, obj, user):
    """Keep the item and its related rows before it is deleted (call it in the deletion's
    transaction)."""
    return record_of(obj, status=RevisionStatus.DELETED, action=RevisionAction.DELETED, user=user)


@transaction.atomic
def recover(*, revision, user):
    """Put a deleted item back, with its related rows, as that revision holds it. Rows whose
    required link is gone are left out (Applied.left_out names them)."""
    model = revision.model
    if model._default_manager.filter(pk=revision.object_id).exists():
        raise StillExists
    applied = serialization.apply(model, revision.content)
    record_of(
        applied.obj,
        status=RevisionStatus.PUBLISHED,
        action=RevisionAction.RECOVERED,
        user=user,
        comment=revision.comment,
    )
    return applied
