"""Base model pieces every app uses: timestamps, publication, bilingual fields."""

from django.db import models

from .language import EN, resolve_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Translated:
    """Reads `<name>_en` on English pages and `<name>_zh` otherwise; a blank English value
    falls back to the Chinese one, so an editor may leave English for later."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        chinese = getattr(instance, f"{self.name}_zh")
        if resolve_language() == EN:
            return getattr(instance, f"{self.name}_en") or chinese
        return chinese


def translated_order(field):
    """The column to sort a bilingual field by in the active language."""
    return f"{field}_en" if resolve_language() == EN else f"{field}_zh"
