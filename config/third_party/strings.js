// The labels django-prose-editor shows in the admin's rich-text editor, in English in every
// language: its dialogs pass them through gettext, its toolbar's are translated by
// static/admin-extra/prose-editor.js. Named here, as config/common/django_strings.js names
// Django's, so that `makemessages -d djangojs` keeps them in the project's djangojs
// catalogue, which JavaScriptCatalog serves to the admin. No page loads this file: it lies
// outside every static folder, and only makemessages reads it.
"use strict";

const PROSE_EDITOR_STRINGS = [
    // The toolbar (the extensions of config/common/text.py's EDITOR_EXTENSIONS).
    gettext("paragraph"),
    gettext("Heading 2"),
    gettext("Heading 3"),
    gettext("Paragraph"),
    gettext("unordered list"),
    gettext("ordered list"),
    gettext("List properties"),
    gettext("blockquote"),
    gettext("bold"),
    gettext("italic"),
    gettext("insert link"),
    gettext("remove link"),
    gettext("undo"),
    gettext("redo"),
    // The link dialog.
    gettext("Edit Link"),
    gettext("URL"),
    gettext("Title"),
    gettext("Open in new window"),
    gettext("Update"),
    // The ordered list's dialog.
    gettext("Start at"),
    gettext("List type"),
    gettext("Decimal numbers"),
    gettext("Lowercase letters"),
    gettext("Uppercase letters"),
    gettext("Lowercase Roman numerals"),
    gettext("Uppercase Roman numerals"),
    gettext("Bullets"),
];
