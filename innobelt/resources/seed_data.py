"""Demo resources of the seed organisations, in both languages.

These are illustrative offers written for the demo, in the spirit of what each
organisation does (seeds 002–003); they are not actual offers of these
organisations. Patent numbers are marked DEMO on purpose: inventing real-looking
numbers for real institutes would be wrong. The matching engine's checks use the
English resource on lithium-battery separator films and the Chinese one on
晶圆级封装测试.
"""

WEEKDAYS = "Mon-Fri 09:00-17:00"

RESOURCES = [
    # Wusong Material Laboratory: shared instruments
    dict(key="wusong-xrd", owner="wusong-material-laboratory", kind="equipment", industries=["new-materials", "advanced-materials"],
         title_zh="X射线衍射仪", title_en="X-ray diffractometer", lang="zh", category="X射线衍射 X-ray diffraction",
         description="多功能X射线衍射仪，可进行物相鉴定、晶体结构精修、残余应力与织构分析，适用于金属、陶瓷、薄膜与粉末样品。",
         maker="Bruker", model_number="D8 Advance", location="吴淞材料实验室 A栋 102室", opening_hours=WEEKDAYS, slot_minutes=60,
         training_required=True, check_in_grace_minutes=15, approval_after_no_shows=3, capacity=2, terms="cost_price",
         terms_note="按机时成本价收费：200元/小时，含标准制样。",
         contact_name="李老师", contact_email="instruments@wusong-lab.example", only_belt_organisations=True),
    dict(key="wusong-raman", owner="wusong-material-laboratory", kind="equipment", industries=["new-materials", "new-energy"],
         title_zh="激光显微拉曼光谱仪", title_en="Confocal Raman spectrometer", lang="zh", category="拉曼光谱 Raman spectroscopy",
         description="共聚焦显微拉曼光谱仪（拉曼光谱仪），532/785 nm双激光，适用于碳材料、电池材料、二维材料的结构表征与面扫成像。",
         maker="HORIBA", model_number="LabRAM HR Evolution", location="吴淞材料实验室 A栋 215室",
         opening_hours="Mon-Fri 09:00-17:00; Sat 09:00-12:00", slot_minutes=60, training_required=True, check_in_grace_minutes=15,
         capacity=2, terms="free",
         terms_note="中小企业和初创企业免费使用；发表成果时请致谢吴淞材料实验室。", requires_nda=True, only_smes_and_startups=True,
         contact_name="王工", contact_email="raman@wusong-lab.example"),
    dict(key="wusong-sem", owner="wusong-material-laboratory", kind="equipment", industries=["new-materials", "advanced-materials"],
         title_zh="场发射扫描电子显微镜", title_en="Field-emission scanning electron microscope (SEM)", lang="zh",
         category="电子显微 electron microscopy", maker="ZEISS", model_number="GeminiSEM 500", location="吴淞材料实验室 B栋 003室",
         description="场发射扫描电镜，配备能谱仪（EDS）与电子背散射衍射（EBSD），分辨率0.5 nm，用于形貌、成分与晶体取向分析。",
         opening_hours=WEEKDAYS, slot_minutes=120, supervision_required=True, capacity=3, terms="cost_price",
         terms_note="机时费 400元/2小时，由实验室工程师陪同操作。", contact_name="张工", contact_email="sem@wusong-lab.example"),
    dict(key="wusong-battery-cycler", owner="wusong-material-laboratory", kind="equipment", industries=["new-energy"],
         title_zh="电池充放电测试系统", title_en="Battery cycling test system", lang="zh", category="电池测试 battery testing",
         description="64通道电池充放电测试系统，可进行循环寿命、倍率性能与高低温测试，面向长三角电池材料企业开放。",
         maker="Neware", model_number="CT-4008T", location="吴淞材料实验室 C栋 110室", opening_hours=WEEKDAYS, slot_minutes=240,
         terms="negotiable", visibility="cities", visible_cities=["baoshan", "suzhou", "wuxi", "changzhou"],
         contact_name="陈工", contact_email="battery@wusong-lab.example"),
    dict(key="wusong-afm", owner="wusong-material-laboratory", kind="equipment", industries=["new-materials"], status="draft",
         title_zh="原子力显微镜", title_en="Atomic force microscope", lang="zh", category="扫描探针 scanning probe",
         description="原子力显微镜，安装调试中，预计下季度开放。", maker="Bruker", model_number="Dimension Icon",
         opening_hours=WEEKDAYS, slot_minutes=60, terms="negotiable", contact_name="李老师"),
    # English resource on lithium-battery separator films (matching engine check)
    dict(key="separator-pilot-line", owner="shanghai-yangtze-delta-innovation-institute", kind="scenario",
         industries=["new-energy", "advanced-materials"], title_zh="",
         title_en="Pilot line for lithium-battery separator films", lang="en",
         description="A wet-process pilot line for lithium-battery separator films: biaxial stretching of polyethylene membranes "
                     "9–20 µm thick, ceramic and PVDF coating, and porosity, puncture-strength and thermal-shrinkage testing. "
                     "Startups can run trial batches before investing in their own line.",
         problem_solved="Separator makers and battery startups need trial runs at industrial width without building a line.",
         trl=7, deployment_conditions="Trial batches of 500–2,000 m² per run; raw materials supplied by the user; two weeks' notice.",
         terms="cost_price", only_belt_organisations=True, contact_name="Dr. Zhou", contact_email="pilot@yrd-institute.example"),
    # Chinese resource on wafer-level packaging and testing (matching engine check)
    dict(key="wlp-test-platform", owner="shanghai-yangtze-delta-innovation-institute", kind="solution",
         industries=["integrated-circuits"], title_zh="晶圆级封装测试平台", title_en="", lang="zh",
         description="面向集成电路企业的晶圆级封装测试平台：晶圆级封装（WLP）、扇出型封装、凸点与重布线工艺验证，"
                     "以及晶圆级可靠性测试与失效分析，帮助中小芯片设计企业完成小批量封装测试。",
         problem_solved="中小芯片设计企业难以获得小批量晶圆级封装与测试产能。", trl=6,
         deployment_conditions="提供8英寸与12英寸晶圆；需签署保密协议；排期约四周。", requires_nda=True, terms="negotiable",
         contact_name="孙老师", contact_email="wlp@yrd-institute.example"),
    # Patents of institutes (numbers marked DEMO)
    dict(key="tdli-qubit-readout", owner="tsung-dao-lee-institute", kind="patent", industries=["quantum"],
         title_zh="一种超导量子比特的高保真读出装置", title_en="High-fidelity readout device for superconducting qubits", lang="zh",
         description="本发明提供一种基于约瑟夫森参量放大器的超导量子比特读出装置，提高读出保真度并降低测量串扰。",
         patent_number="DEMO-CN-0001", patent_status="granted", licensing_modes=["royalty", "negotiable"],
         claims_summary="独立权利要求涉及参量放大器与读出谐振腔的耦合结构及其偏置方法。", terms="negotiable",
         contact_name="技术转移办公室", contact_email="ttd@tdli.example"),
    dict(key="shu-aluminium-alloy", owner="shanghai-university", kind="patent", industries=["new-materials"],
         title_zh="一种高强韧铝合金及其制备方法", title_en="High-strength, high-toughness aluminium alloy and its preparation", lang="zh",
         description="通过微合金化与形变热处理获得抗拉强度600 MPa以上、延伸率12%以上的铝合金，适用于轨道交通与航空结构件。",
         patent_number="DEMO-CN-0002", patent_status="granted", licensing_modes=["free_trial", "royalty", "assignment"],
         claims_summary="合金成分范围及两级时效热处理工艺。", terms="negotiable", only_belt_organisations=True,
         contact_name="科技成果转化中心", contact_email="tech-transfer@shu.example"),
    # Solutions and scenarios of the GOI exemplars
    dict(key="comac-composite-inspection", owner="comac-innovation-valley", kind="scenario", industries=["aerospace", "advanced-materials"],
         title_zh="民机复合材料构件无损检测应用场景", title_en="Non-destructive inspection of composite parts for civil aircraft", lang="zh",
         description="中国商飞创新谷开放民机复合材料构件无损检测场景，征集超声相控阵、红外热成像与人工智能缺陷识别方案，在真实产线验证。",
         problem_solved="复合材料构件检测效率低、依赖人工判读。", trl=6,
         deployment_conditions="方案需在创新谷验证平台完成三个月试运行；需签署保密协议。", requires_nda=True, terms="negotiable",
         contact_name="创新谷开放创新部", contact_email="open@comac-valley.example"),
    dict(key="nokia-5g-testbed", owner="nokia-shanghai-bell-openx-lab", kind="solution", industries=["telecommunications", "iot"],
         title_zh="工厂5G专网测试床", title_en="5G private network test bed for factories", lang="en",
         description="OpenX Lab's 5G standalone private network with edge computing, for partners to test industrial IoT "
                     "applications (machine vision, AGV control, remote maintenance) before deployment on their own shop floor.",
         problem_solved="Manufacturers cannot test latency-critical 5G applications without a private network.", trl=8,
         deployment_conditions="Two-week test slots; partner brings devices; joint go-to-market possible.", terms="free",
         only_belt_organisations=True, contact_name="OpenX Lab team", contact_email="openx@nokia-sbell.example"),
    dict(key="microsoft-iot-toolkit", owner="microsoft-ai-iot-insider-lab", kind="software", industries=["ai", "iot"],
         title_zh="物联网原型开发实验室与工具包", title_en="IoT prototyping lab and toolkit", lang="en",
         description="Hardware prototyping benches, device provisioning tools and AI model deployment toolkits for partners "
                     "turning an IoT prototype into a product.",
         access_conditions="Partners apply per project; access for the project's duration (usually 3 months).",
         data_format="SDKs for Python and C; Docker images", terms="free", contact_name="Insider Lab", contact_email="insiderlab@microsoft.example"),
    dict(key="ihpi-phenome-dataset", owner="international-human-phenome-institute", kind="dataset", industries=["biomedicine", "healthcare"],
         title_zh="人类表型组参考数据集（样例）", title_en="Human phenome reference dataset (sample)", lang="en",
         description="A de-identified sample of multi-omics and imaging phenotypes from the International Human Phenome Project, "
                     "for method development by research teams and medical-device startups.",
         access_conditions="Ethics approval and a data use agreement; no re-identification; results shared back.",
         data_format="Parquet tables, DICOM images", terms="free", visibility="verified", requires_nda=True,
         contact_name="Data office", contact_email="data@phenome.example"),
]

SEEKERS = [
    # slug, kind, city, name zh, name en, industries, demo account
    dict(slug="shanghai-membranetech", kind="sme", city="baoshan", name_zh="上海膜科新能源科技有限公司",
         name_en="Shanghai MembraneTech New Energy", industries=["new-energy", "new-materials"], email="sme@innobelt.local",
         person="膜科 周经理 MembraneTech"),
    dict(slug="suzhou-wafertest", kind="startup", city="suzhou", name_zh="苏州晶测半导体有限公司",
         name_en="Suzhou WaferTest Semiconductor", industries=["integrated-circuits"], email="startup@innobelt.local",
         person="晶测 吴博士 WaferTest"),
]

# A colleague at MembraneTech, not yet trained: asks for training on the Raman (waiting for the owner to schedule it)
# and on the XRD (the owner scheduled a session, a training booking of its own).
TRAINEE = dict(organisation="shanghai-membranetech", email="sme-lab@innobelt.local", person="膜科 实验员 刘工 MembraneTech lab")

# resource key, seeker slug, final state, purpose
REQUESTS = [
    ("wusong-raman", "shanghai-membranetech", "active", "表征新型涂覆隔膜的碳包覆层结构，每周约4小时，持续两个月。"),
    ("wusong-xrd", "shanghai-membranetech", "active", "测量陶瓷涂层隔膜的物相与结晶度，为中试放大提供数据。"),
    ("wusong-raman", "suzhou-wafertest", "active", "Stress mapping of silicon around through-silicon vias after packaging."),
    ("wusong-sem", "suzhou-wafertest", "pending", "Cross-section imaging of solder bumps after reliability tests."),
    ("wusong-xrd", "suzhou-wafertest", "more_info", "Residual stress in thin copper redistribution layers."),
    ("comac-composite-inspection", "shanghai-membranetech", "approved", "我们的红外热成像方案希望参与复合材料构件检测验证。"),
    ("tdli-qubit-readout", "suzhou-wafertest", "declined", "Licensing the readout design for a cryogenic probe card."),
    ("shu-aluminium-alloy", "shanghai-membranetech", "withdrawn", "评估该铝合金用于电池包壳体的可行性。"),
]
