"""The Belt as the founding documents (shared/seeds) describe it.

Commute times and the GDP bands are from seed 001 (2024 figures); specialties
from seeds 001–004. Coordinates are the city or district centres. The alliance
memoranda were signed during the Putuo delegation's weekly visits between
17 February and 13 March 2025 (seed 001); the seeds do not give the day of each
city's visit, so `signed_on` holds the delegation's visit weeks in the order of
the article and the text says so.
"""

INDUSTRIES = [
    # code, Chinese, English
    ("integrated-circuits", "集成电路", "Integrated circuits"),
    ("electronic-information", "电子信息", "Electronic information"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("biotechnology", "生物技术", "Biotechnology"),
    ("healthcare", "医疗健康", "Healthcare"),
    ("medical-devices", "新型医疗器械", "New medical devices"),
    ("ai", "人工智能", "Artificial intelligence"),
    ("iot", "物联网", "Internet of Things"),
    ("it-services", "软件和信息技术服务", "Software and IT services"),
    ("new-energy", "新能源", "New energy"),
    ("new-materials", "新材料", "New materials"),
    ("advanced-materials", "先进材料", "Advanced materials"),
    ("robotics", "机器人", "Robotics"),
    ("aerospace", "航空航天", "Aerospace"),
    ("green-technology", "绿色低碳技术", "Green technology"),
    ("smart-city", "智慧城市", "Smart city"),
    ("quantum", "量子科技", "Quantum technology"),
    ("synthetic-biology", "合成生物", "Synthetic biology"),
    ("culture-tourism", "文化旅游与邮轮", "Culture, tourism and cruises"),
    ("finance", "科技金融", "Finance"),
    ("telecommunications", "通信", "Telecommunications"),
    ("chemicals", "化学与医药研发服务", "Chemistry and pharmaceutical R&D services"),
    ("imaging", "影像与办公技术", "Imaging and office technology"),
]

CITIES = [
    # In railway order, as the home page lists them: Shanghai's districts, then the Jiangsu cities from east to
    # west along the line Shanghai → Suzhou → Wuxi → Changzhou → Zhenjiang → Nanjing (Nantong and Taizhou, across
    # the Yangtze, by their longitude). belt/migrations/0002_railway_order.py gives existing databases this order.
    # slug, kind, zh, en, province zh/en, commute min, gdp band, lat, lng, specialties, summary zh, summary en
    dict(slug="putuo", kind="shanghai_district", name_zh="普陀区", name_en="Putuo District",
         province_zh="上海市", province_en="Shanghai", commute_minutes=None, gdp_band="district",
         latitude="31.24947", longitude="121.39700", specialties=["ai", "biomedicine", "it-services"],
         summary_zh="沪宁产业创新带协同创新中心所在地，牵头成立沪宁协同创新城市联盟，与沿线七城签署合作备忘录。",
         summary_en="Home of the Collaborative Innovation Center of the Belt; Putuo founded the Shanghai–Nanjing "
                    "Collaborative Innovation City Alliance and signed memoranda with the seven Jiangsu cities."),
    dict(slug="pudong", kind="shanghai_district", name_zh="浦东新区", name_en="Pudong New Area",
         province_zh="上海市", province_en="Shanghai", commute_minutes=None, gdp_band="district",
         latitude="31.22140", longitude="121.54400",
         specialties=["integrated-circuits", "biomedicine", "healthcare", "it-services", "new-energy", "advanced-materials", "ai"],
         summary_zh="大企业开放创新中心计划（GOI）自2021年起吸引107家大企业，覆盖13个行业、12个国家，带动750余家科技初创企业、服务6600余家中小企业。",
         summary_en="Since 2021 the Group Open Innovation (GOI) programme has drawn 107 large firms from 13 industries "
                    "and 12 countries, helped create over 750 tech startups and supported over 6,600 SMEs."),
    dict(slug="baoshan", kind="shanghai_district", name_zh="宝山区", name_en="Baoshan District",
         province_zh="上海市", province_en="Shanghai", commute_minutes=None, gdp_band="district",
         latitude="31.40540", longitude="121.48900",
         specialties=["new-materials", "quantum", "synthetic-biology", "robotics", "biomedicine", "green-technology",
                      "smart-city", "it-services", "culture-tourism"],
         summary_zh="上海最早的钢铁工业基地，以吴淞实验室为核心建设上海科创主阵地。",
         summary_en="Shanghai's earliest iron and steel base, building its innovation drive around the Wusong Material Laboratory."),
    dict(slug="nantong", kind="jiangsu_city", name_zh="南通市", name_en="Nantong",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=120, gdp_band="trillion_plus",
         latitude="31.98020", longitude="120.89430", specialties=[],
         summary_zh="GDP超万亿元的江苏城市之一，距上海两小时。",
         summary_en="One of Jiangsu's trillion-yuan GDP cities, two hours from Shanghai."),
    dict(slug="suzhou", kind="jiangsu_city", name_zh="苏州市", name_en="Suzhou",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=30, gdp_band="trillion_plus",
         latitude="31.29900", longitude="120.58530",
         specialties=["electronic-information", "biomedicine", "advanced-materials"],
         summary_zh="与普陀在电子信息、生物医药、先进材料领域深化合作。",
         summary_en="Cooperates with Putuo in electronic information, biomedicine and advanced materials."),
    dict(slug="wuxi", kind="jiangsu_city", name_zh="无锡市", name_en="Wuxi",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=30, gdp_band="trillion_plus",
         latitude="31.49120", longitude="120.31190", specialties=["integrated-circuits", "biomedicine", "it-services"],
         summary_zh="集成电路、生物医药、软件和信息技术服务业是吸引普陀合作的重点。",
         summary_en="Integrated circuits, biomedicine, software and IT services draw Putuo's cooperation."),
    dict(slug="changzhou", kind="jiangsu_city", name_zh="常州市", name_en="Changzhou",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=60, gdp_band="trillion_plus",
         latitude="31.81070", longitude="119.97410",
         specialties=["new-energy", "new-materials", "biotechnology", "medical-devices"],
         summary_zh="新能源、新材料、生物技术和新型医疗器械特色鲜明。",
         summary_en="Known for new energy, new materials, biotechnology and new medical devices."),
    dict(slug="taizhou", kind="jiangsu_city", name_zh="泰州市", name_en="Taizhou",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=120, gdp_band="below_trillion",
         latitude="32.45550", longitude="119.92290", specialties=[],
         summary_zh="力争“十五五”末GDP迈上万亿元台阶，距上海两小时。",
         summary_en="Aims to pass ¥1 trillion GDP by the end of the 15th Five-Year Plan; two hours from Shanghai."),
    dict(slug="zhenjiang", kind="jiangsu_city", name_zh="镇江市", name_en="Zhenjiang",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=60, gdp_band="below_trillion",
         latitude="32.18770", longitude="119.42500", specialties=[],
         summary_zh="2024年GDP略超五千亿元，距上海一小时。",
         summary_en="GDP of just over half a trillion yuan in 2024; one hour from Shanghai."),
    dict(slug="nanjing", kind="jiangsu_city", name_zh="南京市", name_en="Nanjing",
         province_zh="江苏省", province_en="Jiangsu", commute_minutes=60, gdp_band="trillion_plus",
         latitude="32.06030", longitude="118.79690", specialties=["culture-tourism", "it-services"],
         summary_zh="省会城市，与普陀共建一流创新生态，拓展文旅融合，扩大高水平对外开放与公共服务共享。",
         summary_en="The provincial capital; with Putuo it builds a first-class innovation ecosystem, integrates culture "
                    "and tourism, opens up further and shares public services."),
]

ALLIANCE_VISIT_WEEKS = ["2025-02-17", "2025-02-24", "2025-03-03", "2025-03-10", "2025-03-13"]

AGREEMENTS = [
    dict(city="nanjing", signed_on="2025-02-17", focus=["culture-tourism", "it-services"],
         text_en="Build a first-class innovation ecosystem together, widen the integration of culture and tourism, "
                 "expand high-level opening up and share public services.",
         text_zh="共同打造一流创新生态，拓展文旅融合发展广度，扩大高水平对外开放，推进公共服务共享。"),
    dict(city="wuxi", signed_on="2025-02-24", focus=["integrated-circuits", "biomedicine", "it-services"],
         text_en="Cooperate in integrated circuits, biomedicine, software and IT services.",
         text_zh="在集成电路、生物医药、软件和信息技术服务业开展合作。"),
    dict(city="changzhou", signed_on="2025-02-24", focus=["new-energy", "new-materials", "biotechnology", "medical-devices"],
         text_en="Cooperate in new energy, new materials, biotechnology and new medical devices.",
         text_zh="在新能源、新材料、生物技术和新型医疗器械领域开展合作。"),
    dict(city="suzhou", signed_on="2025-03-03", focus=["electronic-information", "biomedicine", "advanced-materials"],
         text_en="Cooperate more closely in electronic information, biomedicine and advanced materials.",
         text_zh="在电子信息、生物医药、先进材料领域深化合作。"),
    dict(city="nantong", signed_on="2025-03-03", focus=[],
         text_en="Join the Collaborative Innovation City Alliance and work together in industry and research.",
         text_zh="加入协同创新城市联盟，在产业协同和科技研发方面加强合作。"),
    dict(city="zhenjiang", signed_on="2025-03-10", focus=[],
         text_en="Join the Collaborative Innovation City Alliance and work together in industry and research.",
         text_zh="加入协同创新城市联盟，在产业协同和科技研发方面加强合作。"),
    dict(city="taizhou", signed_on="2025-03-13", focus=[],
         text_en="Join the Collaborative Innovation City Alliance and work together in industry and research.",
         text_zh="加入协同创新城市联盟，在产业协同和科技研发方面加强合作。"),
]

AGREEMENT_NOTE_EN = ("Memorandum of the Shanghai–Nanjing Collaborative Innovation City Alliance, signed during the Putuo "
                     "delegation's weekly visits between 17 February and 13 March 2025.")
AGREEMENT_NOTE_ZH = "沪宁协同创新城市联盟合作备忘录，于2025年2月17日至3月13日普陀区代表团每周一天的走访期间签署。"

FOLLOW_UPS = [
    ("建立双方联络工作机制，明确对接部门", "Set up a joint liaison mechanism and name the contact offices", 60, "done"),
    ("在协同创新中心展示合作城市重点产业与成果", "Show the partner city's key industries and achievements at the Collaborative Innovation Center", 180, "open"),
    ("举办一场企业对接活动", "Hold a company matchmaking event", 300, "open"),
]
