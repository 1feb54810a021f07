"""Django's own interface strings that its Chinese catalogue does not translate (new in Django
6.1: the blank choice of every select, admin labels). Named here so that makemessages keeps them
in the project's catalogue, which is read before Django's (LOCALE_PATHS), and they are translated
with the rest; tests/test_translations.py fails when a Django upgrade brings another one."""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STRINGS_CHINESE_LACKS = (
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop(", "),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
)
