"""News is content: the staff groups get articles and tags as they have people and editions.
Editors and Chief editors view, add, change and delete them (an editor's save of a live article
is a draft, as for the other content; chief editors publish); Organizers, who see content
read-only, view them. Written out, like forum 0004 and 0010, so the migration keeps its
meaning."""

from django.db import migrations

CONTENT = ("view", "add", "change", "delete")
WANTED = {
    "article": {"Editors": CONTENT, "Chief editors": CONTENT, "Organizers": ("view",)},
    "tag": {"Editors": CONTENT, "Chief editors": CONTENT, "Organizers": ("view",)},
}


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate); create them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps, model_name, actions):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="news",
        codename__in=[f"{action}_{model_name}" for action in actions],
    )


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    for model_name, by_group in WANTED.items():
        for group_name, actions in by_group.items():
            group = group_model.objects.filter(name=group_name).first()
            if group is not None:
                group.permissions.add(*_permissions(apps, model_name, actions))


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for model_name, by_group in WANTED.items():
        for group_name, actions in by_group.items():
            group = group_model.objects.filter(name=group_name).first()
            if group is not None:
                group.permissions.remove(*_permissions(apps, model_name, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_article_unpublish_at"),
        ("forum", "0014_chief_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
