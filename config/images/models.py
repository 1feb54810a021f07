import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, TimeStampedModel, Translated

from .processing import inspect


def image_upload_to(instance, filename):
    """A name nobody chose: images/2026/11/<random>.<format's extension>. The uploaded name is
    kept in `original_name` for search, never used as a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"images/{timezone.now():%Y/%m}/{secrets.token_urlsafe(12)}.{extension}"


def validate_upload(value):
    """A new upload must pass `inspect()` (decoded, within the limits); a stored file was
    already re-encoded when it was saved."""
    if value and not getattr(value, "_committed", True):
        inspect(value.file)


class Image(TimeStampedModel):
    """One picture of the library, used by any number of people, organizations, editions and
    galleries. Its renditions (the sizes each use needs, in WebP and JPEG or PNG) are made
    when it is saved and listed in `renditions`, so a page reads them without opening a file.
    """

    file = models.FileField(
        _("image file"),
        upload_to=image_upload_to,
        max_length=200,
        validators=[validate_upload],
        help_text=_(
            "JPEG, PNG or WebP. The file is re-encoded: camera data such as the GPS position "
            "is removed."
        ),
    )
    original_name = models.CharField(_("uploaded as"), max_length=200, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_zh = models.CharField(
        _("alternative text (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    alt_en = models.CharField(_("alternative text (English)"), max_length=300, blank=True)
    is_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Shows nothing a reader needs: screen readers skip it (empty alt text)."),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        default=50,
        help_text=_("Crops keep this point: click the image to set it."),
    )
    focal_y = models.PositiveSmallIntegerField(_("focal point, down (%)"), default=50)
    caption_zh = models.CharField(_("caption (Chinese)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    credit_zh = models.CharField(_("credit (Chinese)"), max_length=200, blank=True)
    credit_en = models.CharField(_("credit (English)"), max_length=200, blank=True)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    alt = Translated()
    caption = Translated()
    credit = Translated()

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(is_decorative=True) | ~Q(alt_zh=""),
                name="image_alt_zh_unless_decorative",
                violation_error_field="alt_zh",
                violation_error_message=_(
                    "Describe the image in Chinese, or mark it as decorative."
                ),
                violation_error_code="alt_missing",
            ),
            FieldCheckConstraint(
                condition=Q(is_decorative=True) | ~Q(alt_en=""),
                name="image_alt_en_unless_decorative",
                violation_error_field="alt_en",
                violation_error_message=_(
                    "Describe the image in English, or mark it as decorative."
                ),
                violation_error_code="alt_missing",
            ),
            FieldCheckConstraint(
                condition=Q(focal_x__lte=100),
                name="image_focal_x_in_image",
                violation_error_field="focal_x",
                violation_error_message=_("The focal point lies between 0 and 100 %."),
                violation_error_code="focal_outside",
            ),
            FieldCheckConstraint(
                condition=Q(focal_y__lte=100),
                name="image_focal_y_in_image",
                violation_error_field="focal_y",
                violation_error_message=_("The focal point lies between 0 and 100 %."),
                violation_error_code="focal_outside",
            ),
        ]

    def __str__(self):
        return self.alt_zh or self.original_name or self.file.name

    @property
    def alt_text(self):
        """The alt attribute in the page language: empty for a decorative image."""
        return "" if self.is_decorative else self.alt

    def files(self):
        """Every stored file of this image: the master and each rendition."""
        names = set(self.renditions.get("files", []))
        if self.file:
            names.add(self.file.name)
        return names
