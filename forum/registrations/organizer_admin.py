"""The organizers' pages for registering attendees themselves, served by RegistrationAdmin
(admin.py wires them in): one person at a time (the admin's "add registration" page, also
linked per edition from the dashboard) and a guest list's upload, dry run, confirmation and
progress. Thin: the rules are seats.registration_create's, the guest lists
guest_lists.py's. Every page needs the right to add a registration (the Organizers group)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from forum.models import Edition

from . import guest_lists, seats, selectors
from .enums import RegistrationStatus, Seat
from .exceptions import AlreadyRegistered, RegistrationError, RegistrationUnavailable
from .organizer_forms import GuestListConfirmForm, GuestListForm, OrganizerRegistrationForm

TEMPLATES = "admin/registrations/registration/"


def _context(model_admin, request, title, **extra):
    opts = model_admin.model._meta
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "app_label": opts.app_label,
        **extra,
    }


def _require_add(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied


def _change_url(registration):
    return reverse("admin:registrations_registration_change", args=[registration.pk])


# --- One person ---------------------------------------------------------------------------------


def register_view(model_admin, request):
    _require_add(model_admin, request)
    initial = {}
    if request.GET.get("edition", "").isdigit():
        initial["edition"] = request.GET["edition"]
    form = OrganizerRegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        registration = _register_one(request, form)
        if registration is not None:
            return redirect(_change_url(registration))
    return TemplateResponse(
        request,
        TEMPLATES + "register.html",
        _context(model_admin, request, _("Register a person"), form=form),
    )


def _register_one(request, form):
    data = form.cleaned_data
    edition = data["edition"]
    notice = selectors.privacy_notice_for(selectors.registration_settings_for(edition))
    try:
        registration = seats.registration_create(
            edition=edition,
            category=data["category"],
            name=data["name"],
            email=data["email"],
            mobile=data["mobile"],
            organization=data["organization"],
            title=data["title"],
            sectors=data["sectors"],
            needs=data["needs"],
            answers=form.answers,
            language=data["language"],
            privacy_notice=notice,
            by=request.user,
            seat=data["seat"],
            consent_method=data["consent_method"],
            consent_note=data["consent_note"],
            email_timing=data["email_timing"],
        )
    except AlreadyRegistered as error:
        form.add_error(
            "email",
            format_html(
                '{} <a href="{}">{}</a>',
                error.message,
                _change_url(error.registration),
                _("Open that registration"),
            ),
        )
        return None
    except RegistrationError as error:
        form.add_error(None, error.message)
        return None
    if registration.status == RegistrationStatus.CONFIRMED:
        message = (
            _("%(name)s is registered: confirmed, in the guest reserve.")
            if registration.seat == Seat.RESERVE
            else _("%(name)s is registered: confirmed.")
        )
        level = messages.SUCCESS
    else:
        message = _("%(name)s is registered on the waiting list: no public seat is free.")
        level = messages.WARNING
    messages.add_message(request, level, message % {"name": registration.name})
    return registration


# --- Guest lists --------------------------------------------------------------------------------


def _edition_with_registration(edition_id):
    edition = get_object_or_404(
        Edition.objects.select_related("forum", "registration_settings"), pk=edition_id
    )
    if selectors.registration_settings_for(edition) is None:
        raise Http404
    return edition


def guest_list_view(model_admin, request, edition_id):
    """GET: the upload form. POST a file: its headings are read at once (a file that is no guest
    list is refused on the form), then its dry run runs as a task, shown on the progress page
    with the confirmation. POST the confirmation: the import, as a task, and its progress."""
    _require_add(model_admin, request)
    edition = _edition_with_registration(edition_id)
    if request.method == "POST" and "stored_name" in request.POST:
        return _confirm(request, edition)
    form = GuestListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = _check_and_store(edition, form)
        if options is not None:
            return _start(request, edition, options, dry_run=True)
    return TemplateResponse(
        request,
        TEMPLATES + "guest_list.html",
        _context(
            model_admin,
            request,
            _("Import a guest list: %(edition)s") % {"edition": edition},
            edition=edition,
            form=form,
        ),
    )


def _options(data):
    return {name: data[name] for name in guest_lists.CHOICE_NAMES}


def _check_and_store(edition, form):
    """The stored file's name and format with the organizer's choices, or None (the form then
    says why)."""
    if selectors.privacy_notice_for(selectors.registration_settings_for(edition)) is None:
        form.add_error(None, RegistrationUnavailable.default_message)
        return None
    upload = form.cleaned_data["file"]
    file_format = guest_lists.file_format_of(upload.name)
    try:
        guest_lists.read_guest_list(upload.read(), file_format)
    except guest_lists.GuestListUnreadable as error:
        form.add_error("file", str(error))
        return None
    upload.seek(0)
    return {
        "stored_name": guest_lists.store_upload(upload),
        "file_format": file_format,
        "original_name": upload.name[:255],
        **_options(form.cleaned_data),
    }


def _start(request, edition, options, *, dry_run):
    job = uuid.uuid4().hex
    guest_lists.set_progress(
        job,
        state="queued",
        dry_run=dry_run,
        done=0,
        total=0,
        user=request.user.pk,
        edition=edition.pk,
        options=options,
    )
    guest_lists.run_guest_list.enqueue(
        job=job,
        edition_id=edition.pk,
        user_id=request.user.pk,
        language=translation.get_language(),
        options=options,
        dry_run=dry_run,
    )
    return redirect(
        "admin:registrations_registration_guest_list_progress", edition_id=edition.pk, job=job
    )


def _confirm(request, edition):
    form = GuestListConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation was incomplete: upload the file again."))
        return redirect("admin:registrations_registration_guest_list", edition_id=edition.pk)
    options = {
        "stored_name": form.cleaned_data["stored_name"],
        "file_format": form.cleaned_data["file_format"],
        "original_name": form.cleaned_data["original_name"],
        **_options(form.cleaned_data),
    }
    return _start(request, edition, options, dry_run=False)


def guest_list_progress_view(model_admin, request, edition_id, job):
    """The dry run or the import under way, then its report (with the dry run's confirmation)."""
    _require_add(model_admin, request)
    edition = _edition_with_registration(edition_id)
    state = guest_lists.progress_of(job)
    if state is None or state.get("user") != request.user.pk or state.get("edition") != edition.pk:
        raise Http404
    total = state.get("total") or 0
    report = state.get("report")
    report = guest_lists.GuestListReport.from_dict(report) if report else None
    confirm_form = None
    if state.get("state") == "checked" and report is not None:
        counts = report.counts()
        if counts["confirmed"] or counts["waitlisted"]:
            # Hidden copies of the upload form's fields: no second set of ids on the page.
            confirm_form = GuestListConfirmForm(auto_id=False, initial=state["options"])
    return TemplateResponse(
        request,
        TEMPLATES + "guest_list_progress.html",
        _context(
            model_admin,
            request,
            _("Import a guest list: %(edition)s") % {"edition": edition},
            edition=edition,
            state=state,
            percent=round(100 * state.get("done", 0) / total) if total else 0,
            finished=state.get("state") in {"checked", "done", "failed"},
            report=report,
            confirm_form=confirm_form,
            list_url=reverse("admin:registrations_registration_changelist")
            + f"?edition__id__exact={edition.pk}",
        ),
    )


def guest_list_template_view(model_admin, request):
    """A CSV with the headings and one example row, for organizers to fill in."""
    _require_add(model_admin, request)
    example = (
        "李明",
        "li.ming@example.com",
        "138 1234 5678",
        "上海某科技有限公司",
        "创始人",
        "entrepreneur",
        "",
    )
    lines = [",".join(guest_lists.TEMPLATE_HEADERS), ",".join(example)]
    response = HttpResponse(
        ("\ufeff" + "\r\n".join(lines) + "\r\n").encode(),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="guest-list-template.csv"'
    return response
