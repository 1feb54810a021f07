# ruff: noqa: E501 -- verbatim article text and its translations; wrapping hurts reviewing them
"""Every statistic of the article: indicators and their observations.

An observation is written `obs(period, value, excerpt, …)`: the period as the article gives it
("2025" a year, "2025-end" 截至2025年底, "2025-05-10" a day; 十三五末 is "2020-end"); the value
as published with its scale (4800亿 → "4800", scale "yi"; 5.5万 → "5.5", "wan"); the qualifier
from the wording (突破/超/超过/余/多 → over, 约 → about, 近 → nearly, 以上 → at_least, 上百 →
at_least, else exact); the comparison (level, yoy_growth, share_of_china, share_of_world,
share_of_total, rank_china, rank_world, multiple) and the kind (target for 预计到2028年).
Figures the article gives without a date are recorded for 2026, its year, and say so.
`link` ties organization and forum figures to what they measure.
"""

UNDATED = {
    "note_zh": "文章未注明时间，按发稿年份（2026年）记录",
    "note_en": "Undated in the article; recorded for its year of publication (2026)",
}
# Published as the fraction 1/3: the value is the percentage, shown as the fraction it was.
ONE_THIRD = {"share_denominator": 3}


def obs(
    period,
    value,
    excerpt,
    *,
    comparison="level",
    scale="one",
    qualifier="exact",
    kind="actual",
    note=None,
):
    return {
        "period": period,
        "value": value,
        "excerpt": excerpt,
        "comparison": comparison,
        "scale": scale,
        "qualifier": qualifier,
        "kind": kind,
        **(note or {}),
    }


def count(zh, en):
    return {"unit": "count", "count_noun_zh": zh, "count_noun_en": en}


CNY = {"unit": "CNY"}
USD = {"unit": "USD"}
PERCENT = {"unit": "percent"}
SCORE = {"unit": "score"}
YEARS = {"unit": "years"}

# The article's sentences each figure comes from.
IC = "2025年，上海集成电路产业规模突破4800亿元，五年间产业规模翻番，汇聚了超1200家企业、全国40%的产业人才和50%的创新资源。"
IC_RANK = "在最新发布《2025年全球集成电路产业综合竞争力百强城市白皮书》排名中，上海位列全球第四、国内第一。"
METAX = "作为国内高性能通用GPU龙头企业，截至2025年底，公司GPU产品累计销量已超过5.5万颗，产品相继应用部署于十余个智算集群。"
MINIMAX = "这家从上海走向全球的AI企业，仅用4年时间，便实现了从零到服务全球超2.36亿用户的跨越，2025年国际市场收入占比已超过70%。"
MINIMAX_TEAM = "而实现这一切的，是一个仅400余人、平均年龄29岁的年轻团队。"
AI = "截至2025年底，上海拥有394家规模以上人工智能企业，汇聚全国1/3的AI人才，拥有全国近10%的算力。"
AI_SIZE = "产业规模超过6370亿元，同比增长39.5%。"
AI_MODELS = "与此同时，国家人工智能产业投资基金落地上海，已推出138款备案大模型，运营全国首个语料公共服务平台。"
AGIBOT = "智元机器人2025年出货5200台，占全球份额的39%，位居全球第一。"
LOW_ALT = "截至2025年底，上海已集聚251家低空经济创业企业，其中整机企业达66家，占全国超50%的eVTOL头部企业，预计到2028年，核心产业规模达800亿元，形成超500架新型航空器批量化制造能力。"
FORUM = "自2020年启动以来，论坛已累计集聚2500多名优秀青年，其中党外人士占比89.4%，平均年龄38.6岁。"
FORUM_COMPANIES = "据统计，前五届论坛参与者中已有37家企业跻身“专精特新”、8家登陆科创板。"
YOUTH_CITY = "近年来，上海全力建设“青年发展型城市”，连续三年将其写入政府工作报告，把助力青年创新创业作为赋能城市创新的重要抓手，深度融入民营经济发展与重点产业布局，积极推动青年人才、民营资本、硬核科技、应用场景深度融合、同向发力，致力于实现青年与城市的“双向奔赴”。"
EDITION_6 = "论坛现场，上百家投资机构与上百个创业项目密集对接，聚焦人工智能、生命健康、前沿科技三大赛道，现场座无虚席，不少创业者甚至直接搬起电脑，站着给投资人演示方案。"
PRIVATE = "2025年，上海新设市场主体39.2万户（占比95.4%），累计拥有国家级专精特新“小巨人”企业1026家，其中民营企业776家，占比75.6%，近一半企业成立不满10年，七成以上创始人创业时不到40岁，七成以上企业属于“3+6+6”产业领域，八成以上布局战略性新兴产业。"
TRADE = "上海民营企业对外贸易加速增长，进出口总额约18106亿元，同比增长25.8%，其中出口额超9863亿元，占全市总额约49%；纳税总额约6003.93亿元，占比38.9%，出口额、纳税总额均为历史最高。"
BLACK_LAKE = "同样深耕了10年，黑湖科技现在已经积累了近4万家工厂客户。"
BLACK_LAKE_ROUND = "今年4月23日，他们宣布完成近10亿元D轮融资，营收年增速超60%，已全面盈利。"
PATEO = "创业17年，公司累计申请专利超过6000项，发明专利占比超80%，成为业内当之无愧的领跑者。"
BCI_CLUSTER = "2025年，全国首个脑机接口集聚区“脑智天地”在上海启动，如今已注册30家脑机接口企业，入驻孵化器团队5个，开展概念验证项目4项，产业集聚效应显现。"
BCI_FUNDING = "全国2025年脑机接口企业融资金额约30亿元，上海占半壁江山。"
SIOM = "2019年，他们以领先第二名65%的优势在激光损伤阈值国际竞赛中取得第一，让国际同行刮目相看。"
SCI_INDEX = "数据显示，2025年上海持续深化国际科创中心建设，综合科技创新指数为91.38分，科创产出99.82分，皆为全国第一。"
PATENTS = "相较“十三五”末，每万人口高价值发明专利拥有量从29.6件增长至65件。"
PAPERS = "全年上海科学家在《细胞》《自然》《科学》发表论文超180篇，约占全国30%。"
AWARD = "2024年度上海市科学技术奖获奖者中，45岁以下中青年占比65%，朱美萍就是其中之一。"
MAJOR_PROJECTS = "全市科技重大专项中，45岁以下项目负责人占比超50%，35岁以下科研人员占比超40%，牵头国家重点研发计划青年项目数全国领先。"
PIPELINES = "数据显示，2025年我国药物研发管线总量达7032个，稳居全球第二，占全球的30%。"
PIPELINE_TOP10 = "而在国内，管线规模排名前10的企业中，上海企业占8席。"
LICENSING = "去年，我国创新药对外授权交易总额突破1350亿美元，上海企业贡献了其中的1/3，约457亿美元，居全国第一。"


INDICATORS = [
    # --- Integrated circuits ---------------------------------------------------------------
    {
        "slug": "shanghai-ic-industry-size",
        "name_zh": "上海集成电路产业规模",
        "name_en": "Shanghai integrated circuit industry size",
        "sector": "integrated-circuits",
        "scope": "shanghai",
        **CNY,
        "is_headline": True,
        "observations": [
            obs("2025", "4800", IC, scale="yi", qualifier="over"),
            obs(
                "2025",
                "2",
                IC,
                comparison="multiple",
                note={"note_zh": "五年间翻番", "note_en": "Doubled in five years"},
            ),
        ],
    },
    {
        "slug": "shanghai-ic-companies",
        "name_zh": "上海集成电路企业",
        "name_en": "Shanghai integrated circuit companies",
        "sector": "integrated-circuits",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [obs("2025", "1200", IC, qualifier="over")],
    },
    {
        "slug": "shanghai-ic-talent",
        "name_zh": "上海集成电路产业人才",
        "name_en": "Shanghai integrated circuit talent",
        "sector": "integrated-circuits",
        "scope": "shanghai",
        **count("名", "people"),
        "observations": [obs("2025", "40", IC, comparison="share_of_china")],
    },
    {
        "slug": "shanghai-ic-innovation-resources",
        "name_zh": "上海集成电路创新资源",
        "name_en": "Shanghai integrated circuit innovation resources",
        "sector": "integrated-circuits",
        "scope": "shanghai",
        **PERCENT,
        "observations": [obs("2025", "50", IC, comparison="share_of_china")],
    },
    {
        "slug": "shanghai-ic-competitiveness",
        "name_zh": "上海集成电路产业综合竞争力",
        "name_en": "Shanghai integrated circuit industry competitiveness",
        "sector": "integrated-circuits",
        "scope": "shanghai",
        **SCORE,
        "description_zh": "《2025年全球集成电路产业综合竞争力百强城市白皮书》排名。",
        "description_en": "Ranking of the 2025 white paper on the world's top 100 cities for integrated circuit competitiveness.",
        "observations": [
            obs("2025", "4", IC_RANK, comparison="rank_world"),
            obs("2025", "1", IC_RANK, comparison="rank_china"),
        ],
    },
    # --- GPU (MetaX) ----------------------------------------------------------------------
    {
        "slug": "metax-gpu-sales",
        "name_zh": "沐曦GPU产品累计销量",
        "name_en": "MetaX GPUs sold, cumulative",
        "sector": "gpu",
        "scope": "organization",
        "link": ("organization", "metax"),
        **count("颗", "chips"),
        "observations": [obs("2025-end", "5.5", METAX, scale="wan", qualifier="over")],
    },
    {
        "slug": "metax-computing-clusters",
        "name_zh": "部署沐曦产品的智算集群",
        "name_en": "Computing clusters running MetaX products",
        "sector": "gpu",
        "scope": "organization",
        "link": ("organization", "metax"),
        **count("个", "clusters"),
        "observations": [
            obs(
                "2025-end",
                "10",
                METAX,
                qualifier="over",
                note={"note_zh": "原文为“十余个”", "note_en": "Published as “more than ten”"},
            )
        ],
    },
    # --- Large models (MiniMax) -------------------------------------------------------------
    {
        "slug": "minimax-users",
        "name_zh": "MiniMax服务的全球用户",
        "name_en": "MiniMax users worldwide",
        "sector": "large-models",
        "scope": "organization",
        "link": ("organization", "minimax"),
        **count("用户", "users"),
        "observations": [obs("2026", "2.36", MINIMAX, scale="yi", qualifier="over", note=UNDATED)],
    },
    {
        "slug": "minimax-years-to-users",
        "name_zh": "MiniMax从零到服务超2.36亿用户用时",
        "name_en": "Years MiniMax took from zero to over 236 million users",
        "sector": "large-models",
        "scope": "organization",
        "link": ("organization", "minimax"),
        **count("年", "years"),
        "observations": [obs("2026", "4", MINIMAX, note=UNDATED)],
    },
    {
        "slug": "minimax-international-revenue",
        "name_zh": "MiniMax国际市场收入",
        "name_en": "MiniMax revenue from international markets",
        "sector": "large-models",
        "scope": "organization",
        "link": ("organization", "minimax"),
        **CNY,
        "observations": [obs("2025", "70", MINIMAX, comparison="share_of_total", qualifier="over")],
    },
    {
        "slug": "minimax-team-size",
        "name_zh": "MiniMax团队人数",
        "name_en": "MiniMax team size",
        "sector": "large-models",
        "scope": "organization",
        "link": ("organization", "minimax"),
        **count("人", "people"),
        "observations": [obs("2026", "400", MINIMAX_TEAM, qualifier="over", note=UNDATED)],
    },
    {
        "slug": "minimax-team-average-age",
        "name_zh": "MiniMax团队平均年龄",
        "name_en": "MiniMax team average age",
        "sector": "large-models",
        "scope": "organization",
        "link": ("organization", "minimax"),
        **YEARS,
        "observations": [obs("2026", "29", MINIMAX_TEAM, note=UNDATED)],
    },
    # --- Artificial intelligence in Shanghai -------------------------------------------------
    {
        "slug": "shanghai-ai-companies",
        "name_zh": "上海规模以上人工智能企业",
        "name_en": "Shanghai AI companies above designated size",
        "sector": "artificial-intelligence",
        "scope": "shanghai",
        **count("家", "companies"),
        "is_headline": True,
        "observations": [obs("2025-end", "394", AI)],
    },
    {
        "slug": "shanghai-ai-talent",
        "name_zh": "上海AI人才",
        "name_en": "Shanghai AI talent",
        "sector": "artificial-intelligence",
        "scope": "shanghai",
        **count("名", "people"),
        "observations": [
            obs(
                "2025-end",
                "33.3333",
                AI,
                comparison="share_of_china",
                note=ONE_THIRD,
            )
        ],
    },
    {
        "slug": "shanghai-computing-power",
        "name_zh": "上海算力",
        "name_en": "Shanghai computing power",
        "sector": "artificial-intelligence",
        "scope": "shanghai",
        **PERCENT,
        "observations": [
            obs("2025-end", "10", AI, comparison="share_of_china", qualifier="nearly")
        ],
    },
    {
        "slug": "shanghai-ai-industry-size",
        "name_zh": "上海人工智能产业规模",
        "name_en": "Shanghai AI industry size",
        "sector": "artificial-intelligence",
        "scope": "shanghai",
        **CNY,
        "is_headline": True,
        "observations": [
            obs("2025-end", "6370", AI_SIZE, scale="yi", qualifier="over"),
            obs("2025-end", "39.5", AI_SIZE, comparison="yoy_growth"),
        ],
    },
    {
        "slug": "shanghai-registered-large-models",
        "name_zh": "上海已推出的备案大模型",
        "name_en": "Registered large models launched in Shanghai",
        "sector": "large-models",
        "scope": "shanghai",
        **count("款", "models"),
        "observations": [obs("2025-end", "138", AI_MODELS)],
    },
    # --- Robotics (AgiBot) ---------------------------------------------------------------
    {
        "slug": "agibot-shipments",
        "name_zh": "智元机器人出货量",
        "name_en": "AgiBot robots shipped",
        "sector": "robotics",
        "scope": "organization",
        "link": ("organization", "agibot"),
        **count("台", "units"),
        "observations": [
            obs("2025", "5200", AGIBOT),
            obs("2025", "39", AGIBOT, comparison="share_of_world"),
            obs("2025", "1", AGIBOT, comparison="rank_world"),
        ],
    },
    # --- Low-altitude economy ----------------------------------------------------------------
    {
        "slug": "shanghai-low-altitude-startups",
        "name_zh": "上海低空经济创业企业",
        "name_en": "Shanghai low-altitude economy start-ups",
        "sector": "low-altitude-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "is_headline": True,
        "observations": [obs("2025-end", "251", LOW_ALT)],
    },
    {
        "slug": "shanghai-aircraft-makers",
        "name_zh": "上海低空经济整机企业",
        "name_en": "Shanghai low-altitude aircraft makers",
        "sector": "low-altitude-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [obs("2025-end", "66", LOW_ALT)],
    },
    {
        "slug": "shanghai-evtol-leaders",
        "name_zh": "上海eVTOL头部企业",
        "name_en": "Leading eVTOL companies in Shanghai",
        "sector": "evtol",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [
            obs("2025-end", "50", LOW_ALT, comparison="share_of_china", qualifier="over")
        ],
    },
    {
        "slug": "shanghai-low-altitude-core-industry-size",
        "name_zh": "上海低空经济核心产业规模",
        "name_en": "Shanghai low-altitude economy core industry size",
        "sector": "low-altitude-economy",
        "scope": "shanghai",
        **CNY,
        "observations": [obs("2028", "800", LOW_ALT, scale="yi", kind="target")],
    },
    {
        "slug": "shanghai-new-aircraft-capacity",
        "name_zh": "上海新型航空器批量化制造能力",
        "name_en": "Shanghai capacity to build new aircraft in series",
        "sector": "low-altitude-economy",
        "scope": "shanghai",
        **count("架", "aircraft"),
        "observations": [obs("2028", "500", LOW_ALT, qualifier="over", kind="target")],
    },
    # --- The forum -----------------------------------------------------------------------
    {
        "slug": "youth50-alumni",
        "name_zh": "论坛累计集聚的优秀青年",
        "name_en": "Young people the forum has gathered, cumulative",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("forum", "youth50"),
        **count("名", "young people"),
        "observations": [obs("2026", "2500", FORUM, qualifier="over", note=UNDATED)],
    },
    {
        "slug": "youth50-non-party-members",
        "name_zh": "论坛青年中的党外人士",
        "name_en": "Forum members outside the Communist Party",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("forum", "youth50"),
        **count("名", "people"),
        "observations": [obs("2026", "89.4", FORUM, comparison="share_of_total", note=UNDATED)],
    },
    {
        "slug": "youth50-average-age",
        "name_zh": "论坛青年平均年龄",
        "name_en": "Average age of the forum's young people",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("forum", "youth50"),
        **YEARS,
        "observations": [obs("2026", "38.6", FORUM, note=UNDATED)],
    },
    {
        "slug": "youth50-specialized-companies",
        "name_zh": "前五届论坛参与者中跻身“专精特新”的企业",
        "name_en": "Companies of the first five editions' participants rated “specialized and innovative”",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("forum", "youth50"),
        **count("家", "companies"),
        "observations": [obs("2026", "37", FORUM_COMPANIES, note=UNDATED)],
    },
    {
        "slug": "youth50-star-market-listings",
        "name_zh": "前五届论坛参与者中登陆科创板的企业",
        "name_en": "Companies of the first five editions' participants listed on the STAR Market",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("forum", "youth50"),
        **count("家", "companies"),
        "observations": [obs("2026", "8", FORUM_COMPANIES, note=UNDATED)],
    },
    {
        "slug": "youth50-6th-investors",
        "name_zh": "第六届论坛对接的投资机构",
        "name_en": "Investment firms matched at the 6th forum",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("edition", 6),
        **count("家", "investment firms"),
        "observations": [
            obs(
                "2025-05-10",
                "100",
                EDITION_6,
                qualifier="at_least",
                note={"note_zh": "原文为“上百家”", "note_en": "Published as “a hundred or so”"},
            )
        ],
    },
    {
        "slug": "youth50-6th-startup-projects",
        "name_zh": "第六届论坛对接的创业项目",
        "name_en": "Start-up projects matched at the 6th forum",
        "sector": "youth-entrepreneurship",
        "scope": "forum",
        "link": ("edition", 6),
        **count("个", "projects"),
        "observations": [
            obs(
                "2025-05-10",
                "100",
                EDITION_6,
                qualifier="at_least",
                note={"note_zh": "原文为“上百个”", "note_en": "Published as “a hundred or so”"},
            )
        ],
    },
    {
        "slug": "shanghai-youth-city-in-work-reports",
        "name_zh": "“青年发展型城市”写入上海市政府工作报告的连续年数",
        "name_en": "Consecutive years Shanghai's government work report includes the “youth-oriented city”",
        "sector": "youth-entrepreneurship",
        "scope": "shanghai",
        **count("年", "years"),
        "observations": [obs("2026", "3", YOUTH_CITY, note=UNDATED)],
    },
    # --- Private economy -------------------------------------------------------------------
    {
        "slug": "shanghai-new-market-entities",
        "name_zh": "上海新设市场主体",
        "name_en": "New market entities registered in Shanghai",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("户", "entities"),
        "observations": [
            obs("2025", "39.2", PRIVATE, scale="wan"),
            obs(
                "2025",
                "95.4",
                PRIVATE,
                comparison="share_of_total",
                note={
                    "note_zh": "原文“（占比95.4%）”见于民营经济段落，未写明分母",
                    "note_en": "Published as “(share 95.4%)” in a passage on the private economy; the base is not stated",
                },
            ),
        ],
    },
    {
        "slug": "shanghai-little-giants",
        "name_zh": "上海国家级专精特新“小巨人”企业",
        "name_en": "Shanghai national “little giant” specialized and innovative companies",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [obs("2025", "1026", PRIVATE)],
    },
    {
        "slug": "shanghai-private-little-giants",
        "name_zh": "上海民营“小巨人”企业",
        "name_en": "Shanghai privately owned “little giants”",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [
            obs("2025", "776", PRIVATE),
            obs("2025", "75.6", PRIVATE, comparison="share_of_total"),
        ],
    },
    {
        "slug": "shanghai-little-giants-under-10-years",
        "name_zh": "成立不满10年的“小巨人”企业",
        "name_en": "“Little giants” founded less than 10 years ago",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [
            obs(
                "2025",
                "50",
                PRIVATE,
                comparison="share_of_total",
                qualifier="nearly",
                note={"note_zh": "原文为“近一半”", "note_en": "Published as “nearly half”"},
            )
        ],
    },
    {
        "slug": "shanghai-little-giants-founders-under-40",
        "name_zh": "创业时不到40岁的“小巨人”企业创始人",
        "name_en": "“Little giant” founders under 40 when they started",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("名", "founders"),
        "observations": [
            obs(
                "2025",
                "70",
                PRIVATE,
                comparison="share_of_total",
                qualifier="at_least",
                note={"note_zh": "原文为“七成以上”", "note_en": "Published as “over seven in ten”"},
            )
        ],
    },
    {
        "slug": "shanghai-little-giants-in-366-fields",
        "name_zh": "属于“3+6+6”产业领域的“小巨人”企业",
        "name_en": "“Little giants” in the “3+6+6” industries",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [
            obs(
                "2025",
                "70",
                PRIVATE,
                comparison="share_of_total",
                qualifier="at_least",
                note={"note_zh": "原文为“七成以上”", "note_en": "Published as “over seven in ten”"},
            )
        ],
    },
    {
        "slug": "shanghai-little-giants-in-emerging-industries",
        "name_zh": "布局战略性新兴产业的“小巨人”企业",
        "name_en": "“Little giants” in strategic emerging industries",
        "sector": "private-economy",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [
            obs(
                "2025",
                "80",
                PRIVATE,
                comparison="share_of_total",
                qualifier="at_least",
                note={"note_zh": "原文为“八成以上”", "note_en": "Published as “over eight in ten”"},
            )
        ],
    },
    {
        "slug": "shanghai-private-foreign-trade",
        "name_zh": "上海民营企业进出口总额",
        "name_en": "Shanghai private companies' imports and exports",
        "sector": "private-economy",
        "scope": "shanghai",
        **CNY,
        "observations": [
            obs("2025", "18106", TRADE, scale="yi", qualifier="about"),
            obs("2025", "25.8", TRADE, comparison="yoy_growth"),
        ],
    },
    {
        "slug": "shanghai-private-exports",
        "name_zh": "上海民营企业出口额",
        "name_en": "Shanghai private companies' exports",
        "sector": "private-economy",
        "scope": "shanghai",
        **CNY,
        "observations": [
            obs(
                "2025",
                "9863",
                TRADE,
                scale="yi",
                qualifier="over",
                note={"note_zh": "历史最高", "note_en": "A record high"},
            ),
            obs(
                "2025",
                "49",
                TRADE,
                comparison="share_of_total",
                qualifier="about",
                note={"note_zh": "占全市出口总额", "note_en": "Share of the city's total exports"},
            ),
        ],
    },
    {
        "slug": "shanghai-private-tax",
        "name_zh": "上海民营企业纳税总额",
        "name_en": "Taxes paid by Shanghai private companies",
        "sector": "private-economy",
        "scope": "shanghai",
        **CNY,
        "observations": [
            obs(
                "2025",
                "6003.93",
                TRADE,
                scale="yi",
                qualifier="about",
                note={"note_zh": "历史最高", "note_en": "A record high"},
            ),
            obs("2025", "38.9", TRADE, comparison="share_of_total"),
        ],
    },
    # --- Industrial software (Black Lake) -----------------------------------------------------
    {
        "slug": "black-lake-years",
        "name_zh": "黑湖科技深耕年限",
        "name_en": "Black Lake years in the field",
        "sector": "industrial-software",
        "scope": "organization",
        "link": ("organization", "black-lake"),
        **count("年", "years"),
        "observations": [obs("2026", "10", BLACK_LAKE, note=UNDATED)],
    },
    {
        "slug": "black-lake-factory-customers",
        "name_zh": "黑湖科技工厂客户",
        "name_en": "Black Lake factory customers",
        "sector": "industrial-software",
        "scope": "organization",
        "link": ("organization", "black-lake"),
        **count("家", "factories"),
        "observations": [
            obs(
                "2026",
                "4",
                BLACK_LAKE,
                scale="wan",
                qualifier="nearly",
                note={
                    "note_zh": "“现在”，按发稿年份（2026年）记录",
                    "note_en": "“Now”: recorded for the article's year (2026)",
                },
            )
        ],
    },
    {
        "slug": "black-lake-revenue",
        "name_zh": "黑湖科技营收",
        "name_en": "Black Lake revenue",
        "sector": "industrial-software",
        "scope": "organization",
        "link": ("organization", "black-lake"),
        **CNY,
        "observations": [
            obs(
                "2026",
                "60",
                BLACK_LAKE_ROUND,
                comparison="yoy_growth",
                qualifier="over",
                note={
                    "note_zh": "与2026年4月23日的融资消息一并公布",
                    "note_en": "Published with the funding news of 23 April 2026",
                },
            )
        ],
    },
    # --- Intelligent connected vehicles (PATEO) -------------------------------------------------
    {
        "slug": "pateo-years",
        "name_zh": "博泰车联网创业年限",
        "name_en": "PATEO years since it started",
        "sector": "intelligent-connected-vehicles",
        "scope": "organization",
        "link": ("organization", "pateo"),
        **count("年", "years"),
        "observations": [
            obs(
                "2025",
                "17",
                PATEO,
                note={"note_zh": "2025年9月上市时", "note_en": "At its listing in September 2025"},
            )
        ],
    },
    {
        "slug": "pateo-patent-applications",
        "name_zh": "博泰车联网累计申请专利",
        "name_en": "PATEO patent applications, cumulative",
        "sector": "intelligent-connected-vehicles",
        "scope": "organization",
        "link": ("organization", "pateo"),
        **count("项", "patents"),
        "observations": [obs("2025", "6000", PATEO, qualifier="over")],
    },
    {
        "slug": "pateo-invention-patents",
        "name_zh": "博泰车联网发明专利",
        "name_en": "PATEO invention patents",
        "sector": "intelligent-connected-vehicles",
        "scope": "organization",
        "link": ("organization", "pateo"),
        **count("项", "patents"),
        "observations": [obs("2025", "80", PATEO, comparison="share_of_total", qualifier="over")],
    },
    # --- Brain-computer interfaces ----------------------------------------------------------
    {
        "slug": "naozhi-tiandi-bci-companies",
        "name_zh": "“脑智天地”注册的脑机接口企业",
        "name_en": "BCI companies registered in the Naozhi Tiandi cluster",
        "sector": "brain-computer-interfaces",
        "scope": "shanghai",
        **count("家", "companies"),
        "observations": [obs("2026", "30", BCI_CLUSTER, note=UNDATED)],
    },
    {
        "slug": "naozhi-tiandi-incubator-teams",
        "name_zh": "“脑智天地”入驻孵化器团队",
        "name_en": "Incubator teams in the Naozhi Tiandi cluster",
        "sector": "brain-computer-interfaces",
        "scope": "shanghai",
        **count("个", "teams"),
        "observations": [obs("2026", "5", BCI_CLUSTER, note=UNDATED)],
    },
    {
        "slug": "naozhi-tiandi-proof-of-concept-projects",
        "name_zh": "“脑智天地”开展的概念验证项目",
        "name_en": "Proof-of-concept projects in the Naozhi Tiandi cluster",
        "sector": "brain-computer-interfaces",
        "scope": "shanghai",
        **count("项", "projects"),
        "observations": [obs("2026", "4", BCI_CLUSTER, note=UNDATED)],
    },
    {
        "slug": "china-bci-funding",
        "name_zh": "全国脑机接口企业融资金额",
        "name_en": "Funding raised by Chinese BCI companies",
        "sector": "brain-computer-interfaces",
        "scope": "china",
        **CNY,
        "observations": [obs("2025", "30", BCI_FUNDING, scale="yi", qualifier="about")],
    },
    {
        "slug": "shanghai-bci-funding",
        "name_zh": "上海脑机接口企业融资金额",
        "name_en": "Funding raised by Shanghai BCI companies",
        "sector": "brain-computer-interfaces",
        "scope": "shanghai",
        **CNY,
        "observations": [
            obs(
                "2025",
                "50",
                BCI_FUNDING,
                comparison="share_of_china",
                qualifier="about",
                note={"note_zh": "原文为“半壁江山”", "note_en": "Published as “half the country”"},
            )
        ],
    },
    # --- Optics and lasers (SIOM) -----------------------------------------------------------
    {
        "slug": "siom-laser-damage-competition-lead",
        "name_zh": "激光损伤阈值国际竞赛领先第二名的优势",
        "name_en": "Lead over the runner-up in the international laser damage threshold competition",
        "sector": "optics-lasers",
        "scope": "organization",
        "link": ("organization", "siom"),
        **PERCENT,
        "observations": [obs("2019", "65", SIOM)],
    },
    # --- Science and technology in Shanghai --------------------------------------------------
    {
        "slug": "shanghai-science-innovation-index",
        "name_zh": "上海综合科技创新指数",
        "name_en": "Shanghai comprehensive science and technology innovation index",
        "sector": "science-technology",
        "scope": "shanghai",
        **SCORE,
        "is_headline": True,
        "observations": [
            obs("2025", "91.38", SCI_INDEX),
            obs("2025", "1", SCI_INDEX, comparison="rank_china"),
        ],
    },
    {
        "slug": "shanghai-science-output-score",
        "name_zh": "上海科创产出得分",
        "name_en": "Shanghai science and innovation output score",
        "sector": "science-technology",
        "scope": "shanghai",
        **SCORE,
        "observations": [
            obs("2025", "99.82", SCI_INDEX),
            obs("2025", "1", SCI_INDEX, comparison="rank_china"),
        ],
    },
    {
        "slug": "shanghai-high-value-patents-per-10000",
        "name_zh": "上海每万人口高价值发明专利拥有量",
        "name_en": "Shanghai high-value invention patents per 10,000 people",
        "sector": "science-technology",
        "scope": "shanghai",
        **count("件", "patents"),
        "observations": [
            obs(
                "2020-end",
                "29.6",
                PATENTS,
                note={"note_zh": "“十三五”末", "note_en": "End of the 13th Five-Year Plan"},
            ),
            obs("2025", "65", PATENTS),
        ],
    },
    {
        "slug": "shanghai-cell-nature-science-papers",
        "name_zh": "上海科学家在《细胞》《自然》《科学》发表论文",
        "name_en": "Papers by Shanghai scientists in Cell, Nature and Science",
        "sector": "science-technology",
        "scope": "shanghai",
        **count("篇", "papers"),
        "observations": [
            obs("2025", "180", PAPERS, qualifier="over"),
            obs("2025", "30", PAPERS, comparison="share_of_china", qualifier="about"),
        ],
    },
    {
        "slug": "shanghai-science-award-winners-under-45",
        "name_zh": "上海市科学技术奖获奖者中45岁以下中青年",
        "name_en": "Shanghai Science and Technology Award winners under 45",
        "sector": "science-technology",
        "scope": "shanghai",
        **count("名", "winners"),
        "observations": [obs("2024", "65", AWARD, comparison="share_of_total")],
    },
    {
        "slug": "shanghai-major-project-leaders-under-45",
        "name_zh": "全市科技重大专项中45岁以下项目负责人",
        "name_en": "Leaders of Shanghai's major science projects under 45",
        "sector": "science-technology",
        "scope": "shanghai",
        **count("名", "project leaders"),
        "observations": [
            obs(
                "2026",
                "50",
                MAJOR_PROJECTS,
                comparison="share_of_total",
                qualifier="over",
                note=UNDATED,
            )
        ],
    },
    {
        "slug": "shanghai-major-project-researchers-under-35",
        "name_zh": "全市科技重大专项中35岁以下科研人员",
        "name_en": "Researchers under 35 in Shanghai's major science projects",
        "sector": "science-technology",
        "scope": "shanghai",
        **count("名", "researchers"),
        "observations": [
            obs(
                "2026",
                "40",
                MAJOR_PROJECTS,
                comparison="share_of_total",
                qualifier="over",
                note=UNDATED,
            )
        ],
    },
    # --- Biomedicine -----------------------------------------------------------------------
    {
        "slug": "china-drug-pipelines",
        "name_zh": "我国药物研发管线总量",
        "name_en": "China's drug development pipelines",
        "sector": "biomedicine",
        "scope": "china",
        **count("个", "pipelines"),
        "observations": [
            obs("2025", "7032", PIPELINES),
            obs("2025", "2", PIPELINES, comparison="rank_world"),
            obs("2025", "30", PIPELINES, comparison="share_of_world"),
        ],
    },
    {
        "slug": "shanghai-companies-in-china-top10-pipelines",
        "name_zh": "国内管线规模前10企业中的上海企业",
        "name_en": "Shanghai companies among China's top 10 by pipeline",
        "sector": "biomedicine",
        "scope": "shanghai",
        **count("席", "places"),
        "observations": [obs("2025", "8", PIPELINE_TOP10)],
    },
    {
        "slug": "china-drug-out-licensing",
        "name_zh": "我国创新药对外授权交易总额",
        "name_en": "China's out-licensing deals for innovative drugs",
        "sector": "biomedicine",
        "scope": "china",
        **USD,
        "observations": [obs("2025", "1350", LICENSING, scale="yi", qualifier="over")],
    },
    {
        "slug": "shanghai-drug-out-licensing",
        "name_zh": "上海企业创新药对外授权交易额",
        "name_en": "Shanghai companies' out-licensing deals for innovative drugs",
        "sector": "biomedicine",
        "scope": "shanghai",
        **USD,
        "observations": [
            obs("2025", "457", LICENSING, scale="yi", qualifier="about"),
            obs(
                "2025",
                "33.3333",
                LICENSING,
                comparison="share_of_china",
                note=ONE_THIRD,
            ),
            obs("2025", "1", LICENSING, comparison="rank_china"),
        ],
    },
]
