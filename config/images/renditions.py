"""The sizes each use of an image needs, made by easy-thumbnails and listed on the image.

Each use has sizes for one layout box: the first is the box at 1× (its width and height go
into the page, so nothing shifts while the image loads), the others the same box for denser
screens or wider layouts. A use that crops keeps the image's focal point (easy-thumbnails'
`target`). Every size is made in WebP and in a fallback, JPEG, or PNG where the image has
transparency; the share image (og:image) only in JPEG/PNG, which every site that reads it
understands. No size is larger than the image itself (no upscaling).

An image's renditions are made use by use: the admin's thumbnail when it is saved, the
others the first time a page shows the image in that use (one visitor waits a moment, once).
The result is stored on the image (`Image.renditions`):
    {"card": {"webp": [[name, w, h], …], "fallback": [[name, w, h], …], "type": "image/jpeg"},
     …, "files": [every name made]}
"""

from dataclasses import dataclass

from django.core.files.storage import storages
from easy_thumbnails.files import get_thumbnailer

QUALITY = 82


@dataclass(frozen=True)
class Use:
    sizes: tuple  # ((width, height), …); height 0 keeps the image's proportions
    crop: bool = True
    webp: bool = True


USES = {
    # A person's square on lists (4rem box) and their page (10rem box).
    "card": Use(sizes=((64, 64), (128, 128), (192, 192))),
    "portrait": Use(sizes=((160, 160), (320, 320), (480, 480))),
    # og:image and structured data.
    "share": Use(sizes=((1200, 630),), webp=False),
    # An edition's cover across the page, its gallery's thumbnails and the full view.
    "cover": Use(sizes=((640, 360), (960, 540), (1280, 720), (1920, 1080))),
    "gallery_thumb": Use(sizes=((320, 240), (640, 480))),
    "gallery_large": Use(sizes=((800, 0), (1600, 0)), crop=False),
    # Logos are never cropped: they fit in the box.
    "logo": Use(sizes=((160, 80), (320, 160), (480, 240)), crop=False),
    # The admin's media library.
    "admin": Use(sizes=((96, 96),)),
}

EXTENSIONS = {"webp": ("webp", "webp"), "fallback": ("jpg", "png")}


def storage():
    return storages["default"]


def _thumbnailer(image, kind):
    thumbnailer = get_thumbnailer(image.file)
    thumbnailer.thumbnail_extension, thumbnailer.thumbnail_transparency_extension = EXTENSIONS[kind]
    return thumbnailer


def _options(image, use, size):
    options = {"size": size, "crop": use.crop, "upscale": False, "quality": QUALITY}
    if use.crop:
        options["target"] = (image.focal_x, image.focal_y)
    return options


def make(image, names):
    """Make (or find, when already made) every size of the named uses; returns their entries
    and the names of the files, to merge into `Image.renditions`."""
    result = {"files": []}
    for name in names:
        use = USES[name]
        entry = {}
        for kind in ("webp", "fallback") if use.webp else ("fallback",):
            thumbnailer = _thumbnailer(image, kind)
            listed, seen = [], set()
            for size in use.sizes:
                thumbnail = thumbnailer.get_thumbnail(_options(image, use, size))
                result["files"].append(thumbnail.name)
                dimensions = (thumbnail.width, thumbnail.height)
                if dimensions in seen:
                    continue  # the image is smaller than this size: the same picture again
                seen.add(dimensions)
                listed.append([thumbnail.name, *dimensions])
            entry[kind] = listed
        fallback = entry["fallback"][0][0]
        entry["type"] = "image/png" if fallback.endswith(".png") else "image/jpeg"
        result[name] = entry
    result["files"] = sorted(set(result["files"]))
    return result


@dataclass(frozen=True)
class Source:
    url: str
    width: int
    height: int


def sources(image, use):
    """{'webp': [Source…], 'fallback': [Source…], 'type': …} for one use, or None when the
    image has none listed (not made yet)."""
    entry = image.renditions.get(use)
    if not entry:
        return None
    files = storage()
    return {
        "webp": [Source(files.url(name), w, h) for name, w, h in entry.get("webp", [])],
        "fallback": [Source(files.url(name), w, h) for name, w, h in entry["fallback"]],
        "type": entry["type"],
    }
