"""Reads of the media library for pages: an image's renditions for one use. Renditions an
image lacks (a use added since it was saved, or a photo moved in by a migration) are made on
first use and stored, like any cache fill."""

from .renditions import USES, sources
from .services import image_renditions


def renditions_for(image, use):
    """{'webp': [Source…], 'fallback': [Source…], 'type': …}, or None for no image."""
    if not image or use not in USES:
        return None
    found = sources(image, use)
    if found is None:
        image_renditions(image=image, uses=[use])
        found = sources(image, use)
    return found


def rendition_url(image, use):
    """The URL of a use's largest JPEG/PNG rendition (og:image, structured data); ''."""
    found = renditions_for(image, use)
    return found["fallback"][-1].url if found else ""


def rendition_name(image, use):
    """The storage name of a use's largest JPEG/PNG rendition, for drawing it into another
    picture (a share card); '' for no image."""
    if renditions_for(image, use) is None:
        return ""
    return image.renditions[use]["fallback"][-1][0]
