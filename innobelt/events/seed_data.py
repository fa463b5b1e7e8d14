"""The demo of the meeting zone (shared/seeds/000: the Collaborative Innovation Center's meeting zone
hosts forums, roadshows and industry summits; over 50 companies took part in its Technology and
Industrial Collaborative Innovation Day).

The seed gives no dates, speakers or agenda: the times are relative to the day the demo is loaded,
and every person and company invented here is marked as demo data.
"""

CENTER = "putuo-collaborative-innovation-center"
VENUE = {"venue_zh": "沪宁产业创新带协同创新中心·会议区", "venue_en": "Meeting zone, Collaborative Innovation Center of the Belt",
         "address": "上海市普陀区 Putuo District, Shanghai"}
PARTICIPANTS = 52  # companies that took part (checked in); seed 000: "over 50 companies participated" (generated ones)
NO_SHOWS = 4  # registered for the innovation day but did not come
SYNTHETIC_SEED = 4000  # generator seed of the demo participants (slugs syn-4000-n)

ORGANISER = dict(email="putuo-center@innobelt.local", person="协同创新中心 活动组 Center events team")
STARTUPS = [
    dict(slug="demo-wuxi-smartsense-robotics", city="wuxi", industries=["robotics", "ai"], name_zh="无锡智感机器人科技有限公司（演示）",
         name_en="Wuxi SmartSense Robotics (demo)", email="founder@innobelt.local", person="智感 陈总 SmartSense founder",
         pitch=dict(title="协作机器人视觉抓取模组", summary="面向柔性产线的视觉抓取模组，三个月内可在中试线部署。", language="zh",
                    funding_need_cny=12_000_000, stage="angel", status="selected")),
    dict(slug="demo-changzhou-sourcestore-energy", city="changzhou", industries=["new-energy"], name_zh="常州源储新能源科技有限公司（演示）",
         name_en="Changzhou SourceStore Energy (demo)", email="sourcestore@innobelt.local", person="源储 刘博士 SourceStore",
         pitch=dict(title="Sodium-ion storage cells for industrial parks", summary="Pilot line ready; looking for a lead investor and a "
                    "first industrial park customer along the Belt.", language="en", funding_need_cny=30_000_000, stage="series_a",
                    status="selected")),
    dict(slug="demo-nantong-haihe-biotech", city="nantong", industries=["biomedicine"], name_zh="南通海合生物科技有限公司（演示）",
         name_en="Nantong HaiHe Biotech (demo)", email="haihe@innobelt.local", person="海合 王博士 HaiHe",
         pitch=dict(title="海洋来源抗菌肽的临床前开发", summary="已完成先导化合物筛选，寻求临床前研究资金与CRO合作。", language="zh",
                    funding_need_cny=8_000_000, stage="seed", status="submitted")),
]
INVESTOR = dict(slug="demo-belt-innovation-ventures", city="putuo", name_zh="沪宁协同创新创投（演示）", name_en="Belt Innovation Ventures (demo)",
                email="investor@innobelt.local", person="协同创投 赵合伙人 Belt Ventures")

EVENTS = [
    dict(key="innovation-day", kind="innovation_day", days=-21, start="09:30", end="17:00", capacity=None,
         title_zh="科技与产业协同创新日", title_en="Technology and Industrial Collaborative Innovation Day",
         description="协同创新中心会议区举办的科技与产业协同创新日：50余家企业参加交流，中心参与揭晓标志性成果，"
                     "推动产业创新带沿线合作、培育新质生产力。",
         rooms=[("主会场", "Main hall", 200), ("对接洽谈区", "Matchmaking area", 80)],
         speakers=[("协同创新中心", "Collaborative Innovation Center", "沪宁产业创新带协同创新中心", "Collaborative Innovation Center of the Belt")],
         sessions=[
             ("09:30", "10:00", "开幕与中心介绍", "Opening and the center's three zones", 0, [0]),
             ("10:00", "11:00", "标志性成果揭晓", "Unveiling of landmark achievements", 0, [0]),
             ("11:00", "12:00", "人工智能与生命科学应用展示", "Applications in AI and life sciences", 0, []),
             ("13:30", "17:00", "企业交流与精准对接", "Company exchanges and partner matching", 1, []),
         ], questions=[]),
    dict(key="roadshow", kind="roadshow", days=14, start="14:00", end="17:30", capacity=60,
         title_zh="沪宁产业创新带硬科技初创企业路演", title_en="Hard-tech startup roadshow of the Shanghai–Nanjing Belt",
         description="会议区的路演：沿线初创企业向投资机构和大企业展示项目，评分后可预约一对一洽谈。",
         rooms=[("路演厅", "Roadshow hall", 80)],
         speakers=[("赵合伙人", "Partner Zhao", "沪宁协同创新创投（演示）", "Belt Innovation Ventures (demo)")],
         sessions=[
             ("14:00", "14:15", "开场：路演规则与评分", "Opening: how pitches are rated", 0, [0]),
             ("14:15", "15:45", "项目路演（第一组）", "Pitches, first group", 0, []),
             ("16:00", "17:30", "投资人点评与一对一洽谈预约", "Investor feedback and 1:1 meeting requests", 0, [0]),
         ], questions=[]),
    dict(key="summit", kind="summit", days=30, start="09:00", end="17:30", capacity=40, mode="hybrid",
         online_url="https://meeting.example.com/belt-summit",
         title_zh="沪宁产业创新带产业峰会", title_en="Shanghai–Nanjing Industrial Innovation Belt Summit",
         description="面向沿线城市、大企业、科研院所和投资机构的产业峰会：城市联盟合作进展、产业链协同与出海服务。线上同步直播。",
         rooms=[("主会场", "Main hall", 40), ("分论坛A", "Breakout room A", 30)],
         speakers=[("联盟秘书处", "Alliance secretariat", "沪宁协同创新城市联盟", "Shanghai–Nanjing Collaborative Innovation City Alliance")],
         sessions=[
             ("09:00", "09:30", "开幕致辞", "Opening remarks", 0, [0]),
             ("09:30", "11:30", "城市联盟合作进展", "Progress of the City Alliance", 0, [0]),
             ("13:30", "15:30", "分论坛：产业链协同", "Breakout: supply-chain collaboration", 1, []),
             ("15:45", "17:30", "分论坛：企业出海服务", "Breakout: going global", 1, []),
         ],
         questions=[dict(label_zh="职务", label_en="Your position", kind="text", required=True),
                    dict(label_zh="午餐", label_en="Lunch", kind="choice", required=False,
                         options=[{"zh": "需要", "en": "Yes, please"}, {"zh": "不需要", "en": "No, thanks"}])]),
]
SUMMIT_WAITING = 5  # people beyond the summit's places: on the waiting list
