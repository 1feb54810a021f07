from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedRow(models.Model):
    """A row of a sitemap section that was deleted, and when: no remaining row tells that the
    sitemap page listing it changed, so this dates that page (forum.website.sitemaps)."""

    model_label = models.CharField(_("kind of row"), max_length=100)
    row_key = models.PositiveBigIntegerField(_("row key"))
    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deleted row")
        verbose_name_plural = _("deleted rows")
        indexes = [models.Index(fields=["model_label", "row_key"], name="deleted_row_key")]

    def __str__(self):
        return f"{self.model_label} {self.row_key}"
