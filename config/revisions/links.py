"""Signed, expiring preview links for reviewers without an account (django.core.signing): the
token names a revision and a language, is signed with SECRET_KEY and a salt of its own, and
expires after PREVIEW_LINK_MAX_AGE seconds. It shows that revision only, never another."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "revisions.preview-link"


def preview_path(revision, language):
    token = signing.dumps({"revision": revision.pk, "language": language}, salt=SALT)
    return reverse("revisions_preview", kwargs={"token": token})


def read(token):
    """{"revision": id, "language": code}; raises signing.BadSignature (SignatureExpired)."""
    return signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)


def max_age_days():
    return round(settings.PREVIEW_LINK_MAX_AGE / 86400)
