# The log of organizers' (and registrants') actions on registrations: who, when, what.

import config.common.models
import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0011_participations_protect_their_person'),
        ('registrations', '0006_email_kind_already_registered'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RegistrationLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('registration.cancelled', 'Cancelled'), ('registration.promoted', 'Promoted from the waiting list'), ('registration.email_resent', 'E-mail sent again'), ('registration.email_retried', 'Failed e-mail retried'), ('registration.checked_in', 'Checked in at the door'), ('registration.details_changed', 'Details corrected'), ('registration.deleted', 'Registration deleted'), ('registrations.exported', 'Attendee list exported')], max_length=40, verbose_name='action')),
                ('actor_kind', models.CharField(choices=[('staff', 'Staff account'), ('registrant', 'The registrant'), ('system', 'Automatically')], max_length=12, verbose_name='by')),
                ('actor_name', models.CharField(blank=True, help_text='Kept when the account is deleted.', max_length=150, verbose_name='staff user name')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='what')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='staff account')),
                ('edition', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registration_log_entries', to='forum.edition', verbose_name='edition')),
                ('registration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='log_entries', to='registrations.registration', verbose_name='registration')),
            ],
            options={
                'verbose_name': 'registration log entry',
                'verbose_name_plural': 'registration log',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['registration', '-created_at'], name='registration_log_history'), models.Index(fields=['edition', 'action', '-created_at'], name='registration_log_edition')],
                'constraints': [config.common.models.FieldCheckConstraint(condition=models.Q(('action__in', ['registration.cancelled', 'registration.promoted', 'registration.email_resent', 'registration.email_retried', 'registration.checked_in', 'registration.details_changed', 'registration.deleted', 'registrations.exported'])), name='registration_log_action_valid', violation_error_code='invalid_action', violation_error_field='action', violation_error_message='Choose one of the recorded actions.'), config.common.models.FieldCheckConstraint(condition=models.Q(('actor_kind__in', ['staff', 'registrant', 'system'])), name='registration_log_actor_kind_valid', violation_error_code='invalid_actor_kind', violation_error_field='actor_kind', violation_error_message='Choose who acted.'), config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('actor_kind', 'staff'), models.Q(('actor_name', ''), _negated=True)), models.Q(models.Q(('actor_kind', 'staff'), _negated=True), ('actor__isnull', True), ('actor_name', '')), _connector='OR'), name='registration_log_staff_named', violation_error_code='actor_unnamed', violation_error_field='actor_name', violation_error_message='An action by staff names the account; another action names none.'), config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('registration__isnull', True), ('action__in', ['registrations.exported', 'registration.deleted'])), models.Q(('registration__isnull', False), models.Q(('action__in', ['registrations.exported', 'registration.deleted']), _negated=True)), _connector='OR'), name='registration_log_registration_per_action', violation_error_code='registration_per_action', violation_error_field='registration', violation_error_message='Exports and deletions are recorded on the edition, every other action on its registration.')],
            },
        ),
    ]
