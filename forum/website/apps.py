from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The public pages (home, people, organizations, editions, figures, search), the sitemap
    and the structured data. It composes the content apps (metrics, profiles, forum) and shows
    registration's call to register; it holds no content of its own (only the sitemap's record
    of deleted rows) and nothing below imports it. Page addresses of content rows are wired in
    settings (ABSOLUTE_URL_OVERRIDES), so the content apps never name a page."""

    name = "forum.website"
    label = "website"
    verbose_name = _("Public website")

    def ready(self):
        from . import previews

        previews.register_all()

        from . import freshness

        freshness.connect()

        from . import sitemaps

        sitemaps.record_deletions()
