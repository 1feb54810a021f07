from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """The media library: images every content app may use (portraits, logos, covers,
    galleries), checked and re-encoded on upload, served as cached renditions. A kernel app:
    it uses no content app."""

    name = "config.images"
    label = "images"
    verbose_name = _("Media library")

    def ready(self):
        from . import signals  # noqa: F401  (connects the storage clean-up)
