"""An edition's attendee list as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX.

Every cell a registrant typed is neutralized against formula injection (CSV/DDE injection,
OWASP): a value starting with = + - @ tab or carriage return gets a leading apostrophe, so a
spreadsheet shows it as text instead of running it.

`registrations_export` is the one way out for organizers: it builds the file and records, per
edition, who exported how many rows in which format (the registration log).
"""

import csv
import io

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from config.common.spreadsheets import csv_cell

from . import audit
from .enums import LogAction

FORMATS = ("csv", "xlsx")


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_columns():
    """(header, function of a registration) pairs, headers in the active language."""
    return [
        (_("Check-in code"), lambda r: r.checkin_code),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Category"), lambda r: r.get_category_display()),
        (pgettext("attendee", "Name"), lambda r: r.name),
        (_("E-mail"), lambda r: r.email),
        (_("Mobile"), lambda r: r.mobile),
        (_("Organization"), lambda r: r.organization),
        (_("Title"), lambda r: r.title),
        (_("Sectors of interest"), lambda r: "; ".join(s.name for s in r.sectors.all())),
        (_("Accessibility or dietary needs"), lambda r: r.needs),
        (_("Language"), lambda r: r.language),
        (_("Registered at"), lambda r: _when(r.created_at)),
        (_("Checked in at"), lambda r: _when(r.checked_in_at)),
        (_("Privacy notice accepted"), lambda r: r.privacy_notice.version),
        (_("Consent given at"), lambda r: _when(r.consented_at)),
    ]


def export_queryset(queryset):
    """The rows to export, with what each row reads fetched up front (constant queries)."""
    return (
        queryset.select_related("privacy_notice", "edition")
        .prefetch_related("sectors")
        .order_by("edition", "status", "created_at", "pk")
    )


def export_rows(queryset):
    """The header, then one list of neutralized strings per registration (`queryset`, or the
    registrations export_queryset fetched)."""
    registrations = export_queryset(queryset) if isinstance(queryset, models.QuerySet) else queryset
    columns = export_columns()
    yield [csv_cell(header) for header, _value in columns]
    for registration in registrations:
        yield [csv_cell(value(registration)) for _header, value in columns]


def registrations_csv(queryset):
    """CSV bytes: UTF-8 with a byte-order mark, CRLF line ends, every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerows(export_rows(queryset))
    return buffer.getvalue().encode("utf-8-sig")


def registrations_xlsx(queryset, *, sheet_title):
    """XLSX bytes; every cell is written as a string, never as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _safe_sheet_title(sheet_title)
    for row_number, row in enumerate(export_rows(queryset), start=1):
        for column_number, text in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number, value=text)
            cell.data_type = TYPE_STRING
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_sheet_title(title):
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\").strip()
    return (cleaned or "registrations")[:31]


def export_filename(edition, extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"registrations-edition-{edition.number}-{stamp}.{extension}"


def registrations_export(*, queryset, file_format, by, edition=None, sheet_title=""):
    """The attendee list of `queryset` as CSV or XLSX bytes, logged: one entry per edition in
    the file, naming `by`, the format, the rows and their registrations. With `edition`, the
    file is that whole edition's list (logged even when empty); otherwise a selection."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    with transaction.atomic():
        registrations = list(export_queryset(queryset))
        if file_format == "csv":
            content = registrations_csv(registrations)
        else:
            content = registrations_xlsx(registrations, sheet_title=sheet_title)
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
