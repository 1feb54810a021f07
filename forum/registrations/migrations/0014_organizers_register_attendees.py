"""Organizers register attendees themselves (one at a time in the admin, or a guest list): they
get the right to add a registration. Editors get none: it is registrants' data."""

from django.db import migrations


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
    add = permission_model.objects.get(
        content_type__app_label="registrations", codename="add_registration"
    )
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.add(add)


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    add = permission_model.objects.filter(
        content_type__app_label="registrations", codename="add_registration"
    ).first()
    if add is not None:
        for group in group_model.objects.filter(name="Organizers"):
            group.permissions.remove(add)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0004_editor_and_organizer_groups"),
        ("registrations", "0013_organizer_registrations_and_guest_reserve"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
