"""Revisions of content items and the draft state of a live row (Wagtail's RevisionMixin and
DraftStateMixin, on plain Django models).

The live row is what the public sees. Every save in the admin keeps a Revision: the item's
fields and the rows an editor edits with it (a person's roles and quotes…), serialized. The
latest revision of an item, when it is not the published one, is its draft: publishing applies
it to the live row (services.publish). A deleted item keeps its revisions, so it can be put back
with its rows (services.recover).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from config.common.models import PublishedQuerySet

from .enums import RevisionAction, RevisionStatus


class RevisionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.for_key(type(obj), obj.pk)

    def for_key(self, model, pk):
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(pk))

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def latest_ones(self):
        """Each item's latest revision."""
        return self.filter(is_latest=True)

    def pending(self):
        """Drafts: latest revisions that are not live yet."""
        return self.latest_ones().filter(status__in=RevisionStatus.pending())

    def awaiting_review(self):
        return self.latest_ones().filter(status=RevisionStatus.IN_REVIEW)

    def drafts_of(self, user):
        """Drafts `user` wrote, whoever acted on them last (a reviewer sending one back)."""
        return self.pending().filter(author=user)

    def deleted(self):
        """The revision kept when an item was deleted, for items not recovered since."""
        return self.latest_ones().filter(status=RevisionStatus.DELETED)

    def due(self, now):
        """Scheduled drafts whose time has come."""
        return self.latest_ones().filter(status=RevisionStatus.SCHEDULED, go_live_at__lte=now)


class Revision(models.Model):
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("item"), max_length=200)
    content = models.JSONField(_("content"))
    status = models.CharField(_("status"), max_length=12, choices=RevisionStatus.choices)
    action = models.CharField(_("action"), max_length=40, choices=RevisionAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_name = models.CharField(_("by (name kept)"), max_length=150, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author of the content"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who wrote this content: kept when a reviewer sends it back or publishes it."),
    )
    comment = models.TextField(_("comment"), blank=True)
    go_live_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    is_latest = models.BooleanField(_("latest"), default=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        permissions = [("publish_revision", _("Can publish content and review drafts"))]
        indexes = [
            models.Index(fields=["content_type", "object_id", "is_latest"], name="revision_item"),
            models.Index(fields=["is_latest", "status"], name="revision_latest_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(is_latest=True),
                name="revision_one_latest_per_item",
            )
        ]

    def __str__(self):
        return f"{self.object_repr} · {self.get_action_display()}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_pending(self):
        return self.status in RevisionStatus.pending()


class DraftStateQuerySet(PublishedQuerySet):
    def published(self):
        """Published and not past its unpublishing time: a page goes at `expire_at` to the
        second, before the worker's job clears `is_published` (which related lists read)."""
        return super().published().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=Now()))


class DraftStateMixin(models.Model):
    """A content model whose changes may wait as drafts. `revision_related` names the reverse
    relations (related_name) whose rows an editor edits with the item (its admin inlines): they
    are kept in each revision, restored and recovered with it, in that order."""

    expire_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the page goes offline at this time."),
    )

    revision_related = ()

    class Meta:
        abstract = True
