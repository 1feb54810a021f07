# ruff: noqa: E501 -- verbatim article text and its translations; wrapping hurts reviewing them
"""Organizations the article names, with what it says about them.

English names are the organizations' established ones where they are well known (MetaX, Biren
Technology, Iluvatar CoreX, Enflame, MiniMax, Flexiv, TCab Tech, PATEO, Black Lake Technologies,
NeuroXess, Fourier, AgiBot, SIOM); otherwise pinyin. City and district only where the article
states them (沐曦 扎根浦东; 上海黑湖科技有限公司 …); founding years only where it states one.
Parents are listed before their units.
"""

SH = {"hq_city_zh": "上海", "hq_city_en": "Shanghai"}

ORGANIZATIONS = [
    {
        "slug": "metax",
        "kind": "company",
        "name_zh": "沐曦股份",
        "name_en": "MetaX",
        "short_name_zh": "沐曦",
        "short_name_en": "MetaX",
        **SH,
        "district": "pudong",
        "sectors": ["gpu"],
        "description_zh": "国内高性能通用GPU龙头企业，扎根浦东，2025年底在上交所科创板挂牌上市。",
        "description_en": (
            "A leading Chinese maker of high-performance general-purpose GPUs, rooted in Pudong; "
            "listed on the STAR Market of the Shanghai Stock Exchange at the end of 2025."
        ),
    },
    {
        "slug": "biren",
        "kind": "company",
        "name_zh": "壁仞科技",
        "name_en": "Biren Technology",
        "short_name_zh": "壁仞",
        "short_name_en": "Biren",
        **SH,
        "sectors": ["gpu"],
        "description_zh": "上海GPU芯片企业，“上海GPU四小龙”之一，已叩开资本市场大门。",
        "description_en": (
            "A Shanghai GPU chip company, one of Shanghai's “four little GPU dragons”, "
            "already listed."
        ),
    },
    {
        "slug": "iluvatar-corex",
        "kind": "company",
        "name_zh": "天数智芯",
        "name_en": "Iluvatar CoreX",
        "short_name_zh": "天数智芯",
        "short_name_en": "Iluvatar CoreX",
        **SH,
        "sectors": ["gpu"],
        "description_zh": "上海国产GPU企业，2026年1月登陆港股。",
        "description_en": "A Shanghai GPU maker; listed in Hong Kong in January 2026.",
    },
    {
        "slug": "enflame",
        "kind": "company",
        "name_zh": "燧原科技",
        "name_en": "Enflame Technology",
        "short_name_zh": "燧原",
        "short_name_en": "Enflame",
        **SH,
        "sectors": ["gpu"],
        "description_zh": "“上海GPU四小龙”之一，已完成IPO辅导。",
        "description_en": (
            "One of Shanghai's “four little GPU dragons”; has completed its pre-IPO tutoring."
        ),
    },
    {
        "slug": "minimax",
        "kind": "company",
        "name_zh": "稀宇科技",
        "name_en": "MiniMax",
        "short_name_zh": "MiniMax",
        "short_name_en": "MiniMax",
        **SH,
        "sectors": ["large-models"],
        "description_zh": (
            "从上海走向全球的AI企业，仅用4年时间实现从零到服务全球超2.36亿用户；"
            "M2系列模型在编程、工具调用与办公等生产力场景达到全球顶尖水平。"
        ),
        "description_en": (
            "An AI company that went from Shanghai to the world, serving over 236 million users "
            "within four years of starting from zero; its M2 models are among the world's best "
            "in productivity uses such as coding, tool use and office work."
        ),
    },
    {
        "slug": "flexiv",
        "kind": "company",
        "name_zh": "非夕科技",
        "name_en": "Flexiv",
        "short_name_zh": "非夕",
        "short_name_en": "Flexiv",
        "sectors": ["robotics"],
        "description_zh": "自适应机器人企业。",
        "description_en": "A maker of adaptive robots.",
    },
    {
        "slug": "qiongqiong",
        "kind": "company",
        "name_zh": "穹穹智能",
        "name_en": "Qiongqiong Zhineng",
        "sectors": ["robotics"],
        "description_zh": "具身智能初创企业。",
        "description_en": "An embodied-AI start-up.",
    },
    {
        "slug": "tcab-tech",
        "kind": "company",
        "name_zh": "时的科技",
        "name_en": "TCab Tech",
        "short_name_zh": "时的",
        "short_name_en": "TCab",
        "sectors": ["evtol"],
        "description_zh": "eVTOL企业。",
        "description_en": "An eVTOL company.",
    },
    {
        "slug": "jiapa",
        "kind": "company",
        "name_zh": "嘉帕科技",
        "name_en": "Jiapa Technology",
        "short_name_zh": "嘉帕",
        "short_name_en": "Jiapa",
        "sectors": ["artificial-intelligence"],
        "description_zh": "以人工智能营销出海方案参加第六届论坛的创业企业。",
        "description_en": (
            "A start-up that brought an AI marketing plan for going overseas to the 6th forum."
        ),
    },
    {
        "slug": "pateo",
        "kind": "company",
        "name_zh": "博泰车联网",
        "name_en": "PATEO",
        "short_name_zh": "博泰",
        "short_name_en": "PATEO",
        **SH,
        "sectors": ["intelligent-connected-vehicles"],
        "description_zh": "总部在上海，2025年9月登陆港交所，成为“港股智能车第一股”。",
        "description_en": (
            "Headquartered in Shanghai; listed on the Hong Kong Stock Exchange in September "
            "2025 as the first smart-car stock there."
        ),
    },
    {
        "slug": "huantai-energy",
        "kind": "company",
        "name_zh": "寰泰能源",
        "name_en": "Huantai Energy",
        "short_name_zh": "寰泰",
        "short_name_en": "Huantai",
        "sectors": ["new-energy"],
        "description_zh": "中亚地区最大、最具竞争力的清洁能源供应商。",
        "description_en": "The largest and most competitive clean-energy supplier in Central Asia.",
    },
    {
        "slug": "huantai-energy-storage",
        "kind": "company",
        "name_zh": "寰泰储能",
        "name_en": "Huantai Energy Storage",
        "founded_year": 2021,
        "sectors": ["energy-storage"],
        "description_zh": "全钒液流电池领域技术领先、为数不多的全产业链头部企业。",
        "description_en": (
            "A technology leader in vanadium redox flow batteries, one of the few leading "
            "companies covering the whole industry chain."
        ),
    },
    {
        "slug": "black-lake",
        "kind": "company",
        "name_zh": "上海黑湖科技有限公司",
        "name_en": "Black Lake Technologies",
        "short_name_zh": "黑湖科技",
        "short_name_en": "Black Lake",
        **SH,
        "sectors": ["industrial-software"],
        "description_zh": "工业软件企业，已积累近4万家工厂客户，已全面盈利。",
        "description_en": (
            "An industrial software company with nearly 40,000 factory customers; profitable."
        ),
    },
    {
        "slug": "neuroxess",
        "kind": "company",
        "name_zh": "上海脑虎科技有限公司",
        "name_en": "NeuroXess",
        "short_name_zh": "脑虎科技",
        "short_name_en": "NeuroXess",
        **SH,
        "sectors": ["brain-computer-interfaces"],
        "description_zh": "脑机接口企业，国内首款“全植入、全无线、全功能”脑机接口的技术来源。",
        "description_en": (
            "A brain-computer interface company whose technology is behind China's first "
            "fully implanted, fully wireless, full-function BCI."
        ),
    },
    {
        "slug": "fourier",
        "kind": "company",
        "name_zh": "傅利叶智能",
        "name_en": "Fourier",
        "short_name_zh": "傅利叶",
        "short_name_en": "Fourier",
        **SH,
        "sectors": ["robotics"],
        "description_zh": "生产具身机器人，已在养老与康复机构应用。",
        "description_en": "Makes embodied robots, in use in elderly-care and rehabilitation centres.",
    },
    {
        "slug": "agibot",
        "kind": "company",
        "name_zh": "智元机器人",
        "name_en": "AgiBot",
        "short_name_zh": "智元",
        "short_name_en": "AgiBot",
        "sectors": ["robotics"],
        "description_zh": "2025年出货5200台，占全球份额的39%，位居全球第一。",
        "description_en": ("Shipped 5,200 units in 2025, a 39% global share, first in the world."),
    },
    {
        "slug": "siom",
        "kind": "research_institute",
        "name_zh": "中国科学院上海光学精密机械研究所",
        "name_en": "Shanghai Institute of Optics and Fine Mechanics, Chinese Academy of Sciences",
        "short_name_zh": "上海光机所",
        "short_name_en": "SIOM",
        **SH,
        "sectors": ["optics-lasers"],
    },
    {
        "slug": "siom-gonggong",
        "kind": "research_institute",
        "name_zh": "共工部",
        "name_en": "Gonggong Department",
        "parent": "siom",
        **SH,
        "sectors": ["optics-lasers"],
        "description_zh": "上海光机所下属部门，朱美萍任首席科学家，研制激光薄膜。",
        "description_en": (
            "A department of SIOM where Zhu Meiping is chief scientist, working on laser thin "
            "films."
        ),
    },
    {
        "slug": "shanghai-fic",
        "kind": "association",
        "name_zh": "上海市工商业联合会",
        "name_en": "Shanghai Federation of Industry and Commerce",
        "short_name_zh": "上海市工商联",
        "short_name_en": "Shanghai FIC",
        **SH,
        "sectors": ["private-economy"],
    },
    {
        "slug": "shanghai-fic-biomedicine-chamber",
        "kind": "association",
        "name_zh": "上海市工商联生物医药商会",
        "name_en": "Biomedicine Chamber of Commerce, Shanghai Federation of Industry and Commerce",
        "short_name_zh": "生物医药商会",
        "short_name_en": "Biomedicine Chamber",
        "parent": "shanghai-fic",
        **SH,
        "sectors": ["biomedicine"],
    },
    {
        "slug": "national-ai-industry-fund",
        "kind": "investor",
        "name_zh": "国家人工智能产业投资基金",
        "name_en": "National Artificial Intelligence Industry Investment Fund",
        "short_name_zh": "国家AI产业基金",
        "short_name_en": "National AI Fund",
        **SH,
        "sectors": ["artificial-intelligence"],
        "description_zh": "已落地上海。",
        "description_en": "Now based in Shanghai.",
    },
]
