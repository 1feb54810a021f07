"""Spreadsheet import and export for every content app's admin (django-import-export).

Each app declares a `ServiceResource` per model (profiles/resources.py, metrics/resources.py):
the columns, the natural key rows are matched by (a slug, or the fields of a unique rule), and
the app's save service. The rules this module holds for all of them:

- **Every row is saved by the app's service** (`person_save(person=…)`), so an imported row
  passes the same validation as the admin form: a refusal is a row error naming the column
  and saying why, in the editor's language; nothing half-saved (the import runs in one
  transaction, the dry run rolls it back).
- **Idempotent**: rows are found by their natural key; a row whose values are all as stored
  is reported as skipped and not saved again.
- **An editor's later changes are kept unless the file says otherwise**: a column the file
  does not have, or a blank cell, leaves the stored value as it is; only a cell with a value
  changes a field. (New rows take the blank as blank.)
- **Constant queries per row**: the rows a file names are read in one query per model before
  the import (`KeyedInstanceLoader`, `CachedForeignKeyWidget`), not one query per row.
- **The confirmed import runs as a task** (`run_import`): the editor is sent to a progress
  page that counts the rows while a worker imports them (`manage.py db_worker` in
  production; at once, within the request, in development and tests, where tasks run
  immediately). The progress is kept in the cache, which production shares through Redis.
- CSV is read and written as UTF-8 with a byte-order mark, which Excel needs to show Chinese;
  XLSX as such. CSV cells that would run as formulas are defused on export
  (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT).
"""

import gc
import uuid
from contextlib import contextmanager, nullcontext

from diff_match_patch import diff_match_patch
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404
from django.shortcuts import redirect
from django.tasks import task
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from import_export.signals import post_import
from import_export.tmp_storages import MediaStorage

FORMATS = [base_formats.CSV, base_formats.XLSX]


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key given by a natural field (a slug): every row the file names is read in
    one query the first time, and an unknown value is a row error saying which."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self._cache = None

    def reset(self):
        self._cache = None

    def _load(self):
        queryset = self.get_queryset(None, None)
        self._cache = {str(getattr(obj, self.field)): obj for obj in queryset}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if self._cache is None:
            self._load()
        key = str(value).strip()
        found = self._cache.get(key)
        if found is None:
            raise ValueError(
                _("No %(model)s has the %(field)s “%(value)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.model._meta.get_field(self.field).verbose_name,
                    "value": key,
                }
            )
        return found


class KeyedInstanceLoader(BaseInstanceLoader):
    """Finds each row's stored instance by the resource's import id fields, all in one query:
    the stored rows are read once and kept by their key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.by_key = None

    @staticmethod
    def _natural(field, value):
        """A key part: a related row by its natural field (its slug), else the value's text."""
        if isinstance(field.widget, widgets.ForeignKeyWidget) and value is not None:
            return str(getattr(value, field.widget.field))
        return "" if value is None else str(value)

    def _key_of_instance(self, instance):
        return tuple(self._natural(field, field.get_value(instance)) for field in self.fields)

    def _key_of_row(self, row):
        return tuple(self._natural(field, field.clean(row)) for field in self.fields)

    def get_instance(self, row):
        if self.by_key is None:
            queryset = self.resource.get_queryset()
            self.by_key = {self._key_of_instance(obj): obj for obj in queryset}
        try:
            key = self._key_of_row(row)
        except ValueError:
            return None  # an unknown foreign key: the row's own import reports it
        return self.by_key.get(key)


LARGE_IMPORT = 500  # rows


@contextmanager
def without_savepoints(using=DEFAULT_DB_ALIAS):
    """Nested atomic blocks make no savepoint on this connection while inside: an error in
    one then marks the whole transaction for rollback, as Django does for
    atomic(savepoint=False). For work that is all or nothing anyway. (The connection's
    `_savepoint_allowed()` is what every backend's atomic asks; it is answered here.)"""
    connection = connections[using]
    connection._savepoint_allowed = lambda: False
    try:
        yield
    finally:
        del connection._savepoint_allowed


class MarkupDiff(resources.Diff):
    """The dry run's before/after of each cell as <ins>/<del> without inline styles (the
    admin's CSP forbids them; admin-extra/admin.css colours the two)."""

    TAGS = {
        diff_match_patch.DIFF_INSERT: "ins",
        diff_match_patch.DIFF_DELETE: "del",
        diff_match_patch.DIFF_EQUAL: "span",
    }

    def as_html(self):
        cells = []
        matcher = diff_match_patch()
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            diff = matcher.diff_main(str(before), str(after))
            matcher.diff_cleanupSemantic(diff)
            cells.append(
                format_html_join(
                    "",
                    "<{}>{}</{}>",
                    ((self.TAGS[op], escape(text), self.TAGS[op]) for op, text in diff if text),
                )
            )
        return cells


class ServiceResource(resources.ModelResource):
    """A ModelResource whose rows are saved by `service(**{service_arg: instance})`.
    `progress(done, total)`, when given, is told how far the import is every PROGRESS_EVERY
    rows."""

    service = None
    service_arg = None

    def __init__(self, *, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.progress = progress
        self._done = self._total = 0

    @classmethod
    def get_display_name(cls):
        """How the import and export pages name these rows: "People", not "PersonResource"."""
        return capfirst(cls._meta.model._meta.verbose_name_plural)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # the service validates (full_clean), once
        use_transactions = True
        instance_loader_class = KeyedInstanceLoader

    def get_diff_class(self):
        return MarkupDiff

    def import_data(self, dataset, *args, confirmed=False, **kwargs):
        """Python's cyclic garbage collector is paused while a large file imports: every row
        leaves a result and a copy of its instance (for the dry run's diff), and collecting
        those again and again took more time than the import itself past a few thousand
        rows. What the import left is collected once at the end.

        `confirmed`: the editor's confirmation of a file whose dry run found no error. Its
        rows need no savepoint each (django-import-export's per row, the service's inside
        it): those let a dry run go on past a refused row to report them all, but here a row
        that fails now fails the whole import, which rolls back in one transaction. Without
        them a row costs four statements less, each a round trip on PostgreSQL."""
        quiet = len(dataset) >= LARGE_IMPORT and gc.isenabled()
        savepoints = without_savepoints() if confirmed else nullcontext()
        if quiet:
            gc.disable()
        try:
            with savepoints:
                return super().import_data(dataset, *args, **kwargs)
        finally:
            if quiet:
                gc.enable()
                gc.collect()

    def before_import(self, dataset, **kwargs):
        for field in self.fields.values():
            if isinstance(field.widget, CachedForeignKeyWidget):
                field.widget.reset()
        # Header cells come back as typed: "slug " or "Slug" find nothing, so trim them.
        if dataset.headers:
            dataset.headers = [str(header or "").strip() for header in dataset.headers]
        self._done, self._total = 0, len(dataset)
        super().before_import(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self._done += 1
        if self.progress and (self._done % PROGRESS_EVERY == 0 or self._done == self._total):
            self.progress(self._done, self._total)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if instance.pk is not None and _blank(row.get(field.column_name)):
            return  # a blank cell keeps what is stored
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def do_instance_save(self, instance, is_create):
        self.service(**{self.service_arg: instance})


# ---- the confirmed import, through the task worker -----------------------------------------

PROGRESS_EVERY = 100
PROGRESS_KEEP = 24 * 60 * 60  # seconds the cache keeps a job's state


def progress_key(job):
    return f"imports:{job}"


def progress_of(job):
    return cache.get(progress_key(job))


def _set_progress(job, **state):
    current = cache.get(progress_key(job)) or {}
    cache.set(progress_key(job), {**current, **state}, PROGRESS_KEEP)


def _admin_of(label):
    """The registered ModelAdmin of the model labelled `label` ("profiles.Person")."""
    for registered, model_admin in admin.site._registry.items():
        if registered._meta.label == label:
            return model_admin
    raise LookupError(label)


@task
def run_import(*, model, job, user_id, language, form):
    """Import a confirmed file: `model` is the admin's model label, `form` the confirm form's
    data (the stored file's name, its format and resource)."""
    with translation.override(language):
        try:
            model_admin = _admin_of(model)
            model_admin.run_confirmed_import(job=job, user_id=user_id, form=form)
        except Exception:
            _set_progress(job, state="failed")
            raise


class ExportForm(SelectableFieldsExportForm):
    """The export page's choice of columns, each named as the admin's forms name its field,
    with the spreadsheet's column after it (django-import-export writes the column name in
    title case: "Name Zh")."""

    def _get_field_label(self, resource, field_name):
        column = resource.fields.get(field_name)
        try:
            field = resource._meta.model._meta.get_field(column.attribute)
        except (AttributeError, FieldDoesNotExist):
            return super()._get_field_label(resource, field_name)
        return _("%(name)s (column %(column)s)") % {
            "name": capfirst(field.verbose_name),
            "column": column.column_name,
        }


class ImportExportAdminMixin(ImportExportMixin):
    """Import and export buttons for a content admin: CSV (UTF-8 with BOM) and XLSX. The dry
    run answers at once; the confirmed import runs as a task with a progress page."""

    import_formats = FORMATS
    export_formats = FORMATS
    export_form_class = ExportForm
    from_encoding = "utf-8-sig"
    to_encoding = "utf-8-sig"
    # Uploaded files wait for their confirmation under MEDIA_ROOT (django-import-export/),
    # which every app server and the worker share; the web server never serves that folder.
    tmp_storage_class = MediaStorage
    import_template_name = "admin/common/import.html"
    import_progress_template = "admin/common/import_progress.html"

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        urls = [
            path(
                "import/progress/<str:job>/",
                self.admin_site.admin_view(self.import_progress_view),
                name=f"{app_label}_{model_name}_import_progress",
            )
        ]
        return urls + super().get_urls()

    def import_action(self, request, **kwargs):
        """The upload form and its dry run; a file the dry run refused is not kept waiting
        for a confirmation that cannot come."""
        response = super().import_action(request, **kwargs)
        upload = request.FILES.get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        context = getattr(response, "context_data", None) or {}
        if name and "confirm_form" not in context:
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()
        return response

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)
        job = uuid.uuid4().hex
        _set_progress(job, state="queued", done=0, total=0, user=request.user.pk)
        form = {
            key: confirm_form.cleaned_data.get(key) or ""
            for key in ("import_file_name", "original_file_name", "format", "resource")
        }
        run_import.enqueue(
            model=self.model._meta.label,
            job=job,
            user_id=request.user.pk,
            language=translation.get_language(),
            form=form,
        )
        app_label, model_name = self.get_model_info()
        return redirect(reverse(f"admin:{app_label}_{model_name}_import_progress", args=[job]))

    def run_confirmed_import(self, *, job, user_id, form):
        input_format = self.get_import_formats()[int(form["format"])](encoding=self.from_encoding)
        encoding = None if input_format.is_binary() else self.from_encoding
        tmp_storage = self.get_tmp_storage_class()(
            name=form["import_file_name"],
            encoding=encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        dataset = input_format.create_dataset(tmp_storage.read())
        _set_progress(job, state="running", done=0, total=len(dataset))
        resource_classes = self.get_import_resource_classes(None)
        resource_class = resource_classes[int(form["resource"] or 0)]
        resource = resource_class(
            progress=lambda done, total: _set_progress(job, done=done, total=total)
        )
        user = get_user_model().objects.get(pk=user_id)
        result = resource.import_data(
            dataset,
            confirmed=True,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=form["original_file_name"],
            user=user,
            retain_instance_in_row_result=True,
        )
        tmp_storage.remove()
        failed = result.has_errors() or result.has_validation_errors()
        if not failed:
            if not self.get_skip_admin_log():
                rows = {}
                for row in result:
                    rows.setdefault(row.import_type, []).append(row.instance)
                self._create_log_entries(user_id, rows)
            post_import.send(sender=None, model=self.model)
        totals = {kind: result.totals.get(kind, 0) for kind in RowResult.valid_import_types}
        _set_progress(
            job,
            state="failed" if failed else "done",
            done=len(dataset),
            total=len(dataset),
            totals=totals,
            errors=[
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": row.number + 1, "column": column, "message": " ".join(messages)}
                for row in result.invalid_rows[:20]
                for column, messages in row.field_specific_errors.items()
            ],
        )
        return totals

    def import_progress_view(self, request, job):
        if not self.has_import_permission(request):
            raise PermissionDenied
        state = progress_of(job)
        if state is None or state.get("user") != request.user.pk:
            raise Http404
        opts = self.model._meta
        app_label, model_name = self.get_model_info()
        total = state.get("total") or 0
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": opts,
            "state": state,
            "percent": round(100 * state.get("done", 0) / total) if total else 0,
            "finished": state.get("state") in {"done", "failed"},
            "changelist_url": reverse(f"admin:{app_label}_{model_name}_changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_progress_template, context)
