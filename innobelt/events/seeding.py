"""Loading the demo of the meeting zone (idempotent): the past Technology and Industrial Collaborative
Innovation Day at the Putuo center with its 52 participating companies, an upcoming roadshow with pitches
and ratings, and an upcoming hybrid summit that is full with a waiting list.

Events, their programme, pitches, ratings and the named demo accounts' registrations go through the
domain functions (audit trail, messages). The crowd of attendees is bulk-loaded like an import of
historic data: registering for a past event is, rightly, refused by the domain.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.events import domain
from innobelt.events.domain.registration import CODE_ALPHABET, CODE_LENGTH
from innobelt.events.models import Answer, Event, Registration
from innobelt.events.seed_data import (
    CENTER,
    EVENTS,
    INVESTOR,
    NO_SHOWS,
    ORGANISER,
    PARTICIPANTS,
    STARTUPS,
    SUMMIT_WAITING,
    SYNTHETIC_SEED,
    VENUE,
)
from innobelt.organisations.domain import refresh_search_document
from innobelt.organisations.generator import generate_organisations
from innobelt.organisations.models import Membership, Organisation

CROWD_DOMAIN = "demo.innobelt.local"


def _at(day, hhmm: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hhmm)))


def _account(email: str, person: str, password: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={
        "username": email, "display_name": person, "email_confirmed_at": timezone.now()})
    if created:
        user.set_password(password)
        user.save()
    return user


def _organisation_with_account(row: dict, kind: str, password: str) -> tuple[Organisation, User]:
    org, created = Organisation.objects.get_or_create(slug=row["slug"], defaults={
        "kind": kind, "name_zh": row["name_zh"], "name_en": row["name_en"], "city": City.objects.get(slug=row["city"]),
        "verification": Organisation.Verification.VERIFIED, "is_synthetic": True,
    })
    if created:
        org.industries.set(Industry.objects.filter(code__in=row.get("industries", [])))
        refresh_search_document(org)
    user = _account(row["email"], row["person"], password)
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Membership.Role.ADMIN})
    return org, user


def _crowd(count: int) -> list[tuple[Organisation, User]]:
    """Generated companies (marked demo data, never real ones: the seed does not say who came) and one attendee each."""
    cities, industries = list(City.objects.order_by("position")), {i.code: i for i in Industry.objects.all()}
    existing = {o.slug: o for o in Organisation.objects.filter(slug__startswith=f"syn-{SYNTHETIC_SEED}-")}
    through = Organisation.industries.through
    orgs = []
    for org, chosen in generate_organisations(count, seed=SYNTHETIC_SEED, cities=cities, industries=industries):
        if org.slug not in existing:
            org.save()
            through.objects.bulk_create([through(organisation_id=org.pk, industry_id=i.pk) for i in chosen])
            existing[org.slug] = org
        orgs.append(existing[org.slug])
    emails = {org.pk: f"attendee-{org.slug}@{CROWD_DOMAIN}" for org in orgs}
    known = set(User.objects.filter(email__in=emails.values()).values_list("email", flat=True))
    User.objects.bulk_create([
        User(email=emails[org.pk], username=emails[org.pk], display_name=f"{org.name_zh or org.name_en} · 代表",
             email_confirmed_at=timezone.now(), password=make_password(None))
        for org in orgs if emails[org.pk] not in known])
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    Membership.objects.bulk_create([Membership(user=users[emails[org.pk]], organisation=org) for org in orgs], ignore_conflicts=True)
    return [(org, users[emails[org.pk]]) for org in orgs]


def _codes(event: Event, n: int, rng: random.Random) -> list[str]:
    taken, codes = set(event.registrations.values_list("code", flat=True)), []
    while len(codes) < n:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def _deck(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a pitch deck."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 60 700 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile("pitch-deck.pdf", bytes(out), content_type="application/pdf")


def _create_event(spec: dict, *, organiser: User, center: Organisation) -> Event:
    day = timezone.localdate() + timedelta(days=spec["days"])
    event = domain.create_event(
        actor=organiser, organiser=center, kind=spec["kind"], title_zh=spec["title_zh"], title_en=spec["title_en"],
        description=spec["description"], description_language="zh", mode=spec.get("mode", Event.Mode.IN_PERSON),
        online_url=spec.get("online_url", ""), starts_at=_at(day, spec["start"]), ends_at=_at(day, spec["end"]), capacity=spec["capacity"],
        **VENUE)
    rooms = [domain.add_room(actor=organiser, event=event, name_zh=zh, name_en=en, capacity=seats) for zh, en, seats in spec["rooms"]]
    speakers = [domain.add_speaker(actor=organiser, event=event, name_zh=zh, name_en=en, affiliation_zh=azh, affiliation_en=aen)
                for zh, en, azh, aen in spec["speakers"]]
    for start, end, zh, en, room, who in spec["sessions"]:
        domain.add_session(actor=organiser, event=event, title_zh=zh, title_en=en, starts_at=_at(day, start), ends_at=_at(day, end),
                           room=rooms[room], speakers=[speakers[i] for i in who])
    for question in spec["questions"]:
        domain.add_question(actor=organiser, event=event, **question)
    return domain.publish_event(actor=organiser, event=event)


def _bulk_register(event: Event, people, *, rng, checked_in: int = 0, answers=None) -> None:
    """Confirmed registrations of the crowd (the first `checked_in` of them attended)."""
    now = min(timezone.now(), event.starts_at - timedelta(days=2))
    rows = [Registration(event=event, user=user, organisation=org, status=Registration.Status.CONFIRMED, code=code, created_at=now,
                         confirmed_at=now, checked_in_at=event.starts_at + timedelta(minutes=rng.randint(-20, 90)) if i < checked_in else None)
            for i, ((org, user), code) in enumerate(zip(people, _codes(event, len(people), rng)))]
    Registration.objects.bulk_create(rows)
    if answers:
        saved = Registration.objects.filter(event=event, user__in=[u for _o, u in people])
        Answer.objects.bulk_create([Answer(registration=r, question=q, value=value) for r in saved for q, value in answers])


@transaction.atomic
def load_events_demo(*, password: str) -> dict:
    rng = random.Random(SYNTHETIC_SEED)
    center = Organisation.objects.get(slug=CENTER)
    organiser = _account(ORGANISER["email"], ORGANISER["person"], password)
    Membership.objects.get_or_create(user=organiser, organisation=center, defaults={"role": Membership.Role.ADMIN})
    investor_org, investor = _organisation_with_account(INVESTOR, Organisation.Kind.INVESTOR, password)
    startups = [(row, *_organisation_with_account(row, Organisation.Kind.STARTUP, password)) for row in STARTUPS]
    events, fresh = {}, set()
    for spec in EVENTS:
        found = Event.objects.filter(organiser=center, title_zh=spec["title_zh"]).first()
        if found is None:
            found = _create_event(spec, organiser=organiser, center=center)
            fresh.add(spec["key"])
        events[spec["key"]] = found
    crowd = _crowd(PARTICIPANTS + NO_SHOWS) if fresh & {"innovation-day", "summit"} else []

    if "innovation-day" in fresh:
        _bulk_register(events["innovation-day"], crowd, rng=rng, checked_in=PARTICIPANTS)

    if "roadshow" in fresh:
        roadshow = events["roadshow"]
        comac = User.objects.filter(email="comac@innobelt.local").first()
        for person, org in [(investor, investor_org), (comac, comac.memberships.first().organisation if comac else None)]:
            if person is not None:
                domain.register_for_event(user=person, event=roadshow, organisation=org)
        for row, org, founder in startups:
            domain.register_for_event(user=founder, event=roadshow, organisation=org)
            spec = row["pitch"]
            pitch = domain.apply_to_pitch(actor=founder, event=roadshow, organisation=org, deck=_deck(row["name_en"]),
                                          **{k: v for k, v in spec.items() if k != "status"})
            if spec["status"] == "selected":
                domain.select_pitch(actor=organiser, pitch=pitch)
        selected = list(roadshow.pitches.filter(status="selected").order_by("pk"))
        first = domain.rate_pitch(actor=investor, pitch=selected[0], score=5, comment="团队扎实，产线验证充分。")
        domain.rate_pitch(actor=investor, pitch=selected[1], score=4, comment="Good unit economics; needs a first customer.")
        if comac is not None and comac.memberships.filter(organisation__kind=Organisation.Kind.LARGE_FIRM).exists():
            domain.rate_pitch(actor=comac, pitch=selected[0], score=4, comment="可在航空零部件产线试点。")
        domain.request_meeting_from_rating(actor=investor, rating=first, note="路演后约一小时深入交流？")

    if "summit" in fresh:
        summit = events["summit"]
        position, lunch = list(summit.questions.order_by("position"))
        places = summit.capacity - 2
        _bulk_register(summit, crowd[:places], rng=rng, answers=[(position, "总经理"), (lunch, "需要")])
        for person, org in [(investor, investor_org), (startups[0][2], startups[0][1])]:
            domain.register_for_event(user=person, event=summit, organisation=org, answers={position.pk: "合伙人", lunch.pk: 0})
        for org, user in crowd[places:places + SUMMIT_WAITING]:
            domain.register_for_event(user=user, event=summit, organisation=org, answers={position.pk: "市场总监", lunch.pk: 1})

    return {
        "events (meeting zone)": ", ".join(f"{e.title_en} ({e.registrations.filter(status='confirmed').count()} registered)"
                                           for e in events.values()),
        "events demo accounts": f"{ORGANISER['email']} (organiser), {INVESTOR['email']}, {STARTUPS[0]['email']} (password {password})",
    }
