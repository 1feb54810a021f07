# ruff: noqa: E501 -- verbatim article text and its translations; wrapping hurts reviewing them
"""Milestones of organizations, each with the article sentence that states it.

Dates are written as the article gives them: "2025" a year, "2025-end" the end of a year,
"2026-01" a month, "2026-04-23" a day, None when the article gives no date. An exchange or
board the article does not name stays blank (壁仞 listed "earlier"; 天数智芯 "登陆港股" names
no board).
"""

MILESTONES = [
    {
        "organization": "metax",
        "kind": "listing",
        "title_zh": "在上交所科创板挂牌上市",
        "title_en": "Listed on the STAR Market of the Shanghai Stock Exchange",
        "date": "2025-end",
        "exchange": "sse",
        "board": "star",
        "excerpt": "去年年底，扎根浦东的沐曦股份在上交所科创板挂牌上市。",
    },
    {
        "organization": "metax",
        "kind": "product",
        "title_zh": "旗舰产品曦云C600进入量产",
        "title_en": "Flagship Xiyun C600 enters mass production",
        "description_zh": "首次实现了全国产供应链工艺。",
        "description_en": "The first with a fully domestic supply chain and process.",
        "date": "2026",
        "excerpt": "今年进入量产的旗舰产品曦云C600，更是首次实现了全国产供应链工艺。",
    },
    {
        "organization": "iluvatar-corex",
        "kind": "listing",
        "title_zh": "正式登陆港股",
        "title_en": "Listed in Hong Kong",
        "description_zh": "成为继沐曦股份、壁仞科技之后第三家叩开资本市场大门的上海GPU芯片龙头。",
        "description_en": (
            "The third Shanghai GPU leader to enter the capital market, after MetaX and Biren."
        ),
        "date": "2026-01",
        "exchange": "hkex",
        "excerpt": "今年1月，上海国产GPU企业天数智芯正式登陆港股，成为继沐曦股份、壁仞科技之后第三家叩开资本市场大门的上海GPU芯片龙头。",
    },
    {
        "organization": "biren",
        "kind": "listing",
        "title_zh": "叩开资本市场大门",
        "title_en": "Went public",
        "description_zh": "早于天数智芯上市；文章未写明日期和交易所。",
        "description_en": (
            "Listed before Iluvatar CoreX; the article gives neither the date nor the exchange."
        ),
        "date": None,
        "excerpt": "今年1月，上海国产GPU企业天数智芯正式登陆港股，成为继沐曦股份、壁仞科技之后第三家叩开资本市场大门的上海GPU芯片龙头。",
    },
    {
        "organization": "enflame",
        "kind": "other",
        "title_zh": "完成IPO辅导",
        "title_en": "Completed pre-IPO tutoring",
        "date": None,
        "excerpt": "随着燧原科技也已完成IPO辅导，“上海GPU四小龙”即将在资本市场齐聚。",
    },
    {
        "organization": "minimax",
        "kind": "product",
        "title_zh": "M2系列模型达到全球顶尖水平",
        "title_en": "M2 models reach the world's top level",
        "description_zh": "在编程、工具调用与办公等生产力场景均已达到全球顶尖水平。",
        "description_en": "Among the world's best in coding, tool use and office work.",
        "date": None,
        "excerpt": "其M2系列模型在编程、工具调用与办公等生产力场景，均已达到全球顶尖水平。",
    },
    {
        "organization": "national-ai-industry-fund",
        "kind": "other",
        "title_zh": "落地上海",
        "title_en": "Established in Shanghai",
        "date": None,
        "excerpt": "与此同时，国家人工智能产业投资基金落地上海，已推出138款备案大模型，运营全国首个语料公共服务平台。",
    },
    {
        "organization": "fourier",
        "kind": "product",
        "title_zh": "具身机器人在养老与康复机构应用",
        "title_en": "Embodied robots in use in elderly-care and rehabilitation centres",
        "date": None,
        "excerpt": "上海傅利叶智能生产的具身机器人，已在养老与康复机构应用；",
    },
    {
        "organization": "agibot",
        "kind": "other",
        "title_zh": "2025年出货5200台，位居全球第一",
        "title_en": "5,200 units shipped in 2025, first in the world",
        "description_zh": "占全球份额的39%。",
        "description_en": "A 39% share of the world market.",
        "date": "2025",
        "excerpt": "智元机器人2025年出货5200台，占全球份额的39%，位居全球第一。",
    },
    {
        "organization": "flexiv",
        "kind": "other",
        "title_zh": "与穹穹智能联合参展2025年世界人工智能大会",
        "title_en": "Exhibited with Qiongqiong Zhineng at the 2025 World AI Conference",
        "description_zh": "展示了自适应机器人的十八般武艺：蜚雕、按摩、挖冰淇淋、穿关东煮串、服务器装配测试。",
        "description_en": (
            "Showed the many skills of adaptive robots: carving, massage, scooping ice cream, "
            "skewering oden, assembling and testing servers."
        ),
        "date": "2025",
        "excerpt": "在2025年世界人工智能大会上，非夕科技与具身智能初创企业穹穹智能联合参展，展示了自适应机器人的十八般武艺：蜚雕、按摩、挖冰淇淋、穿关东煮串、服务器装配测试。",
    },
    {
        "organization": "qiongqiong",
        "kind": "other",
        "title_zh": "与非夕科技联合参展2025年世界人工智能大会",
        "title_en": "Exhibited with Flexiv at the 2025 World AI Conference",
        "date": "2025",
        "excerpt": "在2025年世界人工智能大会上，非夕科技与具身智能初创企业穹穹智能联合参展，展示了自适应机器人的十八般武艺：蜚雕、按摩、挖冰淇淋、穿关东煮串、服务器装配测试。",
    },
    {
        "organization": "huantai-energy",
        "kind": "other",
        "title_zh": "第一个海外项目获ODI审批",
        "title_en": "First overseas project wins ODI approval",
        "description_zh": "2017年人民币贬值、外汇管制收紧时，在相关政府部门帮助下推动了项目的境外直接投资审批。",
        "description_en": (
            "When the renminbi fell and currency controls tightened in 2017, the outbound direct "
            "investment approval of its first overseas power-plant project went through with "
            "the help of government departments."
        ),
        "date": None,
        "excerpt": "后来在相关政府部门帮助下，最终推动了项目的ODI（境外直接投资）审批。",
    },
    {
        "organization": "huantai-energy-storage",
        "kind": "founded",
        "title_zh": "南逸二次创业，进入储能领域",
        "title_en": "Nan Yi starts again, in energy storage",
        "date": "2021",
        "excerpt": "2021年，南逸二次创业，进入储能领域，短短几年，又将寰泰储能打造成全钒液流电池领域技术领先、为数不多的全产业链头部企业。",
    },
    {
        "organization": "black-lake",
        "kind": "funding",
        "title_zh": "宣布完成近10亿元D轮融资",
        "title_en": "Announces a Series D of nearly ¥1 billion",
        "date": "2026-04-23",
        "round_name_zh": "D轮",
        "round_name_en": "Series D",
        "amount": "10",
        "amount_scale": "yi",
        "amount_currency": "CNY",
        "amount_qualifier": "nearly",
        "excerpt": "今年4月23日，他们宣布完成近10亿元D轮融资，营收年增速超60%，已全面盈利。",
    },
    {
        "organization": "pateo",
        "kind": "listing",
        "title_zh": "登陆港交所，成为“港股智能车第一股”",
        "title_en": "Listed on the Hong Kong Stock Exchange, its first smart-car stock",
        "date": "2025-09",
        "exchange": "hkex",
        "excerpt": "2025年9月，博泰车联网登陆港交所，成为“港股智能车第一股”。",
    },
    {
        "organization": "neuroxess",
        "kind": "product",
        "title_zh": "国内首款“全植入、全无线、全功能”脑机接口成功植入患者",
        "title_en": "China's first fully implanted, fully wireless, full-function BCI implanted in a patient",
        "description_zh": "一位高位截瘫8年的年轻患者在上海成功植入；经过系统训练，他已经可以仅凭“意念”流畅地打游戏、操控智能家居。",
        "description_en": (
            "Implanted in Shanghai in a young patient paralysed from high in the spine for eight "
            "years; after training he plays games and controls a smart home by thought alone."
        ),
        "date": "2025-10",
        "excerpt": "去年10月，一位高位截瘫8年的年轻患者在上海成功植入国内首款“全植入、全无线、全功能”脑机接口，这项技术便来自脑虎科技。",
    },
    {
        "organization": "siom",
        "kind": "award",
        "title_zh": "激光损伤阈值国际竞赛第一",
        "title_en": "First place in the international laser damage threshold competition",
        "description_zh": "朱美萍团队以领先第二名65%的优势取得第一。",
        "description_en": "Zhu Meiping's team won, 65% ahead of the runner-up.",
        "date": "2019",
        "excerpt": "2019年，他们以领先第二名65%的优势在激光损伤阈值国际竞赛中取得第一，让国际同行刮目相看。",
    },
]
