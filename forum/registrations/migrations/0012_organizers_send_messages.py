"""Organizers write and send messages to registrants and set up reminders; Editors get none
of it (it reaches registrants' mailboxes)."""

from django.db import migrations

ORGANIZER_CODENAMES = (
    "send_message",
    "view_message",
    "view_reminder",
    "add_reminder",
    "change_reminder",
    "delete_reminder",
)


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate); create them now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("registrations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    wanted = permission_model.objects.filter(
        content_type__app_label="registrations", codename__in=ORGANIZER_CODENAMES
    )
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.add(*wanted)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="registrations", codename__in=ORGANIZER_CODENAMES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0011_messages_reminders_and_opt_outs"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
