"""Third-party apps under names that editors read in their language. The apps' own AppConfig
gives no name (django-axes, easy-thumbnails: the admin shows the label, "Axes") or an English
one that gettext never sees (django-tasks-db). Subclassing keeps each app's label, so its
tables, migrations, content types and permissions stay what they were; INSTALLED_APPS names
these classes instead of the apps."""

from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps
from easy_thumbnails import apps as thumbnails_apps


class SignInLockoutConfig(axes_apps.AppConfig):
    verbose_name = _("Sign-in lockout")


class TaskQueueConfig(tasks_apps.TasksAppConfig):
    verbose_name = _("Background tasks")


class RenditionsConfig(thumbnails_apps.EasyThumbnailsConfig):
    verbose_name = _("Image renditions")


class ThirdPartyAdminConfig(AppConfig):
    """The third-party apps' admin pages with Chinese column titles and messages where the app
    writes them as plain strings (admin.py); listed after those apps, so that their own admin
    modules have registered what this one replaces."""

    name = "config.third_party"
    label = "third_party"
    verbose_name = _("Third-party apps")
