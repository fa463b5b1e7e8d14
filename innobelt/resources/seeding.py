"""Loading the demo register: resources of the seed organisations, two seeker firms with
accounts, requests in every state, a week of bookings, sample jobs in each state, a firm held for
the owner's approval after three no-shows, its next booking waiting, a firm on the waitlist of
another's booking, last week's checked-in booking and no-show whose released slot the waitlisted
SME took, and training requests waiting for the owner and scheduled as a training booking (idempotent).

Everything goes through the domain functions, so the demo also fills the audit trail and
the inboxes the way real use would.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.organisations.domain import refresh_search_document as refresh_organisation
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources import domain
from innobelt.resources.domain import samples
from innobelt.resources.domain.bookings import _book_one
from innobelt.resources.domain.checkin import (
    accept_released_slot,
    check_in,
    check_in_token,
    join_waitlist,
    release_no_shows,
    resource_for_token,
)
from innobelt.resources.domain.training import record_training, request_training, schedule_training
from innobelt.resources.models import (
    AccessRequest,
    Booking,
    ReleasedSlot,
    Resource,
    SampleJob,
    TrainingRecord,
    TrainingRequest,
    WaitlistEntry,
)
from innobelt.resources.seed_data import REQUESTS, RESOURCES, SEEKERS, TRAINEE
from innobelt.resources.statement_queries import quarter_start

FIELDS = {"kind", "title_zh", "title_en", "description", "category", "maker", "model_number", "location", "opening_hours",
          "slot_minutes", "training_required", "check_in_grace_minutes", "approval_after_no_shows", "supervision_required", "capacity",
          "terms", "terms_note", "requires_nda",
          "only_smes_and_startups", "only_belt_organisations", "only_goi_members", "contact_name", "contact_email", "patent_number",
          "patent_status", "licensing_modes", "claims_summary", "problem_solved", "trl", "deployment_conditions", "access_conditions",
          "data_format", "visibility"}
# (resource key, seeker) → list of (weekday, start hour, hours) booked in the coming week
WEEK_OF_BOOKINGS = {
    ("wusong-raman", "shanghai-membranetech"): [(0, 9, 2), (2, 9, 2), (4, 14, 2), (5, 9, 1)],
    ("wusong-raman", "suzhou-wafertest"): [(1, 10, 2), (3, 13, 3)],
    ("wusong-xrd", "shanghai-membranetech"): [(1, 9, 3), (3, 9, 2), (4, 10, 1)],
}


def _decider(organisation, platform):
    admin = organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user").first()
    return admin.user if admin else platform


def _seekers(password: str) -> dict:
    cities, industries = {c.slug: c for c in City.objects.all()}, {i.code: i for i in Industry.objects.all()}
    people = {}
    for row in SEEKERS:
        org, _created = Organisation.objects.update_or_create(slug=row["slug"], defaults={
            "kind": row["kind"], "name_zh": row["name_zh"], "name_en": row["name_en"], "city": cities[row["city"]],
            "verification": Organisation.Verification.VERIFIED, "description_language": "zh",
        })
        org.industries.set([industries[c] for c in row["industries"]])
        refresh_organisation(org)
        user, created = User.objects.get_or_create(email=row["email"], defaults={
            "username": row["email"], "display_name": row["person"], "email_confirmed_at": timezone.now()})
        if created:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Membership.Role.ADMIN})
        people[row["slug"]] = (org, user)
    return people


def _resources(platform) -> dict:
    cities, industries = {c.slug: c for c in City.objects.all()}, {i.code: i for i in Industry.objects.all()}
    made = {}
    for row in RESOURCES:
        owner = Organisation.objects.get(slug=row["owner"])
        found = Resource.objects.filter(owner=owner, title_zh=row["title_zh"], title_en=row["title_en"]).first()
        if found is None:
            fields = {k: v for k, v in row.items() if k in FIELDS}
            fields["description_language"] = row["lang"]
            found = domain.create_resource(
                actor=_decider(owner, platform), owner=owner, industries=[industries[c] for c in row["industries"]],
                visible_cities=[cities[c] for c in row.get("visible_cities", [])], publish=row.get("status") != "draft", **fields)
        made[row["key"]] = found
    return made


def _drive(access_request, state, *, seeker, decider):
    """Take a fresh request to the state the demo shows."""
    if state == "more_info":
        domain.ask_for_information(actor=decider, access_request=access_request, question="请说明样品数量与铜层厚度范围。")
    elif state in ("approved", "active"):
        domain.approve_access_request(actor=decider, access_request=access_request)
        if state == "active":
            domain.accept_terms(user=seeker, access_request=access_request, conditions_accepted=True,
                                nda_acknowledged=access_request.resource.requires_nda)
    elif state == "declined":
        domain.decline_access_request(actor=decider, access_request=access_request, reason=AccessRequest.DeclineReason.OUT_OF_SCOPE,
                                      text="The design is licensed only for quantum computing hardware at present.")
    elif state == "withdrawn":
        domain.withdraw_access_request(user=seeker, access_request=access_request)


def _book_week(access_request, seeker, plan) -> int:
    if Booking.objects.filter(access_request=access_request).exists():
        return 0
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())  # the coming week, always in the future
    made = 0
    for weekday, hour, hours in plan:
        start = timezone.make_aware(datetime.combine(monday + timedelta(days=weekday), time(hour)))
        slot = timedelta(minutes=access_request.resource.slot_minutes or 60)
        end = start + max(slot, timedelta(hours=hours))
        try:
            made += len(domain.book_equipment(actor=seeker, access_request=access_request, start=start, end=end).created)
        except (domain.BookingConflict, ValidationError):
            continue
    return made


DEMO_PRICES = {("goi_sme", "hour"): "80", ("sme", "hour"): "120", ("academic", "hour"): "100", ("other", "hour"): "200",
               ("other", "day"): "1500", ("sme", "sample"): "300.50"}


def _prices_and_pledge(resource, platform) -> None:
    """The XRD is priced and carries a sharing pledge, so the demo's bookings show every kind of statement line."""
    if resource.prices.exists():
        return
    admin = _decider(resource.owner, platform)
    domain.set_prices(actor=admin, resource=resource, prices=DEMO_PRICES)
    last_quarter = quarter_start(quarter_start(timezone.localdate()) - timedelta(days=1))
    since = timezone.make_aware(datetime.combine(last_quarter, time(9)))  # the pledge has a history: 6 h last quarter, 4 h now
    domain.set_pledge(actor=admin, resource=resource, hours_per_quarter=6, now=since)
    domain.set_pledge(actor=admin, resource=resource, hours_per_quarter=4)


# (samples, description, method, hazards, the state the demo takes it to)
SAMPLE_JOBS = [
    (4, "陶瓷涂覆隔膜，4×4 cm，每片单独封装", "XRD 物相与结晶度分析", "", "submitted"),
    (2, "Alumina-coated separator, two batches", "XRD phase analysis, 10–80° 2θ", "", "quoted"),
    (3, "勃姆石粉体 5 g ×3", "XRD 物相定量（Rietveld）", "", "accepted"),
    (6, "涂层隔膜热收缩试验后样品", "XRD 结晶度对比", "", "received"),
    (2, "Boehmite-coated separator, pilot line batch 7", "XRD crystallinity", "", "measuring"),
    (2, "Coated separator before and after 130 °C", "XRD phase analysis", "", "completed"),
    (1, "氧化铝涂层隔膜（量产批次）", "XRD 物相分析", "", "closed"),
    (1, "电解液浸泡后的隔膜", "XRD 物相分析", "含少量 LiPF6 电解液残留，密封包装", "cancelled"),
]
DEMO_RESULTS_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                    b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _sample_jobs(resource, access_request, seeker, platform) -> int:
    """Sample jobs on the priced XRD, one in each state, quoted from DEMO_PRICES by the domain (300.50 per sample
    for an SME), the completed and the closed one with the seeker's outcome report: the owner's and the seeker's
    pages, the statements, the owner's turnaround and the resource page's turnaround show them."""
    if access_request is None or SampleJob.objects.filter(resource=resource).exists():
        return 0
    owner = _decider(resource.owner, platform)
    if not resource.accepts_samples:
        resource = domain.update_resource(actor=owner, resource=resource, changes={"accepts_samples": True})
    order = ["submitted", "quoted", "accepted", "received", "measuring", "completed", "closed"]
    for count, description, method, hazards, state in SAMPLE_JOBS:
        job = samples.submit_sample_job(actor=seeker, access_request=access_request, samples=count, description=description,
                                        method=method, hazards=hazards)
        reached = order.index(state) if state in order else 2  # the cancelled one was accepted first (a credit line)
        if reached >= 1:
            job = samples.quote_sample_job(actor=owner, job=job, turnaround_days=5, note="Demo: measured in the XRD room, B 201.")
        if reached >= 2:
            job = samples.accept_sample_quote(actor=seeker, job=job)
        if reached >= 3:
            job = samples.receive_samples(actor=owner, job=job)
        if reached >= 4:
            job = samples.start_measuring(actor=owner, job=job)
        if reached >= 5:
            job = samples.report_sample_results(actor=owner, job=job, note="单相，结晶度 92%。Single phase, 92 % crystalline.",
                                                upload=SimpleUploadedFile("xrd-results.pdf", DEMO_RESULTS_PDF, content_type="application/pdf"))
        if reached >= 6:
            job = samples.close_sample_job(actor=owner, job=job)  # the seeker reports after the owner closed it
        if reached >= 5:
            samples.report_sample_outcome(actor=seeker, job=job, outcome="product" if state == "completed" else "quality",
                                          note="涂层工艺定型，130 °C 热收缩达标。" if state == "completed" else "量产批次物相合格。")
        if state == "cancelled":
            samples.cancel_sample_job(actor=seeker, job=job, reason="样品在运输中受潮，重新制样后再送。")
    return len(SAMPLE_JOBS)


# The XRD bookings MembraneTech missed: (weeks ago, start hour), on a weekday of each of those weeks
MISSED = [(4, 10), (3, 14), (2, 10)]


def _held_for_approval(access_request, seeker) -> int:
    """MembraneTech booked the XRD in the past weeks and never checked in: the domain's periodic step released each
    booking as a no-show. With the XRD's `approval_after_no_shows` (3) reached, its next booking waits for the owner
    on /resources/approvals/ (ADR 0305). Past bookings cannot go through book_equipment (it refuses the past), so
    they take the path it takes for each date, `_book_one` (row lock, overlap check, statement line)."""
    resource = access_request.resource if access_request is not None else None
    if resource is None or not resource.approval_after_no_shows or Booking.objects.filter(
            resource=resource, organisation=access_request.organisation, status__in=[Booking.Status.NO_SHOW, Booking.Status.PENDING]).exists():
        return 0
    grace = timedelta(minutes=resource.check_in_grace_minutes or 0)
    today = timezone.localdate()
    for weeks_ago, hour in MISSED[:resource.approval_after_no_shows]:
        day = today - timedelta(weeks=weeks_ago, days=today.weekday()) + timedelta(days=2)  # the Wednesday of that week
        start = timezone.make_aware(datetime.combine(day, time(hour)))
        _book_one(actor=seeker, access_request=access_request, start=start, end=start + timedelta(hours=1), series=None,
                  note="Demo: missed")
        release_no_shows(now=start + grace + timedelta(minutes=1))
    monday = today + timedelta(days=14 - today.weekday())  # the week after the demo's week of bookings
    start = timezone.make_aware(datetime.combine(monday + timedelta(days=2), time(13)))
    return len(domain.book_equipment(actor=seeker, access_request=access_request, start=start, end=start + timedelta(hours=2),
                                     note="中试样品复测 Pilot samples, second run").created)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _last_week_on_the_raman(raman, people) -> int:
    """Last week on the Raman, replayed through the domain with the times it happened: MembraneTech checked in on
    Tuesday by scanning the QR poster; on Thursday WaferTest booked 14:00-17:00 and MembraneTech waited for it;
    WaferTest did not come, the periodic release made it a no-show at 14:16 and offered 15:00-17:00 to the waitlist;
    MembraneTech took it at 14:20 and checked in at 14:50. (Past bookings take `_book_one`, as for `_held_for_approval`.)"""
    if not raman.check_in_grace_minutes or ReleasedSlot.objects.filter(resource=raman).exists():
        return 0
    (membranetech, sme), (wafertest, startup) = people["shanghai-membranetech"], people["suzhou-wafertest"]
    mine = AccessRequest.objects.filter(resource=raman, organisation=membranetech, status=AccessRequest.Status.ACTIVE).first()
    theirs = AccessRequest.objects.filter(resource=raman, organisation=wafertest, status=AccessRequest.Status.ACTIVE).first()
    if mine is None or theirs is None:
        return 0
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    tuesday, thursday = monday + timedelta(days=1), monday + timedelta(days=3)
    token_resource = resource_for_token(check_in_token(raman))  # what the phone's camera reads from the poster
    used = _book_one(actor=sme, access_request=mine, start=_at(tuesday, 10), end=_at(tuesday, 12), series=None, note="Demo: used")
    check_in(actor=sme, booking=used, token_resource=token_resource, now=_at(tuesday, 9, 55))
    missed = _book_one(actor=startup, access_request=theirs, start=_at(thursday, 14), end=_at(thursday, 17), series=None,
                       note="Demo: missed")
    join_waitlist(actor=sme, access_request=mine, start=missed.start, end=missed.end, now=_at(thursday, 9))
    grace = timedelta(minutes=raman.check_in_grace_minutes)
    release_no_shows(now=missed.start + grace + timedelta(minutes=1))
    slot = ReleasedSlot.objects.get(no_show=missed)
    taken = accept_released_slot(actor=sme, slot=slot, now=_at(thursday, 14, 20))
    check_in(actor=sme, booking=taken, token_resource=token_resource, now=_at(thursday, 14, 50))
    return 3


def _training_requests(people, xrd, raman, platform, password: str) -> int:
    """MembraneTech's new lab technician asks for training on both instruments: the owner scheduled the XRD session
    (a training booking on the Monday of the coming week, which nothing may overlap); the Raman request waits."""
    organisation = people["shanghai-membranetech"][0]
    person, created = User.objects.get_or_create(email=TRAINEE["email"], defaults={
        "username": TRAINEE["email"], "display_name": TRAINEE["person"], "email_confirmed_at": timezone.now()})
    if created:
        person.set_password(password)
        person.save()
    Membership.objects.get_or_create(user=person, organisation=organisation, defaults={"role": Membership.Role.MEMBER})
    made = 0
    for resource, message in ((xrd, "新入职实验员，负责隔膜涂层的物相测试。"), (raman, "New in the lab; will run the weekly Raman maps.")):
        access_request = AccessRequest.objects.filter(resource=resource, organisation=organisation, status=AccessRequest.Status.ACTIVE).first()
        if access_request is None or TrainingRequest.objects.filter(resource=resource, person=person).exists():
            continue
        training = request_training(actor=person, access_request=access_request, message=message)
        made += 1
        if resource == xrd:
            today = timezone.localdate()
            start = _at(today + timedelta(days=7 - today.weekday()), 14)  # the coming Monday: no demo booking of the XRD then
            schedule_training(actor=_decider(resource.owner, platform), training=training, start=start, end=start + timedelta(hours=2),
                              note="Demo: induction, bring a sample")
    return made


def _waiting(resource, organisation, seeker) -> int:
    """WaferTest waits for the Raman's first booking of the coming week (MembraneTech's): if MembraneTech does not
    check in, the slot is offered to WaferTest (the waitlist page shows the entry)."""
    access_request = AccessRequest.objects.filter(resource=resource, organisation=organisation, status=AccessRequest.Status.ACTIVE).first()
    taken = (Booking.objects.filter(resource=resource, status=Booking.Status.CONFIRMED, start__gt=timezone.now())
             .exclude(organisation=organisation).order_by("start").first())
    if access_request is None or taken is None or WaitlistEntry.objects.filter(resource=resource, organisation=organisation).exists():
        return 0
    join_waitlist(actor=seeker, access_request=access_request, start=taken.start, end=taken.end)
    return 1


@transaction.atomic
def load_resources_demo(*, password: str) -> dict:
    platform = User.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    people = _seekers(password)
    resources = _resources(platform)
    _prices_and_pledge(resources["wusong-xrd"], platform)
    bookings = 0
    for key, seeker_slug, state, purpose in REQUESTS:
        resource = resources[key]
        org, seeker = people[seeker_slug]
        access_request = AccessRequest.objects.filter(resource=resource, organisation=org).order_by("-pk").first()
        if access_request is None:
            access_request = domain.request_access(user=seeker, resource=resource, organisation=org, purpose=purpose)
            _drive(access_request, state, seeker=seeker, decider=_decider(resource.owner, platform))
        if state == "active" and resource.is_bookable:
            if resource.training_required and not TrainingRecord.objects.filter(resource=resource, person=seeker).exists():
                record_training(actor=_decider(resource.owner, platform), resource=resource, person=seeker,
                                trained_on=timezone.localdate() - timedelta(days=30), note="Demo: trained at the induction day.")
            bookings += _book_week(access_request, seeker, WEEK_OF_BOOKINGS.get((key, seeker_slug), []))
    xrd = AccessRequest.objects.filter(resource=resources["wusong-xrd"], organisation=people["shanghai-membranetech"][0],
                                       status=AccessRequest.Status.ACTIVE).first()
    sample_jobs = _sample_jobs(resources["wusong-xrd"], xrd, people["shanghai-membranetech"][1], platform)
    bookings += _held_for_approval(xrd, people["shanghai-membranetech"][1])
    bookings += _last_week_on_the_raman(resources["wusong-raman"], people)
    _waiting(resources["wusong-raman"], *people["suzhou-wafertest"])
    _training_requests(people, resources["wusong-xrd"], resources["wusong-raman"], platform, password)
    if xrd is not None and not hasattr(xrd, "outcome"):
        domain.report_outcome(user=people["shanghai-membranetech"][1], access_request=xrd, test_result=True, prototype=True,
                              summary="XRD confirmed the alumina coating's phase; the coated separator prototype passed 130 °C shrinkage tests.")
    return {
        "shared resources": Resource.objects.filter(owner__slug__in={r["owner"] for r in RESOURCES}).count(),
        "access requests": AccessRequest.objects.count(),
        "bookings made now": bookings,
        "sample jobs made now": sample_jobs,
        "seeker accounts": ", ".join(row["email"] for row in SEEKERS),
    }
