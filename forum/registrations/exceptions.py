"""The refusals of registration's rules: each has a machine-readable `code` and a translated
message, which views and admin actions show as they are."""

from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A rule refused the write. `code` is machine-readable; str(exc) is a translated message."""

    code = "registration_error"
    default_message = _("This registration could not be processed.")

    def __init__(self, message=None, *, registration=None):
        self.message = message or self.default_message
        self.registration = registration
        super().__init__(str(self.message))


class RegistrationUnavailable(RegistrationError):
    code = "registration_unavailable"
    default_message = _("Registration is not offered for this edition.")


class RegistrationNotOpen(RegistrationError):
    code = "registration_not_open"
    default_message = _("Registration has not opened yet.")


class RegistrationClosed(RegistrationError):
    code = "registration_closed"
    default_message = _("Registration is closed.")


class AlreadyRegistered(RegistrationError):
    """`registration` is the live registration that already holds this e-mail."""

    code = "already_registered"
    default_message = _("This e-mail address is already registered for this edition.")


class PrivacyNoticeChanged(RegistrationError):
    code = "privacy_notice_changed"
    default_message = _("The privacy notice has changed: please read it and accept it again.")


class NotWaitlisted(RegistrationError):
    code = "not_waitlisted"
    default_message = _("Only a registration on the waiting list can be promoted.")


class InvitationRequired(RegistrationError):
    code = "invitation_required"
    default_message = _(
        "Registration for this edition is by invitation: enter the code of your invitation."
    )


class InvitationInvalid(RegistrationError):
    code = "invitation_invalid"
    default_message = _("This invitation code is not valid for this edition.")


class InvitationUsedUp(RegistrationError):
    code = "invitation_used_up"
    default_message = _("This invitation code has already been used as often as it allows.")


# The invitation code given was refused: the public form shows these on the code's field.
INVITATION_REFUSALS = (InvitationRequired, InvitationInvalid, InvitationUsedUp)


class NotPending(RegistrationError):
    code = "not_pending"
    default_message = _("Only a registration awaiting approval can be approved or declined.")


class AlreadyCancelled(RegistrationError):
    code = "already_cancelled"
    default_message = _("This registration is already cancelled.")


class AlreadyCheckedIn(RegistrationError):
    """A registrant who entered cannot withdraw on their own: an organizer can still cancel."""

    code = "already_checked_in"
    default_message = _(
        "You are checked in at the door, so this registration can no longer be cancelled "
        "from the ticket page. Please ask the organizers."
    )


class EditionFull(RegistrationError):
    code = "edition_full"
    default_message = _("No seat is free in the capacity or in this category's quota.")


class EmailNotRetriable(RegistrationError):
    code = "email_not_retriable"
    default_message = _(
        "Only an e-mail that failed can be retried: this one is sent, being sent or queued."
    )


class ReserveFull(RegistrationError):
    code = "reserve_full"
    default_message = _("The guest reserve is full: raise it in the registration settings.")


class NotAwaitingConfirmation(RegistrationError):
    code = "not_awaiting_confirmation"
    default_message = _("This registration is not awaiting an e-mail confirmation.")


class ConfirmationExpired(RegistrationError):
    code = "confirmation_expired"
    default_message = _(
        "The time to confirm your e-mail address has passed: the seat goes to the next person, "
        "you go to the back of the waiting list, and we e-mail you about it."
    )
