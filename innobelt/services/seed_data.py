"""The demo service zone: providers of the Belt's districts and cities and the kinds of service they offer
(after the Collaborative Innovation Center's service zone: talent, finance, government affairs, going abroad;
cross-provincial business services). Fees in yuan; targets in working days."""

from decimal import Decimal
from typing import Any

# e-mail, name, (organisation slug, role), operator cities
PEOPLE = [
    ("putuo@innobelt.local", "普陀区科委 Putuo operator", None, ["putuo"]),
    ("putuo-services@innobelt.local", "普陀企业服务中心 Putuo service centre", ("putuo-enterprise-service-centre", "admin"), []),
    ("pudong-ip@innobelt.local", "浦东知识产权服务 Pudong IP services", ("pudong-ip-service-centre", "admin"), []),
    ("suzhou-services@innobelt.local", "苏州企业服务 Suzhou services", ("suzhou-sip-enterprise-services", "admin"), []),
    ("wuxi-startup@innobelt.local", "无锡感知初创 Wuxi sensor startup", ("wuxi-iot-sensing-startup", "admin"), []),
]

FIRMS = [
    dict(slug="wuxi-iot-sensing-startup", kind="startup", city="wuxi", name_zh="无锡感知物联科技有限公司",
         name_en="Wuxi IoT Sensing Technology"),
]

PROVIDERS: list[dict[str, Any]] = [
    dict(slug="putuo-enterprise-service-centre", kind="government_agency", city="putuo", load_limit=30,
         name_zh="普陀区企业服务中心", name_en="Putuo Enterprise Service Centre", services=[
             dict(category="market_entry", title_zh="上海市场准入与选址服务", title_en="Shanghai market entry and site selection",
                  description_zh="为长三角企业在上海设立分支机构、选址落地、办理工商登记提供一站式服务。",
                  description_en="One-stop help for Yangtze River Delta firms opening a branch in Shanghai: site "
                                 "selection, registration and first contacts.",
                  cities=["putuo", "pudong", "baoshan"], languages=["zh", "en"], fee=Decimal("0"),
                  fee_note_zh="政府公共服务，免费", fee_note_en="Public service, free of charge",
                  response_days=1, resolution_days=10),
             dict(category="government", title_zh="长三角跨省通办", title_en="Yangtze River Delta cross-provincial handling",
                  description_zh="江苏企业在上海办理政务事项，或上海企业在江苏办理事项，通过“一网通办”跨省通办专窗代办。",
                  description_en="Government matters of Jiangsu firms in Shanghai (and of Shanghai firms in Jiangsu) "
                                 "handled through the cross-provincial service window.",
                  cities=["putuo", "pudong", "baoshan"], languages=["zh"], fee=Decimal("0"),
                  response_days=1, resolution_days=5),
             dict(category="talent", title_zh="人才引进与落户咨询", title_en="Talent recruitment and residence",
                  description_zh="人才引进落户、居住证积分、人才公寓申请的咨询与材料预审。",
                  description_en="Advice and document checks for talent residence permits, points and talent flats.",
                  cities=["putuo"], languages=["zh", "en"], fee=Decimal("0"), response_days=2, resolution_days=15),
         ]),
    dict(slug="pudong-ip-service-centre", kind="service_provider", city="pudong", load_limit=20,
         name_zh="浦东知识产权服务中心", name_en="Pudong IP Service Centre", services=[
             dict(category="legal_ip", title_zh="专利与商标申请代理", title_en="Patent and trademark filing",
                  description_zh="发明专利、实用新型和商标的检索、撰写与申请，PCT 国际申请。",
                  description_en="Searches, drafting and filing of invention and utility patents and trademarks; PCT.",
                  cities=["pudong", "putuo", "baoshan"], languages=["zh", "en"], fee=Decimal("3800.00"),
                  fee_note_zh="每件起，官费另计", fee_note_en="per filing, official fees extra",
                  response_days=2, resolution_days=20),
             dict(category="abroad", title_zh="企业出海合规咨询", title_en="Going abroad: compliance advice",
                  description_zh="出口管制、数据出境、海外设立公司的合规评估。",
                  description_en="Export control, cross-border data and overseas incorporation compliance checks.",
                  cities=["pudong", "putuo"], languages=["zh", "en"], fee=Decimal("12000.00"),
                  response_days=3, resolution_days=20),
             dict(category="market_entry", title_zh="浦东市场拓展咨询", title_en="Pudong market expansion advice",
                  description_zh="面向长三角企业的浦东客户对接与渠道拓展。",
                  description_en="Customer introductions and channels in Pudong for Delta firms.",
                  cities=["pudong"], languages=["zh"], fee=Decimal("8000.00"), response_days=2, resolution_days=15),
         ]),
    dict(slug="suzhou-sip-enterprise-services", kind="service_provider", city="suzhou", load_limit=20,
         name_zh="苏州工业园区企业服务中心", name_en="Suzhou Industrial Park Enterprise Services", services=[
             dict(category="market_entry", title_zh="苏州市场进入服务", title_en="Suzhou market entry",
                  description_zh="上海企业进入苏州市场：园区载体对接、注册与政策申报。",
                  description_en="Shanghai firms entering Suzhou: premises in the park, registration and policies.",
                  cities=["suzhou"], languages=["zh", "en"], fee=Decimal("0"), response_days=1, resolution_days=10),
             dict(category="finance", title_zh="科技金融与专项资金申报", title_en="Technology finance and funding applications",
                  description_zh="科技贷、知识产权质押融资与省市专项资金申报辅导。",
                  description_en="Technology loans, IP-backed finance and help with provincial and city funds.",
                  cities=["suzhou", "wuxi", "changzhou"], languages=["zh"], fee=Decimal("0"),
                  response_days=2, resolution_days=15),
             dict(category="testing", title_zh="检验检测与认证对接", title_en="Testing and certification",
                  description_zh="对接园区检测机构，办理 CCC、CE 等产品认证。",
                  description_en="Accredited test labs of the park and product certification (CCC, CE).",
                  cities=["suzhou", "wuxi"], languages=["zh", "en"], fee=Decimal("2500.00"),
                  fee_note_zh="起", fee_note_en="from", response_days=2, resolution_days=20),
             dict(category="incubation", title_zh="孵化器入驻", title_en="Incubator places",
                  description_zh="初创企业入驻孵化器，提供工位、导师与投融资对接。",
                  description_en="Desks, mentors and investor introductions for start-ups.",
                  cities=["suzhou"], languages=["zh", "en"], fee=Decimal("800.00"),
                  fee_note_zh="每工位每月", fee_note_en="per desk and month", response_days=3, resolution_days=20),
         ]),
]
