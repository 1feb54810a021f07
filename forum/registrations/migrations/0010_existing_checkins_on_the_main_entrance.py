"""Every check-in made before check-in lists existed was at the edition's one door: give each
edition with a check-in its main entrance list and record those check-ins on it (same time,
same staff member). Organizers get the rights on check-in lists (they set them up) and may read
the check-ins; Editors get none."""

from django.db import migrations

DEFAULT_LIST_NAMES = {"name_zh": "主会场入场", "name_en": "Main entrance"}
ORGANIZER_CODENAMES = (
    "view_checkinlist",
    "add_checkinlist",
    "change_checkinlist",
    "delete_checkinlist",
    "view_checkin",
)


def move_checkins(apps, schema_editor):
    registration_model = apps.get_model("registrations", "Registration")
    list_model = apps.get_model("registrations", "CheckInList")
    checkin_model = apps.get_model("registrations", "CheckIn")
    checked_in = registration_model.objects.filter(checked_in_at__isnull=False).order_by("pk")
    lists = {}
    for edition_id in checked_in.values_list("edition_id", flat=True).distinct():
        lists[edition_id], _created = list_model.objects.get_or_create(
            edition_id=edition_id, is_default=True, defaults=DEFAULT_LIST_NAMES
        )
    rows = [
        checkin_model(
            checkin_list=lists[edition_id],
            registration_id=pk,
            at=at,
            by_id=by_id,
        )
        for pk, edition_id, at, by_id in checked_in.values_list(
            "pk", "edition_id", "checked_in_at", "checked_in_by_id"
        ).iterator()
    ]
    checkin_model.objects.bulk_create(rows, batch_size=500)


def drop_checkins(apps, schema_editor):
    """Back: the registrations keep their checked_in_at; the lists go with their table."""
    apps.get_model("registrations", "CheckIn").objects.all().delete()
    apps.get_model("registrations", "CheckInList").objects.all().delete()


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
        ("registrations", "0009_checkin_lists"),
    ]

    operations = [
        migrations.RunPython(move_checkins, drop_checkins),
        migrations.RunPython(grant, revoke),
    ]
