"""One registration's actions on its admin page: cancel, promote, check in, resend the e-mail.

Each is a link to a confirmation page (GET) whose button (POST) calls the same service as the
list's bulk actions and the door; the refusal of a rule is shown as the admin's message. Who may
act: whoever may change registrations (the Organizers); checking in needs the door's
permission as well. The contact-field correction is the change form itself
(details.registration_details_save, audited).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import door, outbox, permissions, promotion, seats, verification
from .addresses import normalize_email
from .enums import RegistrationStatus
from .exceptions import AlreadyRegistered, RegistrationError
from .models import Registration


@dataclass(frozen=True)
class RegistrationAction:
    name: str
    label: str
    question: str
    done: str


ACTIONS = {
    action.name: action
    for action in (
        RegistrationAction(
            "cancel",
            _("Cancel"),
            _("Cancel this registration? A confirmed seat goes at once to the waiting list."),
            _("The registration is cancelled."),
        ),
        RegistrationAction(
            "approve",
            _("Approve"),
            _(
                "Approve this registration? It takes a seat if one is free in the capacity and "
                "its category's quota, otherwise it joins the waiting list."
            ),
            _("The registration is approved."),
        ),
        RegistrationAction(
            "decline",
            _("Decline"),
            _("Decline this registration? The registrant is told by e-mail."),
            _("The registration is declined."),
        ),
        RegistrationAction(
            "confirm_email",
            _("Confirm the e-mail"),
            _(
                "Confirm this registrant's e-mail address by hand? A held seat becomes a "
                "confirmed one and the ticket e-mail goes; on the waiting list, the seat they "
                "are given later is theirs at once."
            ),
            _("The e-mail address is confirmed."),
        ),
        RegistrationAction(
            "promote",
            _("Promote"),
            _(
                "Move this registrant from the waiting list to a seat? If their e-mail address "
                "is still to be confirmed, the seat is held for them until they confirm it."
            ),
            _("The registrant is promoted from the waiting list."),
        ),
        RegistrationAction(
            "check_in",
            _("Check in"),
            _("Check this attendee in at the door now?"),
            _("The attendee is checked in."),
        ),
        RegistrationAction(
            "resend",
            _("Resend the e-mail"),
            _("Send the registrant the e-mail of their current status, with their ticket link?"),
            _("The e-mail is queued."),
        ),
    )
}


def available_actions(registration, user):
    """The actions that apply to the registration as it stands, for this user."""
    can_change = user.has_perm("registrations.change_registration")
    names = []
    if can_change and registration.anonymized_at is None:
        if registration.status == RegistrationStatus.PENDING:
            names += ["approve", "decline"]
        if registration.status == RegistrationStatus.UNCONFIRMED or (
            registration.status == RegistrationStatus.WAITLISTED and registration.must_confirm_email
        ):
            names.append("confirm_email")
        if registration.status == RegistrationStatus.WAITLISTED:
            names.append("promote")
        if (
            registration.status == RegistrationStatus.CONFIRMED
            and registration.checked_in_at is None
            and user.has_perm(permissions.CHECK_IN)
        ):
            names.append("check_in")
        names.append("resend")
        if registration.status not in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
            names.append("cancel")
    return [ACTIONS[name] for name in names]


def _run(action, registration, user):
    if action.name == "cancel":
        seats.registration_cancel(registration=registration, by=user)
    elif action.name == "approve":
        seats.registration_approve(registration=registration, by=user)
    elif action.name == "decline":
        seats.registration_decline(registration=registration, by=user)
    elif action.name == "confirm_email":
        verification.registration_confirm_email(registration=registration, by=user)
    elif action.name == "promote":
        promotion.registration_promote(registration=registration, by=user)
    elif action.name == "check_in":
        door.registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=user
        )
    elif action.name == "resend":
        outbox.registration_resend_email(registration=registration, by=user)


def action_view(model_admin, request, object_id, action_name):
    """GET: the question; POST: do it and go back to the registration's page."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise Http404
    registration = get_object_or_404(
        Registration.objects.select_related("edition__forum"), pk=object_id
    )
    if action not in available_actions(registration, request.user):
        if not model_admin.has_change_permission(request, registration):
            raise PermissionDenied
        messages.warning(request, _("This action does not apply to the registration now."))
        return redirect(change_url(registration))
    if request.method == "POST":
        try:
            _run(action, registration, request.user)
        except RegistrationError as error:
            messages.warning(request, error.message)
        else:
            messages.success(request, action.done)
        return redirect(change_url(registration))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Registration._meta,
        "title": action.label,
        "registration": registration,
        "action": action,
        "change_url": change_url(registration),
    }
    return TemplateResponse(
        request, "admin/registrations/registration/action_confirm.html", context
    )


def change_url(registration):
    return reverse("admin:registrations_registration_change", args=[registration.pk])


class RegistrationChangeForm(forms.ModelForm):
    """The organizer's correction of contact fields: a corrected e-mail may not be another
    live registration's mailbox in the same edition."""

    class Meta:
        model = Registration
        fields = ("name", "organization", "email", "title", "mobile", "needs")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        instance = self.instance
        if email != instance.email:
            taken = (
                Registration.objects.live()
                .filter(
                    edition_id=instance.edition_id,
                    email_normalized=normalize_email(email),
                    anonymized_at__isnull=True,
                )
                .exclude(pk=instance.pk)
                .exists()
            )
            if taken:
                raise forms.ValidationError(
                    AlreadyRegistered.default_message, code=AlreadyRegistered.code
                )
        return email
