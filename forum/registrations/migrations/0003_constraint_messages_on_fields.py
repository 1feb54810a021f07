# The constraints carry their own message and the field it belongs to. Only Python-side
# attributes change (the class, violation_error_*): AlterConstraint, no SQL.

import config.common.models
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0002_own_tables_and_content_types'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='categoryquota',
            name='category_quota_unique_category',
            constraint=config.common.models.FieldUniqueConstraint(fields=('settings', 'category'), name='category_quota_unique_category', violation_error_code='category_quota_taken', violation_error_field='category', violation_error_message='This category already has a quota.'),
        ),
        migrations.AlterConstraint(
            model_name='categoryquota',
            name='category_quota_non_negative',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('quota__gte', 0)), name='category_quota_non_negative', violation_error_code='negative_quota', violation_error_field='quota', violation_error_message='A quota cannot be negative.'),
        ),
        migrations.AlterConstraint(
            model_name='registration',
            name='registration_unique_live_email',
            constraint=config.common.models.FieldUniqueConstraint(models.F('edition'), django.db.models.functions.text.Lower('email'), condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), ('anonymized_at__isnull', True)), name='registration_unique_live_email', violation_error_code='already_registered', violation_error_field='email', violation_error_message='This e-mail address is already registered for this edition.'),
        ),
        migrations.AlterConstraint(
            model_name='registration',
            name='registration_unique_checkin_code',
            constraint=config.common.models.FieldUniqueConstraint(fields=('edition', 'checkin_code'), name='registration_unique_checkin_code', violation_error_code='checkin_code_taken', violation_error_field='checkin_code', violation_error_message='Another registration for this edition has this check-in code.'),
        ),
        migrations.AlterConstraint(
            model_name='registration',
            name='registration_status_valid',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('status__in', ['confirmed', 'waitlisted', 'cancelled'])), name='registration_status_valid', violation_error_code='invalid_status', violation_error_field='status', violation_error_message='Choose one of the registration statuses.'),
        ),
        migrations.AlterConstraint(
            model_name='registration',
            name='registration_category_valid',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('category__in', ['entrepreneur', 'investor', 'researcher', 'government', 'media', 'other'])), name='registration_category_valid', violation_error_code='invalid_category', violation_error_field='category', violation_error_message='Choose one of the attendee categories.'),
        ),
        migrations.AlterConstraint(
            model_name='registrationsettings',
            name='registration_settings_capacity_non_negative',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('capacity__gte', 0)), name='registration_settings_capacity_non_negative', violation_error_code='negative_capacity', violation_error_field='capacity', violation_error_message='The capacity cannot be negative.'),
        ),
        migrations.AlterConstraint(
            model_name='registrationsettings',
            name='registration_settings_closes_after_opens',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='registration_settings_closes_after_opens', violation_error_code='closes_before_opens', violation_error_field='closes_at', violation_error_message='Registration must close after it opens.'),
        ),
    ]
