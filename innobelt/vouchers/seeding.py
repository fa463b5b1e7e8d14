"""Demo vouchers (called by the demo loader, innobelt/web/demo.py): a Suzhou programme that Pudong and
Baoshan accepted for spending at their providers, a Pudong programme for its own firms, a voucher issued
to Suzhou WaferTest and one application waiting, and one cross-city redemption: WaferTest's voucher pays
70 % of a slot on COMAC Innovation Valley's climate chamber in Pudong, the slot is checked in and the
outcome reported, COMAC claims and the claim is approved, and Suzhou closes the month so far (a settlement
period with COMAC's statement). Putuo's programme is spendable in Suzhou and Nanjing, Nanjing's in Pudong and
Suzhou. Baoshan's programme reimburses (通用通兑's other mode): MembraneTech's voucher pays 60 % of the next
half hour on the same Pudong chamber, paid in full and reimbursed; its reimbursement claim waits for Baoshan's
decision. Putuo and Nanjing have redemptions of their own: Nanjing MicroNano Sensing's Nanjing voucher pays 50 % of a
half hour on the same Pudong chamber (COMAC's claim approved), and Putuo Lumin Optoelectronics' Putuo voucher pays
60 % of a sample-testing job at the Nanjing IC Testing Center (the centre's claim approved); the three demo firms and
their accounts are in seed_data.py. Everything goes through the domain."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.organisations.domain import refresh_search_document
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources import domain as resources
from innobelt.resources.domain import samples
from innobelt.resources.domain.checkin import OPENS_BEFORE, check_in
from innobelt.resources.models import Booking, Resource
from innobelt.vouchers import domain
from innobelt.vouchers.domain.settlement import close_period
from innobelt.vouchers.models import Programme, Use, Voucher
from innobelt.vouchers.seed_data import PEOPLE

ALL_USES = [Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING, Use.TECHNICAL_SERVICES]


def load_vouchers_demo() -> dict[str, str]:
    if Programme.objects.exists():
        return {}
    platform = User.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    pudong_operator = User.objects.filter(operator_cities__slug="pudong", is_active=True).order_by("pk").first()
    baoshan_operator = User.objects.filter(operator_cities__slug="baoshan", is_active=True).order_by("pk").first()
    cities = {c.slug: c for c in City.objects.filter(slug__in=["suzhou", "pudong", "baoshan", "putuo", "nanjing"])}
    if platform is None or pudong_operator is None or len(cities) < 5:
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
    putuo, nanjing = _putuo_and_nanjing(platform, cities)
    firms = _demo_firms()
    baoshan = domain.create_programme(
        actor=platform,
        authority=cities["baoshan"],
        name_zh="宝山区科技创新券（先付后补）",
        name_en="Baoshan innovation vouchers (pay first, reimbursed later)",
        description="宝山企业在宝山及浦东使用共享仪器和检测服务，先全额支付，完成后申请补贴 60% 费用。",
        budget_fen=2_000_000_00,
        per_firm_cap_fen=50_000_00,
        co_payment_percent=40,
        uses=[Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING],
        spendable=Programme.Spendable.ACCEPTING,
        mode=Programme.Mode.REIMBURSEMENT,
        verified_only=False,
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=150),
        validity_days=365,
    )
    domain.accept_programme(actor=pudong_operator, programme=baoshan, city=cities["pudong"])
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
        chamber = _redeem_in_pudong(voucher, applicant, platform)
        if chamber is not None:
            issued += "; ¥105 of it redeemed at COMAC Innovation Valley in Pudong, claimed, approved and settled"
            if _reimbursed_in_pudong(baoshan, chamber, platform):
                issued += ("; MembraneTech (sme@innobelt.local) paid ¥150 in full on the same chamber with Baoshan's "
                           "voucher: its reimbursement claim of ¥90 waits for Baoshan")
            if _nanjing_in_pudong(nanjing, chamber, platform, firms):
                issued += "; Nanjing MicroNano Sensing (nanjing-sme@innobelt.local) redeemed ¥75 on it with Nanjing's voucher"
        if _putuo_in_nanjing(putuo, platform, firms):
            issued += ("; Putuo Lumin Optoelectronics (putuo-sme@innobelt.local) redeemed ¥480 of a sample job at the "
                       "Nanjing IC Testing Center (nanjing-lab@innobelt.local) with Putuo's voucher")
    return {
        "voucher programmes": "Suzhou (accepted in Pudong and Baoshan), Pudong, Putuo (accepted in Suzhou and Nanjing), "
        "Nanjing (accepted in Pudong and Suzhou), Baoshan (reimbursing, accepted in Pudong)",
        "vouchers": issued or "none",
    }


def _putuo_and_nanjing(platform: User, cities: dict[str, City]) -> tuple[Programme, Programme]:
    """Putuo's and Nanjing's programmes, each spendable at the providers of two Alliance cities that accepted it."""
    today = timezone.localdate()
    putuo = domain.create_programme(
        actor=platform,
        authority=cities["putuo"],
        name_zh="普陀区科技创新券（沪宁协同）",
        name_en="Putuo innovation vouchers (Shanghai–Nanjing Belt)",
        description="普陀企业在普陀及沿线联盟城市（苏州、南京）使用检测和技术服务，可抵扣 60% 费用。",
        budget_fen=2_000_000_00,
        per_firm_cap_fen=80_000_00,
        co_payment_percent=40,
        uses=[Use.SAMPLE_TESTING, Use.TECHNICAL_SERVICES],
        spendable=Programme.Spendable.ACCEPTING,
        verified_only=False,
        opens_on=today - timedelta(days=15),
        closes_on=today + timedelta(days=200),
        validity_days=365,
    )
    nanjing = domain.create_programme(
        actor=platform,
        authority=cities["nanjing"],
        name_zh="南京市科技创新券（长三角通用通兑）",
        name_en="Nanjing innovation vouchers (usable across the Delta)",
        description="南京中小企业在南京及浦东、苏州的共享仪器和检测服务，可抵扣 50% 费用。",
        budget_fen=4_000_000_00,
        per_firm_cap_fen=150_000_00,
        co_payment_percent=50,
        uses=ALL_USES,
        spendable=Programme.Spendable.ACCEPTING,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=240),
        validity_days=365,
    )
    for programme, accepting in ((putuo, ("suzhou", "nanjing")), (nanjing, ("pudong", "suzhou"))):
        for slug in accepting:
            domain.accept_programme(actor=platform, programme=programme, city=cities[slug])
    return putuo, nanjing


CHAMBER_HOURS = [[day, "00:00", "23:30"] for day in range(7)]  # an unattended chamber: bookable round the clock


def _redeem_in_pudong(voucher: Voucher, person: User, platform: User) -> Resource | None:
    """The cross-city story of issue 23 on the demo: WaferTest books the next half hour of a Pudong climate
    chamber, its voucher pays 70 % (¥105 of ¥150), it checks in by the chamber's QR code and reports the
    outcome (the voucher's share is redeemed), COMAC claims from Suzhou's programme and the claim is approved."""
    owner = Organisation.objects.filter(slug="comac-innovation-valley").first()
    admin = (
        Membership.objects.filter(organisation=owner, role=Membership.Role.ADMIN).select_related("user").first()
        if owner is not None
        else None
    )
    if owner is None or admin is None:
        return None
    provider = admin.user
    chamber = resources.create_resource(
        actor=provider,
        owner=owner,
        kind=Resource.Kind.EQUIPMENT,
        title_zh="高低温湿热试验箱",
        title_en="Temperature and humidity climate chamber",
        description="−70 °C 至 +150 °C、10–98 %RH 的环境可靠性试验箱，用于航空零部件与电子封装的高低温循环和湿热老化试验。",
        description_language="zh",
        opening_hours=CHAMBER_HOURS,
        slot_minutes=30,
        check_in_grace_minutes=30,
        contact_name="试验中心值班室",
        publish=True,
    )
    resources.set_prices(actor=provider, resource=chamber, prices={("sme", "hour"): "300", ("other", "hour"): "600"})
    now = timezone.localtime()
    start = now.replace(minute=now.minute // 30 * 30, second=0, microsecond=0) + SLOT  # the next half hour
    _use_chamber(chamber, provider, voucher, person, _within_day(start),
                 purpose="封装样品的温度循环（−55 °C 至 125 °C）可靠性验证。",
                 summary="1000 次温度循环后焊点无开裂，封装样品通过可靠性验证。")
    suzhou = voucher.programme
    claim = domain.submit_claim(actor=provider, provider=owner, programme=suzhou)
    domain.decide_claim(actor=platform, claim=claim, approve=True)
    # Suzhou closes the month so far: COMAC's statement (XLSX, CSV) is on the settlements page.
    today = timezone.localdate()
    close_period(actor=platform, authority=suzhou.authority, starts_on=today.replace(day=1), ends_on=today)
    return chamber


SLOT = timedelta(minutes=30)


def _within_day(start: datetime) -> datetime:
    """The chamber's day ends at 23:30: a slot starting then moves to the next midnight."""
    if (start.hour, start.minute) == (23, 30):
        return timezone.make_aware(datetime.combine(start.date() + timedelta(days=1), time(0)))
    return start


def _use_chamber(chamber: Resource, provider: User, voucher: Voucher, person: User, start: datetime, *, purpose: str,
                 summary: str) -> Booking:
    """The firm's access to the chamber, a half-hour booking paid with the voucher, checked in by the chamber's QR
    code (now, or when check-in opens if the slot starts later than that) and the outcome reported: the share is
    redeemed."""
    access = resources.request_access(user=person, resource=chamber, organisation=voucher.organisation, purpose=purpose)
    resources.approve_access_request(actor=provider, access_request=access)
    resources.accept_terms(user=person, access_request=access, conditions_accepted=True)
    booking: Booking = resources.book_equipment(
        actor=person, access_request=access, start=start, end=start + SLOT
    ).created[0]
    domain.reserve_voucher(actor=person, voucher=voucher, booking=booking, idempotency_key=f"demo-{booking.pk}")
    check_in(actor=person, booking=booking, token_resource=chamber, now=max(timezone.now(), booking.start - OPENS_BEFORE))
    resources.report_outcome(user=person, access_request=access, test_result=True, summary=summary)
    return booking


def _reimbursed_in_pudong(baoshan: Programme, chamber: Resource, platform: User) -> bool:
    """MembraneTech (Baoshan) holds a voucher of Baoshan's reimbursing programme and uses the COMAC chamber in Pudong
    the half hour after WaferTest: it pays ¥150 in full; the redemption becomes its reimbursement claim of ¥90."""
    firm = Organisation.objects.filter(slug="shanghai-membranetech").first()
    member = firm.memberships.order_by("pk").first() if firm is not None else None
    admin = Membership.objects.filter(organisation=chamber.owner, role=Membership.Role.ADMIN).first()
    if firm is None or member is None or admin is None:
        return False
    application = domain.apply_for_voucher(
        actor=member.user, programme=baoshan, organisation=firm, requested_fen=30_000_00,
        purpose="涂覆隔膜的高低温循环与湿热老化试验。",
    )
    voucher = domain.approve_application(actor=platform, application=application, amount_fen=30_000_00)
    _use_chamber(chamber, admin.user, voucher, member.user, _next_slot(chamber),
                 purpose="涂覆隔膜在 −40 °C 至 85 °C 循环下的尺寸稳定性验证。",
                 summary="200 次循环后隔膜收缩率低于 1.5%，满足电池厂要求。")
    return True


def _next_slot(chamber: Resource) -> datetime:
    """The half hour after the chamber's last booking (the next half hour when it has none)."""
    earlier = chamber.bookings.order_by("-start").values_list("start", flat=True).first()
    now = timezone.localtime()
    start = _within_day(timezone.localtime(earlier) + SLOT) if earlier else now.replace(
        minute=now.minute // 30 * 30, second=0, microsecond=0) + SLOT
    return _within_day(start)


def _demo_firms() -> dict[str, tuple[Organisation, User]]:
    """The demo firms of seed_data.PEOPLE, verified, each with its admin account (the demo loader gives every demo
    account the published password at the end)."""
    cities = {c.slug: c for c in City.objects.filter(slug__in={row["city"] for row in PEOPLE})}
    industries = {i.code: i for i in Industry.objects.filter(code__in={c for row in PEOPLE for c in row["industries"]})}
    firms = {}
    for row in PEOPLE:
        org, _created = Organisation.objects.update_or_create(slug=row["slug"], defaults={
            "kind": row["kind"], "name_zh": row["name_zh"], "name_en": row["name_en"], "city": cities[row["city"]],
            "verification": Organisation.Verification.VERIFIED, "description_language": "zh",
        })
        org.industries.set([industries[c] for c in row["industries"] if c in industries])
        refresh_search_document(org)
        user, created = User.objects.get_or_create(email=row["email"], defaults={
            "username": row["email"], "display_name": row["person"], "email_confirmed_at": timezone.now()})
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Membership.Role.ADMIN})
        firms[row["slug"]] = (org, user)
    return firms


def _issue(programme: Programme, firm: Organisation, person: User, platform: User, amount_fen: int, purpose: str) -> Voucher:
    application = domain.apply_for_voucher(actor=person, programme=programme, organisation=firm,
                                           requested_fen=amount_fen, purpose=purpose)
    return domain.approve_application(actor=platform, application=application, amount_fen=amount_fen)


def _nanjing_in_pudong(nanjing: Programme, chamber: Resource, platform: User,
                       firms: dict[str, tuple[Organisation, User]]) -> bool:
    """Nanjing MicroNano Sensing holds a voucher of Nanjing's programme (accepted in Pudong) and uses the COMAC chamber
    the half hour after MembraneTech: the voucher pays 50 % (¥75 of ¥150), the outcome is reported (redeemed), COMAC
    claims from Nanjing's programme and the claim is approved."""
    firm, person = firms["demo-nanjing-micronano-sensing"]
    admin = Membership.objects.filter(organisation=chamber.owner, role=Membership.Role.ADMIN).select_related("user").first()
    if admin is None:
        return False
    voucher = _issue(nanjing, firm, person, platform, 20_000_00, "MEMS 压力传感器封装的高低温循环验证。")
    _use_chamber(chamber, admin.user, voucher, person, _next_slot(chamber),
                 purpose="MEMS 压力传感器封装在 −40 °C 至 125 °C 循环下的漂移测试。",
                 summary="500 次循环后零点漂移小于 0.1 %FS，封装方案通过。")
    claim = domain.submit_claim(actor=admin.user, provider=chamber.owner, programme=nanjing)
    domain.decide_claim(actor=platform, claim=claim, approve=True)
    return True


def _putuo_in_nanjing(putuo: Programme, platform: User, firms: dict[str, tuple[Organisation, User]]) -> bool:
    """Putuo Lumin Optoelectronics holds a voucher of Putuo's programme (accepted in Nanjing) and sends two wafers to
    the Nanjing IC Testing Center's probe station: the quote (2 × ¥400) is accepted, the voucher pays 60 % (¥480), the
    results are delivered (redeemed), the centre claims from Putuo's programme and the claim is approved."""
    firm, person = firms["demo-putuo-lumin-optics"]
    lab, lab_admin = firms["demo-nanjing-ic-testing-center"]
    probe = resources.create_resource(
        actor=lab_admin, owner=lab, kind=Resource.Kind.EQUIPMENT,
        title_zh="晶圆探针测试台（送样检测）", title_en="Wafer probe station (sample testing)",
        description="8/12 英寸晶圆探针测试台，提供光电器件晶圆的 I-V、C-V 与光响应测试，可送样检测，五个工作日出具报告。",
        description_language="zh", opening_hours="Mon-Fri 09:00-17:00", slot_minutes=60, contact_name="孙老师",
        publish=True,
    )
    probe = resources.update_resource(actor=lab_admin, resource=probe, changes={"accepts_samples": True})
    resources.set_prices(actor=lab_admin, resource=probe, prices={("sme", "sample"): "400"})
    voucher = _issue(putuo, firm, person, platform, 10_000_00, "光电探测器晶圆的电学与光响应测试。")
    access = resources.request_access(user=person, resource=probe, organisation=firm,
                                      purpose="硅基光电探测器晶圆的暗电流与响应度测试。")
    resources.approve_access_request(actor=lab_admin, access_request=access)
    resources.accept_terms(user=person, access_request=access, conditions_accepted=True)
    access.refresh_from_db()
    job = samples.submit_sample_job(actor=person, access_request=access, samples=2,
                                    description="两片 8 英寸硅基光电探测器晶圆。", method="I-V、C-V 与 850 nm 光响应测试")
    job = samples.quote_sample_job(actor=lab_admin, job=job, turnaround_days=5, note="演示：两片晶圆各 ¥400。")
    job, _paid = samples.accept_and_pay(actor=person, job=job, payment=f"vouchers:{voucher.pk}",
                                        key=f"demo-job-{job.pk}")  # the voucher chosen when accepting the quote
    job = samples.receive_samples(actor=lab_admin, job=job)
    job = samples.start_measuring(actor=lab_admin, job=job)
    samples.report_sample_results(actor=lab_admin, job=job, note="暗电流 < 1 nA，响应度 0.52 A/W。",
                                  upload=SimpleUploadedFile("probe-results.pdf", RESULTS_PDF, content_type="application/pdf"))
    claim = domain.submit_claim(actor=lab_admin, provider=lab, programme=putuo)
    domain.decide_claim(actor=platform, claim=claim, approve=True)
    return True


RESULTS_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")
