"""Share cards: the 1200 × 630 pictures a link preview shows, drawn on the server.

A `Card` says what one card shows (texts, a picture from the library, a small series of
numbers); `draw()` lays it out with the font the project carries (fonts/README.md), so Chinese
renders the same on every machine whatever fonts it has. Every text is fitted to its box:
it wraps (between any two CJK characters, between Latin words, inside a word only when the
word alone is too wide), shrinks down to a smallest size, and past that loses its end to an
ellipsis, so nothing is drawn outside the card whatever the name.

A card is plain data: `Card.digest()` names what it shows, so a cache keyed by it serves
the same picture until something on it changes.
"""

import hashlib
import io
import unicodedata
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path

from django.core.files.storage import storages
from PIL import Image, ImageDraw, ImageFont, ImageOps

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular.otf"
WIDTH, HEIGHT = 1200, 630
# The drawing itself (this module and the font) is part of every card's digest: a deploy that
# changes how cards look never serves pictures cached under the old design.
DESIGN = hashlib.sha256(
    Path(__file__).read_bytes() + str(FONT_PATH.stat().st_size).encode()
).hexdigest()

MARGIN = 72
BAND_HEIGHT = 96
NAVY = (7, 59, 112)  # the site's theme colour
BLUE = (21, 101, 192)
INK = (26, 26, 26)
MUTED = (88, 96, 110)
PALE = (232, 238, 246)
WHITE = (255, 255, 255)

PORTRAIT_SIZE = 340
LOGO_BOX = (360, 200)
SPARKLINE_BOX = (400, 150)

# Characters that may not begin a line: they stay with the character before them.
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
ELLIPSIS = "…"


@dataclass(frozen=True)
class Card:
    """What a card shows. `picture` is a storage name: a portrait (cut to a circle) or a logo
    (fitted whole), as `picture_kind` says."""

    footer: str
    eyebrow: str
    title: str
    subtitle: str = ""
    lines: tuple = ()
    figure: str = ""
    figure_note: str = ""
    sparkline: tuple = ()
    picture: str = ""
    picture_kind: str = ""

    def digest(self):
        """A name for exactly what the card shows, in this design."""
        return hashlib.sha256(repr((DESIGN, astuple(self))).encode()).hexdigest()[:32]


@lru_cache(maxsize=32)
def font(size):
    # The basic layout engine: the same line breaks on a machine without libraqm.
    return ImageFont.truetype(str(FONT_PATH), size, layout_engine=ImageFont.Layout.BASIC)


def stroke(size):
    """The outline that makes a heavy part heavier (the font has one weight)."""
    return max(1, size // 40)


def width_of(text, size):
    """How far the ink of `text` reaches from where it starts, outline included."""
    return font(size).getbbox(text, stroke_width=stroke(size))[2] if text else 0


def _is_wide(character):
    return unicodedata.east_asian_width(character) in ("W", "F")


def _starts_unit(character, previous):
    """A wide character stands alone, and so does whatever follows one; a Latin word starts
    after a space, and a hyphenated word may break after its hyphen."""
    if not previous or _is_wide(character) or _is_wide(previous[-1]):
        return True
    return previous.endswith((" ", "-")) and character != " "


def _units(text):
    """The pieces a line may break between: each wide (CJK) character, each Latin word with
    the spaces after it; punctuation that may not start a line joins the piece before it."""
    units = []
    for character in " ".join(text.split()):
        if units and character in NO_LINE_START:
            units[-1] += character
        elif _starts_unit(character, units[-1] if units else ""):
            units.append(character)
        else:
            units[-1] += character
    return units


def _split_word(word, size, width):
    """A word wider than the box, cut into pieces that fit."""
    pieces, piece = [], ""
    for character in word:
        if piece and width_of(piece + character, size) > width:
            pieces.append(piece)
            piece = ""
        piece += character
    return [*pieces, piece] if piece else pieces


def wrap(text, size, width):
    """The lines `text` takes at `size` in a box `width` pixels wide."""
    lines, line = [], ""
    for unit in _units(text):
        candidate = line + unit
        if width_of(candidate.rstrip(), size) <= width:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = unit.lstrip()
        if width_of(line.rstrip(), size) > width:
            *whole, line = _split_word(line, size, width)
            lines.extend(whole)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _shorten(line, size, width):
    """The line with as much of its end replaced by an ellipsis as it takes to fit."""
    while line and width_of(line.rstrip() + ELLIPSIS, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit(text, *, width, steps):
    """(size, lines): the first of `steps`, (size, most lines) from the largest size down, at
    which `text` fits; at the last, the lines past its most give way to an ellipsis."""
    for size, max_lines in steps:
        lines = wrap(text, size, width)
        if len(lines) <= max_lines:
            return size, lines
    size, max_lines = steps[-1]
    lines = wrap(text, size, width)
    return size, [*lines[: max_lines - 1], _shorten(lines[max_lines - 1], size, width)]


def steps(sizes, lines):
    """Sizes that each allow the same number of lines, as `fit()` takes them."""
    return tuple((size, lines) for size in sizes)


@dataclass(frozen=True)
class Placed:
    """A line of text where it is drawn: its top-left corner and font size."""

    text: str
    x: int
    y: int
    size: int


class _Layout:
    """Places texts down a column between `top` and `bottom`, never past either."""

    def __init__(self, *, x, top, width, bottom):
        self.x, self.y, self.width, self.bottom = x, top, width, bottom
        self.placed = []

    def add(self, text, sizes, *, leading=1.3, gap_after=0):
        """Fits `text` by `sizes` (as `fit()` takes them), each allowed only the lines the
        column still has room for; nothing when it has room for none."""
        room = [
            (size, min(lines, int((self.bottom - self.y) // (size * leading))))
            for size, lines in sizes
        ]
        room = [(size, lines) for size, lines in room if lines >= 1]
        if not text or not room:
            return []
        size, lines = fit(text, width=self.width, steps=room)
        placed = []
        for line in lines:
            placed.append(Placed(line, self.x, round(self.y), size))
            self.y += size * leading
        self.y += gap_after
        self.placed.extend(placed)
        return placed


# A name shrinks on two lines first, then takes a third; the other script's name, on one line
# first, then on two.
TITLE_SIZES = (*steps((76, 68, 60, 54, 48), 2), *steps((44, 40), 3))
SUBTITLE_SIZES = (*steps((34, 30), 1), *steps((28, 26), 2))


def layout(card):
    """Where each text of `card` goes: {part: [Placed, …]}. Separate from the drawing so the
    fitting can be checked without pixels."""
    has_picture = bool(card.picture)
    right_edge = WIDTH - MARGIN - (PORTRAIT_SIZE + 56 if has_picture else 0)
    bottom = HEIGHT - BAND_HEIGHT - 28
    column = _Layout(x=MARGIN, top=58, width=right_edge - MARGIN, bottom=bottom)
    parts = {
        "eyebrow": column.add(card.eyebrow, steps((26,), 1), gap_after=14),
        "title": column.add(card.title, TITLE_SIZES, leading=1.22, gap_after=12),
        "subtitle": column.add(card.subtitle, SUBTITLE_SIZES, gap_after=14),
    }
    if card.figure:
        # Beside the sparkline, which takes the bottom right corner.
        beside = column.width - (SPARKLINE_BOX[0] + 40 if card.sparkline else 0)
        figures = _Layout(x=MARGIN, top=column.y + 12, width=beside, bottom=bottom)
        parts["figure"] = figures.add(card.figure, steps((60, 52, 44, 36), 2), leading=1.2)
        parts["figure_note"] = figures.add(card.figure_note, steps((28,), 2), gap_after=8)
        column.y = figures.y
    parts["lines"] = []
    for line in card.lines:
        parts["lines"] += column.add(line, steps((30, 28, 26), 2), gap_after=8)
    parts["footer"] = _Layout(
        x=MARGIN, top=HEIGHT - BAND_HEIGHT + 26, width=WIDTH - 2 * MARGIN, bottom=HEIGHT
    ).add(card.footer, steps((32, 28, 24), 1))
    return parts


COLOURS = {
    "eyebrow": BLUE,
    "title": INK,
    "subtitle": MUTED,
    "figure": NAVY,
    "figure_note": MUTED,
    "lines": INK,
    "footer": WHITE,
}
# Parts drawn heavier than the one weight the font has: an outline in the same colour
# (`width_of` counts it for every part, so fitting is the same whichever part a text is).
STROKED = {"title", "figure"}


def _open_picture(name):
    with storages["default"].open(name) as file:
        picture = Image.open(file)
        picture.load()
    return picture


def _draw_portrait(canvas, picture):
    # A portrait with transparency (a PNG cut-out) sits on white, not on black.
    flattened = Image.alpha_composite(
        Image.new("RGBA", picture.size, WHITE), picture.convert("RGBA")
    ).convert("RGB")
    face = ImageOps.fit(flattened, (PORTRAIT_SIZE, PORTRAIT_SIZE))
    mask = Image.new("L", (PORTRAIT_SIZE * 4, PORTRAIT_SIZE * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, *mask.size), fill=255)
    mask = mask.resize(face.size, Image.Resampling.LANCZOS)
    left = WIDTH - MARGIN - PORTRAIT_SIZE
    top = (HEIGHT - BAND_HEIGHT - PORTRAIT_SIZE) // 2
    ImageDraw.Draw(canvas).ellipse(
        (left - 8, top - 8, left + PORTRAIT_SIZE + 8, top + PORTRAIT_SIZE + 8), fill=PALE
    )
    canvas.paste(face, (left, top), mask)


def _draw_logo(canvas, picture):
    box_width, box_height = LOGO_BOX
    logo = ImageOps.contain(picture.convert("RGBA"), (box_width - 40, box_height - 40))
    left = WIDTH - MARGIN - box_width
    top = (HEIGHT - BAND_HEIGHT - box_height) // 2
    ImageDraw.Draw(canvas).rounded_rectangle(
        (left, top, left + box_width, top + box_height),
        radius=16,
        fill=WHITE,
        outline=PALE,
        width=3,
    )
    canvas.paste(
        logo,
        (left + (box_width - logo.width) // 2, top + (box_height - logo.height) // 2),
        logo,
    )


def _draw_sparkline(draw, values):
    """The series as a line in a box at the bottom right, low values at the bottom."""
    box_width, box_height = SPARKLINE_BOX
    left = WIDTH - MARGIN - box_width
    top = HEIGHT - BAND_HEIGHT - 28 - box_height
    low, high = min(values), max(values)
    spread = (high - low) or 1
    step = box_width / (len(values) - 1)
    points = [
        (left + i * step, top + box_height - (value - low) / spread * box_height)
        for i, value in enumerate(values)
    ]
    draw.line([(left, top + box_height), (left + box_width, top + box_height)], fill=PALE, width=3)
    draw.line(points, fill=BLUE, width=6, joint="curve")
    x, y = points[-1]
    draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=NAVY)


def draw(card):
    """The card as PNG bytes."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    pen = ImageDraw.Draw(canvas)
    pen.rectangle((0, 0, WIDTH, 10), fill=NAVY)
    pen.rectangle((0, HEIGHT - BAND_HEIGHT, WIDTH, HEIGHT), fill=NAVY)
    if card.picture:
        picture = _open_picture(card.picture)
        if card.picture_kind == "logo":
            _draw_logo(canvas, picture)
        else:
            _draw_portrait(canvas, picture)
    if len(card.sparkline) >= 2:
        _draw_sparkline(pen, card.sparkline)
    for part, placed in layout(card).items():
        for line in placed:
            pen.text(
                (line.x, line.y),
                line.text,
                font=font(line.size),
                fill=COLOURS[part],
                stroke_width=stroke(line.size) if part in STROKED else 0,
                stroke_fill=COLOURS[part],
            )
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=False, compress_level=7)
    return output.getvalue()
