from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo content: the seed article's facts, an open registration and an admin login.

    Stands on every content app and on registration (it builds rows through their services);
    nothing imports it."""

    name = "forum.demo"
    label = "demo"
    verbose_name = _("Demo content")
