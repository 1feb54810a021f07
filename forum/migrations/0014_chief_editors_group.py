"""The Chief editors group: what Editors may do, and publish (revisions.publish_revision) —
publish drafts, schedule, send back, unpublish and recover deleted items. Editors keep every
content permission but publishing: their saves of people, organizations, editions and
indicators are drafts for a chief editor to review.

Publishing is a permission (not only a group) so that a superuser or any other group can be
given it; the group is data, so this migration makes it on every database.
"""

from django.db import migrations


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate); create them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_group(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    # Editors are made by 0004 (absent only from a database emptied by hand).
    editors = group_model.objects.filter(name="Editors").first()
    chiefs, _created = group_model.objects.get_or_create(name="Chief editors")
    publish = permission_model.objects.get(
        content_type__app_label="revisions", codename="publish_revision"
    )
    chiefs.permissions.set([*(editors.permissions.all() if editors else []), publish])


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Chief editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0013_edition_unpublish_at"),
        ("metrics", "0005_indicator_unpublish_at"),
        ("profiles", "0008_people_and_organizations_unpublish_at"),
        ("revisions", "0001_revisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
