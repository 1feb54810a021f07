"""Organizers read the registration log (the history on each registration and the exports of
each edition); nobody edits it, so view is the only right there is to give. Editors get none:
it names registrants' registrations."""

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
    view = permission_model.objects.get(
        content_type__app_label="registrations", codename="view_registrationlogentry"
    )
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(
        content_type__app_label="registrations", codename="view_registrationlogentry"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0004_editor_and_organizer_groups"),
        ("registrations", "0007_registration_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
