"""Registrations exported from admin as CSV or XLSX: the selection of RegistrationAdmin's export
actions, and a whole edition (a view admin.py wires in; the dashboard links to it). exports.py
builds the file and logs the export."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from forum.models import Edition

from .exports import export_filename, registrations_export
from .models import Registration

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def selection_download(*, queryset, file_format, by):
    """The registrations an organizer selected in the list, as a file to download."""
    content = registrations_export(queryset=queryset, file_format=file_format, by=by)
    content_type = CSV_TYPE if file_format == "csv" else XLSX_TYPE
    return _download(content, content_type, _selection_filename(file_format))


def edition_export_view(model_admin, request, edition_id, extension):
    if not model_admin.has_export_permission(request):
        raise PermissionDenied
    if extension not in ("csv", "xlsx"):
        raise Http404
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    # The file's language (headers, sheet, names) is the organizer's choice.
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = None
    queryset = Registration.objects.filter(edition=edition, anonymized_at__isnull=True)
    content = registrations_export(
        queryset=queryset,
        file_format=extension,
        by=request.user,
        edition=edition,
        language=language,
    )
    content_type = CSV_TYPE if extension == "csv" else XLSX_TYPE
    return _download(content, content_type, export_filename(edition, extension, language))


def _selection_filename(extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"registrations-{stamp}.{extension}"


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
