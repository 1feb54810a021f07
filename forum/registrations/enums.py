from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    # Approval-required editions: no seat until an organizer approves (then confirmed or
    # waitlisted under the seat rules) or declines.
    PENDING = "pending", _("Awaiting approval")
    DECLINED = "declined", _("Declined")
    # Editions that ask registrants to confirm their e-mail: a seat held (counted as taken)
    # until the link in the e-mail is used, or released to the waiting list when time is up.
    UNCONFIRMED = "unconfirmed", _("Awaiting e-mail confirmation")

    @classmethod
    def holding_seat(cls):
        """Statuses that take a seat of the capacity: confirmed, and held for an e-mail
        confirmation."""
        return [cls.CONFIRMED, cls.UNCONFIRMED]


class AttendeeCategory(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    INVESTOR = "investor", _("Investor")
    RESEARCHER = "researcher", _("Researcher")
    GOVERNMENT = "government", _("Government")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class RegistrationWindowState(models.TextChoices):
    """What the public sees about an edition's registration (the call-to-action states)."""

    NONE = "none", _("No registration")
    NOT_YET_OPEN = "not_yet_open", _("Not yet open")
    OPEN = "open", _("Open")
    FULL = "full", _("Full: waiting list")
    CLOSED = "closed", _("Closed")


class EmailKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation")
    WAITLIST = "waitlist", _("Waiting list")
    PROMOTION = "promotion", _("Promotion from the waiting list")
    CANCELLATION = "cancellation", _("Cancellation")
    # The form was sent again with a registered address: its owner is told by e-mail, never on
    # the page (which would tell anyone who typed the address that it is registered).
    ALREADY_REGISTERED = "already", _("Already registered (form sent again)")
    PENDING = "pending", _("Received, awaiting approval")
    DECLINED = "declined", _("Declined")
    # An organizer's message or a scheduled reminder (not essential: opt-out honoured).
    MESSAGE = "message", _("Message from the organizers")
    # Composed, in the registrant's language, by an app standing on registration (matchmaking):
    # the outbox stores its subject and text and sends it like any other.
    NOTICE = "notice", _("Notice (composed by another part of the site)")
    # Editions that ask registrants to confirm their e-mail: the link, and the seat's release.
    CONFIRM_EMAIL = "confirm_email", _("Confirm your e-mail address")
    HOLD_EXPIRED = "hold_expired", _("E-mail not confirmed in time: waiting list")
    # An organizer corrected the address of a registrant who owes the confirmation.
    NEW_ADDRESS = "new_address", _("E-mail address corrected: confirm it")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will be retried)")
    GAVE_UP = "gave_up", _("Failed (gave up)")

    @classmethod
    def owed(cls):
        """Waiting for a worker to claim them: new, or failed and to be retried."""
        return [cls.PENDING, cls.FAILED]


class LogAction(models.TextChoices):
    """What an entry of a registration's history records (pretix-style dotted codes)."""

    CANCELLED = "registration.cancelled", _("Cancelled")
    PROMOTED = "registration.promoted", _("Promoted from the waiting list")
    EMAIL_RESENT = "registration.email_resent", _("E-mail sent again")
    EMAIL_RETRIED = "registration.email_retried", _("Failed e-mail retried")
    CHECKED_IN = "registration.checked_in", _("Checked in at the door")
    CHECKIN_UNDONE = "registration.checkin_undone", _("Check-in undone")
    DETAILS_CHANGED = "registration.details_changed", _("Details corrected")
    DELETED = "registration.deleted", _("Registration deleted")
    APPROVED = "registration.approved", _("Approved")
    DECLINED = "registration.declined", _("Declined")
    EXPORTED = "registrations.exported", _("Attendee list exported")
    REGISTERED_BY_STAFF = "registration.registered_by_staff", _("Registered by an organizer")
    EMAIL_CONFIRMED = "registration.email_confirmed", _("E-mail address confirmed")
    HOLD_EXPIRED = "registration.hold_expired", _("E-mail not confirmed in time")

    @classmethod
    def edition_level(cls):
        """Actions recorded on the edition, not on one registration: an export, and a deletion
        (whose registration, with its own history, is gone)."""
        return [cls.EXPORTED, cls.DELETED]


class Actor(models.TextChoices):
    """Who acted: a staff account (named on the entry), the registrant through their private
    link or the public form, or the site's own rules (a seat freed promotes the next in line)."""

    STAFF = "staff", _("Staff account")
    REGISTRANT = "registrant", _("The registrant")
    SYSTEM = "system", _("Automatically")


class Seat(models.TextChoices):
    """Which count a confirmed seat is taken from: the public capacity (the public form's, and
    organizers' by default) or the reserve that only organizers assign, counted apart."""

    PUBLIC = "public", _("Public capacity")
    RESERVE = "reserve", _("Guest reserve")


class ConsentMethod(models.TextChoices):
    """How the registrant's consent to the privacy notice was obtained."""

    FORM = "form", _("Public form (ticked by the registrant)")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("By e-mail or message")
    PAPER = "paper", _("Signed paper form")
    INVITER = "inviter", _("Through the inviting organization")

    @classmethod
    def by_organizer(cls):
        """What an organizer may record (the public form's box is the registrant's own)."""
        return [choice for choice in cls if choice != cls.FORM]


class EmailTiming(models.TextChoices):
    """When an organizer's registrant gets the e-mail with their ticket link."""

    NOW = "now", _("Send the e-mail now")
    LATER = "later", _("Hold it: I will send it later")
    NEVER = "never", _("Send no e-mail")
