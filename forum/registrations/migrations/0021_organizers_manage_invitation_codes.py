"""Organizers manage their editions' invitation codes (Editors get nothing here, as for
registrations)."""

from django.db import migrations

GRANTED = [
    "view_invitationcode",
    "add_invitationcode",
    "change_invitationcode",
    "delete_invitationcode",
]


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
    permissions = permission_model.objects.filter(
        content_type__app_label="registrations", codename__in=GRANTED
    )
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    permissions = permission_model.objects.filter(
        content_type__app_label="registrations", codename__in=GRANTED
    )
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0004_editor_and_organizer_groups"),
        ("registrations", "0020_invitation_codes"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
