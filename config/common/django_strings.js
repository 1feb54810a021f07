// Django's admin JavaScript strings that its Chinese catalogue does not translate (new in
// Django 6.1: the calendar's and the date shortcuts' labels, the time zone note). Named here so
// that `makemessages -d djangojs` keeps them in the project's djangojs catalogue, which
// JavaScriptCatalog reads after Django's (LOCALE_PATHS), and they are translated with the rest;
// tests/test_translations.py fails when a Django upgrade brings another one. The server-side
// equivalent is django_strings.py. No page loads this file: it lies outside every static
// folder, and only makemessages reads it.
"use strict";

const DJANGO_JS_STRINGS_CHINESE_LACKS = [
    gettext("%(month)s %(day)s, %(year)s"),
    gettext("%s (current selection)"),
    gettext("%s (today)"),
    gettext("%s (today, current selection)"),
    gettext("Next (%(month)s %(year)s)"),
    gettext("Previous (%(month)s %(year)s)"),
    gettext("Today (%(date)s)"),
    gettext("Tomorrow (%(date)s)"),
    gettext("Yesterday (%(date)s)"),
    gettext("server"),
    ngettext(
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)",
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)",
        0,
    ),
    ngettext(
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)",
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours behind.)",
        0,
    ),
    gettext(
        "You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Run button rather than the Save button.",
    ),
];
