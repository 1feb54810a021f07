# ruff: noqa: E501 -- verbatim article text and its translations; wrapping hurts reviewing them
"""The forum series, its seven editions, the sixth's tracks and the participations the article
states.

Editions were yearly from 2020 (南逸: "自2020年首届论坛举办以来，我每年都参与") and the sixth
was on 2025-05-10, so editions 1–6 are 2020–2025; their dates, except the sixth's, are not given
and stay blank. The seventh is being convened as the article appears (2026): announced, no date.
Participation roles are the most the article supports: 庞国强 pitched a project (startup);
应臻恺 and 南逸 took part (guest) — the article calls neither a speaker.
"""

FORUM = {
    "slug": "youth50",
    "name_zh": "上海创新创业青年50人论坛",
    "name_en": "Shanghai Innovation & Entrepreneurship Youth 50 Forum",
    "short_name_zh": "青年50人论坛",
    "short_name_en": "Youth 50 Forum",
    "founded_year": 2020,
    "description_zh": (
        "为助力上海国际科创中心建设，打造青年发展型城市，2020年应运而生，"
        "搭建起交流分享、务实服务、资源对接的重要平台。"
    ),
    "description_en": (
        "Founded in 2020 to help build Shanghai into an international centre of science and "
        "innovation and a city where young people thrive: a platform for exchange, practical "
        "services and matching resources."
    ),
}

EDITIONS = [{"number": n, "year": 2019 + n, "status": "held"} for n in range(1, 6)] + [
    {
        "number": 6,
        "year": 2025,
        "date": "2025-05-10",
        "status": "held",
        "venue_zh": "上海中心",
        "venue_en": "Shanghai Tower",
        "description_zh": (
            "上百家投资机构与上百个创业项目密集对接，聚焦人工智能、生命健康、前沿科技三大赛道，"
            "现场座无虚席。"
        ),
        "description_en": (
            "Around a hundred investment firms met around a hundred start-up projects across "
            "three tracks — artificial intelligence, life and health, frontier technology — in "
            "a packed hall."
        ),
        "tracks": [
            {
                "slug": "artificial-intelligence",
                "name_zh": "人工智能",
                "name_en": "Artificial intelligence",
                "sector": "artificial-intelligence",
            },
            {"slug": "life-health", "name_zh": "生命健康", "name_en": "Life and health"},
            {"slug": "frontier-tech", "name_zh": "前沿科技", "name_en": "Frontier technology"},
        ],
    },
    {"number": 7, "year": 2026, "status": "announced"},
]

PARTICIPATIONS = [
    {
        "edition": 6,
        "person": "pang-guoqiang",
        "role": "startup",
        "note_zh": "带着人工智能营销出海方案来到会场，参加20分钟对接会。",
        "note_en": "Brought an AI marketing plan for going overseas; pitched in a 20-minute session.",
    },
    {
        "edition": 6,
        "person": "ying-zhenkai",
        "role": "guest",
        "note_zh": "与上海芯片企业的合作、与AI大模型公司的联合研发，很多是在论坛上“聊”出来的。",
        "note_en": "Much of PATEO's cooperation with chip and AI companies began as talks at the forum.",
    },
] + [
    {
        "edition": n,
        "person": "nan-yi",
        "role": "guest",
        "note_zh": "自2020年首届论坛以来每年参与论坛及相关活动。",
        "note_en": "Has taken part every year since the first forum in 2020.",
    }
    for n in range(1, 7)
]
