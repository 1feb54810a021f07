"""News articles: the forum's own pieces and press reprinted with its source named.

An article is public when `is_published` is set and its unpublishing time (`expire_at`) has not
passed (`Article.objects.published()`, the one definition every page, feed, list and sitemap
starts from); `published_at` dates it and orders the lists. Changes to a live article wait as
drafts (config.revisions) until a chief editor publishes them.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import (
    FieldCheckConstraint,
    TimeStampedModel,
    Translated,
)
from config.common.text import RichTextField
from config.revisions.models import DraftStateMixin, DraftStateQuerySet


class TagQuerySet(models.QuerySet):
    def in_use(self):
        """Tags of at least one published article."""
        return self.filter(pk__in=Article.objects.published().values("tags"))


class Tag(TimeStampedModel):
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    name = Translated()

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.name_zh} ({self.name_en})" if self.name_en else self.name_zh


class ArticleQuerySet(DraftStateQuerySet):
    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def search(self, text):
        return self.filter(
            Q(title_zh__icontains=text)
            | Q(title_en__icontains=text)
            | Q(standfirst_zh__icontains=text)
            | Q(standfirst_en__icontains=text)
        )


class Article(DraftStateMixin, TimeStampedModel):
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The article's address: latin letters, digits and hyphens."),
    )
    standfirst_zh = models.TextField(
        _("standfirst (Chinese)"),
        blank=True,
        help_text=_("One or two plain sentences under the title, also used in lists and feeds."),
    )
    standfirst_en = models.TextField(_("standfirst (English)"), blank=True)
    body_zh = RichTextField(_("body (Chinese)"), blank=True)
    body_en = RichTextField(
        _("body (English)"),
        blank=True,
        help_text=_("May be a summary of the Chinese text; the page then says so."),
    )
    body_en_is_summary = models.BooleanField(
        _("English body is a summary"),
        default=False,
        help_text=_("Tick when the English body summarizes the Chinese text."),
    )
    cover = models.ForeignKey(
        "images.Image",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; its alternative text is the image's own."),
    )
    byline_zh = models.CharField(_("byline (Chinese)"), max_length=200, blank=True)
    byline_en = models.CharField(_("byline (English)"), max_length=200, blank=True)
    source = models.ForeignKey(
        "metrics.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_(
            "For reprinted press: the original publication (publisher, URL, date) is named "
            "on the page."
        ),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    people = models.ManyToManyField(
        "profiles.Person", verbose_name=_("people"), blank=True, related_name="news_articles"
    )
    organizations = models.ManyToManyField(
        "profiles.Organization",
        verbose_name=_("organizations"),
        blank=True,
        related_name="news_articles",
    )
    editions = models.ManyToManyField(
        "forum.Edition", verbose_name=_("editions"), blank=True, related_name="news_articles"
    )
    indicators = models.ManyToManyField(
        "metrics.Indicator", verbose_name=_("figures"), blank=True, related_name="news_articles"
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("Shown on the article and orders the news list."),
    )

    title = Translated()
    standfirst = Translated()
    byline = Translated()
    body = Translated()

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_at"], name="article_listing")]
        constraints = [
            FieldCheckConstraint(
                condition=Q(body_en_is_summary=False) | ~Q(body_en=""),
                name="article_summary_has_text",
                violation_error_field="body_en_is_summary",
                violation_error_message=_("An English summary needs an English body."),
                violation_error_code="summary_without_text",
            ),
        ]

    def __str__(self):
        return self.title_zh

    @property
    def published_on(self):
        """The day of `published_at` in the site's time zone."""
        return timezone.localdate(self.published_at)
