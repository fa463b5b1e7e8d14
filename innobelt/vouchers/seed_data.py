"""Demo firms of the Putuo and Nanjing voucher stories (innobelt/vouchers/seeding.py), in both languages.

Invented for the demo and marked as such; each gets one account with the published demo password
(innobelt/web/demo.py lists them in `demo_emails`).
"""

from typing import Any

# slug, kind, city, names, industries, account e-mail, person
PEOPLE: list[dict[str, Any]] = [
    dict(slug="demo-nanjing-micronano-sensing", kind="sme", city="nanjing", industries=["integrated-circuits"],
         name_zh="南京微纳传感科技有限公司（演示）", name_en="Nanjing MicroNano Sensing (demo)",
         email="nanjing-sme@innobelt.local", person="微纳传感 陈经理 MicroNano Sensing"),
    dict(slug="demo-putuo-lumin-optics", kind="sme", city="putuo", industries=["integrated-circuits"],
         name_zh="上海普陀光启光电有限公司（演示）", name_en="Putuo Lumin Optoelectronics (demo)",
         email="putuo-sme@innobelt.local", person="光启光电 刘工 Lumin Optoelectronics"),
    dict(slug="demo-nanjing-ic-testing-center", kind="laboratory", city="nanjing", industries=["integrated-circuits"],
         name_zh="南京集成电路检测中心（演示）", name_en="Nanjing IC Testing Center (demo)",
         email="nanjing-lab@innobelt.local", person="检测中心 孙老师 IC Testing Center"),
]
