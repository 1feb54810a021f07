"""Registration's tables and content types take the app's own name.

The content types of the five models move from `forum` to `registrations`: permissions point at
content types, so every permission (and the Organizers group's grants of them, and the admin's
log entries) follows without being rewritten. Then the tables are renamed
(`forum_registration` → `registrations_registration`, its sectors table with it); rows, indexes
and constraints stay as they are.
"""

from django.db import migrations

MODELS = (
    "privacynotice",
    "registrationsettings",
    "categoryquota",
    "registration",
    "registrationemail",
)


def _move_content_types(apps, from_label, to_label):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = content_type_model.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = content_type_model.objects.filter(app_label=to_label, model=model).first()
        if new is None:
            old.app_label = to_label
            old.save(update_fields=["app_label"])
            continue
        # Both exist (permissions were created for the new label before this ran): keep the
        # new content type, hand it the old one's grants, and drop the old.
        for permission in permission_model.objects.filter(content_type=old):
            twin = permission_model.objects.filter(
                content_type=new, codename=permission.codename
            ).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
            else:
                for group in permission.group_set.all():
                    group.permissions.add(twin)
                for user in permission.user_set.all():
                    user.user_permissions.add(twin)
                permission.delete()
        old.delete()


def forwards(apps, schema_editor):
    _move_content_types(apps, "forum", "registrations")


def backwards(apps, schema_editor):
    _move_content_types(apps, "registrations", "forum")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0001_move_registration_to_its_own_app"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterModelTable(name="privacynotice", table=None),
        migrations.AlterModelTable(name="registrationsettings", table=None),
        migrations.AlterModelTable(name="categoryquota", table=None),
        migrations.AlterModelTable(name="registration", table=None),
        migrations.AlterModelTable(name="registrationemail", table=None),
    ]
