"""Share cards: texts wrap, shrink and give way to an ellipsis inside their box, Chinese is
drawn in the project's own font (not as the missing-glyph box), and a card's digest names
exactly what it shows."""

import io

import pytest
from PIL import Image

from config.images import cards
from config.images.cards import Card, draw, fit, font, layout, wrap

SIXTY_CHARACTER_NAME = "Maximiliana Alexandrina Featherstonehaugh-Montgomery Jr. III"
LONG_TEXTS = [
    SIXTY_CHARACTER_NAME,
    # The demo's longest organization name and headline.
    "Biomedicine Chamber of Commerce, Shanghai Federation of Industry and Commerce",
    "Executive president and secretary-general of the Biomedicine Chamber of Commerce, "
    "Shanghai Federation of Industry and Commerce",
    "中国科学院上海光学精密机械研究所" * 4,
    "W" * 90,  # one word wider than any box
    "沐曦集成电路（上海）股份有限公司，国产高性能GPU领域的代表人物之一。" * 3,
]
# A character no font has a glyph for (a private-use plane): it draws as the missing glyph.
MISSING = "\U000f0000"


def card_with(text, **fields):
    return Card(
        footer=text,
        eyebrow=text,
        title=text,
        subtitle=text,
        lines=(text, text, text),
        **fields,
    )


def ink_box(line):
    """Where a placed line's ink actually lands on the card."""
    left, top, right, bottom = font(line.size).getbbox(
        line.text, stroke_width=cards.stroke(line.size)
    )
    return line.x + left, line.y + top, line.x + right, line.y + bottom


@pytest.mark.parametrize("text", LONG_TEXTS)
@pytest.mark.parametrize(
    "fields",
    [{}, {"picture": "portrait.jpg"}, {"figure": "x", "sparkline": (1.0, 2.0)}],
    ids=["text only", "with picture", "with figure and sparkline"],
)
def test_no_text_leaves_its_area_of_the_card(text, fields):
    fields = {**fields, "figure": text} if "figure" in fields else fields
    parts = layout(card_with(text, **fields))

    right = cards.WIDTH - cards.MARGIN
    if "picture" in fields:
        right -= cards.PORTRAIT_SIZE
    content_bottom = cards.HEIGHT - cards.BAND_HEIGHT
    for part, placed in parts.items():
        for line in placed:
            left_edge, top, right_edge, bottom = ink_box(line)
            if part == "footer":  # across the band at the foot
                assert right_edge <= cards.WIDTH - cards.MARGIN, (part, line)
                assert top >= content_bottom, (part, line)
                assert bottom <= cards.HEIGHT, (part, line)
            else:
                assert right_edge <= right, (part, line)
                assert top >= 10, (part, line)
                assert bottom <= content_bottom, (part, line)
            assert left_edge >= 0, (part, line)
    assert parts["title"], "the title always gets a line"


def test_the_figure_stays_left_of_the_sparkline():
    parts = layout(card_with("短", figure="超过5.5万颗集成电路芝片" * 3, sparkline=(1.0, 3.0)))

    sparkline_left = cards.WIDTH - cards.MARGIN - cards.SPARKLINE_BOX[0]
    for line in parts["figure"]:
        assert ink_box(line)[2] < sparkline_left


def test_a_long_name_shrinks_on_two_lines_then_takes_a_third_then_is_cut():
    sizes = cards.TITLE_SIZES
    width = 660  # the column beside a portrait

    assert fit("陈维良", width=width, steps=sizes) == (76, ["陈维良"])
    size, lines = fit("Biomedicine Chamber of Commerce", width=width, steps=sizes)
    assert size < 76
    assert len(lines) == 2
    size, lines = fit(SIXTY_CHARACTER_NAME, width=width, steps=sizes)
    assert len(lines) == 3
    # Broken at spaces and after the hyphen, not inside a word.
    assert " ".join(lines).replace("- ", "-") == SIXTY_CHARACTER_NAME
    size, lines = fit("很" * 200, width=width, steps=sizes)
    assert size == sizes[-1][0]
    assert len(lines) == 3
    assert lines[-1].endswith("…")


def test_chinese_wraps_between_characters_but_no_line_starts_with_closing_punctuation():
    text = "上海市工商联生物医药商会，常务副会长兼秘书长。"
    for width in range(200, 700, 7):
        lines = wrap(text, 30, width)
        assert "".join(lines) == text
        assert not any(line[0] in cards.NO_LINE_START for line in lines[1:])


@pytest.mark.parametrize("character", "陈维良沐曦论坛")
def test_chinese_characters_are_drawn_from_the_font_not_as_the_missing_glyph(character):
    """A font without Chinese draws every one of these as the same .notdef box."""
    drawn = font(64).getmask(character)
    missing = font(64).getmask(MISSING)

    assert drawn.getbbox() is not None
    assert bytes(drawn) != bytes(missing)
    assert bytes(drawn) != bytes(font(64).getmask("口" if character != "口" else "田"))


def test_a_card_draws_as_a_1200_by_630_png():
    png = draw(card_with("上海创新创业青年50人论坛", figure="65件", sparkline=(1.0, 2.0, 1.5)))

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_the_digest_names_what_the_card_shows():
    card = card_with("陈维良")

    assert card.digest() == card_with("陈维良").digest()
    assert card.digest() != card_with("陈伟良").digest()
    assert card.digest() != card_with("陈维良", picture="images/portrait.jpg").digest()
