"""Writes to the media library. The admin, the other apps' services and the migrations of
existing photos call these, so every image is checked, re-encoded and given its renditions
in one place.

Storage follows the database: a file replaced or deleted is removed from storage only once
the transaction commits (a rolled-back change keeps the files its rows still name).
"""

import os

from django.core.files.base import ContentFile
from django.db import transaction
from easy_thumbnails.models import Source as ThumbnailSource
from easy_thumbnails.models import Thumbnail

from . import renditions
from .models import Image
from .processing import sanitize

SAVE_TIME_USES = ("admin",)  # the media library's list shows it at once


def _delete_files_on_commit(names):
    names = sorted(n for n in names if n)
    if not names:
        return
    files = renditions.storage()

    def delete():
        for name in names:
            files.delete(name)

    transaction.on_commit(delete)


def _made_from(file_name, listed=()):
    """Every rendition made from `file_name`: those the image lists and those easy-thumbnails
    recorded (a use made by a request whose listing was lost to a concurrent one)."""
    recorded = Thumbnail.objects.filter(source__name=file_name).values_list("name", flat=True)
    return set(listed) | set(recorded)


def _forget(file_name, listed=()):
    """Renditions of `file_name` leave easy-thumbnails' records now and storage on commit."""
    unused = _made_from(file_name, listed)
    ThumbnailSource.objects.filter(name=file_name).delete()
    return unused


@transaction.atomic
def image_save(*, image):
    """Save an image: a new upload is checked (`full_clean` runs the upload validator, which
    refuses before anything is stored), re-encoded and stored under a name of its own. When
    the file or the focal point changed, the renditions are made again (the admin's now, the
    others when first shown) and the files no longer used leave storage once the transaction
    commits."""
    image.full_clean()
    stored = None
    if image.pk is not None:
        stored = (
            Image.objects.filter(pk=image.pk)
            .values("file", "focal_x", "focal_y", "renditions")
            .first()
        )
    if image.file and not image.file._committed:
        uploaded_name = os.path.basename(image.file.name or "")
        clean = sanitize(image.file)
        image.original_name = uploaded_name[:200]
        image.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
        image.width, image.height = clean.width, clean.height
    unused = set()
    changed = stored is None or (stored["file"], stored["focal_x"], stored["focal_y"]) != (
        image.file.name,
        image.focal_x,
        image.focal_y,
    )
    if changed:
        if stored:
            unused = _forget(stored["file"], stored["renditions"].get("files", []))
            if stored["file"] != image.file.name:
                unused.add(stored["file"])
        image.renditions = {}
    image.save()
    if changed:
        made = renditions.make(image, SAVE_TIME_USES)
        image.renditions = made
        Image.objects.filter(pk=image.pk).update(renditions=made)
    _delete_files_on_commit(unused - image.files())
    return image


@transaction.atomic
def image_renditions(*, image, uses):
    """Make the renditions of `uses` an image lacks and add them to its list (the row is
    locked, so two pages filling two uses at once both keep theirs)."""
    made = renditions.make(image, uses)
    current = Image.objects.select_for_update().filter(pk=image.pk).first()
    if current is None:
        return image
    listing = dict(current.renditions)
    files = set(listing.get("files", [])) | set(made.pop("files"))
    listing.update(made)
    listing["files"] = sorted(files)
    Image.objects.filter(pk=image.pk).update(renditions=listing)
    image.renditions = listing
    return image


def image_create(*, file, alt_zh="", alt_en="", is_decorative=False, **fields):
    """A new library image from a file (an upload, or a File opened from disk)."""
    image = Image(file=file, alt_zh=alt_zh, alt_en=alt_en, is_decorative=is_decorative, **fields)
    return image_save(image=image)


def image_files_deleted(*, image):
    """Called for every deleted image (a signal, so bulk and cascading deletes too): its
    master and renditions leave storage once the deletion commits."""
    _delete_files_on_commit(_forget(image.file.name, image.files()) | {image.file.name})
