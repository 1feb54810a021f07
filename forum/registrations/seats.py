"""The seat rules' writes: registering (which takes a seat or a place on the waiting list),
cancelling, approving, declining and deleting (which free a seat, refilled at once by
promotion.py), under the edition's lock (seat_lock.py). The public form, the ticket page, the
organizers' admin, guest lists and load_demo all call these functions, so each rule exists
once. The settings and quotas they read are written by configuration.py; the e-mails they owe
go through outbox.py. Check-in is door.py, the e-mail confirmation verification.py,
anonymization retention.py, a guest list's dry run rehearsal.py.

E-mails are queued in the outbox and handed to the task backend only after the transaction
commits.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from forum.models import Edition

from . import audit, holds, promotion, seat_lock
from .addresses import normalize_email
from .codes import new_checkin_code
from .enums import (
    Actor,
    AttendeeCategory,
    ConsentMethod,
    EmailKind,
    EmailTiming,
    LogAction,
    RegistrationStatus,
    Seat,
)
from .exceptions import (
    INVITATION_REFUSALS,
    AlreadyCancelled,
    AlreadyCheckedIn,
    AlreadyRegistered,
    InvitationInvalid,
    InvitationRequired,
    InvitationUsedUp,
    NotPending,
    PrivacyNoticeChanged,
    RegistrationClosed,
    RegistrationNotOpen,
    RegistrationUnavailable,
    ReserveFull,
)
from .invitation_models import normalize_invitation_code
from .models import Answer, InvitationCode, PrivacyNotice, Registration
from .outbox import STATUS_EMAILS, queue_email
from .selectors import privacy_notice_for, registration_settings_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CancelOutcome:
    cancelled: Registration
    promoted: Registration | None


def _invitation_locked(registration_settings, code, *, required=True):
    """The invitation code a registrant gave, checked under the edition's lock: None when the
    edition is open to all, or when none was given and none is `required` (an organizer
    registering someone). InvitationRequired, InvitationInvalid or InvitationUsedUp otherwise."""
    if not registration_settings.invitation_only:
        return None
    code = normalize_invitation_code(code)
    if not code:
        if not required:
            return None
        raise InvitationRequired
    invitation = InvitationCode.objects.filter(
        edition_id=registration_settings.edition_id, code=code
    ).first()
    if invitation is None:
        raise InvitationInvalid
    used = Registration.objects.live().filter(invitation_id=invitation.pk).count()
    if used >= invitation.max_uses:
        raise InvitationUsedUp
    return invitation


def _refuse_registered_mailbox(edition, email_normalized):
    """AlreadyRegistered when a live registration of `edition` holds the mailbox."""
    # The unique index's own columns and condition, so PostgreSQL answers from it; only the key
    # is read (the whole row only for the rare address registered already).
    existing = (
        Registration.objects.live()
        .filter(
            edition_id=edition.pk, email_normalized=email_normalized, anonymized_at__isnull=True
        )
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        raise AlreadyRegistered(registration=Registration.objects.get(pk=existing))


# --- The seat-changing writes -----------------------------------------------------------------


def registration_create(
    *,
    edition: Edition,
    category: str,
    name: str,
    email: str,
    organization: str,
    title: str,
    privacy_notice: PrivacyNotice,
    mobile: str = "",
    sectors=(),
    needs: str = "",
    answers=(),
    invitation_code: str = "",
    language: str = settings.LANGUAGE_CODE,
    now: datetime.datetime | None = None,
    by=None,
    seat: str = Seat.PUBLIC,
    consent_method: str = ConsentMethod.FORM,
    consent_note: str = "",
    email_timing: str = EmailTiming.NOW,
) -> Registration:
    """Register one person: confirmed while a seat remains in the capacity and the category's
    quota, otherwise waitlisted in arrival order. Raises RegistrationUnavailable,
    RegistrationNotOpen, RegistrationClosed, PrivacyNoticeChanged or AlreadyRegistered (whose
    `registration` is the live one holding that mailbox: the address compared as
    addresses.normalize_email writes it), or, on an invitation-only edition,
    InvitationRequired, InvitationInvalid or InvitationUsedUp (a code's category replaces the
    one chosen). `answers`: [(question, value)] to the edition's custom questions, checked by
    the form (questions.clean_answers), stored with it. On an approval-required edition the
    public form's registrant is pending until an organizer approves or declines. On an edition
    that asks for an e-mail confirmation, the public form's registrant who gets a seat holds it
    (unconfirmed) until they confirm by the e-mailed link (verification.py).

    `by`: an organizer registering the person (the admin, a guest list); None is the public
    form. An organizer is not bound by the public window (guests are invited before it opens
    and after it closes), nor by the invitation-only rule (a code, when given, is still
    checked and counted), nor by approval (registering them is the approval); they record how
    consent was obtained (`consent_method`, `consent_note`, with their own name), may take the
    seat from the guest reserve (`seat`; ReserveFull when it is full: a reserved seat never
    waits) and choose when the ticket e-mail goes (`email_timing`: now, held for later, or
    never)."""
    now = now or timezone.now()
    organizer = by is not None and getattr(by, "is_authenticated", False)
    if not organizer and (
        seat != Seat.PUBLIC
        or consent_method != ConsentMethod.FORM
        or email_timing != EmailTiming.NOW
    ):
        raise ValueError("only an organizer chooses the seat, the consent method or the e-mail")
    email = email.strip()
    values = {
        "category": AttendeeCategory(category),
        "name": name.strip(),
        "email": email,
        "email_normalized": normalize_email(email),
        "mobile": mobile,
        "organization": organization.strip(),
        "title": title.strip(),
        "needs": needs.strip(),
        "language": language,
        "privacy_notice": privacy_notice,
        "consented_at": now,
        "seat": Seat(seat),
        "consent_method": ConsentMethod(consent_method),
        "consent_note": consent_note.strip(),
        "registered_by": by if organizer else None,
        "registered_by_name": by.get_username() if organizer else "",
        "email_held": email_timing == EmailTiming.LATER,
    }
    # Outside the lock: which notice must be accepted (it changes rarely; reading it here keeps
    # the locked section, which serializes all registrations of the edition, short).
    if privacy_notice is None or privacy_notice.pk != _notice_in_force_id(edition):
        raise PrivacyNoticeChanged
    for attempt in range(3):
        try:
            registration = _create_locked(
                edition,
                values,
                sectors,
                now,
                answers=answers,
                invitation_code=invitation_code,
                public=not organizer,
                email_timing=email_timing,
                # On the public form the unique index finds a mailbox registered already (the
                # insert fails): a query less for each of the many new registrants.
                mailbox_checked=organizer or attempt > 0,
            )
            break
        except IntegrityError:
            # A mailbox registered already (the unique index), or a check-in code drawn twice
            # (p ≈ 1e-9). Try again, checking the mailbox first: AlreadyRegistered if that was it.
            if attempt == 2:
                raise
    logger.info(
        "registration %s created for edition %s: %s",
        registration.pk,
        edition.pk,
        registration.status,
    )
    return registration


def _notice_in_force_id(edition):
    registration_settings = registration_settings_for(edition)
    if registration_settings is None:
        raise RegistrationUnavailable
    notice = privacy_notice_for(registration_settings)
    return notice.pk if notice is not None else None


def _create_locked(
    edition,
    values,
    sectors,
    now,
    *,
    answers=(),
    invitation_code="",
    public=True,
    email_timing=EmailTiming.NOW,
    mailbox_checked=True,
):
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings(edition.pk)
        if public and now < registration_settings.opens_at:
            raise RegistrationNotOpen
        if public and now >= registration_settings.closes_at:
            raise RegistrationClosed
        if mailbox_checked:
            _refuse_registered_mailbox(edition, values["email_normalized"])
        try:
            invitation = _invitation_locked(registration_settings, invitation_code, required=public)
        except INVITATION_REFUSALS:
            # A registrant back with the code they used (now used up, or left out) gets the
            # page of a registered mailbox, as without a code: the code's answer comes second.
            _refuse_registered_mailbox(edition, values["email_normalized"])
            raise
        if invitation is not None and invitation.category:
            values = {**values, "category": invitation.category}
        if values["seat"] == Seat.RESERVE:
            if not seat_lock.has_reserved_seat(registration_settings):
                raise ReserveFull
            status = RegistrationStatus.CONFIRMED
        elif public and registration_settings.approval_required:
            status = RegistrationStatus.PENDING
        else:
            status = seat_lock.seat_status(registration_settings, values["category"], invitation)
        registration = Registration(
            edition_id=edition.pk,
            status=status,
            must_confirm_email=status != RegistrationStatus.PENDING
            and holds.owed_on_registering(registration_settings, public=public),
            checkin_code=new_checkin_code(),
            invitation=invitation,
            **values,
        )
        if status == RegistrationStatus.CONFIRMED and registration.must_confirm_email:
            holds.hold_seat(registration, registration_settings, now)
        registration.save(force_insert=True)
        if sectors:
            through = Registration.sectors.through
            through.objects.bulk_create(
                through(registration_id=registration.pk, sector_id=getattr(sector, "pk", sector))
                for sector in sectors
            )
        if answers:
            _store_answers(registration.pk, answers)
        if email_timing == EmailTiming.NOW:
            queue_email(registration, STATUS_EMAILS[registration.status])
        if not public:
            audit.log_action(
                LogAction.REGISTERED_BY_STAFF,
                by=values["registered_by"],
                registration=registration,
                data={
                    "changes": {"status": [None, registration.status]},
                    "seat": values["seat"],
                    "consent_method": values["consent_method"],
                    "email": email_timing,
                },
                at=now,
            )
    return registration


def _store_answers(registration_id, answers):
    """One INSERT of the registration's answers ([(question, value)])."""
    # Written as SQL, each value as its JSON field writes it: composing the bulk insert through
    # the ORM took three times the CPU, on every registration, under the edition's lock.
    value_field = Answer._meta.get_field("value")
    params = []
    for question, value in answers:
        params += [registration_id, question.pk, value_field.get_db_prep_save(value, connection)]
    rows = ", ".join(["(%s, %s, %s)"] * (len(params) // 3))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Answer._meta.db_table}"  # noqa: S608 (the model's own table)
            f" (registration_id, question_id, value) VALUES {rows}",
            params,
        )


def registration_cancel(*, registration: Registration, now=None, by=None) -> CancelOutcome:
    """Cancel (by the registrant or an organizer). A freed confirmed seat goes at once, in the
    same locked transaction, to the first waitlisted registrant of the same category.

    `by`: the organizer cancelling; None is the registrant, on their ticket page, who may not
    once checked in (AlreadyCheckedIn): the seat was used, and the door's count must hold."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings_if_any(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise AlreadyCancelled(registration=current)
        if by is None and current.checked_in_at is not None:
            raise AlreadyCheckedIn(registration=current)
        held_a_seat = current.status in RegistrationStatus.holding_seat()
        before = current.status
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        queue_email(current, EmailKind.CANCELLATION)
        audit.log_action(
            LogAction.CANCELLED,
            by=by,
            otherwise=Actor.REGISTRANT,
            registration=current,
            data={"changes": {"status": [before, current.status]}},
            at=now,
        )
        promoted = (
            promotion.fill_freed_seat(registration_settings, current.category, now)
            if held_a_seat and registration_settings is not None
            else None
        )
    logger.info(
        "registration %s cancelled; promoted %s", current.pk, promoted.pk if promoted else None
    )
    return CancelOutcome(cancelled=current, promoted=promoted)


def registration_approve(*, registration: Registration, now=None, by=None) -> Registration:
    """An organizer (`by`) approves a pending registration: under the edition's lock it takes
    a seat if the capacity and its category's quota allow, else it joins the waiting list (in
    the order of approval), and the registrant is e-mailed either way. NotPending otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            raise NotPending(registration=current)
        # On the waiting list, an approved registrant's place is by the time they registered.
        current.status = seat_lock.seat_status(
            registration_settings, current.category, current.invitation
        )
        current.save(update_fields=["status", "updated_at"])
        queue_email(current, STATUS_EMAILS[current.status])
        audit.log_action(
            LogAction.APPROVED,
            by=by,
            registration=current,
            data={"changes": {"status": [RegistrationStatus.PENDING, current.status]}},
            at=now,
        )
    logger.info("registration %s approved: %s", current.pk, current.status)
    return current


def registration_decline(*, registration: Registration, now=None, by=None) -> Registration:
    """An organizer (`by`) declines a pending registration; the registrant is e-mailed."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            raise NotPending(registration=current)
        current.status = RegistrationStatus.DECLINED
        current.save(update_fields=["status", "updated_at"])
        queue_email(current, EmailKind.DECLINED)
        audit.log_action(
            LogAction.DECLINED,
            by=by,
            registration=current,
            data={"changes": {"status": [RegistrationStatus.PENDING, current.status]}},
            at=now,
        )
    logger.info("registration %s declined", current.pk)
    return current


def registration_delete(*, registration: Registration, now=None, by=None) -> Registration | None:
    """The registrant's right to deletion: the row, its e-mails and its log go; a confirmed seat
    freed this way is refilled like a cancellation. Returns the promoted registrant, if any.

    The edition's log keeps that a registration was deleted, and by whom (`by`: an organizer;
    None is the registrant, on their ticket page), with no personal data."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings_if_any(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        held_a_seat = current.status in RegistrationStatus.holding_seat()
        category = current.category
        pk = current.pk
        current.delete()
        audit.log_action(
            LogAction.DELETED,
            by=by,
            otherwise=Actor.REGISTRANT,
            edition_id=current.edition_id,
            data={"registration": pk, "status": current.status, "category": category},
            at=now,
        )
        promoted = (
            promotion.fill_freed_seat(registration_settings, category, now)
            if held_a_seat and registration_settings is not None
            else None
        )
    logger.info("registration %s deleted at the registrant's request", pk)
    return promoted
