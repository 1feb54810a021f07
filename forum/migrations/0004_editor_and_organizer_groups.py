"""The two staff groups: Editors and Organizers.

Editors: every content model (people, organizations, figures, forums and editions), full
rights; nothing about registrations, so no registrant's data. Organizers: registrations (view,
change, delete through the services, check-in at the door, export), registration settings,
quotas and privacy notices; the content read-only. The group rows are data, so a data
migration creates them on every database; the specification is written out here (not imported)
so this migration keeps meaning the same thing when the code moves on.
"""

from django.db import migrations

CONTENT_APPS = ("profiles", "metrics", "forum")
REGISTRATION_MODELS = {
    "registration": ("view", "change", "delete", "check_in", "export"),
    "registrationsettings": ("view", "add", "change", "delete"),
    "categoryquota": ("view", "add", "change", "delete"),
    "privacynotice": ("view", "add", "change"),
    "registrationemail": ("view",),
}
CUSTOM_CODENAMES = {"check_in": "check_in_registration", "export": "export_registration"}


def _codename(action, model_name):
    return CUSTOM_CODENAMES.get(action) or f"{action}_{model_name}"


def _permissions(apps, wanted):
    """Permission rows for (app_label, codename) pairs; all of them must exist."""
    permission_model = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in wanted:
        found.append(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate); create them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    _ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    content_models = [
        (model._meta.app_label, model._meta.model_name)
        for app_label in CONTENT_APPS
        for model in apps.get_app_config(app_label).get_models()
        if model._meta.model_name not in REGISTRATION_MODELS
    ]
    editor_wanted = [
        (app_label, f"{action}_{model_name}")
        for app_label, model_name in content_models
        for action in ("view", "add", "change", "delete")
    ]
    organizer_wanted = [
        (app_label, f"view_{model_name}") for app_label, model_name in content_models
    ] + [
        ("forum", _codename(action, model_name))
        for model_name, actions in REGISTRATION_MODELS.items()
        for action in actions
    ]
    editors, _created = group_model.objects.get_or_create(name="Editors")
    editors.permissions.set(_permissions(apps, editor_wanted))
    organizers, _created = group_model.objects.get_or_create(name="Organizers")
    organizers.permissions.set(_permissions(apps, organizer_wanted))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Organizers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0001_initial"),
        ("metrics", "0001_initial"),
        ("forum", "0003_privacy_notice_v1"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
