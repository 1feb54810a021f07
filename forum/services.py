"""Writes to the forum's content: the series, its editions, tracks, participations and agenda.

The admin's `save_model` and `load_demo` both call these. Each validates with `full_clean()` plus
the rules below, saves inside a transaction and returns the object. Registration of attendees has
its own services (forum/registrations/).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.common.validators import validate_partial_date

from .enums import EditionStatus


def validate_edition(edition):
    """Rules of an edition beyond its columns; raises ValidationError keyed by field."""
    validate_partial_date(
        edition.start_date,
        edition.start_precision,
        date_field="start_date",
        precision_field="start_precision",
    )
    errors = {}
    if edition.start_date and edition.year and edition.start_date.year != edition.year:
        errors["start_date"] = _("The date falls in %(date_year)s, not in the edition's year.") % {
            "date_year": edition.start_date.year
        }
    if edition.end_date and not edition.start_date:
        errors["end_date"] = _("Give the first day before the last day.")
    elif edition.end_date and edition.end_date < edition.start_date:
        errors["end_date"] = _("The last day cannot come before the first day.")
    if (
        edition.status == EditionStatus.HELD
        and edition.start_date
        and edition.start_date > timezone.localdate()
    ):
        errors["status"] = _("An edition dated in the future cannot have been held yet.")
    forum = edition.forum if edition.forum_id else None
    if forum and forum.founded_year and edition.year and edition.year < forum.founded_year:
        errors["year"] = _("The forum was founded in %(founded)s, after this year.") % {
            "founded": forum.founded_year
        }
    if errors:
        raise ValidationError(errors, code="invalid_edition")


def _validate_same_edition(obj):
    if obj.track_id and obj.edition_id and obj.track.edition_id != obj.edition_id:
        raise ValidationError(
            {"track": _("This track belongs to another edition.")}, code="track_other_edition"
        )


def _full_clean(obj, extra_rule):
    """full_clean() plus a rule, with every error reported together."""
    errors = {}
    try:
        obj.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        extra_rule(obj)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def forum_save(*, forum):
    """Save the forum series; its slug comes from the English short name when blank."""
    if not forum.slug:
        forum.slug = slugify(forum.short_name_en or forum.name_en)
    forum.full_clean()
    if forum.pk and forum.founded_year:
        earlier = forum.editions.filter(year__lt=forum.founded_year).order_by("year").first()
        if earlier:
            raise ValidationError(
                {
                    "founded_year": _("Edition %(number)s was held in %(year)s, before that.")
                    % {"number": earlier.number, "year": earlier.year}
                },
                code="founded_after_edition",
            )
    forum.save()
    return forum


@transaction.atomic
def edition_save(*, edition):
    """Save an edition: its date matches its year and precision, the last day follows the first,
    a held edition is not dated in the future, and it is not older than its forum."""
    _full_clean(edition, validate_edition)
    edition.save()
    return edition


@transaction.atomic
def track_save(*, track):
    """Save a track; its slug (unique within the edition) comes from the English name."""
    if not track.slug:
        track.slug = slugify(track.name_en)
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def participation_save(*, participation):
    """Save a participation; its track, when given, is one of the same edition's."""
    _full_clean(participation, _validate_same_edition)
    participation.save()
    return participation


def _validate_agenda_item(item):
    _validate_same_edition(item)
    if item.ends_at and item.starts_at and item.ends_at < item.starts_at:
        raise ValidationError(
            {"ends_at": _("A session cannot end before it starts.")}, code="ends_before_start"
        )
    edition = item.edition if item.edition_id else None
    if edition and edition.start_date and edition.start_precision == "day" and item.starts_at:
        day = timezone.localdate(item.starts_at)
        last = edition.end_date or edition.start_date
        if not edition.start_date <= day <= last:
            raise ValidationError(
                {"starts_at": _("The session falls outside the edition's dates.")},
                code="outside_edition",
            )


@transaction.atomic
def agenda_item_save(*, agenda_item):
    """Save an agenda item: it ends after it starts, on the edition's day(s), in one of that
    edition's tracks. Speakers (many-to-many) are set after saving, by the caller."""
    _full_clean(agenda_item, _validate_agenda_item)
    agenda_item.save()
    return agenda_item
