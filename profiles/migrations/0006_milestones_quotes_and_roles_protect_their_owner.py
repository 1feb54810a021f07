# Deleting a row no longer takes sourced facts or another page's rows with it (on_delete=PROTECT,
# checked by Django, no SQL): the editor deletes or moves them first. README, "Deleting".

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0005_remove_person_photo'),
    ]

    operations = [
        migrations.AlterField(
            model_name='milestone',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='milestones', to='profiles.organization', verbose_name='organization'),
        ),
        migrations.AlterField(
            model_name='quote',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='profiles.person', verbose_name='person'),
        ),
        migrations.AlterField(
            model_name='role',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='roles', to='profiles.organization', verbose_name='organization'),
        ),
    ]
