"""Writes to people, organizations, roles, milestones and quotes.

The admin's `save_model` and `load_demo` both call these, so each rule exists once. Every function
validates with `full_clean()` (a clear ValidationError instead of an IntegrityError), applies the
rule that belongs to the model, saves inside a transaction and returns the object.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from config.common.text import sanitize_html

from .enums import RoleKind
from .models import Person

PLACEHOLDER_SIZE = 400
# Calm, dark enough for white initials to pass WCAG AA contrast (each at least 4.5:1 on white).
PLACEHOLDER_COLOURS = (
    "#2f5d62",  # teal
    "#3d5a80",  # slate blue
    "#5b4b8a",  # muted violet
    "#4a6741",  # moss
    "#7a4e3a",  # clay
    "#35506b",  # steel
    "#6b4f63",  # plum
    "#3f5f4f",  # pine
)


def _initials(person):
    """Up to two initials of the English/pinyin name ("Chen Weiliang" → "CW"), else of the
    slug, which is ASCII by construction."""
    words = [w for w in (person.name_en or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        words = [w for w in (person.slug or "").split("-") if w]
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


def placeholder_colour(person):
    digest = hashlib.sha256((person.slug or person.name_zh or "").encode()).digest()
    return PLACEHOLDER_COLOURS[digest[0] % len(PLACEHOLDER_COLOURS)]


def render_placeholder_photo(person):
    """A square PNG: the person's initials in white on a calm colour. Not a portrait."""
    image = Image.new("RGB", (PLACEHOLDER_SIZE, PLACEHOLDER_SIZE), placeholder_colour(person))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=PLACEHOLDER_SIZE * 2 // 5)
    draw.text(
        (PLACEHOLDER_SIZE / 2, PLACEHOLDER_SIZE / 2),
        _initials(person),
        fill="#ffffff",
        font=font,
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _apply_photo_rule(person, stored):
    """Give the person a placeholder when they have no photo, or when their placeholder shows
    the initials of a name since changed; an uploaded photo replaces the placeholder.
    `stored` is the row as it is in the database (None for a new person)."""
    photo = person.photo
    if photo and not getattr(photo, "_committed", True):
        person.photo_is_placeholder = False  # the editor uploaded a real photo
        return
    if photo and not person.photo_is_placeholder:
        return  # a real photo stays as it is
    if photo and stored and (stored["name_en"], stored["slug"]) == (person.name_en, person.slug):
        return  # the placeholder still shows the right initials
    person.photo.save(
        f"placeholder-{person.slug}.png", ContentFile(render_placeholder_photo(person)), save=False
    )
    person.photo_is_placeholder = True


@transaction.atomic
def person_save(*, person):
    """Save a person: a slug from the pinyin name when blank, the biography sanitized, and a
    neutral initials placeholder as photo until an editor uploads a real one. A placeholder
    file that is no longer used is deleted once the transaction commits."""
    if not person.slug:
        person.slug = slugify(person.name_en)
    person.bio_zh = sanitize_html(person.bio_zh)
    person.bio_en = sanitize_html(person.bio_en)
    # The photo is checked by the upload form; a placeholder is made only for valid data.
    person.full_clean(exclude=["photo"])
    stored = None
    if person.pk is not None:
        stored = (
            Person.objects.filter(pk=person.pk)
            .values("name_en", "slug", "photo", "photo_is_placeholder")
            .first()
        )
    _apply_photo_rule(person, stored)
    person.save()
    if stored and stored["photo_is_placeholder"] and stored["photo"] != person.photo.name:
        storage, unused = person.photo.storage, stored["photo"]
        transaction.on_commit(lambda: storage.delete(unused))
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
