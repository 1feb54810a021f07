"""{% picture image "portrait" sizes="10rem" eager=True css_class="portrait" %}: a <picture>
with the use's WebP and JPEG/PNG renditions, srcset and sizes, the 1× width and height (no
layout shift), and lazy loading unless `eager` (the page's largest image, its LCP element,
must not wait). `alt` overrides the image's own alternative text ("" where a link beside it
already names the subject)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("images/picture.html")
def picture(image, use, *, sizes="", eager=False, css_class="", alt=None):
    found = selectors.renditions_for(image, use)
    if not found:
        return {"picture": None}
    base = found["fallback"][0]
    return {
        "picture": found,
        "src": base,
        "sizes": sizes or f"{base.width}px",
        "eager": eager,
        "css_class": css_class,
        "alt": image.alt_text if alt is None else alt,
        "multiple": len(found["fallback"]) > 1,
    }


@register.simple_tag
def rendition_url(image, use):
    """The URL of a use's largest JPEG/PNG rendition; '' for no image."""
    return selectors.rendition_url(image, use)
