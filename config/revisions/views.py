"""The shared preview: a signed link shows one revision as its public page (no account)."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from . import links, preview
from .models import Revision
from .serialization import MissingLink


@require_safe
def shared_preview(request, token):
    try:
        data = links.read(token)
    except signing.BadSignature:  # tampered with, or expired (SignatureExpired)
        raise Http404 from None
    revision = get_object_or_404(
        Revision.objects.select_related("content_type"), pk=data["revision"]
    )
    model = revision.model
    if (
        model is None
        or not preview.can_preview(model)
        or data.get("language") not in ("zh-hans", "en")
    ):
        raise Http404
    try:
        return preview.render_content(request, model, revision.content, data["language"])
    except (MissingLink, ValidationError):
        raise Http404 from None
