from django.db import migrations


class Migration(migrations.Migration):
    """The photo field goes once its photos are in the media library (0004)."""

    dependencies = [
        ("profiles", "0004_photos_into_the_library"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='person',
            name='photo',
        ),
        migrations.RemoveField(
            model_name='person',
            name='photo_is_placeholder',
        ),
    ]
