# Deleting a row no longer takes sourced facts or another page's rows with it (on_delete=PROTECT,
# checked by Django, no SQL): the editor deletes or moves them first. README, "Deleting".

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0010_media_library_permissions'),
        ('profiles', '0006_milestones_quotes_and_roles_protect_their_owner'),
    ]

    operations = [
        migrations.AlterField(
            model_name='participation',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='profiles.person', verbose_name='person'),
        ),
    ]
