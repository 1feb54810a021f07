"""Every person's uploaded photo moves into the media library as their portrait.

Each photo goes through the library's re-encoding (config.images.processing.sanitize), so the
copy in the library carries no EXIF and no appended payload; a photo over the pixel limit is
scaled down to fit it rather than dropped. The generated initials placeholders are not photos:
they are not moved (the pages now draw the initials) and their files are deleted, as are the
originals of the moved photos, once the migration commits. A file that cannot be read as an
image is left where it is, unreferenced, and named in the output for an editor to look at.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, transaction

from config.images.models import image_upload_to
from config.images.processing import sanitize


def photos_into_the_library(apps, schema_editor):
    person_model = apps.get_model("profiles", "Person")
    image_model = apps.get_model("images", "Image")
    files = storages["default"]
    leaving = []
    for person in person_model.objects.exclude(photo="").order_by("pk"):
        name = person.photo.name
        if person.photo_is_placeholder:
            leaving.append(name)
            continue
        try:
            with files.open(name) as photo:
                clean = sanitize(photo.read(), downscale=True)
        except (OSError, ValidationError) as problem:
            print(f"\n  {person.slug}: photo {name} not moved into the library ({problem})")
            continue
        stored = files.save(
            image_upload_to(None, f"photo.{clean.extension}"), ContentFile(clean.content)
        )
        image = image_model.objects.create(
            file=stored,
            original_name=os.path.basename(name)[:200],
            width=clean.width,
            height=clean.height,
            alt_zh=f"{person.name_zh}的肖像",
            alt_en=f"Portrait of {person.name_en or person.name_zh}",
        )
        person.portrait_id = image.pk
        person.save(update_fields=["portrait"])
        leaving.append(name)

    def delete():
        for name in leaving:
            files.delete(name)

    transaction.on_commit(delete)


def portraits_back_to_photos(apps, schema_editor):
    person_model = apps.get_model("profiles", "Person")
    for person in person_model.objects.exclude(portrait=None).select_related("portrait"):
        person.photo = person.portrait.file.name
        person.photo_is_placeholder = False
        person.save(update_fields=["photo", "photo_is_placeholder"])


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_portrait_and_logo"),
    ]

    operations = [migrations.RunPython(photos_into_the_library, portraits_back_to_photos)]
