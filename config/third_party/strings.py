"""The strings third-party apps show in the admin and pass through gettext, which their own
catalogues do not translate into Chinese (django-axes and django-tasks-db ship no Chinese;
django-import-export's lags its releases). Named here, as config/common/django_strings.py
names Django's, so that makemessages keeps them in the project's catalogue, which is read
before the apps' (LOCALE_PATHS). tests/test_translations.py renders these apps' admin pages
in Chinese and fails on an English word, so an upgrade that brings another string shows up."""

from django.utils.translation import gettext_noop

AXES_STRINGS = (  # axes/models.py, axes/admin.py
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("Path"),
    gettext_noop("POST Data"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
)

TASKS_DB_STRINGS = (  # django_tasks_db/models.py
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("args kwargs"),
    gettext_noop("backend name"),
    gettext_noop("enqueued at"),
    gettext_noop("exception class path"),
    gettext_noop("finished at"),
    gettext_noop("priority"),
    gettext_noop("queue name"),
    gettext_noop("return value"),
    gettext_noop("started at"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
)

IMPORT_EXPORT_STRINGS = (  # import_export/admin.py, forms.py, templates
    gettext_noop("Select all"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. "
        "Ensure you have chosen the correct format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
)
