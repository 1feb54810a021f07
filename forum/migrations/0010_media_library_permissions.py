"""The staff groups and the new content: Editors manage the media library's images and the
editions' galleries (view, add, change, delete); Organizers, who see content read-only, may
view them. Written out, like 0004, so the migration keeps its meaning."""

from django.db import migrations

WANTED = {
    ("images", "image"): {"Editors": ("view", "add", "change", "delete"), "Organizers": ("view",)},
    ("forum", "editionphoto"): {
        "Editors": ("view", "add", "change", "delete"),
        "Organizers": ("view",),
    },
}


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for (app_label, model_name), by_group in WANTED.items():
        for group_name, actions in by_group.items():
            group = group_model.objects.filter(name=group_name).first()
            if group is None:
                continue
            group.permissions.add(
                *permission_model.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model_name}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    for (app_label, model_name), by_group in WANTED.items():
        for group_name, actions in by_group.items():
            group = group_model.objects.filter(name=group_name).first()
            if group is not None:
                group.permissions.remove(
                    *permission_model.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model_name}" for action in actions],
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0009_edition_cover_and_gallery"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
