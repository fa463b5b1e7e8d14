"""The financing demo: startups with funding needs, investors with theses, and the two dedicated funds.

The Must-show of issue 25 runs on these rows: the Wuxi IC-design startup (xintu@innobelt.local) posts a
need; Pujiang Deep Tech Ventures of Pudong (vc@innobelt.local), whose thesis fits, sees it first with
reasons; the startup applies to Pudong's IC fund, scored by two reviewers and awarded by the Pudong
operator (pudong@innobelt.local). bench/matching_financing/ labels these rows for `innobelt matching eval`.
"""

from typing import Any

STARTUPS: list[dict[str, Any]] = [
    dict(
        slug="demo-wuxi-xintu-micro",
        kind="startup",
        city="wuxi",
        industries=["integrated-circuits", "ai"],
        name_zh="无锡芯途微电子（演示）",
        name_en="Wuxi XinTu Microelectronics (demo)",
        email="xintu@innobelt.local",
        person="芯途 王总 XinTu founder",
        need=dict(
            title_zh="RISC-V 边缘 AI 芯片 A 轮融资",
            title_en="Series A for a RISC-V edge-AI chip",
            stage="a",
            amount="30000000",
            use_of_funds="28 纳米流片、车规认证和样片导入；28 nm tape-out, automotive qualification and first customer samples.",
            traction="两家模组厂已签订样片协议；two module makers signed sample agreements.",
        ),
    ),
    dict(
        slug="demo-wuxi-sicpower",
        kind="sme",
        city="wuxi",
        industries=["integrated-circuits", "new-energy"],
        name_zh="无锡碳芯功率半导体（演示）",
        name_en="Wuxi SiC Power Semiconductors (demo)",
        email="sicpower@innobelt.local",
        person="碳芯 李总 SiC Power",
        need=dict(
            title_zh="碳化硅功率器件产线扩产贷款",
            title_en="Loan to expand a silicon-carbide power device line",
            stage="loan",
            amount="20000000",
            use_of_funds="碳化硅 MOSFET 封测线扩产；expanding the SiC MOSFET packaging and test line.",
            traction="年销售额 8000 万元；annual sales of 80 million yuan.",
        ),
    ),
    dict(
        slug="demo-suzhou-genecure",
        kind="startup",
        city="suzhou",
        industries=["biomedicine", "biotechnology"],
        name_zh="苏州基愈生物（演示）",
        name_en="Suzhou GeneCure Bio (demo)",
        email="genecure@innobelt.local",
        person="基愈 周博士 GeneCure",
        need=dict(
            title_zh="基因治疗载体中试 B 轮融资",
            title_en="Series B for a gene-therapy vector pilot plant",
            stage="b",
            amount="80000000",
            use_of_funds="AAV 载体 GMP 中试车间和一期临床；a GMP pilot plant for AAV vectors and a phase I trial.",
            traction="IND 已获受理；IND accepted.",
        ),
    ),
    dict(
        slug="demo-pudong-pathology-ai",
        kind="startup",
        city="pudong",
        industries=["healthcare", "ai", "biomedicine"],
        name_zh="浦东智病理（演示）",
        name_en="Pudong Pathology AI (demo)",
        email="pathology@innobelt.local",
        person="智病理 孙医生 Pathology AI",
        need=dict(
            title_zh="AI 病理诊断软件种子轮",
            title_en="Seed round for AI pathology diagnosis software",
            stage="seed",
            amount="3000000",
            use_of_funds="数字病理切片标注和二类医疗器械注册；annotating digital slides and a class II device registration.",
            traction="三家三甲医院试用；trials in three top hospitals.",
        ),
    ),
    dict(
        slug="demo-changzhou-solidcell",
        kind="startup",
        city="changzhou",
        industries=["new-energy", "new-materials"],
        name_zh="常州固态电芯（演示）",
        name_en="Changzhou SolidCell (demo)",
        email="solidcell@innobelt.local",
        person="固态电芯 刘总 SolidCell",
        need=dict(
            title_zh="固态电池中试线 A 轮融资",
            title_en="Series A for a solid-state battery pilot line",
            stage="a",
            amount="50000000",
            use_of_funds="硫化物固态电解质中试线；a pilot line for sulphide solid electrolytes.",
            traction="能量密度 400 Wh/kg 样品；400 Wh/kg sample cells.",
        ),
    ),
    dict(
        slug="demo-nantong-marinebot",
        kind="startup",
        city="nantong",
        industries=["robotics"],
        name_zh="南通海探机器人（演示）",
        name_en="Nantong MarineBot (demo)",
        email="marinebot@innobelt.local",
        person="海探 陈工 MarineBot",
        need=dict(
            title_zh="水下检测机器人天使轮",
            title_en="Angel round for underwater inspection robots",
            stage="angel",
            amount="8000000",
            use_of_funds="海上风电桩基检测机器人样机；prototype robots inspecting offshore wind foundations.",
            traction="与两家风电运营商试点；pilots with two wind-farm operators.",
        ),
    ),
]

INVESTORS: list[dict[str, Any]] = [
    dict(
        slug="demo-pujiang-deeptech",
        city="pudong",
        name_zh="浦江硬科技创投（演示）",
        name_en="Pujiang Deep Tech Ventures (demo)",
        email="vc@innobelt.local",
        person="浦江创投 赵合伙人 Pujiang partner",
        thesis=dict(
            investor_type="vc",
            stages=["a", "b"],
            ticket_min="10000000",
            ticket_max="60000000",
            sectors=["integrated-circuits", "ai"],
            cities=["wuxi", "suzhou", "pudong"],
            summary="专注集成电路设计、EDA 和边缘 AI 芯片；we back chip design, EDA and edge-AI silicon.",
        ),
    ),
    dict(
        slug="demo-zhangjiang-bio-angels",
        city="pudong",
        name_zh="张江生物天使（演示）",
        name_en="Zhangjiang Bio Angels (demo)",
        email="bio-angels@innobelt.local",
        person="张江天使 钱医生 Bio Angels",
        thesis=dict(
            investor_type="angel",
            stages=["seed", "angel"],
            ticket_min="1000000",
            ticket_max="10000000",
            sectors=["biomedicine", "healthcare", "medical-devices"],
            cities=["pudong", "suzhou"],
            summary="早期生物医药和数字医疗；early biomedicine and digital health.",
        ),
    ),
    dict(
        slug="demo-jiangsu-guidance-fund",
        city="nanjing",
        name_zh="江苏新兴产业引导基金（演示）",
        name_en="Jiangsu Emerging Industries Guidance Fund (demo)",
        email="guidance@innobelt.local",
        person="引导基金 吴处长 Guidance fund",
        thesis=dict(
            investor_type="guidance",
            stages=["a", "b", "growth"],
            ticket_min="20000000",
            ticket_max="200000000",
            sectors=["new-energy", "new-materials", "biomedicine"],
            cities=["changzhou", "suzhou", "nantong"],
            summary="新能源、新材料和生物医药的产业化；industrialising new energy, new materials and biomedicine.",
        ),
    ),
    dict(
        slug="demo-suxi-tech-bank",
        city="suzhou",
        name_zh="苏锡科技银行（演示）",
        name_en="Suxi Technology Bank (demo)",
        email="bank@innobelt.local",
        person="科技银行 郑经理 Suxi bank",
        thesis=dict(
            investor_type="bank",
            stages=["loan", "growth"],
            ticket_min="5000000",
            ticket_max="50000000",
            sectors=["integrated-circuits", "robotics", "new-energy"],
            cities=["wuxi", "suzhou", "nantong"],
            summary="科技型中小企业设备和产线贷款；equipment and production-line loans for technology SMEs.",
        ),
    ),
]

FUNDS: list[dict[str, Any]] = [
    dict(
        sector="integrated-circuits",
        city="pudong",
        budget="50000000",
        title_zh="浦东集成电路专项基金（演示）",
        title_en="Pudong Integrated Circuits Fund (demo)",
        eligibility="长三角集成电路设计、制造、封测企业；IC design, manufacturing and test firms of the Yangtze delta.",
        criteria="技术先进性 40%，产业链协同 30%，团队 30%；technology 40%, industry-chain cooperation 30%, team 30%.",
    ),
    dict(
        sector="biomedicine",
        city="pudong",
        budget="30000000",
        title_zh="浦东生物医药专项基金（演示）",
        title_en="Pudong Biomedicine Fund (demo)",
        eligibility="创新药、细胞与基因治疗和高端医疗器械企业；innovative drugs, cell and gene therapy, medical devices.",
        criteria="临床价值 40%，转化进度 30%，团队 30%；clinical value 40%, progress 30%, team 30%.",
    ),
]

REVIEWERS = [("reviewer-1@innobelt.local", "评审专家 甲 Reviewer 1"), ("reviewer-2@innobelt.local", "评审专家 乙 Reviewer 2")]

#: An award of the biomedicine fund, made, scored, decided and disbursed through the domain functions (the IC
#: fund is left open for the Must-show's application). Amounts in yuan; the milestones add up to the award.
AWARD: dict[str, Any] = dict(
    fund="浦东生物医药专项基金（演示）",
    startup="demo-suzhou-genecure",
    operator=("pudong@innobelt.local", "浦东科经委 Pudong operator"),
    amount="10000000",
    plan="AAV 载体 GMP 中试车间建设和一期临床首例给药；building the GMP pilot plant for AAV vectors and dosing the first phase I patient.",
    scores=[(86, "临床价值突出；strong clinical value."), (80, "转化路径清晰；a clear path to the clinic.")],
    milestones=[
        dict(title_zh="GMP 中试车间通过验收", title_en="GMP pilot plant accepted", amount="4000000", days=60, released=True),
        dict(title_zh="一期临床首例给药", title_en="First phase I patient dosed", amount="3000000", days=240, released=False),
        dict(title_zh="一期临床中期数据", title_en="Phase I interim data", amount="3000000", days=420, released=False),
    ],
)
