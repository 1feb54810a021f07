"""Registration moved to its own app (label `registrations`): its models leave forum's state
only. The tables and their rows stay; registrations' 0001 takes the models over and 0002 renames
the tables and moves the content types (and with them every permission of the Organizers group).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0005_registration_ordering_without_joins'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='categoryquota',
                    name='category_quota_unique_category',
                ),
                migrations.RemoveConstraint(
                    model_name='categoryquota',
                    name='category_quota_non_negative',
                ),
                migrations.RemoveIndex(
                    model_name='registration',
                    name='registration_seat_count',
                ),
                migrations.RemoveConstraint(
                    model_name='registration',
                    name='registration_unique_live_email',
                ),
                migrations.RemoveConstraint(
                    model_name='registration',
                    name='registration_unique_checkin_code',
                ),
                migrations.RemoveConstraint(
                    model_name='registration',
                    name='registration_status_valid',
                ),
                migrations.RemoveConstraint(
                    model_name='registration',
                    name='registration_category_valid',
                ),
                migrations.RemoveField(
                    model_name='registrationemail',
                    name='registration',
                ),
                migrations.RemoveConstraint(
                    model_name='registrationsettings',
                    name='registration_settings_capacity_non_negative',
                ),
                migrations.RemoveConstraint(
                    model_name='registrationsettings',
                    name='registration_settings_closes_after_opens',
                ),
                migrations.RemoveField(
                    model_name='categoryquota',
                    name='settings',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='checked_in_by',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='edition',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='privacy_notice',
                ),
                migrations.RemoveField(
                    model_name='registration',
                    name='sectors',
                ),
                migrations.DeleteModel(
                    name='RegistrationEmail',
                ),
                migrations.RemoveField(
                    model_name='registrationsettings',
                    name='edition',
                ),
                migrations.RemoveField(
                    model_name='registrationsettings',
                    name='privacy_notice',
                ),
                migrations.DeleteModel(
                    name='CategoryQuota',
                ),
                migrations.DeleteModel(
                    name='Registration',
                ),
                migrations.DeleteModel(
                    name='PrivacyNotice',
                ),
                migrations.DeleteModel(
                    name='RegistrationSettings',
                ),
            ],
            database_operations=[],
        ),
    ]
