
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('images', '0001_initial'),
        ('profiles', '0002_constraint_messages_on_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='logo',
            field=models.ForeignKey(blank=True, help_text='From the media library; shown whole, never cropped.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='images.image', verbose_name='logo'),
        ),
        migrations.AddField(
            model_name='person',
            name='portrait',
            field=models.ForeignKey(blank=True, help_text='From the media library; without one, the page shows the initials.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='images.image', verbose_name='portrait'),
        ),
    ]
