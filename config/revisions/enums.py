from django.db import models
from django.utils.translation import gettext_lazy as _


class RevisionStatus(models.TextChoices):
    """Where a revision stands. The latest revision of an item that is not PUBLISHED (nor
    DELETED) is its draft; the live row keeps the published content meanwhile."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Awaiting review")
    SENT_BACK = "sent_back", _("Sent back")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    DELETED = "deleted", _("Deleted")

    @classmethod
    def pending(cls):
        """The statuses of a draft: changes the public does not see yet."""
        return [cls.DRAFT, cls.IN_REVIEW, cls.SENT_BACK, cls.SCHEDULED]


class RevisionAction(models.TextChoices):
    """What an editor did to make a revision (the dotted vocabulary of the registrations'
    log, forum/registrations/enums.py LogAction)."""

    SAVED_DRAFT = "content.draft_saved", _("Draft saved")
    SUBMITTED = "content.submitted", _("Submitted for review")
    SENT_BACK = "content.sent_back", _("Sent back")
    SCHEDULED = "content.scheduled", _("Publication scheduled")
    PUBLISHED = "content.published", _("Published")
    UNPUBLISHED = "content.unpublished", _("Unpublished")
    RESTORED = "content.restored", _("Earlier revision restored as a draft")
    DELETED = "content.deleted", _("Deleted")
    RECOVERED = "content.recovered", _("Recovered after deletion")
