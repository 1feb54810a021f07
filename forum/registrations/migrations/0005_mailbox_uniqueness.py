"""One registration per mailbox: the unique constraint moves from the lower-cased address to
the normalized one (addresses.normalize_email), which is filled in for every row here.

Live registrations that already share a mailbox (the audit registered case.test@ｅxample.com
next to case.test@example.com) cannot both hold its normalized address: the earliest keeps
it, each later one is stored with "#<id>" after it (no address can end so) and is reported on
the console for organizers to cancel. Nothing else changes for them.
"""

from django.db import migrations, models

import config.common.models

from forum.registrations.addresses import normalize_email


def fill_normalized_addresses(apps, schema_editor):
    registration_model = apps.get_model("registrations", "Registration")
    rows = registration_model.objects.filter(anonymized_at__isnull=True).order_by(
        "created_at", "pk"
    )
    holders = set()
    shared = []
    for row in rows.only("pk", "edition_id", "email", "status").iterator():
        normalized = normalize_email(row.email)
        if row.status != "cancelled":
            if (row.edition_id, normalized) in holders:
                shared.append(row.pk)
                normalized = f"{normalized}#{row.pk}"
            holders.add((row.edition_id, normalized))
        registration_model.objects.filter(pk=row.pk).update(email_normalized=normalized)
    if shared:
        print(  # noqa: T201 (a migration's report to whoever runs it)
            f"\n  {len(shared)} live registrations share a mailbox with an earlier one "
            f"(ids {', '.join(map(str, shared))}): review and cancel them in admin."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0004_email_claims_and_next_attempt'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='registration',
            name='registration_unique_live_email',
        ),
        migrations.AddField(
            model_name='registration',
            name='email_normalized',
            field=models.CharField(blank=True, editable=False, max_length=320, verbose_name='e-mail (normalized)'),
        ),
        migrations.RunPython(fill_normalized_addresses, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='registration',
            constraint=config.common.models.FieldUniqueConstraint(condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), ('anonymized_at__isnull', True)), fields=('edition', 'email_normalized'), name='registration_unique_live_mailbox', violation_error_code='already_registered', violation_error_field='email_normalized', violation_error_message='This e-mail address is already registered for this edition.'),
        ),
    ]
