"""Registration's models, taken over from forum's state (forum 0006) on the tables forum
created: nothing is written to the database here; 0002 renames the tables."""

import django.db.models.deletion
import django.db.models.functions.text
import forum.registrations.codes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('forum', '0006_move_registration_to_its_own_app'),
        ('metrics', '0002_observation_share_fraction'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PrivacyNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('version', models.CharField(max_length=20, unique=True, verbose_name='version')),
                        ('effective_from', models.DateTimeField(verbose_name='in force from')),
                        ('title_zh', models.CharField(max_length=200, verbose_name='title (Chinese)')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='title (English)')),
                        ('body_zh', models.TextField(verbose_name='text (Chinese)')),
                        ('body_en', models.TextField(blank=True, verbose_name='text (English)')),
                        ('retention_days', models.PositiveIntegerField(default=365, help_text='Registrations are anonymized this many days after their edition ends.', verbose_name='retention (days after the edition)')),
                    ],
                    options={
                        'db_table': 'forum_privacynotice',
                        'verbose_name': 'privacy notice',
                        'verbose_name_plural': 'privacy notices',
                        'ordering': ['-effective_from'],
                    },
                ),
                migrations.CreateModel(
                    name='Registration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('status', models.CharField(choices=[('confirmed', 'Confirmed'), ('waitlisted', 'Waiting list'), ('cancelled', 'Cancelled')], db_index=True, max_length=12, verbose_name='status')),
                        ('category', models.CharField(choices=[('entrepreneur', 'Entrepreneur'), ('investor', 'Investor'), ('researcher', 'Researcher'), ('government', 'Government'), ('media', 'Media'), ('other', 'Other')], max_length=20, verbose_name='category')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('mobile', models.CharField(blank=True, help_text='Stored in E.164 (+8613812345678).', max_length=20, verbose_name='mobile')),
                        ('organization', models.CharField(max_length=200, verbose_name='organization')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('needs', models.TextField(blank=True, verbose_name='accessibility or dietary needs')),
                        ('language', models.CharField(default='zh-hans', max_length=10, verbose_name='language')),
                        ('consented_at', models.DateTimeField(verbose_name='consent given at')),
                        ('token', models.CharField(default=forum.registrations.codes.new_token, editable=False, max_length=64, unique=True, verbose_name='ticket token')),
                        ('checkin_code', models.CharField(default=forum.registrations.codes.new_checkin_code, max_length=12, verbose_name='check-in code')),
                        ('promoted_at', models.DateTimeField(blank=True, null=True, verbose_name='promoted from waiting list at')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                        ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                        ('anonymized_at', models.DateTimeField(blank=True, null=True, verbose_name='anonymized at')),
                        ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked in by')),
                        ('edition', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='forum.edition', verbose_name='edition')),
                        ('privacy_notice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='registrations.privacynotice', verbose_name='accepted privacy notice')),
                        ('sectors', models.ManyToManyField(blank=True, related_name='registrations', to='metrics.sector', verbose_name='sectors of interest')),
                    ],
                    options={
                        'db_table': 'forum_registration',
                        'verbose_name': 'registration',
                        'verbose_name_plural': 'registrations',
                        'ordering': ['edition_id', 'created_at', 'pk'],
                        'permissions': [('check_in_registration', 'Can check attendees in at the door'), ('export_registration', 'Can export attendee lists')],
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('kind', models.CharField(choices=[('confirmation', 'Confirmation'), ('waitlist', 'Waiting list'), ('promotion', 'Promotion from the waiting list'), ('cancellation', 'Cancellation')], max_length=15, verbose_name='kind')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sent', 'Sent'), ('failed', 'Failed (will be retried)'), ('gave_up', 'Failed (gave up)')], default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('last_error', models.CharField(blank=True, max_length=200, verbose_name='last error')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'db_table': 'forum_registrationemail',
                        'verbose_name': 'registration e-mail',
                        'verbose_name_plural': 'registration e-mails',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('opens_at', models.DateTimeField(verbose_name='registration opens')),
                        ('closes_at', models.DateTimeField(verbose_name='registration closes')),
                        ('capacity', models.PositiveIntegerField(verbose_name='capacity (seats)')),
                        ('is_demo', models.BooleanField(default=False, help_text='Set by load_demo; replace with the real window and capacity.', verbose_name='demo settings')),
                        ('edition', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='registration_settings', to='forum.edition', verbose_name='edition')),
                        ('privacy_notice', models.ForeignKey(blank=True, help_text='Blank: the newest notice in force.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registrations.privacynotice', verbose_name='privacy notice')),
                    ],
                    options={
                        'db_table': 'forum_registrationsettings',
                        'verbose_name': 'registration settings',
                        'verbose_name_plural': 'registration settings',
                    },
                ),
                migrations.CreateModel(
                    name='CategoryQuota',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('entrepreneur', 'Entrepreneur'), ('investor', 'Investor'), ('researcher', 'Researcher'), ('government', 'Government'), ('media', 'Media'), ('other', 'Other')], max_length=20, verbose_name='category')),
                        ('quota', models.PositiveIntegerField(verbose_name='quota (seats)')),
                        ('settings', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotas', to='registrations.registrationsettings', verbose_name='registration settings')),
                    ],
                    options={
                        'db_table': 'forum_categoryquota',
                        'verbose_name': 'category quota',
                        'verbose_name_plural': 'category quotas',
                        'ordering': ['settings', 'category'],
                    },
                ),
                migrations.AddIndex(
                    model_name='registration',
                    index=models.Index(fields=['edition', 'status', 'category'], name='registration_seat_count'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.UniqueConstraint(models.F('edition'), django.db.models.functions.text.Lower('email'), condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), ('anonymized_at__isnull', True)), name='registration_unique_live_email'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.UniqueConstraint(fields=('edition', 'checkin_code'), name='registration_unique_checkin_code'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['confirmed', 'waitlisted', 'cancelled'])), name='registration_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='registration',
                    constraint=models.CheckConstraint(condition=models.Q(('category__in', ['entrepreneur', 'investor', 'researcher', 'government', 'media', 'other'])), name='registration_category_valid'),
                ),
                migrations.AddConstraint(
                    model_name='registrationsettings',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 0)), name='registration_settings_capacity_non_negative'),
                ),
                migrations.AddConstraint(
                    model_name='registrationsettings',
                    constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='registration_settings_closes_after_opens'),
                ),
                migrations.AddConstraint(
                    model_name='categoryquota',
                    constraint=models.UniqueConstraint(fields=('settings', 'category'), name='category_quota_unique_category'),
                ),
                migrations.AddConstraint(
                    model_name='categoryquota',
                    constraint=models.CheckConstraint(condition=models.Q(('quota__gte', 0)), name='category_quota_non_negative'),
                ),
            ],
            database_operations=[],
        ),
    ]
