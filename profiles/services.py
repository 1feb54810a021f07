"""Writes to people, organizations, roles, milestones and quotes.

The admin's `save_model` and `load_demo` both call these, so each rule exists once. Every function
validates with `full_clean()` (a clear ValidationError instead of an IntegrityError), applies the
rule that belongs to the model, saves inside a transaction and returns the object.
"""

from django.db import transaction
from django.utils.text import slugify

from config.common.text import sanitize_html

from .enums import RoleKind


@transaction.atomic
def person_save(*, person):
    """Save a person: a slug from the pinyin name when blank, the biography sanitized. Their
    portrait is an image of the media library (config.images, which checks and re-encodes
    it); without one the pages draw the initials (`Person.initials`), no file is made."""
    if not person.slug:
        person.slug = slugify(person.name_en)
    person.bio_zh = sanitize_html(person.bio_zh)
    person.bio_en = sanitize_html(person.bio_en)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def organization_save(*, organization):
    """Save an organization; its parent may not be itself or one of its own units."""
    if not organization.slug:
        organization.slug = slugify(organization.short_name_en or organization.name_en)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def role_save(*, role):
    """Save a role; a role of kind founder always carries the founder flag."""
    if role.kind == RoleKind.FOUNDER:
        role.is_founder = True
    role.full_clean()
    role.save()
    return role


@transaction.atomic
def milestone_save(*, milestone):
    """Save a milestone: exchange and board only on a listing and consistent with each other
    (the STAR Market is the SSE's), an amount with its currency, a date with its precision."""
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def quote_save(*, quote):
    """Save a quote; its text is plain (escaped on display), trimmed of stray whitespace."""
    quote.text_zh = quote.text_zh.strip()
    quote.text_en = quote.text_en.strip()
    quote.full_clean()
    quote.save()
    return quote
