"""The outbox learns claims and back-off times.

A worker claims an e-mail (status `sending`, `claimed_at`) before it talks to the mail server,
and a failed send records when the next attempt is due (`next_attempt_at`), which the worker's
sweep reads. Rows owed when this runs are due at once: pending ones from their creation, failed
ones from their last attempt, so the sweep takes them over from whatever was queued before.
Sent and given-up rows have no next attempt.
"""

import django.utils.timezone
import config.common.models
from django.db import migrations, models
from django.db.models import F


def due_now_if_owed(apps, schema_editor):
    email_model = apps.get_model("registrations", "RegistrationEmail")
    email_model.objects.filter(status="pending").update(next_attempt_at=F("created_at"))
    email_model.objects.filter(status="failed").update(next_attempt_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0003_constraint_messages_on_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='registrationemail',
            name='claimed_at',
            field=models.DateTimeField(blank=True, help_text='Set while a worker sends it; an old claim means that worker stopped.', null=True, verbose_name='being sent since'),
        ),
        migrations.AddField(
            model_name='registrationemail',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='next attempt'),
        ),
        migrations.RunPython(due_now_if_owed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='registrationemail',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, null=True, verbose_name='next attempt'),
        ),
        migrations.AlterField(
            model_name='registrationemail',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed (will be retried)'), ('gave_up', 'Failed (gave up)')], default='pending', max_length=10, verbose_name='status'),
        ),
        migrations.AddIndex(
            model_name='registrationemail',
            index=models.Index(condition=models.Q(('status__in', ['pending', 'sending', 'failed'])), fields=['status', 'next_attempt_at'], name='registration_email_owed'),
        ),
        migrations.AddConstraint(
            model_name='registrationemail',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('status__in', ['pending', 'sending', 'sent', 'failed', 'gave_up'])), name='registration_email_status_valid', violation_error_code='unknown_email_status', violation_error_field='status', violation_error_message='This is not a known e-mail status.'),
        ),
        migrations.AddConstraint(
            model_name='registrationemail',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('claimed_at__isnull', False), ('status', 'sending')), models.Q(models.Q(('status', 'sending'), _negated=True), ('claimed_at__isnull', True)), _connector='OR'), name='registration_email_claimed_while_sending', violation_error_code='claim_without_sending', violation_error_field='claimed_at', violation_error_message='An e-mail has a claim time while it is being sent, and only then.'),
        ),
    ]
