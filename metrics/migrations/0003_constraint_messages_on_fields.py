# The constraints carry their own message and the field it belongs to. Only Python-side
# attributes change (the class, violation_error_*): AlterConstraint, no SQL.

import config.common.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0002_observation_share_fraction'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='indicator',
            name='indicator_count_noun_only_for_counts',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('unit', 'count'), ('count_noun_zh', ''), _connector='OR'), name='indicator_count_noun_only_for_counts', violation_error_code='count_noun_not_count', violation_error_field='count_noun_zh', violation_error_message='Only an indicator counted in units has a count word.'),
        ),
        migrations.AlterConstraint(
            model_name='observation',
            name='observation_unique_per_period',
            constraint=config.common.models.FieldUniqueConstraint(fields=('indicator', 'period_date', 'period_precision', 'comparison', 'kind'), name='observation_unique_per_period', violation_error_code='observation_period_taken', violation_error_field='period_date', violation_error_message='This indicator already has a figure of this measure and kind for this period.'),
        ),
        migrations.AlterConstraint(
            model_name='observation',
            name='observation_value_non_negative',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('value__gte', 0), ('comparison', 'yoy_growth'), _connector='OR'), name='observation_value_non_negative', violation_error_code='negative_value', violation_error_field='value', violation_error_message='Only a growth rate can be negative.'),
        ),
        migrations.AlterConstraint(
            model_name='observation',
            name='observation_rank_from_one',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(models.Q(('comparison__in', ('rank_china', 'rank_world')), _negated=True), ('value__gte', 1), _connector='OR'), name='observation_rank_from_one', violation_error_code='invalid_rank', violation_error_field='value', violation_error_message='A rank is a whole number from 1 (first).'),
        ),
        migrations.AlterConstraint(
            model_name='observation',
            name='observation_fraction_only_for_shares',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('share_denominator__isnull', True), models.Q(('comparison__in', ('share_of_china', 'share_of_world', 'share_of_total')), ('share_denominator__gte', 2)), _connector='OR'), name='observation_fraction_only_for_shares', violation_error_code='fraction_not_share', violation_error_field='share_denominator', violation_error_message='Only a share can be published as a fraction, and its denominator is at least 2.'),
        ),
        migrations.AlterConstraint(
            model_name='sector',
            name='sector_not_own_parent',
            constraint=config.common.models.FieldCheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='sector_not_own_parent', violation_error_code='parent_cycle', violation_error_field='parent', violation_error_message='This would make the item its own parent.'),
        ),
        migrations.AlterConstraint(
            model_name='source',
            name='source_unique_title',
            constraint=config.common.models.FieldUniqueConstraint(fields=('title_zh', 'publisher_zh'), name='source_unique_title', violation_error_code='source_title_taken', violation_error_field='title_zh', violation_error_message='A source with this title and publisher is already recorded.'),
        ),
    ]
