"""Synthetic organisations for demos and scale tests, in both languages.

Every generated organisation is marked `is_synthetic` and shows a "demo data"
badge. Names, descriptions and credit codes follow the real patterns (a valid
check character), so search, import and matching meet realistic text.
"""

import random
from collections.abc import Iterator

from innobelt.kit.search_text import build_search_document
from innobelt.organisations.credit_code import ALPHABET, check_character
from innobelt.organisations.models import Organisation

# industry code -> (Chinese name stems, English name stems, Chinese offer, English offer)
THEMES = {
    "integrated-circuits": (["芯", "微电子", "集成电路", "半导体"], ["Chip", "Microelectronics", "Semiconductor", "Silicon"],
                            "晶圆级封装测试、芯片设计验证与失效分析", "wafer-level packaging test, chip design verification and failure analysis"),
    "biomedicine": (["生物医药", "医药", "药业", "生命科学"], ["Biopharma", "Pharma", "Life Sciences", "Therapeutics"],
                    "创新药研发、药物筛选与临床前研究", "drug discovery, compound screening and preclinical studies"),
    "new-energy": (["新能源", "储能", "锂电", "光伏"], ["New Energy", "Energy Storage", "Battery", "Solar"],
                   "锂电池隔膜材料、储能系统集成与电池测试", "lithium-battery separator films, energy storage integration and battery testing"),
    "new-materials": (["新材料", "材料科技", "复合材料", "高分子"], ["Materials", "Advanced Materials", "Composites", "Polymers"],
                      "高性能复合材料、材料表征与检测", "high-performance composites, materials characterisation and testing"),
    "ai": (["智能", "人工智能", "智算", "视觉"], ["AI", "Intelligence", "Vision", "Cognitive"],
           "机器视觉、工业大模型与智能质检", "machine vision, industrial foundation models and AI quality inspection"),
    "robotics": (["机器人", "智能装备", "自动化"], ["Robotics", "Automation", "Smart Equipment"],
                 "协作机器人、柔性产线与运动控制", "collaborative robots, flexible production lines and motion control"),
    "medical-devices": (["医疗器械", "医疗科技", "诊断"], ["Medical Devices", "MedTech", "Diagnostics"],
                        "体外诊断设备、医用影像与器械注册服务", "in-vitro diagnostics, medical imaging and device registration"),
    "it-services": (["软件", "信息技术", "数字科技", "云"], ["Software", "Digital", "Cloud", "IT Services"],
                    "工业软件、数据平台与信息系统集成", "industrial software, data platforms and systems integration"),
    "quantum": (["量子", "量子信息"], ["Quantum", "Quantum Information"],
                "量子测量、量子通信器件与低温测试", "quantum sensing, quantum communication devices and cryogenic testing"),
    "synthetic-biology": (["合成生物", "生物制造", "酶工程"], ["Synthetic Biology", "Biomanufacturing", "Enzyme"],
                          "菌株构建、发酵放大与生物制造工艺", "strain engineering, fermentation scale-up and biomanufacturing processes"),
    "green-technology": (["绿色科技", "环保", "低碳"], ["Green Tech", "Environmental", "Low Carbon"],
                         "碳排放监测、节能改造与固废资源化", "carbon monitoring, energy retrofits and solid-waste recovery"),
    "aerospace": (["航空", "航天科技", "飞行器"], ["Aerospace", "Aviation", "Aircraft"],
                  "航空复合材料构件、适航验证与无损检测", "aerospace composite parts, airworthiness testing and non-destructive inspection"),
}
KIND_SUFFIX = {
    "large_firm": ("集团有限公司", "Group Co., Ltd."), "sme": ("科技有限公司", "Technology Co., Ltd."),
    "startup": ("科技有限公司", "Tech Co., Ltd."), "research_institute": ("研究院", "Research Institute"),
    "university": ("大学", "University"), "laboratory": ("实验室", "Laboratory"), "incubator": ("孵化器", "Incubator"),
    "investor": ("创业投资", "Ventures"), "service_provider": ("科技服务有限公司", "Services Co., Ltd."),
    "government_agency": ("科技局", "Science and Technology Bureau"),
}
KIND_WEIGHTS = {"sme": 40, "startup": 25, "large_firm": 10, "research_institute": 6, "laboratory": 5, "incubator": 4,
                "investor": 5, "service_provider": 4, "university": 1}
PREFIX = ["华", "中", "新", "远", "博", "瑞", "恒", "宏", "创", "卓", "汇", "科", "智", "联", "盛", "德", "嘉", "天", "海", "江"]
PREFIX_EN = ["Hua", "Zhong", "Xin", "Yuan", "Bo", "Rui", "Heng", "Hong", "Chuang", "Zhuo", "Hui", "Ke", "Zhi", "Lian",
             "Sheng", "De", "Jia", "Tian", "Hai", "Jiang"]
COUNTRIES = ["CN"] * 85 + ["US", "JP", "DE", "FI", "FR", "KR", "GB", "SG", "CH", "NL", "SE", "IT", "DK", "IL", "CA"]
SIZE_BY_KIND = {"large_firm": ["large", "huge"], "sme": ["small", "medium"], "startup": ["micro", "small"]}


def random_credit_code(rng: random.Random) -> str:
    body = rng.choice("9151") + rng.choice("1234") + f"{rng.randint(310000, 329999)}" + "".join(
        rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def generate_organisations(count: int, *, seed: int, cities: list, industries: dict) -> Iterator[tuple[Organisation, list]]:
    """Yield unsaved organisations with their industries, deterministic for a seed."""
    rng = random.Random(seed)
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    themes = [code for code in THEMES if code in industries]
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        city = rng.choice(cities)
        main = rng.choice(themes)
        extra = rng.sample(themes, k=rng.randint(0, 2))
        zh_stems, en_stems, offer_zh, offer_en = THEMES[main]
        i = rng.randrange(len(PREFIX))
        j = rng.randrange(len(PREFIX))
        stem = rng.randrange(len(zh_stems))
        suffix_zh, suffix_en = KIND_SUFFIX[kind]
        core = zh_stems[stem]
        if core.endswith("科技") and suffix_zh.startswith("科技"):
            core = core[:-2]  # 医疗科技 + 科技有限公司 → 医疗科技有限公司
        name_zh = f"{city.name_zh.rstrip('市区新')}{PREFIX[i]}{PREFIX[j]}{core}{suffix_zh}"
        name_en = f"{city.name_en.split()[0]} {PREFIX_EN[i]}{PREFIX_EN[j].lower()} {en_stems[min(stem, len(en_stems) - 1)]} {suffix_en}"
        country = rng.choice(COUNTRIES)
        english = country != "CN" or rng.random() < 0.25
        if english:
            description = (f"{name_en} works on {offer_en}. It looks for partners along the Shanghai–Nanjing "
                           f"Industrial Innovation Belt for joint R&D, pilot lines and market access.")
        else:
            description = f"{name_zh}专注于{offer_zh}，希望与沪宁产业创新带沿线企业和科研机构开展联合研发、中试和市场合作。"
        org = Organisation(
            slug=f"syn-{seed}-{n}", kind=kind, name_zh=name_zh, name_en=name_en, description=description,
            description_language="en" if english else "zh", city=city, country=country,
            credit_code=random_credit_code(rng) if country == "CN" and kind not in ("university",) else None,
            founded_year=rng.randint(1985, 2025) if kind != "startup" else rng.randint(2018, 2025),
            size_band=rng.choice(SIZE_BY_KIND.get(kind, ["small", "medium", "large"])),
            is_goi_member=kind == "large_firm" and rng.random() < 0.3,
            verification=rng.choice([Organisation.Verification.VERIFIED] * 3 + [Organisation.Verification.UNVERIFIED]),
            is_synthetic=True,
        )
        chosen = [industries[code] for code in dict.fromkeys([main, *extra])]
        org.search_document = build_search_document(
            org.name_zh, org.name_en, org.description, org.credit_code or "",
            " ".join(f"{x.name_zh} {x.name_en}" for x in chosen), f"{city.name_zh} {city.name_en}",
        )
        yield org, chosen
