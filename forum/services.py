"""Writes to the forum's content: the series, its editions, tracks, participations and agenda.

The admin's `save_model` and `load_demo` both call these. Each validates with `full_clean()` (the
models hold the rules: constraints, and `clean()` for rules across fields or rows), saves inside
a transaction and returns the object. Registration of attendees has its own services
(forum/registrations/).
"""

from django.db import transaction
from django.utils.text import slugify


@transaction.atomic
def forum_save(*, forum):
    """Save the forum series; its slug comes from the English short name when blank. It is not
    founded after one of its editions (Forum.clean)."""
    if not forum.slug:
        forum.slug = slugify(forum.short_name_en or forum.name_en)
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def edition_save(*, edition):
    """Save an edition: its date matches its year and precision, the last day follows the first,
    a held edition is not dated in the future, and it is not older than its forum."""
    edition.full_clean()
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
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def agenda_item_save(*, agenda_item):
    """Save an agenda item: it ends after it starts, on the edition's day(s), in one of that
    edition's tracks. Speakers (many-to-many) are set after saving, by the caller."""
    agenda_item.full_clean()
    agenda_item.save()
    return agenda_item


@transaction.atomic
def edition_photo_save(*, edition_photo):
    """Save a photo of an edition's gallery; an image appears once per gallery."""
    edition_photo.caption_zh = edition_photo.caption_zh.strip()
    edition_photo.caption_en = edition_photo.caption_en.strip()
    edition_photo.full_clean()
    edition_photo.save()
    return edition_photo
