from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from config.common.content_cache import content_changed


class WebsiteConfig(AppConfig):
    """The public pages (home, people, organizations, editions, figures, search), the sitemap
    and the structured data. It composes the content apps (metrics, profiles, forum) and shows
    registration's call to register; it holds no records of its own and nothing below imports
    it. Page addresses of content rows are wired in settings (ABSOLUTE_URL_OVERRIDES), so
    the content apps never name a page."""

    name = "forum.website"
    label = "website"
    verbose_name = _("Public website")

    def ready(self):
        from . import previews

        previews.register_all()

        # Any saved or deleted row of what the public pages list makes cached answers stale.
        from .sitemaps import CONTENT_MODELS

        for model in CONTENT_MODELS:
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
