"""Participants' matchmaking pages, behind the ticket's private token like the ticket itself
(never indexed, never cached, no Referer). Thin: rules in services, reads in selectors."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.common.views import PER_PAGE
from forum.registrations import selectors as registration_selectors
from forum.registrations.decorators import private
from forum.registrations.mail import ticket_url

from . import selectors, services
from .exceptions import MatchmakingError
from .forms import FilterForm, ProfileForm, RequestForm
from .ics import agenda_calendar
from .models import Participant


def _registration(token):
    """The confirmed registration behind the link, or 404 (only confirmed registrants of an
    edition offering matchmaking have these pages)."""
    registration = registration_selectors.registration_by_token(token)
    if registration is None or not registration_selectors.is_confirmed(registration):
        raise Http404
    if selectors.settings_for(registration.edition) is None:
        raise Http404
    return registration


def _participant(token):
    registration = _registration(token)
    participant = selectors.participant_of(registration)
    if participant is None:
        raise Http404
    return registration, participant


def ticket_section(request, registration):
    """The ticket page's part: the call to opt in, or the participant's agenda."""
    if not registration_selectors.is_confirmed(registration):
        return None
    settings = selectors.settings_for(registration.edition)
    if settings is None:
        return None
    participant = selectors.participant_of(registration)
    if participant is None and not settings.is_open:
        return None
    return render_to_string(
        "matchmaking/ticket_section.html",
        {
            "registration": registration,
            "participant": participant,
            "settings": settings,
            "overview": selectors.overview(participant) if participant else None,
        },
        request=request,
    )


@private(posts_form=True)  # its answer and withdraw forms post back
@require_safe
def home(request, token):
    registration = _registration(token)
    participant = selectors.participant_of(registration)
    if participant is None:
        return redirect("matchmaking:profile", token=token)
    return render(
        request,
        "matchmaking/home.html",
        {
            "registration": registration,
            "participant": participant,
            "settings": selectors.settings_for(registration.edition),
            "overview": selectors.overview(participant),
        },
    )


@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request, token):
    registration = _registration(token)
    participant = selectors.participant_of(registration)
    instance = participant or Participant(registration=registration, edition=registration.edition)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        edition=registration.edition,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_save(
                participant=form.save(commit=False),
                stages=form.cleaned_data["stages"],
                sectors=form.cleaned_data["sectors"],
                unavailable_slots=form.cleaned_data["unavailable_slots"],
            )
        except MatchmakingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _saved_message(participant))
            return redirect("matchmaking:home", token=token)
    return render(
        request,
        "matchmaking/profile.html",
        {"registration": registration, "participant": participant, "form": form},
    )


def _saved_message(participant):
    return _("Your profile is saved.") if participant else _("You take part in matchmaking.")


@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request, token):
    registration, participant = _participant(token)
    if request.method == "POST":
        services.participant_opt_out(participant=participant)
        messages.success(request, _("You have left matchmaking; your profile is deleted."))
        return redirect(registration)
    return render(
        request,
        "matchmaking/leave.html",
        {"registration": registration, "participant": participant},
    )


@private(posts_form=True)
@require_safe
def browse(request, token):
    registration, participant = _participant(token)
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.browse(
        participant,
        sector=filters.get("sector"),
        stage=filters.get("stage", ""),
        ticket_band=filters.get("ticket_band", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(profiles, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(profile, selectors.my_request(participant, profile)) for profile in page]
    return render(
        request,
        "matchmaking/browse.html",
        {
            "registration": registration,
            "participant": participant,
            "form": form,
            "rows": rows,
            "page_obj": page,
        },
    )


@private(posts_form=True)
@require_POST
def request_meeting(request, token, pk):
    _registration, participant = _participant(token)
    receiver = selectors.visible_counterpart(participant, pk)
    if receiver is None:
        raise Http404
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (500 characters at most)."))
        return redirect("matchmaking:browse", token=token)
    try:
        services.request_create(
            sender=participant, receiver=receiver, note=form.cleaned_data["note"]
        )
    except MatchmakingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your request to %(organization)s is sent.")
            % {"organization": receiver.organization},
        )
    return redirect("matchmaking:home", token=token)


@private(posts_form=True)
@require_POST
def answer(request, token, pk):
    _registration, participant = _participant(token)
    meeting_request = selectors.request_for(participant, pk)
    if meeting_request is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        services.request_answer(request=meeting_request, participant=participant, accept=accept)
    except MatchmakingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Request accepted.") if accept else _("Request declined."))
    return redirect("matchmaking:home", token=token)


@private(posts_form=True)
@require_POST
def cancel(request, token, pk):
    _registration, participant = _participant(token)
    meeting_request = selectors.request_for(participant, pk)
    if meeting_request is None:
        raise Http404
    try:
        services.request_cancel(request=meeting_request, participant=participant)
    except MatchmakingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cancelled."))
    return redirect("matchmaking:home", token=token)


@private
@require_safe
def agenda_ics(request, token):
    registration, participant = _participant(token)
    meetings = selectors.overview(participant).meetings
    content = agenda_calendar(
        meetings=meetings,
        edition=registration.edition,
        url=ticket_url(registration, request),
        uid_seed=registration.token,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="youth50-meetings-{registration.edition.number}.ics"'
    )
    return response
