"""The admin home's editorial desk: drafts awaiting my review (publishers), my drafts, the
team's recent changes (every editor's, not only mine) and recently deleted items. Each list is
one query, whatever its length."""

from django import template
from django.contrib.admin.models import LogEntry
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from .. import services
from ..models import Revision

register = template.Library()

LIMIT = 10


def _link(content_type, object_id, view="change"):
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_{view}", args=[object_id]
        )
    except NoReverseMatch:
        return ""


def _rows(revisions, view="change"):
    return [
        (revision, _link(revision.content_type, revision.object_id, view)) for revision in revisions
    ]


@register.inclusion_tag("admin/revisions/desk.html", takes_context=True)
def editorial_desk(context):
    user = context["request"].user
    revisions = Revision.objects.select_related("content_type").order_by("-created_at", "-pk")
    publisher = services.can_publish(user)
    entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
    return {
        "can_publish": publisher,
        "awaiting": _rows(revisions.awaiting_review()[:LIMIT]) if publisher else None,
        "mine": _rows(revisions.drafts_of(user)[:LIMIT]),
        "deleted": _rows(revisions.deleted()[:LIMIT], view="revisions"),
        "team": entries[:LIMIT],
        "deleted_lists": _deleted_lists(user),
    }


def _deleted_lists(user):
    """Each draftable model's list of deleted items, for those the user may recover into."""
    found = []
    for model in services.draftable_models():
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")
            found.append((opts.verbose_name_plural, url))
    return found


@register.filter
def change_text(entry):
    """A log entry's message in the reader's language: Django's own (JSON) or a revision
    action's label (stored in English)."""
    message = entry.change_message
    if message and not message.startswith("["):
        return gettext(message)
    return entry.get_change_message()
