"""Each public entity's share card as PNG, one address per entity and language.

A card is drawn once for what it shows: the card's description is cached under the public
content's version (no query while nothing changed), and the picture under the description's
digest, so a change elsewhere on the site costs a few queries and no drawing. The digest is
the ETag, so a client that has the picture gets 304.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from config.common.content_cache import ANSWER_TIMEOUT, cached_answer
from config.images import cards

from . import share_cards

# Previews are fetched again by sites and browsers after this long, and revalidated by ETag.
MAX_AGE = 60 * 60


def _card_response(request, name, build):
    card = cached_answer(f"share-card:{get_language()}:{name}", build)
    digest = card.digest()
    headers = {"ETag": f'"{digest}"', "Cache-Control": f"public, max-age={MAX_AGE}"}
    not_modified = get_conditional_response(request, etag=headers["ETag"])
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    key = f"share-card-png:{digest}"
    png = cache.get(key)
    if png is None:
        png = cards.draw(card)
        cache.set(key, png, timeout=ANSWER_TIMEOUT)
    return HttpResponse(png, content_type="image/png", headers=headers)


@require_safe
def person_share_image(request, slug):
    return _card_response(request, f"person:{slug}", lambda: share_cards.person_card(slug))


@require_safe
def organization_share_image(request, slug):
    return _card_response(
        request, f"organization:{slug}", lambda: share_cards.organization_card(slug)
    )


@require_safe
def edition_share_image(request, number):
    return _card_response(request, f"edition:{number}", lambda: share_cards.edition_card(number))


@require_safe
def indicator_share_image(request, slug):
    return _card_response(request, f"indicator:{slug}", lambda: share_cards.indicator_card(slug))
