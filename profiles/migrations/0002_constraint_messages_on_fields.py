# The constraints carry their own message and the field it belongs to. Only Python-side
# attributes change (the class, violation_error_*): AlterConstraint, no SQL.

import config.common.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0001_initial'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='milestone',
            name='milestone_unique_title',
            constraint=config.common.models.FieldUniqueConstraint(fields=('organization', 'kind', 'title_zh'), name='milestone_unique_title', violation_error_code='milestone_title_taken', violation_error_field='title_zh', violation_error_message='This organization already has a milestone of this kind with this title.'),
        ),
        migrations.AlterConstraint(
            model_name='milestone',
            name='milestone_amount_non_negative',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='milestone_amount_non_negative', violation_error_code='negative_amount', violation_error_field='amount', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AlterConstraint(
            model_name='milestone',
            name='milestone_amount_has_currency',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('amount__isnull', True), models.Q(('amount_currency', ''), _negated=True), _connector='OR'), name='milestone_amount_has_currency', violation_error_code='amount_without_currency', violation_error_field='amount_currency', violation_error_message='Give the currency of the amount.'),
        ),
        migrations.AlterConstraint(
            model_name='milestone',
            name='milestone_exchange_only_for_listings',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('kind', 'listing'), models.Q(('board', ''), ('exchange', ''), ('ticker', '')), _connector='OR'), name='milestone_exchange_only_for_listings', violation_error_code='exchange_not_listing', violation_error_field='exchange', violation_error_message='Only a stock listing has an exchange, board or ticker.'),
        ),
        migrations.AlterConstraint(
            model_name='milestone',
            name='milestone_precision_with_date',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('date__isnull', True), ('date_precision', '')), models.Q(('date__isnull', False), models.Q(('date_precision', ''), _negated=True)), _connector='OR'), name='milestone_precision_with_date', violation_error_code='date_and_precision', violation_error_field='date_precision', violation_error_message='A date and its precision go together: give both, or neither.'),
        ),
        migrations.AlterConstraint(
            model_name='organization',
            name='organization_founded_year_plausible',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('founded_year__isnull', True), models.Q(('founded_year__gte', 1800), ('founded_year__lte', 2100)), _connector='OR'), name='organization_founded_year_plausible', violation_error_code='founded_year_implausible', violation_error_field='founded_year', violation_error_message='The founding year must lie between 1800 and 2100.'),
        ),
        migrations.AlterConstraint(
            model_name='organization',
            name='organization_not_own_parent',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='organization_not_own_parent', violation_error_code='parent_cycle', violation_error_field='parent', violation_error_message='This would make the item its own parent.'),
        ),
        migrations.AlterConstraint(
            model_name='role',
            name='role_unique_title',
            constraint=config.common.models.FieldUniqueConstraint(fields=('person', 'organization', 'title_zh'), name='role_unique_title', violation_error_code='role_title_taken', violation_error_field='title_zh', violation_error_message='This person already holds a role with this title in this organization.'),
        ),
        migrations.AlterConstraint(
            model_name='role',
            name='role_end_after_start',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('end_date__isnull', True), ('start_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='role_end_after_start', violation_error_code='end_before_start', violation_error_field='end_date', violation_error_message='The end cannot come before the start.'),
        ),
        migrations.AlterConstraint(
            model_name='role',
            name='role_start_precision_with_date',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('start_date__isnull', True), ('start_precision', '')), models.Q(('start_date__isnull', False), models.Q(('start_precision', ''), _negated=True)), _connector='OR'), name='role_start_precision_with_date', violation_error_code='date_and_precision', violation_error_field='start_precision', violation_error_message='A date and its precision go together: give both, or neither.'),
        ),
        migrations.AlterConstraint(
            model_name='role',
            name='role_end_precision_with_date',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('end_date__isnull', True), ('end_precision', '')), models.Q(('end_date__isnull', False), models.Q(('end_precision', ''), _negated=True)), _connector='OR'), name='role_end_precision_with_date', violation_error_code='date_and_precision', violation_error_field='end_precision', violation_error_message='A date and its precision go together: give both, or neither.'),
        ),
    ]
