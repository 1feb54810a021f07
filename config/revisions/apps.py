from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    """Drafts, review, scheduled publishing, revisions and recovery of content (Wagtail's
    DraftStateMixin and RevisionMixin on plain models). A kernel app: it uses no content app;
    a content model joins by inheriting DraftStateMixin, its admin by DraftAdminMixin, and the
    website registers how each model's public page is drawn (preview.register)."""

    name = "config.revisions"
    label = "revisions"
    verbose_name = _("Drafts and revisions")

    def ready(self):
        # Importing scheduling registers the publishing schedule's periodic job
        # (config.common.periodic); its clock tells cached answers when an item goes offline.
        from config.common import content_cache

        from . import scheduling

        content_cache.register_clock(scheduling.unpublishing_moments)
