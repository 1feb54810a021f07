"""Cells of CSV files people open in a spreadsheet program.

A cell whose text starts with = + - @ tab or carriage return would be run as a formula by Excel
or LibreOffice (CSV/DDE injection, OWASP): `csv_cell` gives it a leading apostrophe, so the
program shows it as text. XLSX cells written as text need no such guard: the cell type says
they are text.

A plain number (an E.164 mobile such as +8613800138000, a negative amount) starts with + or -
but cannot run anything: it is left as it is, with no apostrophe to show in the sheet.
"""

import re

PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The CSV cell text for `value` ('' for None), defused when it could run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
