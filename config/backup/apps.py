from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """Back up and restore the whole site: the database and the uploaded media in one archive
    (`manage.py backup` / `manage.py restore`). Part of the shell: it reads every app's rows
    through the app registry and names none but the few that `migrate` fills itself; no app
    uses it. It has no models."""

    name = "config.backup"
    label = "backup"
    verbose_name = _("Backup")
