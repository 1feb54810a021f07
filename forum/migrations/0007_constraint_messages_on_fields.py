# The constraints carry their own message and the field it belongs to. Only Python-side
# attributes change (the class, violation_error_*): AlterConstraint, no SQL.

import config.common.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0006_move_registration_to_its_own_app'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='agendaitem',
            name='agenda_item_ends_after_start',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('ends_at__isnull', True), ('ends_at__gte', models.F('starts_at')), _connector='OR'), name='agenda_item_ends_after_start', violation_error_code='ends_before_start', violation_error_field='ends_at', violation_error_message='A session cannot end before it starts.'),
        ),
        migrations.AlterConstraint(
            model_name='edition',
            name='edition_unique_number',
            constraint=config.common.models.FieldUniqueConstraint(fields=('forum', 'number'), name='edition_unique_number', violation_error_code='edition_number_taken', violation_error_field='number', violation_error_message='This forum already has an edition with this number.'),
        ),
        migrations.AlterConstraint(
            model_name='edition',
            name='edition_number_from_one',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('number__gte', 1)), name='edition_number_from_one', violation_error_code='edition_number_below_one', violation_error_field='number', violation_error_message='Editions are numbered from 1 (第1届).'),
        ),
        migrations.AlterConstraint(
            model_name='edition',
            name='edition_end_after_start',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('end_date__isnull', True), models.Q(('start_date__isnull', False), ('end_date__gte', models.F('start_date'))), _connector='OR'), name='edition_end_after_start', violation_error_code='end_before_start', violation_error_field='end_date', violation_error_message='The last day cannot come before the first day.'),
        ),
        migrations.AlterConstraint(
            model_name='edition',
            name='edition_precision_with_date',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('start_date__isnull', True), ('start_precision', '')), models.Q(('start_date__isnull', False), models.Q(('start_precision', ''), _negated=True)), _connector='OR'), name='edition_precision_with_date', violation_error_code='date_and_precision', violation_error_field='start_precision', violation_error_message='A date and its precision go together: give both, or neither.'),
        ),
        migrations.AlterConstraint(
            model_name='participation',
            name='participation_unique_role',
            constraint=config.common.models.FieldUniqueConstraint(fields=('edition', 'person', 'role'), name='participation_unique_role', violation_error_code='participation_role_taken', violation_error_field='role', violation_error_message='This person already takes part in this edition in this role.'),
        ),
        migrations.AlterConstraint(
            model_name='track',
            name='track_unique_slug',
            constraint=config.common.models.FieldUniqueConstraint(fields=('edition', 'slug'), name='track_unique_slug', violation_error_code='track_slug_taken', violation_error_field='slug', violation_error_message='This edition already has a track with this slug.'),
        ),
    ]
