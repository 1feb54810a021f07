"""Writes to articles and tags. The admin's `save_model` and `load_demo` both call these."""

from django.db import transaction
from django.utils.text import slugify

from config.common.text import sanitize_html


@transaction.atomic
def tag_save(*, tag):
    """Save a tag; a slug from the English name when blank."""
    if not tag.slug:
        tag.slug = slugify(tag.name_en)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def article_save(*, article):
    """Save an article: a slug from the English title when blank, both bodies sanitized to the
    allow-list, the standfirsts and bylines trimmed. Links (tags, people …) are the caller's
    to set after the save, as many-to-many rows need a saved article."""
    if not article.slug:
        article.slug = slugify(article.title_en)[:100]
    article.body_zh = sanitize_html(article.body_zh)
    article.body_en = sanitize_html(article.body_en)
    for name in ("standfirst_zh", "standfirst_en", "byline_zh", "byline_en"):
        setattr(article, name, getattr(article, name).strip())
    article.full_clean()
    article.save()
    return article
