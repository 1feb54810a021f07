# ruff: noqa: E501 -- verbatim article text and its translations; wrapping hurts reviewing them
"""The eleven people the article names: roles as it states them, and everything it has them say.

Quotes are verbatim: direct speech (in quotation marks in the article) and the reported speech
the article attributes to the person; the context of reported speech says it is reported.
English names are pinyin. Honours only where the article states them.
"""

REPORTED_ZH = "（记者转述）"
REPORTED_EN = " (reported speech)"


def said(text_zh, text_en, context_zh, context_en):
    return {
        "text_zh": text_zh,
        "text_en": text_en,
        "context_zh": context_zh,
        "context_en": context_en,
    }


def reported(text_zh, text_en, context_zh, context_en):
    return said(text_zh, text_en, context_zh + REPORTED_ZH, context_en + REPORTED_EN)


PEOPLE = [
    {
        "slug": "chen-weiliang",
        "name_zh": "陈维良",
        "name_en": "Chen Weiliang",
        "headline_zh": "沐曦股份创始人、董事长兼总经理",
        "headline_en": "Founder, chairman and general manager of MetaX",
        "roles": [
            {
                "organization": "metax",
                "kind": "founder",
                "title_zh": "创始人、董事长兼总经理",
                "title_en": "Founder, chairman and general manager",
            }
        ],
        "quotes": [
            said(
                "GPU芯片从设计到量产需要3—5年周期，在浦东，我们得到了从实验室到应用场、从单点到生态"
                "的全周期支持，这支撑了像我们这样的硬科技赛道企业的长期研发，让我们在追逐‘中国芯’"
                "梦想的路上步履坚实。",
                "A GPU chip takes three to five years from design to mass production. In Pudong we "
                "have had support across the whole cycle, from the laboratory to the place of use "
                "and from single points to an ecosystem. It sustains the long-term research of "
                "hard-tech companies like ours and keeps our steps firm on the road to the dream of "
                "a ‘Chinese chip’.",
                "谈浦东的全周期支持",
                "On Pudong's support across the whole cycle",
            ),
            reported(
                "上海的人才、政策场景及产业链协同优势，是沐曦股份创新的坚实后盾，公司也通过完善算力"
                "产业链、深化校企合作、深度赋能重点领域等方式融入上海产业生态，为上海建设世界级芯片"
                "产业集群贡献力量。",
                "Shanghai's advantages in talent, policy and application scenarios and in "
                "industry-chain coordination are the solid backing of MetaX's innovation; the "
                "company in turn joins Shanghai's industrial ecosystem by completing the computing "
                "industry chain, deepening cooperation with universities and empowering key "
                "fields, contributing to Shanghai's world-class chip cluster.",
                "谈上海对沐曦创新的支撑",
                "On what Shanghai gives MetaX's innovation",
            ),
            said(
                "我们坚信，唯有与产业链同仁并肩、紧密协作，才能共筑自主算力底座，为国家科技自立自强"
                "贡献力量。",
                "We firmly believe that only by standing shoulder to shoulder and working closely "
                "with our peers across the industry chain can we build an independent foundation "
                "of computing power together and contribute to the country's self-reliance in "
                "science and technology.",
                "谈与产业链协作",
                "On working with the industry chain",
            ),
        ],
    },
    {
        "slug": "yan-junjie",
        "name_zh": "闫俊杰",
        "name_en": "Yan Junjie",
        "headline_zh": "MiniMax（稀宇科技）创始人",
        "headline_en": "Founder of MiniMax",
        "roles": [
            {
                "organization": "minimax",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
            }
        ],
        "quotes": [
            said(
                "上海的城市基因决定了这是一座最适合全球化发展的创业城市——国际化视野、全球人才吸引力、"
                "国际商务的便利性，为我们走向世界提供了天然的土壤。",
                "Shanghai's DNA makes it the start-up city best suited to growing globally: an "
                "international outlook, its pull on talent from all over the world and the ease of "
                "doing international business gave us natural soil for going out into the world.",
                "谈上海的城市基因",
                "On Shanghai's DNA",
            ),
            reported(
                "MiniMax的成长离不开上海各级部门主动服务、急企业之所急的上海速度。",
                "MiniMax could not have grown without the ‘Shanghai speed’ of departments at every "
                "level that offer their services unasked and treat a company's urgency as their "
                "own.",
                "谈上海速度",
                "On ‘Shanghai speed’",
            ),
            said(
                "在AI这样一个全新的行业中，一些主管部门和我们共同探索、思考如何更好地做好合规治理等新"
                "课题，在这个过程中，公司的合规能力更强，也更具竞争力。这种政企协同探索的关系，对一家"
                "快速发展的创业公司来说尤为珍贵。",
                "In a brand-new industry like AI, some of the competent authorities explored and "
                "thought through new questions such as compliance and governance together with us. "
                "In the process the company's compliance became stronger and it became more "
                "competitive. This kind of joint exploration by government and business is "
                "especially precious to a fast-growing start-up.",
                "谈政企协同探索合规治理",
                "On exploring compliance together with the authorities",
            ),
            said(
                "坦率地说，我们最大的挑战是智能的发展速度远超物理规律，模型能力指数级提升，期待上海在"
                "签证便利化、国际人才落户等方面进一步发力，帮助本土企业更快汇聚全球人才。",
                "Frankly, our biggest challenge is that intelligence is developing at a speed far "
                "beyond the laws of the physical world, with model capabilities rising "
                "exponentially. We "
                "hope Shanghai will do more on easier visas and on settling international talent, "
                "to help local companies gather talent from around the world faster.",
                "谈对上海的期待",
                "On what he hopes Shanghai will do",
            ),
        ],
    },
    {
        "slug": "wang-shiquan",
        "name_zh": "王世全",
        "name_en": "Wang Shiquan",
        "headline_zh": "非夕科技联合创始人兼CEO",
        "headline_en": "Co-founder and CEO of Flexiv",
        "roles": [
            {
                "organization": "flexiv",
                "kind": "founder",
                "title_zh": "联合创始人兼CEO",
                "title_en": "Co-founder and CEO",
            }
        ],
        "quotes": [
            said(
                "自适应机器人在助力产线工业自动化变革的同时，也逐步渗透进大众生活场景，实现真正的机器"
                "人通用。未来，我们希望联合更多合作伙伴，在制造、医疗、服务等更多领域持续拓展应用边界，"
                "让智能照进更多现实场景。",
                "While adaptive robots help transform industrial automation on production lines, "
                "they are also gradually entering everyday life, making robots truly general-purpose. "
                "In future we hope to join more partners in pushing the boundaries of application "
                "in manufacturing, healthcare, services and other fields, so that intelligence "
                "reaches more real-world settings.",
                "谈自适应机器人的应用",
                "On the uses of adaptive robots",
            ),
        ],
    },
    {
        "slug": "jiang-jun",
        "name_zh": "蒋俊",
        "name_en": "Jiang Jun",
        "headline_zh": "时的科技创始人兼首席市场官",
        "headline_en": "Founder and chief marketing officer of TCab Tech",
        "roles": [
            {
                "organization": "tcab-tech",
                "kind": "founder",
                "title_zh": "创始人兼首席市场官",
                "title_en": "Founder and chief marketing officer",
            }
        ],
        "quotes": [
            said(
                "上海不仅汇聚了国内最优秀的航空设计资源，也是目前拥有国内最多数量eVTOL公司的城市，"
                "发展潜力巨大。",
                "Shanghai not only gathers the best aviation design resources in China, it is also "
                "the city with the most eVTOL companies in the country today. Its potential is huge.",
                "谈上海的低空经济",
                "On Shanghai's low-altitude economy",
            ),
            said(
                "我们相信，凭借供应链优势、务实路径和场景深耕，中国eVTOL企业完全有能力在全球市场中占据"
                "重要一席。",
                "We believe that with the advantage of the supply chain, a pragmatic path and deep "
                "work on use cases, Chinese eVTOL companies are fully capable of taking an important "
                "place in the global market.",
                "谈中国eVTOL企业走向全球",
                "On Chinese eVTOL companies going global",
            ),
        ],
    },
    {
        "slug": "pang-guoqiang",
        "name_zh": "庞国强",
        "name_en": "Pang Guoqiang",
        "headline_zh": "嘉帕科技创始人",
        "headline_en": "Founder of Jiapa Technology",
        "roles": [
            {
                "organization": "jiapa",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
            }
        ],
        "quotes": [
            said(
                "完全聊嗨了，根本说不过来！",
                "We got completely carried away talking; there was no way to say it all!",
                "第六届论坛20分钟对接会后",
                "After a 20-minute matchmaking session at the 6th forum",
            ),
        ],
    },
    {
        "slug": "ying-zhenkai",
        "name_zh": "应臻恺",
        "name_en": "Ying Zhenkai",
        "headline_zh": "博泰车联网创始人",
        "headline_en": "Founder of PATEO",
        "roles": [
            {
                "organization": "pateo",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
            }
        ],
        "quotes": [
            reported(
                "他们与上海芯片企业的合作、与AI大模型公司的联合研发、与自动驾驶公司的场景共创，很多都是"
                "在论坛上“聊”出来的。",
                "Much of their cooperation with Shanghai chip companies, their joint research with "
                "large-model AI companies and their joint work on use cases with autonomous-driving "
                "companies came out of conversations at the forum.",
                "谈论坛上“聊”出来的合作",
                "On partnerships that began as talks at the forum",
            ),
            said(
                "创业初期，账上1000多万元，我要拿出700万买专利。所有人都反对，我说，这买的是博泰出海的"
                "‘门票’。",
                "In the early days we had a little over 10 million yuan in the bank and I wanted to "
                "spend 7 million of it on patents. Everyone was against it. I said: this buys "
                "PATEO's ‘ticket’ to go overseas.",
                "谈创业初期买专利",
                "On buying patents in the early days",
            ),
            reported(
                "因为上海有法治化、国际化的营商环境，有尊重知识产权的传统。在这里，专利不是一张纸，是可以"
                "全球市场兑换成竞争壁垒的资产。",
                "Because Shanghai has a business environment governed by law and open to the world, "
                "and a tradition of respecting intellectual property. Here a patent is not a piece "
                "of paper but an asset that can be turned into a competitive barrier in the global "
                "market.",
                "谈为什么敢这么做",
                "On why he dared to do it",
            ),
            reported(
                "博泰是上海“数智创新生态系统”的产物。",
                "PATEO is a product of Shanghai's ‘digital and intelligent innovation ecosystem’.",
                "谈博泰与上海的创新生态",
                "On PATEO and Shanghai's innovation ecosystem",
            ),
            said(
                "我们能在上海扎根、突破、链接全球，是因为这里有制造业底座、超级应用场景、包容审慎监管、"
                "人才产业生态等完整的创新生态。",
                "We have been able to take root, break through and connect with the world in "
                "Shanghai because it has a complete innovation ecosystem: a manufacturing base, "
                "huge application scenarios, inclusive and prudent regulation, and an ecosystem of "
                "talent and industry.",
                "谈上海完整的创新生态",
                "On Shanghai's complete innovation ecosystem",
            ),
            said(
                "我常和青年创业者交流。分享经验的同时，也被他们身上‘敢想敢干’的冲劲所激励。",
                "I often talk with young entrepreneurs. While I share my experience, I am also "
                "spurred on by their drive to ‘dare to dream and dare to act’.",
                "谈与青年创业者交流",
                "On talking with young entrepreneurs",
            ),
            reported(
                "这种“老带新、新促老”的良性循环，让上海的创新创业生态成为一片生生不息的雨林，每一代青年，"
                "都在用自己的智慧，为这座城市注入新的动能。",
                "This virtuous circle, in which the experienced guide the newcomers and the "
                "newcomers spur on the experienced, makes Shanghai's innovation and start-up "
                "ecosystem an ever-living rainforest, where every generation of young people brings "
                "new energy to the city with its own wisdom.",
                "谈“老带新、新促老”",
                "On the experienced and the newcomers spurring each other",
            ),
            said(
                "上海已经给了我们最好的土壤。面向未来，我们期待上海继续做那个‘敢为天下先’的城市，率先"
                "开放场景，率先定义标准，率先构建闭环。",
                "Shanghai has already given us the best soil. Looking ahead, we hope Shanghai will "
                "remain the city that ‘dares to be the first under heaven’: first to open up use "
                "cases, first to define standards, first to close the loop.",
                "谈对上海的期待",
                "On what he hopes Shanghai will do",
            ),
        ],
    },
    {
        "slug": "nan-yi",
        "name_zh": "南逸",
        "name_en": "Nan Yi",
        "headline_zh": "寰泰能源创始人",
        "headline_en": "Founder of Huantai Energy",
        "bio_zh": (
            "<p>2015年从牛津大学毕业后来到上海创业。寰泰能源创始人；2021年二次创业，进入储能领域，"
            "将寰泰储能打造成全钒液流电池领域的头部企业。自2020年首届上海创新创业青年50人论坛"
            "举办以来，每年参与论坛及相关活动。</p>"
        ),
        "bio_en": (
            "<p>Came to Shanghai to start a business after graduating from the University of "
            "Oxford in 2015. Founder of Huantai Energy; started again in 2021 in energy storage, "
            "making Huantai Energy Storage a leading vanadium redox flow battery company. Has "
            "taken part in the forum and its events every year since the first edition in "
            "2020.</p>"
        ),
        "roles": [
            {
                "organization": "huantai-energy",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
                "order": 1,
            },
            {
                "organization": "huantai-energy-storage",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
                "start": "2021",
                "order": 0,
            },
        ],
        "quotes": [
            said(
                "自2020年首届论坛举办以来，我每年都参与论坛及相关活动，不仅可以和国内优秀的企业家交流，"
                "还能听到很多国外专家学者、业界伙伴的分享，收获很大。",
                "Since the first forum in 2020 I have taken part in the forum and its events every "
                "year. I can talk with outstanding entrepreneurs from across China and also hear "
                "many experts, scholars and industry partners from abroad. I have gained a lot.",
                "谈每年参与论坛",
                "On taking part in the forum every year",
            ),
            said(
                "客户来上海考察，两三天就能遍访上下游供应链、世界前十供应商，这在其他任何地方都做不到。"
                "长三角产业链完备，市场空间巨大，融资渠道多元，港口通达世界，这些综合优势为企业‘出海’"
                "提供了便利。",
                "When customers come to Shanghai, in two or three days they can visit the whole "
                "supply chain, upstream and downstream, and the world's top ten suppliers. That is "
                "impossible anywhere else. The Yangtze River Delta has a complete industry chain, a "
                "huge market, varied sources of finance and ports connected to the world; together "
                "these make it easier for companies to ‘go overseas’.",
                "谈上海与长三角的综合优势",
                "On the strengths of Shanghai and the Yangtze River Delta",
            ),
            reported(
                "上海的有关部门真正做到了“无事不扰，有求必应”。",
                "Shanghai's departments truly ‘do not disturb when there is no need, and respond "
                "to every request’.",
                "谈最深的印象",
                "On what impressed him most",
            ),
            said(
                "我们当时拿到了第一个海外项目，如果出不去，公司可能就完了。后来在相关政府部门帮助下，最终"
                "推动了项目的ODI（境外直接投资）审批。",
                "We had just won our first overseas project; if we could not get out, the company "
                "might have been finished. Later, with the help of the government departments "
                "concerned, the project's ODI (outbound direct investment) approval finally went "
                "through.",
                "谈2017年“走出去”的困难",
                "On the difficulty of going abroad in 2017",
            ),
        ],
    },
    {
        "slug": "zhou-yuxiang",
        "name_zh": "周宇翔",
        "name_en": "Zhou Yuxiang",
        "headline_zh": "上海黑湖科技有限公司创始人",
        "headline_en": "Founder of Black Lake Technologies",
        "roles": [
            {
                "organization": "black-lake",
                "kind": "founder",
                "title_zh": "创始人",
                "title_en": "Founder",
            }
        ],
        "quotes": [
            said(
                "上海是全国对科技创业最友好的城市之一，这一点我们十年走下来感受很深。",
                "Shanghai is one of the friendliest cities in China to tech start-ups; ten years "
                "along the road, we feel that deeply.",
                "谈上海的创业环境",
                "On Shanghai as a place to start up",
            ),
            said(
                "上海的创业生态有一个特点——务实，这种氛围对我们很重要，黑湖做的是工业软件，得一个工厂"
                "一个工厂地啃下来，没有捷径。上海这种务实的基因，跟我们很匹配。",
                "Shanghai's start-up ecosystem has one trait: it is pragmatic. That matters a lot "
                "to us. Black Lake makes industrial software; we have to win factories one by one, "
                "there is no shortcut. Shanghai's pragmatic DNA suits us well.",
                "谈上海务实的创业生态",
                "On Shanghai's pragmatic start-up ecosystem",
            ),
            said(
                "黑湖科技现在在做的，是让AI agent嵌入到工厂的每一个决策节点——报价、排程、拆单、下单、"
                "跟单、报表分析等等，完成从AI辅助决策到AI自主决策的升级。",
                "What Black Lake is doing now is embedding AI agents in every decision point of a "
                "factory — quoting, scheduling, splitting orders, placing orders, following orders "
                "up, report analysis and more — moving from AI-assisted to autonomous AI "
                "decisions.",
                "谈工业AI agent",
                "On AI agents in factories",
            ),
            reported(
                "接下来，他们将加速工业AI应用落地和全球扩张，进一步推动AI与制造业真实业务场景的深度结合。",
                "Next, they will speed up putting industrial AI to use and expanding worldwide, "
                "bringing AI deeper into the real business of manufacturing.",
                "谈黑湖的下一步",
                "On Black Lake's next steps",
            ),
            said(
                "上海有全国最好的制造业基础，这本身就是巨大的优势，把这些场景试点开放出来，能加速整个产业AI"
                "生态的成熟。",
                "Shanghai has the best manufacturing base in China, which is a huge advantage in "
                "itself. Opening these settings up for pilots would speed up the maturing of AI "
                "across the whole industry.",
                "谈开放制造业场景",
                "On opening manufacturing settings to pilots",
            ),
            reported(
                "希望上海继续优化人才政策，尤其是AI和制造业交叉领域的复合型人才。",
                "He hopes Shanghai will keep improving its talent policy, above all for people "
                "who combine AI and manufacturing.",
                "谈人才政策",
                "On talent policy",
            ),
            said(
                "这批人现在全球都稀缺，既懂模型又懂工业的人，哪个城市能吸引到、留得住，哪个城市就能拿到下"
                "一轮产业升级的门票。",
                "Such people are scarce all over the world now. Whichever city can attract and keep "
                "people who understand both models and industry will hold the ticket to the next "
                "round of industrial upgrading.",
                "谈AI与制造业的复合型人才",
                "On people who know both AI and manufacturing",
            ),
        ],
    },
    {
        "slug": "tao-hu",
        "name_zh": "陶虎",
        "name_en": "Tao Hu",
        "headline_zh": "上海脑虎科技有限公司创始人兼首席科学家",
        "headline_en": "Founder and chief scientist of NeuroXess",
        "roles": [
            {
                "organization": "neuroxess",
                "kind": "founder",
                "title_zh": "创始人兼首席科学家",
                "title_en": "Founder and chief scientist",
            }
        ],
        "quotes": [
            reported(
                "对脑机接口而言，医研结合非常重要，上海集齐了研发所需的科研、医疗、政策、人才、资本等要素。",
                "For brain-computer interfaces, combining medicine and research is essential, and "
                "Shanghai has brought together everything research and development needs: "
                "science, hospitals, policy, talent and capital.",
                "谈脑机接口的医研结合",
                "On combining medicine and research in BCI",
            ),
        ],
    },
    {
        "slug": "zhu-meiping",
        "name_zh": "朱美萍",
        "name_en": "Zhu Meiping",
        "headline_zh": "中国科学院上海光学精密机械研究所共工部首席科学家",
        "headline_en": (
            "Chief scientist of the Gonggong Department, Shanghai Institute of Optics and Fine "
            "Mechanics, Chinese Academy of Sciences"
        ),
        "bio_zh": (
            "<p>十多年前入行时，面对研制微米级尺寸偏振薄膜元件的世界级难题；带领团队攻克了偏振"
            "薄膜膜层龟裂的国际难题，打破了国外对我国的技术封锁和产品禁运。2024年度上海市科学技术奖"
            "获奖者。</p>"
        ),
        "bio_en": (
            "<p>Entered the field more than ten years ago facing a world-class problem: making "
            "micrometre-scale polarizing thin-film elements. Led her team to solve the "
            "international problem of cracking in polarizing film layers, breaking the foreign "
            "technology blockade and product embargo. Winner of the 2024 Shanghai Science and "
            "Technology Award.</p>"
        ),
        "honours_zh": (
            "2024年度上海市科学技术奖获奖者\n"
            "2019年带领团队以领先第二名65%的优势在激光损伤阈值国际竞赛中取得第一"
        ),
        "honours_en": (
            "Winner of the 2024 Shanghai Science and Technology Award\n"
            "2019: her team took first place in the international laser damage threshold "
            "competition, 65% ahead of the runner-up"
        ),
        "roles": [
            {
                "organization": "siom-gonggong",
                "kind": "scientist",
                "title_zh": "首席科学家",
                "title_en": "Chief scientist",
            }
        ],
        "quotes": [
            said(
                "它们就是我的‘大宝’和‘小宝’。",
                "They are my ‘big baby’ and my ‘little baby’.",
                "指着两台镀膜机",
                "Pointing at two coating machines",
            ),
            said(
                "它们见证了我们的激光薄膜损伤阈值从跟跑、并跑到领跑的全过程。",
                "They have seen the whole journey of our laser thin-film damage threshold, from "
                "following to running level to leading.",
                "谈激光薄膜损伤阈值的进步",
                "On the progress of the laser thin-film damage threshold",
            ),
            said(
                "无数个深夜，面对布满裂纹的样品，我想尽办法。给失败样品编号分析，带团队反复调整参数……"
                "终于攻克了偏振薄膜膜层龟裂的国际难题，打破了国外对我国的技术封锁和产品禁运。",
                "Countless late nights, facing samples covered in cracks, I tried everything. We "
                "numbered and analysed the failed samples, and I led the team in adjusting the "
                "parameters again and again … until we finally solved the international problem "
                "of cracking in polarizing film layers and broke the foreign technology blockade "
                "and product embargo against our country.",
                "谈攻克偏振薄膜膜层龟裂难题",
                "On solving the cracking of polarizing films",
            ),
        ],
    },
    {
        "slug": "chen-yaoshui",
        "name_zh": "陈尧水",
        "name_en": "Chen Yaoshui",
        "headline_zh": "上海市工商联生物医药商会执行会长兼秘书长",
        "headline_en": (
            "Executive president and secretary-general of the Biomedicine Chamber of Commerce, "
            "Shanghai Federation of Industry and Commerce"
        ),
        "roles": [
            {
                "organization": "shanghai-fic-biomedicine-chamber",
                "kind": "association_leader",
                "title_zh": "执行会长兼秘书长",
                "title_en": "Executive president and secretary-general",
            }
        ],
        "quotes": [
            reported(
                "去年，我国生物医药产业实现历史性跨越，上海在这一波强劲增长中极具存在感。",
                "Last year China's biomedicine industry made a historic leap, and Shanghai had a "
                "strong presence in this wave of vigorous growth.",
                "谈2025年生物医药产业",
                "On the biomedicine industry in 2025",
            ),
            said(
                "上海乃至中国创新药的经验和智慧正在反哺全球。",
                "The experience and wisdom of innovative drugs from Shanghai, and from China, are "
                "now giving back to the world.",
                "谈创新药反哺全球",
                "On innovative drugs giving back to the world",
            ),
            reported(
                "上海近年来的创新药械“出海”，已告别早年的“一锤子买卖”，普遍采用“首付款+里程碑付款+销售"
                "分成”模式，其核心是话语权提升，从“权益出让方”转变成“全球价值共创者”。",
                "Shanghai's innovative drugs and devices going overseas in recent years have left "
                "the one-off deals of the early years behind and generally use an ‘upfront payment "
                "+ milestone payments + sales royalties’ model; at its core is a stronger voice, "
                "turning from a ‘seller of rights’ into a ‘global co-creator of value’.",
                "谈创新药械出海模式",
                "On how innovative drugs and devices go overseas",
            ),
            reported(
                "持续创新是企业成长的根本，也是走向国际的基石。只有坚持创新，才能在国际市场中行稳致远。",
                "Continuous innovation is the root of a company's growth and the cornerstone of "
                "going international. Only by sticking to innovation can a company go far, steadily, "
                "in the international market.",
                "谈持续创新",
                "On continuous innovation",
            ),
            said(
                "上海生物医药的底气在于结构向新向优的深刻变化。未来，上海不是只种一棵树，而是打造一片森林，"
                "形成生生不息的产业生态，让参天大树茁壮成长。",
                "The confidence of Shanghai's biomedicine lies in the profound shift of its "
                "structure towards the new and the better. In future Shanghai will not plant a "
                "single tree but grow a forest, an ever-living industrial ecosystem in which "
                "towering trees can thrive.",
                "谈上海生物医药的底气",
                "On the confidence of Shanghai's biomedicine",
            ),
        ],
    },
]
