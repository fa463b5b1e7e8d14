"""Demo data of the exhibition zone: the 2024 GOI Exemplars, Outstanding Innovation Incubators and novel R&D
institutions named in seed 003 as published results (of those among the seed organisations), a 2026
programme open for nominations, COMAC's achievement traced to a challenge, its pilot and two bookings, the Wuxi
startup's Shanghai office traced to its market-entry request in Putuo, and incubations of demo startups by
two of the incubators, confirmed by the startups, so that the Outstanding Incubators' evidence counts them.

Called once by the demo loader (web/demo.py) after resources, events and meetings. Everything goes through
the domain except the records of apps that have no demo of their own yet (COMAC's challenge, its proposal,
the proposal's pipeline at the pilot stage and two past bookings), written directly. The incubations go
through the real flow: the incubators' demo accounts (`INCUBATOR_ACCOUNTS`, the published demo password)
name the startups (`name_incubated_startup`), and the startups' demo admins confirm (`confirm_incubation`)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.challenges.models import Challenge, Criterion, Pipeline, Proposal
from innobelt.organisations.incubation import confirm_incubation, name_incubated_startup
from innobelt.organisations.models import Incubation, Membership, Organisation
from innobelt.resources.models import AccessRequest, Booking, Resource
from innobelt.showcase import trail
from innobelt.showcase.domain import achievements
from innobelt.showcase.evidence import compute_evidence
from innobelt.showcase.models import Achievement, AwardCriterion, AwardProgramme, Nomination

CST = timezone.get_default_timezone()
RESULTS_2024 = [
    (
        "goi_exemplar",
        "2024 年度 GOI 标杆企业",
        "GOI Exemplars 2024",
        [
            "microsoft-ai-iot-insider-lab",
            "fujifilm-business-innovation-china",
            "comac-innovation-valley",
            "chemexpress-shanghai-rd-center",
            "nokia-shanghai-bell-openx-lab",
        ],
    ),
    (
        "incubator",
        "2024 年度优秀创新孵化器",
        "Outstanding Innovation Incubators 2024",
        ["plug-and-play-shanghai", "xnode", "cas-star-shanghai"],
    ),
    (
        "rd_institution",
        "2024 年度新型研发机构",
        "Novel R&D institutions 2024",
        [
            "tsung-dao-lee-institute",
            "shanghai-yangtze-delta-innovation-institute",
            "international-human-phenome-institute",
            "wla-laboratories",
        ],
    ),
]
CRITERIA = [
    ("开放共享", "Open sharing", 40, "hours_shared"),
    ("协同创新", "Collaborative innovation", 40, "challenges_run"),
    ("活动与交流", "Events and exchange", 20, "events_held"),
]
INCUBATOR_CRITERIA = [
    ("孵化成效", "Startups incubated", 50, "startups_incubated"),
    ("协同创新", "Collaborative innovation", 30, "challenges_run"),
    ("活动与交流", "Events and exchange", 20, "events_held"),
]
#: the incubators' demo accounts (admins of the seed incubators): e-mail, name, incubator
INCUBATOR_ACCOUNTS = [
    ("plugandplay@innobelt.local", "Plug and Play 上海孵化经理 Plug and Play incubation manager", "plug-and-play-shanghai"),
    ("xnode@innobelt.local", "XNode 孵化经理 XNode incubation manager", "xnode"),
]
#: incubator, startup (demo startups of the resources and events demos), incubated since, until
INCUBATIONS = [
    ("plug-and-play-shanghai", "suzhou-wafertest", date(2023, 9, 1), None),
    ("plug-and-play-shanghai", "demo-wuxi-smartsense-robotics", date(2024, 2, 19), None),
    ("xnode", "demo-changzhou-sourcestore-energy", date(2024, 5, 6), date(2025, 11, 30)),
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)


def _programme(
    kind: str, zh: str, en: str, year: int, pudong: City | None, status: str, platform: User | None
) -> AwardProgramme:
    programme = AwardProgramme.objects.create(
        kind=kind,
        title_zh=zh,
        title_en=en,
        year=year,
        city=pudong,
        status=status,
        created_by=platform,
        description="浦东新区年度评选，依据平台记录的开放共享与协同创新情况。",
        opens_at=_at(date(year, 3, 1)),
        closes_at=_at(date(year, 10, 31), 17),
        evidence_from=date(year - 1, 11, 1),
        evidence_to=date(year, 10, 31),
        published_at=timezone.now() if status == AwardProgramme.Status.PUBLISHED else None,
    )
    AwardCriterion.objects.bulk_create(
        [
            AwardCriterion(programme=programme, name_zh=a, name_en=b, weight=w, evidence=e, position=n)
            for n, (a, b, w, e) in enumerate(INCUBATOR_CRITERIA if kind == AwardProgramme.Kind.INCUBATOR else CRITERIA)
        ]
    )
    return programme


def _comac_achievement(comac: Organisation, pudong_operator: User | None) -> int:
    admin = User.objects.filter(memberships__organisation=comac, memberships__role="admin").first()
    wusong = Organisation.objects.filter(slug="wusong-material-laboratory").first()
    wusong_admin = User.objects.filter(memberships__organisation=wusong, memberships__role="admin").first()
    resource = Resource.objects.filter(owner=wusong, kind="equipment").order_by("pk").first()
    if not (admin and wusong and wusong_admin and resource and pudong_operator):
        return 0
    today = timezone.localdate()
    challenge = Challenge.objects.create(
        owner=comac,
        title_zh="民机复合材料构件在役无损检测",
        title_en="In-service NDT of composite parts for airliners",
        statement="在不拆卸的情况下检测民机复合材料壁板的分层与冲击损伤。",
        status=Challenge.Status.AWARDED,
        proposal_deadline=_at(today - timedelta(days=120), 17),
        published_at=_at(today - timedelta(days=180)),
        closed_at=_at(today - timedelta(days=119)),
        created_by=admin,
    )
    Criterion.objects.bulk_create(
        [
            Criterion(challenge=challenge, name_en="Feasibility", weight=60),
            Criterion(challenge=challenge, name_en="Cost", weight=40, position=1),
        ]
    )
    proposal = Proposal.objects.create(
        challenge=challenge,
        organisation=wusong,
        created_by=wusong_admin,
        trl=6,
        text="相控阵超声爬行检测，配合材料实验室的表征。",
        status=Proposal.Status.SUBMITTED,
        submitted_at=_at(today - timedelta(days=125)),
    )
    Challenge.objects.filter(pk=challenge.pk).update(awarded_proposal=proposal)
    pilot = Pipeline.objects.create(
        proposal=proposal,
        stage=Pipeline.Stage.PILOT,
        pilot_plan="在浦东机库对两架在役飞机的复合材料壁板开展为期六周的相控阵超声检测试点。",
        moved_at=_at(today - timedelta(days=95)),
    )
    access = AccessRequest.objects.create(
        resource=resource,
        organisation=comac,
        requested_by=admin,
        purpose="复合材料试样的表征。",
        status=AccessRequest.Status.ACTIVE,
        decided_by=wusong_admin,
        decided_at=_at(today - timedelta(days=100)),
        terms_accepted_at=_at(today - timedelta(days=99)),
    )
    bookings = [
        Booking.objects.create(
            resource=resource,
            access_request=access,
            organisation=comac,
            booked_by=admin,
            start=_at(today - timedelta(days=d), 10),
            end=_at(today - timedelta(days=d), 13),
        )
        for d in (90, 83)
    ]
    industries = list(Industry.objects.filter(code__in=["aerospace", "advanced-materials"]))
    achievement = achievements.draft_achievement(
        actor=admin,
        organisation=comac,
        kind=Achievement.Kind.MILESTONE,
        year=today.year,
        title_zh="民机复合材料在役检测试点",
        title_en="Pilot of in-service inspection of airliner composites",
        story_zh="中国商飞创新谷发布揭榜挑战，吴淞材料实验室的相控阵超声方案胜出；双方在实验室的 X 射线衍射仪上完成"
        "试样表征后，在浦东的机库完成了检测试点，检测时间缩短一半。",
        story_en="COMAC Innovation Valley's challenge was won by Wusong Material Laboratory's phased-array "
        "proposal; after characterising samples on the laboratory's instruments, the partners ran an "
        "inspection pilot in a Pudong hangar that halved the inspection time.",
        story_language="zh",
        revenue=Decimal("3600000.00"),
        patents_filed=3,
        products_launched=1,
        jobs=18,
        partners=[wusong],
        cities=list(City.objects.filter(slug__in=["pudong", "baoshan"])),
        industries=industries,
        trail_items=[{"kind": "challenge", "id": challenge.pk}, {"kind": "pilot", "id": pilot.pk}]
        + [{"kind": "booking", "id": b.pk} for b in bookings],
    )
    achievement = achievements.submit_achievement(actor=admin, achievement=achievement)
    achievement = achievements.confirm_achievement(actor=wusong_admin, achievement=achievement)
    achievements.publish_achievement(actor=pudong_operator, achievement=achievement)
    return 1


def _wuxi_achievement(platform: User | None) -> int:
    """The Wuxi startup's Shanghai sales office, traced to its resolved market-entry request in Putuo (services
    demo); the consultancy confirms its part and a platform operator publishes it."""
    firm = Organisation.objects.filter(slug="wuxi-iot-sensing-startup").first()
    if firm is None or platform is None:
        return 0
    request = trail.linkable("service_request", firm).order_by("pk").first()
    admin = User.objects.filter(memberships__organisation=firm, memberships__role="admin").first()
    if request is None or admin is None:
        return 0
    consultancy = request.provider.organisation
    consultant = User.objects.filter(memberships__organisation=consultancy).order_by("pk").first()
    if consultant is None:
        return 0
    achievement = achievements.draft_achievement(
        actor=admin,
        organisation=firm,
        kind=Achievement.Kind.ACHIEVEMENT,
        year=timezone.localtime(request.created_at).year,
        title_zh="无锡物联网传感初创在普陀设立上海销售办公室",
        title_en="Wuxi IoT sensing startup opens its Shanghai sales office in Putuo",
        story_zh="通过平台的服务专区，无锡的传感器初创企业请普陀的市场准入顾问协助选址与工商登记，三周内在普陀设立了上海销售办公室。",
        story_en="Through the platform's service zone, the Wuxi sensor startup asked a Putuo market-entry consultancy "
        "for site selection and registration; its Shanghai sales office opened in Putuo within three weeks.",
        story_language="zh",
        revenue=Decimal("850000.00"),
        patents_filed=0,
        products_launched=0,
        jobs=4,
        partners=[consultancy],
        cities=list(City.objects.filter(slug__in=["wuxi", "putuo"])),
        industries=list(firm.industries.all()),
        trail_items=[{"kind": "service_request", "id": request.pk}],
    )
    achievement = achievements.submit_achievement(actor=admin, achievement=achievement)
    achievement = achievements.confirm_achievement(actor=consultant, achievement=achievement)
    achievements.publish_achievement(actor=platform, achievement=achievement)
    return 1


def _incubator_admins(password: str) -> dict[str, User]:
    """The incubators' demo accounts, each its incubator's admin (made once; the demo password)."""
    admins = {}
    for email, name, slug in INCUBATOR_ACCOUNTS:
        incubator = Organisation.objects.filter(slug=slug).first()
        if incubator is None:
            continue
        user, created = User.objects.get_or_create(
            email=email, defaults={"username": email, "display_name": name, "email_confirmed_at": timezone.now()}
        )
        if created:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=incubator, defaults={"role": Membership.Role.ADMIN})
        admins[slug] = user
    return admins


def _incubations(password: str) -> int:
    """Incubations of demo startups through the real flow: the incubator's admin names the startup, the startup's
    admin confirms. A pair already named or confirmed is not named again; returns the confirmed ones."""
    admins = _incubator_admins(password)
    confirmed = 0
    for incubator_slug, startup_slug, since, until in INCUBATIONS:
        incubator = Organisation.objects.filter(slug=incubator_slug).first()
        startup = Organisation.objects.filter(slug=startup_slug).first()
        namer = admins.get(incubator_slug)
        confirmer = (
            User.objects.filter(memberships__organisation=startup, memberships__role=Membership.Role.ADMIN).order_by("pk").first()
            if startup is not None
            else None
        )
        if incubator is None or startup is None or namer is None or confirmer is None:
            continue
        standing = [Incubation.Status.NAMED, Incubation.Status.CONFIRMED]
        incubation = Incubation.objects.filter(incubator=incubator, startup=startup, status__in=standing).first()
        if incubation is None:
            incubation = name_incubated_startup(actor=namer, incubator=incubator, startup=startup, started_on=since, ended_on=until)
        if incubation.status == Incubation.Status.NAMED:
            incubation = confirm_incubation(actor=confirmer, incubation=incubation)
        confirmed += incubation.status == Incubation.Status.CONFIRMED
    return confirmed


def load_showcase_demo(*, password: str) -> dict:
    if AwardProgramme.objects.exists() or Achievement.objects.exists():
        return {"award programmes": "already there"}
    pudong = City.objects.filter(slug="pudong").first()
    platform = User.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    pudong_operator = User.objects.filter(operator_cities=pudong, is_active=True).order_by("pk").first()
    incubations = _incubations(password)  # before the winners' evidence is counted
    winners = 0
    for kind, zh, en, slugs in RESULTS_2024:
        programme = _programme(kind, zh, en, 2024, pudong, AwardProgramme.Status.PUBLISHED, platform)
        for org in Organisation.objects.filter(slug__in=slugs):
            Nomination.objects.create(
                programme=programme,
                organisation=org,
                nominated_by=platform,
                by_operator=True,
                status=Nomination.Status.AWARDED,
                decided_at=timezone.now(),
                evidence=compute_evidence(org, programme.evidence_from, programme.evidence_to),
                evidence_at=timezone.now(),
            )
            winners += 1
    year = timezone.localdate().year
    open_programme = _programme(
        "goi_exemplar",
        f"{year} 年度 GOI 标杆企业",
        f"GOI Exemplars {year}",
        year,
        pudong,
        AwardProgramme.Status.OPEN,
        platform,
    )
    AwardProgramme.objects.filter(pk=open_programme.pk).update(
        opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=60)
    )
    comac = Organisation.objects.filter(slug="comac-innovation-valley").first()
    made = _comac_achievement(comac, pudong_operator) if comac else 0
    made += _wuxi_achievement(platform)
    return {
        "award programmes": AwardProgramme.objects.count(),
        "2024 award winners": winners,
        "published achievements": made,
        "confirmed incubations": incubations,
    }
