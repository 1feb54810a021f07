"""Organizers run matchmaking (its settings, rounds, participants' profiles and requests, the
scheduler); editors get nothing of it: profiles are tied to registrants."""

from django.db import migrations

RIGHTS = {
    "matchmakingsettings": ("view", "add", "change", "delete"),
    "round": ("view", "add", "change", "delete"),
    "participant": ("view", "change", "delete"),
    "meetingrequest": ("view", "change", "delete"),
}


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate); create them now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("matchmaking")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = [
        permission_model.objects.get(
            content_type__app_label="matchmaking", codename=f"{action}_{model}"
        )
        for model, actions in RIGHTS.items()
        for action in actions
    ]
    for group in group_model.objects.filter(name="Organizers"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    permission_model.objects.filter(content_type__app_label="matchmaking").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0004_editor_and_organizer_groups"),
        ("matchmaking", "0001_matchmaking_profiles_requests_and_slots"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
