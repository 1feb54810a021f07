"""The seed article: the one source every seeded fact cites.

It gives a title and nothing else about itself: publisher, publication date and URL stay blank.
Its own wording dates it to 2026 (第七届论坛召开之际, and 2025 is 去年).
"""

SOURCE = {
    "title_zh": "创新引领时代，青春点燃梦想 在上海，看见未来",
    "title_en": "Innovation leads the era, youth lights up dreams — in Shanghai, see the future",
    "publisher_zh": "",
    "publisher_en": "",
    "published_on": None,
    "url": "",
    "excerpt": "",
    "notes": (
        "The seed article of the site. It states no publisher, date or URL, so those stay blank. "
        "Its wording places it in 2026: the 7th forum is being convened, 2025 is called last year "
        "(去年). Relative dates are resolved against 2026: 去年 → 2025, 今年 → 2026. Figures the "
        "article gives without a date (现在, 如今, 目前) are recorded for 2026 and say so in "
        "their note."
    ),
}
