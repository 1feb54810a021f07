"""Writes to sources, sectors, indicators and observations.

The admin's `save_model` and `load_demo` both call these. Each validates with `full_clean()`,
so bad data gets a ValidationError naming the field rather than an IntegrityError, then saves
inside a transaction and returns the object.
"""

from django.db import transaction
from django.utils.text import slugify


@transaction.atomic
def source_save(*, source):
    """Save a source. Only what the publication gives is recorded: publisher, date and URL may
    stay blank rather than be guessed."""
    source.title_zh = source.title_zh.strip()
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def sector_save(*, sector):
    """Save a sector; a sector may not sit under itself or one of its own sub-sectors."""
    if not sector.slug:
        sector.slug = slugify(sector.name_en)
    sector.full_clean()
    sector.save()
    return sector


@transaction.atomic
def indicator_save(*, indicator):
    """Save an indicator; a count names what it counts (家, 颗 …), other units do not."""
    if not indicator.slug:
        indicator.slug = slugify(indicator.name_en)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def observation_save(*, observation):
    """Save an observation: a rank is a whole number from 1, a share at most 100 %, only growth
    may be negative, the period date matches its precision, one value per (indicator, period,
    measure, kind)."""
    observation.full_clean()
    observation.save()
    return observation
