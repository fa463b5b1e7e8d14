"""Demo challenges of GOI large firms (seeds 003, 004), technology needs of Belt organisations and the Baoshan
district's open call with milestone funding (揭榜挂帅).

The firms are real GOI exemplars named by the seeds; the calls are written the way their open-innovation teams
publish them, but the details (amounts, dates, criteria) are invented for the demo. Deadlines are days from the
moment the demo loads, so the calls are open whenever it is loaded. Statements are written once, in the firm's
language (`lang`); titles, criteria, phases and milestones in both. A phase is (Chinese name, English name, days,
what ends with it: Phase.Kind).
"""

from typing import Any

CHALLENGES: list[dict[str, Any]] = [
    dict(
        owner="comac-innovation-valley",
        lang="zh",
        title_zh="民机复合材料构件智能无损检测方案征集",
        title_en="Intelligent non-destructive inspection of composite parts for civil aircraft",
        statement="中国商飞创新谷面向民机复合材料构件（壁板、梁、肋）征集智能无损检测方案。目前超声检测结果依赖人工判读，"
        "单件检测耗时长、漏检风险高。希望引入超声相控阵、红外热成像与人工智能缺陷识别相结合的方案，在创新谷验证平台上验证。",
        desired_outcome="单件检测时间缩短50%以上；分层、孔隙、夹杂缺陷识别准确率不低于95%；检测结果可追溯并接入质量系统。",
        offers="在创新谷验证平台开展三个月试运行；验证通过后进入供应商导入流程；可联合申报上海市科技项目。",
        eligibility="在长三角注册的企业、高校或科研团队；需具备相关检测或人工智能算法经验。",
        agreement="参与方同意对创新谷提供的构件数据与工艺资料保密，仅用于本次方案征集；方案知识产权归参与方所有。",
        confidential_details="验证样件包括带预置缺陷的碳纤维层压板试块30件，附超声C扫描原始数据。",
        industries=["aerospace", "advanced-materials", "ai"],
        # the climate chamber is COMAC's equipment in the register (made by the vouchers demo): the pilot books it
        resources=["Non-destructive inspection of composite parts for civil aircraft", "Temperature and humidity climate chamber"],
        days=45,
        criteria=[
            ("技术先进性", "Technical merit", 35),
            ("检测效率与准确率", "Inspection speed and accuracy", 30),
            ("工程化与适航可行性", "Engineering and airworthiness feasibility", 20),
            ("团队能力", "Team", 15),
        ],
        phases=[
            ("方案征集", "Proposals", 45, "proposals"),
            ("专家评审", "Expert review", 60, "review"),
            ("入围遴选", "Shortlisting", 70, "shortlist"),
            ("验证平台试运行", "Pilot on the validation platform", 150, "pilot"),
        ],
        actor="comac@innobelt.local",
    ),
    dict(
        owner="nokia-shanghai-bell-openx-lab",
        lang="en",
        title_zh="5G专网工厂机器视觉质检应用",
        title_en="Machine-vision quality inspection over a 5G private network",
        statement="OpenX Lab is looking for startups whose machine-vision inspection runs at the edge of a 5G standalone "
        "private network: cameras on the line, inference on a MEC server, results back to the PLC within 50 ms. "
        "We want to bring one or two solutions to our manufacturing customers in the Yangtze River Delta together.",
        desired_outcome="A working demonstration on the OpenX 5G test bed with end-to-end latency under 50 ms at 20 cameras, "
        "and a joint offer for one customer pilot.",
        offers="Two test-bed slots of two weeks each; engineering support from Nokia Shanghai Bell; joint go-to-market "
        "with customers of the lab; introduction to Nokia's global startup programme.",
        eligibility="Startups and SMEs with a product at TRL 5 or above; a team able to work in Shanghai for the test slots.",
        agreement="Participants keep their intellectual property. Information on the lab's customers is confidential and "
        "used only for this challenge.",
        confidential_details="Target customers: two automotive parts makers in Jiading and Suzhou; 300 inspection points.",
        industries=["telecommunications", "ai", "iot"],
        resources=["5G private network test bed for factories"],
        days=30,
        criteria=[
            ("端到端时延与可靠性", "End-to-end latency and reliability", 40),
            ("产品成熟度", "Product maturity", 30),
            ("商业潜力", "Business potential", 30),
        ],
        phases=[
            ("方案提交", "Proposals", 30, "proposals"),
            ("测试床验证", "Test-bed trials", 75, "other"),
            ("客户试点", "Customer pilot", 180, "pilot"),
        ],
        actor="operator@innobelt.local",
    ),
    dict(
        owner="fujifilm-business-innovation-china",
        lang="en",
        title_zh="基于生成式人工智能的文档处理与合规审查",
        title_en="Generative AI for document processing and compliance review",
        statement="FUJIFILM Business Innovation serves thousands of Chinese enterprises with document workflows. We seek "
        "partners for extracting data from scanned contracts, invoices and technical drawings in Chinese and English, "
        "and flagging clauses that need a compliance review, running on customers' own servers.",
        desired_outcome="Field extraction accuracy above 97% on our test set; deployable on premises without sending data "
        "out of the customer's network; integration with our document management platform.",
        offers="A paid proof of concept (up to ¥300,000); access to an anonymised test set of 5,000 documents; "
        "distribution through FUJIFILM's sales channels if the proof of concept succeeds.",
        eligibility="Companies registered in China with an AI product in use by at least one customer.",
        agreement="The test set may be used only for this challenge and must be deleted afterwards.",
        confidential_details="The test set contains purchase contracts, VAT invoices and engineering drawings from three industries.",
        industries=["ai", "it-services", "imaging"],
        resources=[],
        days=40,
        criteria=[
            ("准确率", "Accuracy", 40),
            ("本地化部署与数据安全", "On-premises deployment and data security", 35),
            ("集成成本", "Integration cost", 25),
        ],
        phases=[("方案提交", "Proposals", 40, "proposals"), ("概念验证", "Proof of concept", 100, "pilot")],
        actor="operator@innobelt.local",
    ),
    dict(
        owner="chemexpress-shanghai-rd-center",
        lang="zh",
        title_zh="连续流合成工艺在原料药中间体生产中的应用",
        title_en="Continuous-flow synthesis for the production of API intermediates",
        statement="皓元医药上海研发中心征集连续流化学合成技术合作伙伴，用于高危反应（硝化、重氮化、低温锂化）"
        "原料药中间体的放大生产。现有釜式工艺安全风险高、批次间差异大。",
        desired_outcome="在公斤级完成两个目标反应的连续流工艺开发，收率不低于釜式工艺，反应体积缩小90%以上，形成可放大的工艺包。",
        offers="中试车间场地与分析检测支持；首期研发经费；验证成功后签订设备采购或技术许可合同。",
        eligibility="具备连续流反应器或微反应器技术的企业、高校团队。",
        agreement="参与方对皓元医药提供的目标分子结构与工艺信息保密，保密期五年。",
        confidential_details="目标反应一：芳香硝化（放热约 −150 kJ/mol）；目标反应二：−78 °C 正丁基锂锂化。",
        industries=["chemicals", "biomedicine"],
        resources=[],
        days=50,
        criteria=[
            ("工艺安全性", "Process safety", 30),
            ("收率与质量", "Yield and quality", 30),
            ("放大可行性", "Scale-up feasibility", 25),
            ("成本", "Cost", 15),
        ],
        phases=[
            ("方案征集", "Proposals", 50, "proposals"),
            ("小试验证", "Laboratory trials", 110, "other"),
            ("中试放大", "Pilot-scale production", 200, "pilot"),
        ],
        actor="operator@innobelt.local",
    ),
]

NEEDS: list[dict[str, Any]] = [
    dict(
        owner="shanghai-membranetech",
        actor="sme@innobelt.local",
        lang="zh",
        title_zh="质子交换膜耐久性加速测试方法",
        title_en="Accelerated durability testing of proton-exchange membranes",
        problem="我们的燃料电池质子交换膜在实车工况下寿命评估周期长达数千小时，需要可靠的加速老化测试方法与设备。",
        desired_outcome="建立与实车寿命相关性良好的加速测试方案，测试周期缩短到500小时以内。",
        industries=["new-energy", "new-materials"],
        budget=(50000, 200000),
        days=60,
        confidentiality="public",
    ),
    dict(
        owner="suzhou-wafertest",
        actor="startup@innobelt.local",
        lang="en",
        title_zh="晶圆级探针卡清洁自动化",
        title_en="Automated probe-card cleaning for wafer-level testing",
        problem="Our wafer test cells stop every few hours for manual probe-card cleaning. We look for a partner with "
        "in-line cleaning or contact-resistance monitoring that triggers cleaning only when needed.",
        desired_outcome="Fewer than one manual cleaning per shift; contact resistance logged per touchdown.",
        industries=["integrated-circuits"],
        budget=(100000, 500000),
        days=45,
        confidentiality="verified",
    ),
    dict(
        owner="comac-innovation-valley",
        actor="comac@innobelt.local",
        lang="zh",
        title_zh="航空级热塑性复合材料焊接工艺",
        title_en="Welding of aerospace-grade thermoplastic composites",
        problem="寻找热塑性复合材料（PEEK、PEKK基）感应焊接或超声焊接工艺合作方，用于次承力结构件连接。",
        desired_outcome="焊接接头剪切强度达到胶接水平，完成工艺窗口研究。",
        industries=["aerospace", "advanced-materials"],
        budget=(None, None),
        days=90,
        confidentiality="nda",
        details="目标构件为客舱地板支撑梁，材料为碳纤维/PEKK层压板，厚度2–4 mm。",
    ),
]

OPEN_CALL: dict[str, Any] = dict(
    city="baoshan",
    actor="baoshan@innobelt.local",
    lang="zh",
    title_zh="宝山区揭榜挂帅：高强韧钢铁材料氢脆防护关键技术",
    title_en="Baoshan open call: protecting high-strength steels against hydrogen embrittlement",
    problem="宝山区聚焦新材料产业，面向全社会张榜征集高强韧钢铁材料氢脆防护关键技术攻关团队。"
    "氢能储运与汽车轻量化用超高强钢在服役中易发生氢致开裂，需开发涂层或组织调控技术，"
    "使材料在充氢条件下的延伸率损失不超过20%，并在区内企业完成工程验证。",
    funding="3000000.00",
    days=30,
    milestones=[
        ("技术方案与实验室验证", "Technical plan and laboratory validation", 30),
        ("中试样件与第三方检测", "Pilot samples and third-party testing", 40),
        ("区内企业工程验证", "Engineering validation at a Baoshan firm", 30),
    ],
    teams=[
        dict(
            slug="wusong-material-laboratory",
            actor="wusong@innobelt.local",
            text="吴淞材料实验室拥有氢渗透测试与慢应变速率拉伸平台，团队在钢中氢陷阱调控方面有十年积累，计划采用纳米析出相氢陷阱设计结合表面阻氢涂层。",
            selected=True,
            reports=["已完成两种成分设计与实验室充氢测试，延伸率损失降至18%，测试报告已上传。", "中试样件已交付第三方检测机构，检测进行中。"],
        ),
        dict(
            slug="shanghai-membranetech",
            actor="sme@innobelt.local",
            text="我们在燃料电池储氢部件方面有应用场景，可与材料团队联合开展服役条件下的验证。",
            selected=False,
            reports=[],
        ),
    ],
)

# Proposals of demo solvers to the demo challenges (by the challenge's English title), each through the domain: the
# solver accepts the agreement, writes and submits; the owner's admin assigns reviewers who score every criterion
# (one score a criterion, in the order of the challenge's criteria); `pipeline` is how far the owner moved the pair:
# "shortlisted", "meeting", "nda" (the platform's NDA, accepted by the solver) or "pilot"; or ("declined", reason, note).
PROPOSALS: list[dict[str, Any]] = [
    dict(
        challenge="Intelligent non-destructive inspection of composite parts for civil aircraft",
        organisation="shanghai-membranetech",
        actor="sme@innobelt.local",
        text="我们提出红外热成像与超声相控阵融合的在位检测方案：脉冲红外热成像快速普查壁板，可疑区域由超声相控阵复检，"
        "缺陷识别模型在30件预置缺陷试块上训练与验证，检测记录自动写入质量系统。",
        team="膜科检测团队：无损检测工程师2名、算法工程师1名，与上海大学复合材料实验室合作。",
        trl=5,
        budget="680000.00",
        reviews=[
            ("reviewer-1@innobelt.local", [8, 7, 6, 7], "热成像普查思路可行，需补充曲面构件的验证数据。"),
            ("reviewer-2@innobelt.local", [7, 8, 7, 6], "效率指标有说服力。"),
        ],
        pipeline="pilot",
        meeting_place="中国商飞创新谷 验证平台会议室",
        pilot_plan="在创新谷验证平台开展三个月试运行，检测30件预置缺陷试块与5件生产壁板。",
        pilot_booking=(14, 9, 2),  # days from loading, hour (China time), hours: the climate chamber, linked to the pilot
    ),
    dict(
        challenge="Intelligent non-destructive inspection of composite parts for civil aircraft",
        organisation="demo-wuxi-smartsense-robotics",
        actor="founder@innobelt.local",
        text="A magnetic-wheel crawler carries a phased-array probe over fuselage panels; a defect-recognition network trained "
        "on C-scans flags delaminations and porosity for an inspector to confirm. Panels stay on the assembly jig.",
        team="SmartSense robotics team: two robotics engineers, one NDT level-2 inspector, one ML engineer.",
        trl=4,
        budget="520000.00",
        reviews=[("reviewer-1@innobelt.local", [7, 6, 5, 6], "Promising; airworthiness path unclear.")],
        pipeline="shortlisted",
    ),
    dict(
        challenge="Intelligent non-destructive inspection of composite parts for civil aircraft",
        organisation="suzhou-wafertest",
        actor="startup@innobelt.local",
        text="Our wafer-level optical inspection software could be adapted to surface defects of composite panels.",
        team="WaferTest vision team (3 engineers).",
        trl=3,
        budget="300000.00",
        reviews=[],
        pipeline=("declined", "not_a_fit", "本次征集关注内部缺陷（分层、孔隙），表面光学检测不在范围内。"),
    ),
    dict(
        challenge="Continuous-flow synthesis for the production of API intermediates",
        organisation="demo-nantong-haihe-biotech",
        actor="haihe@innobelt.local",
        text="采用微通道反应器实现硝化与重氮化步骤的连续化，停留时间可控，在线红外监测转化率，已完成克级工艺验证。",
        team="海合生物工艺开发团队：合成化学博士2名、工程师2名。",
        trl=4,
        budget="450000.00",
        reviews=[],
        pipeline=None,
    ),
]
