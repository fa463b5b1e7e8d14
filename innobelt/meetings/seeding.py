"""Demo data: a 1:1 programme on the demo Innovation Day (the events demo's, in the past: the
afternoon's partner matching) with slots, profiles, requests, a schedule already run and a
few outcomes recorded. Idempotent (loading twice changes nothing).

Runs after the events demo. Without it (or without its Innovation Day) an Innovation Day is
made here (get_or_create) with the Wusong Materials Laboratory as organiser.
"""

from datetime import timedelta

from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.events.models import Event, Registration
from innobelt.meetings.domain import record_outcome, run_scheduler
from innobelt.meetings.models import MeetingRequest, Participant, Programme, ScheduleRun, Slot
from innobelt.organisations.models import Membership, Organisation

ORGANISER = "wusong-material-laboratory"
EVENTS_DEMO_TITLE = "科技与产业协同创新日"  # innobelt/events/seed_data.py
PEOPLE = [
    # e-mail, name, organisation slug, offers, seeks
    ("comac@innobelt.local", None, "comac-innovation-valley", "大飞机复合材料结构件的试验验证平台；Composite airframe test rigs",
     "轻量化高温合金与增材制造供应商 lightweight superalloys and additive manufacturing"),
    ("meet-1@innobelt.local", "李工 Li Wei", "shu-wusong-joint-research-institute", "高温合金增材制造工艺 additive manufacturing of superalloys",
     "航空领域的应用场景与试飞数据 aviation use cases"),
    ("meet-2@innobelt.local", "Anna Schmidt", "fujifilm-business-innovation-china", "Document AI and imaging sensors for quality inspection",
     "制造业质量检测的试点工厂 pilot factories for visual inspection"),
    ("meet-3@innobelt.local", "王芳 Wang Fang", "shanghai-international-synthetic-biology-innovation-center", "合成生物学菌株设计与发酵放大",
     "Chemical companies to scale bio-based materials"),
    ("meet-4@innobelt.local", "陈强 Chen Qiang", "chemexpress-shanghai-rd-center", "化工中试与工艺放大 chemical process scale-up",
     "bio-based feedstock and synthetic biology partners"),
    ("meet-5@innobelt.local", "Tom Baker", "plug-and-play-shanghai", "Corporate innovation programmes and startup scouting",
     "深科技初创企业 deep-tech startups in materials and aviation"),
    ("meet-6@innobelt.local", "赵敏 Zhao Min", "baoshan-quantum-cultivation-center", "量子精密测量 quantum precision measurement",
     "Industrial inspection partners needing precise sensing"),
]
# (requester index, target index, priority)
WISHES = [(0, 1, "must"), (1, 0, "must"), (2, 6, "like"), (6, 2, "like"), (3, 4, "must"), (4, 3, "like"), (5, 0, "like"),
          (5, 1, "like"), (0, 5, "like"), (2, 0, "like"), (6, 4, "no"), (1, 5, "like")]


def _event() -> Event:
    event = (Event.objects.filter(kind=Event.Kind.INNOVATION_DAY, title_zh=EVENTS_DEMO_TITLE).first()
             or Event.objects.filter(kind=Event.Kind.INNOVATION_DAY).order_by("starts_at", "pk").first())
    if event is not None:
        return event
    organiser = Organisation.objects.get(slug=ORGANISER)
    start = (timezone.localtime() + timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
    event, _ = Event.objects.get_or_create(kind=Event.Kind.INNOVATION_DAY, title_en="Innovation Belt Innovation Day", defaults={
        "title_zh": "沪宁产业创新带创新日", "organiser": organiser, "city": organiser.city, "status": Event.Status.PUBLISHED,
        "venue_zh": "吴淞实验室", "venue_en": "Wusong Laboratory", "starts_at": start, "ends_at": start + timedelta(hours=8),
        "published_at": timezone.now(), "description": "路演、对接洽谈与一对一会谈。",
    })
    return event


def _participant(programme: Programme, index: int, email: str, name: str | None, org_slug: str, password: str) -> Participant | None:
    organisation = Organisation.objects.filter(slug=org_slug).first()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, username=email, display_name=name or email, email_confirmed_at=timezone.now())
        user.set_password(password)
        user.save()
    if organisation is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.MEMBER})
    event = programme.event
    registration = Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE).first()
    if registration is None:
        registration = Registration.objects.create(event=event, user=user, organisation=organisation, status=Registration.Status.CONFIRMED,
                                                   code=f"MT{index:04d}", confirmed_at=timezone.now())
    if registration.status != Registration.Status.CONFIRMED:
        return None
    participant, _ = Participant.objects.get_or_create(programme=programme, registration=registration)
    return participant


def _outcomes(programme: Programme) -> None:
    """For a past event: how the first meetings went, told by one side."""
    meetings = list(programme.meetings.filter(status="scheduled").select_related("slot", "a__registration__user")
                    .order_by("slot__starts_at", "table"))
    if not meetings or meetings[0].slot.starts_at > timezone.now() or any(m.outcome for m in meetings):
        return
    for meeting, outcome in zip(meetings, ["follow_up", "held", "no_show", "follow_up"], strict=False):
        record_outcome(actor=meeting.a.registration.user, meeting=meeting, outcome=outcome,
                       note="约定下周发NDA与样品。" if outcome == "follow_up" else "")


def load_meetings_demo(*, password: str) -> dict:
    event = _event()
    admins = Membership.objects.filter(organisation=event.organiser, role=Membership.Role.ADMIN).select_related("user")
    organiser_admin = next((m.user for m in admins), None) if event.organiser_id else None
    programme, _ = Programme.objects.get_or_create(event=event, defaults={"meeting_minutes": 20, "default_tables": 3, "time_limit": 5.0,
                                                                         "max_meetings": 4})
    if not programme.slots.exists():
        first = max(timezone.localtime(event.starts_at), timezone.localtime(event.starts_at).replace(hour=14, minute=0))
        for i in range(6):
            Slot.objects.create(programme=programme, starts_at=first + timedelta(minutes=20 * i), tables=3)
    people = []
    for index, (email, name, org, offers, seeks) in enumerate(PEOPLE):
        participant = _participant(programme, index, email, name, org, password)
        if participant is not None and not (participant.offers or participant.seeks):
            participant.offers, participant.seeks = offers, seeks
            participant.save()
        people.append(participant)
    for a, b, priority in WISHES:
        if people[a] is not None and people[b] is not None:
            MeetingRequest.objects.get_or_create(requester=people[a], target=people[b],
                                                 defaults={"programme": programme, "priority": priority})
    if not programme.runs.filter(status=ScheduleRun.Status.DONE).exists():
        run = ScheduleRun.objects.create(programme=programme, requested_by=organiser_admin, full=True)
        run_scheduler(run_id=run.pk)
    _outcomes(programme)
    return {"1:1 meetings": f"{event} — {sum(p is not None for p in people)} participants, "
                            f"{programme.meetings.filter(status='scheduled').count()} meetings scheduled "
                            f"(participants: meet-1…6@innobelt.local and comac@innobelt.local)"}
