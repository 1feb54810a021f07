"""An edition's attendee list as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX, in the
language the organizer chooses (headers, sheet title, edition, category and sector names).

CSV: a cell a registrant typed that a spreadsheet would run as a formula gets a leading
apostrophe (config.common.spreadsheets.csv_cell); a plain number such as an E.164 mobile needs
none. XLSX: text cells are typed as text, so no guard is needed at all; times are real
spreadsheet dates; the header is bold and frozen, and the columns are as wide as their text.

`registrations_export` is the one way out for organizers: it builds the file and records, per
edition, who exported how many rows in which format (the registration log).
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from config.common.spreadsheets import csv_cell

from . import audit
from .enums import LogAction
from .question_models import Answer, Question
from .questions import answer_text
from .selectors import waitlist_positions

FORMATS = ("csv", "xlsx")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_COLUMN_WIDTH = 50


@dataclass(frozen=True)
class Column:
    header: str
    value: Any  # function of a registration
    kind: str = "text"  # text, datetime or number


def _local(value):
    """A naive local time to the minute (spreadsheets have no time zones), or None."""
    if value is None:
        return None
    return timezone.localtime(value).replace(second=0, microsecond=0, tzinfo=None)


def _language_name(code):
    return str(dict(settings.LANGUAGES).get(code, code))


def export_columns(positions=None, extra=()):
    """The columns in the active language. `positions`: {registration id: place in its
    category's waiting list}; `extra`: more Columns (custom questions) appended."""
    positions = positions or {}
    return [
        Column(_("Edition"), lambda r: f"{r.edition.forum.name} · {r.edition.title_with_year}"),
        Column(_("Check-in code"), lambda r: r.checkin_code),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Waiting-list position"), lambda r: positions.get(r.pk), "number"),
        Column(_("Category"), lambda r: r.get_category_display()),
        Column(pgettext("attendee", "Name"), lambda r: r.name),
        Column(_("E-mail"), lambda r: r.email),
        Column(_("Mobile"), lambda r: r.mobile),
        Column(pgettext("attendee", "Organization"), lambda r: r.organization),
        Column(_("Title"), lambda r: r.title),
        Column(_("Sectors of interest"), lambda r: "; ".join(s.name for s in r.sectors.all())),
        Column(_("Accessibility or dietary needs"), lambda r: r.needs),
        Column(_("Language"), lambda r: _language_name(r.language)),
        Column(_("Registered at"), lambda r: _local(r.created_at), "datetime"),
        Column(_("Checked in at"), lambda r: _local(r.checked_in_at), "datetime"),
        Column(_("Privacy notice accepted"), lambda r: r.privacy_notice.version),
        Column(_("Consent given at"), lambda r: _local(r.consented_at), "datetime"),
        *extra,
    ]


def export_queryset(queryset):
    """The rows to export, with what each row reads fetched up front (constant queries)."""
    return (
        queryset.select_related("privacy_notice", "edition__forum")
        .prefetch_related("sectors")
        .order_by("edition", "status", "category", "created_at", "pk")
    )


def _registrations(queryset):
    if isinstance(queryset, models.QuerySet):
        return list(export_queryset(queryset))
    return list(queryset)


def _question_columns(registrations):
    """A column per custom question of the editions exported (their answers fetched)."""
    editions = {r.edition_id for r in registrations}
    asked = list(
        Question.objects.filter(edition_id__in=editions)
        .select_related("edition")
        .order_by("edition", "position", "pk")
    )
    if not asked:
        return []
    prefetch_related_objects(
        registrations, Prefetch("answers", queryset=Answer.objects.select_related("question"))
    )
    several = len(editions) > 1
    return [
        Column(
            f"{q.label} ({q.edition.title_with_year})" if several else q.label,
            lambda r, q=q: answer_text(r, q),
        )
        for q in asked
    ]


def export_table(queryset):
    """(columns, rows of typed values) in the active language, the edition's questions last."""
    registrations = _registrations(queryset)
    columns = export_columns(waitlist_positions(registrations), _question_columns(registrations))
    rows = [[column.value(r) for column in columns] for r in registrations]
    return columns, rows


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return csv_cell(value)


def registrations_csv(queryset):
    """CSV bytes: UTF-8 with a byte-order mark, CRLF line ends, every field quoted."""
    columns, rows = export_table(queryset)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(column.header) for column in columns])
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(text):
    """Characters a column needs for `text`: wide (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def registrations_xlsx(queryset, *, sheet_title):
    """XLSX bytes: text typed as text (never a formula), times as dates, a bold frozen header."""
    columns, rows = export_table(queryset)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _safe_sheet_title(sheet_title)
    bold = Font(bold=True)
    widths = []
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.data_type = TYPE_STRING
        cell.font = bold
        widths.append(_display_width(column.header))
    for row_number, row in enumerate(rows, start=2):
        for number, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=number, value=value)
            if column.kind == "datetime":
                cell.number_format = DATETIME_FORMAT
                widths[number - 1] = max(widths[number - 1], len(DATETIME_FORMAT))
            elif column.kind == "number":
                widths[number - 1] = max(widths[number - 1], len(str(value)))
            else:
                cell.value = str(value)
                cell.data_type = TYPE_STRING
                widths[number - 1] = max(widths[number - 1], _display_width(value))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_sheet_title(title):
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\").strip()
    return (cleaned or "registrations")[:31]


def export_filename(edition, extension, language=None):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    suffix = f"-{language}" if language else ""
    return f"registrations-edition-{edition.number}{suffix}-{stamp}.{extension}"


def registrations_export(*, queryset, file_format, by, edition=None, language=None):
    """The attendee list of `queryset` as CSV or XLSX bytes in `language` (else the active
    one), logged: one entry per edition in the file, naming `by`, the format, the rows and
    their registrations. With `edition`, the file is that whole edition's list (logged even
    when empty) and its sheet is named after it; otherwise a selection."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    with transaction.atomic(), translation.override(language or translation.get_language()):
        registrations = _registrations(queryset)
        if file_format == "csv":
            content = registrations_csv(registrations)
        else:
            title = edition.title_with_year if edition is not None else _("Registrations")
            content = registrations_xlsx(registrations, sheet_title=title)
        per_edition = {edition.pk: []} if edition is not None else {}
        for registration in registrations:
            per_edition.setdefault(registration.edition_id, []).append(registration.pk)
        for edition_id, ids in per_edition.items():
            audit.log_action(
                LogAction.EXPORTED,
                by=by,
                edition_id=edition_id,
                data={
                    "format": file_format,
                    "rows": len(ids),
                    "scope": "edition" if edition is not None else "selection",
                    "registrations": sorted(ids),
                },
            )
    return content
