# Deleting a row no longer takes sourced facts or another page's rows with it (on_delete=PROTECT,
# checked by Django, no SQL): the editor deletes or moves them first. README, "Deleting".

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0003_constraint_messages_on_fields'),
    ]

    operations = [
        migrations.AlterField(
            model_name='observation',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='observations', to='metrics.indicator', verbose_name='indicator'),
        ),
    ]
