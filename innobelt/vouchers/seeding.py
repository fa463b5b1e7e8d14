"""Demo vouchers (called by the demo loader, innobelt/web/demo.py): a Suzhou programme that Pudong and
Baoshan accepted for spending at their providers, a Pudong programme for its own firms, a voucher issued
to Suzhou WaferTest and one application waiting. Everything goes through the domain."""

from datetime import timedelta

from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City
from innobelt.organisations.models import Organisation
from innobelt.vouchers import domain
from innobelt.vouchers.models import Programme, Use

ALL_USES = [Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING, Use.TECHNICAL_SERVICES]


def load_vouchers_demo() -> dict[str, str]:
    if Programme.objects.exists():
        return {}
    platform = User.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    pudong_operator = User.objects.filter(operator_cities__slug="pudong", is_active=True).order_by("pk").first()
    baoshan_operator = User.objects.filter(operator_cities__slug="baoshan", is_active=True).order_by("pk").first()
    cities = {c.slug: c for c in City.objects.filter(slug__in=["suzhou", "pudong", "baoshan"])}
    if platform is None or pudong_operator is None or len(cities) < 3:
        return {}
    today = timezone.localdate()
    suzhou = domain.create_programme(
        actor=platform,
        authority=cities["suzhou"],
        name_zh="苏州市科技创新券（长三角通用通兑）",
        name_en="Suzhou innovation vouchers (usable across the Delta)",
        description="苏州企业在苏州及已接受本项目的联盟城市使用大型仪器、检测和技术服务，可抵扣 70% 费用。",
        budget_fen=5_000_000_00,
        per_firm_cap_fen=200_000_00,
        co_payment_percent=30,
        uses=ALL_USES,
        spendable=Programme.Spendable.ACCEPTING,
        verified_only=False,
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=180),
        validity_days=365,
    )
    domain.accept_programme(actor=pudong_operator, programme=suzhou, city=cities["pudong"])
    if baoshan_operator is not None:
        domain.accept_programme(actor=baoshan_operator, programme=suzhou, city=cities["baoshan"])
    domain.create_programme(
        actor=pudong_operator,
        authority=cities["pudong"],
        name_zh="浦东新区科技创新券",
        name_en="Pudong innovation vouchers",
        description="浦东中小企业使用区内共享仪器和检测服务，可抵扣 50% 费用。",
        budget_fen=3_000_000_00,
        per_firm_cap_fen=100_000_00,
        co_payment_percent=50,
        uses=[Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING],
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=120),
        validity_days=180,
    )
    firm = Organisation.objects.filter(slug="suzhou-wafertest").first()
    first_member = firm.memberships.order_by("pk").first() if firm is not None else None
    applicant = first_member.user if first_member is not None else None
    issued = ""
    if firm is not None and applicant is not None:
        application = domain.apply_for_voucher(
            actor=applicant,
            programme=suzhou,
            organisation=firm,
            requested_fen=50_000_00,
            purpose="晶圆级封装样品的应力测试与截面表征。",
        )
        voucher = domain.approve_application(actor=platform, application=application, amount_fen=50_000_00)
        domain.apply_for_voucher(
            actor=applicant,
            programme=suzhou,
            organisation=firm,
            requested_fen=20_000_00,
            purpose="可靠性试验后的焊点检测。",
        )
        issued = (
            f"voucher #{voucher.pk} of ¥50,000 for Suzhou WaferTest (startup@innobelt.local), one application waiting"
        )
    return {"voucher programmes": "Suzhou (accepted in Pudong and Baoshan), Pudong", "vouchers": issued or "none"}
