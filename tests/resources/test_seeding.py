"""The demo shows each state: sample jobs in each state on the priced XRD, quoted from the demo price list by the domain;
a firm held for the owner's approval after no-shows, with a booking waiting; a firm on a waitlist; last week's no-show
whose released slot the waitlisted SME took; a booking checked in by QR; training requested and scheduled; and loading it
again changes no count."""

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.audit.models import AuditEntry
from innobelt.kit.local_time import local_iso
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.domain.approvals import no_shows_requiring_approval
from innobelt.resources.models import (
    AccessRequest,
    Booking,
    ReleasedSlot,
    Resource,
    SampleJob,
    StatementLine,
    TrainingRecord,
    TrainingRequest,
    WaitlistEntry,
)
from innobelt.resources.seed_data import TRAINEE


def test_the_demo_has_a_sample_job_in_each_state_quoted_from_the_price_list(belt):
    # The resources demo's jobs, all on the XRD (the vouchers demo adds a sample job of its own elsewhere).
    xrd_jobs = SampleJob.objects.filter(resource__title_en="X-ray diffractometer")
    jobs = {job.status: job for job in xrd_jobs.select_related("resource", "organisation")}
    assert xrd_jobs.count() == len(jobs) == 8
    assert set(jobs) == {"submitted", "quoted", "accepted", "received", "measuring", "completed", "closed", "cancelled"}
    assert jobs["submitted"].amount is None
    quoted = jobs["quoted"]
    assert (quoted.user_class, quoted.unit_price, quoted.amount) == ("sme", Decimal("300.50"), Decimal("601.00"))  # 2 samples
    assert jobs["completed"].results_file.content_type == "application/pdf"
    assert jobs["completed"].outcome.outcome == "product"  # the seeker's outcome report
    assert jobs["measuring"].measuring_at is not None and jobs["measuring"].results_file is None
    closed = jobs["closed"]
    assert closed.closed_at is not None and closed.results_file is not None and closed.outcome.outcome == "quality"
    assert closed.outcome.reported_at >= closed.closed_at  # reported after the owner closed it
    lines = sorted((line.sample_job.status, line.kind, line.amount) for line in StatementLine.objects.filter(sample_job__in=xrd_jobs)
                   .select_related("sample_job"))
    assert lines == [("accepted", "charge", Decimal("901.50")), ("cancelled", "charge", Decimal("300.50")),
                     ("cancelled", "credit", Decimal("-300.50")), ("closed", "charge", Decimal("300.50")),
                     ("completed", "charge", Decimal("601.00")), ("measuring", "charge", Decimal("601.00")),
                     ("received", "charge", Decimal("1803.00"))]


def test_the_demo_has_a_firm_held_for_approval_whose_booking_waits_for_the_owner(belt):
    xrd = Resource.objects.get(title_en="X-ray diffractometer")
    membranetech = Organisation.objects.get(slug="shanghai-membranetech")
    missed = Booking.objects.filter(resource=xrd, organisation=membranetech, status="no_show")
    assert missed.count() == xrd.approval_after_no_shows == 3
    assert all(b.no_show_at is not None and b.start < timezone.now() for b in missed)  # released by the domain's periodic step
    assert no_shows_requiring_approval(xrd, membranetech.pk) == 3
    [pending] = Booking.objects.filter(resource=xrd, status="pending")
    assert (pending.organisation, pending.no_shows_counted) == (membranetech, 3) and pending.start > timezone.now()
    assert not pending.statement_lines.exists()  # issued on approval
    admin = Membership.objects.filter(organisation=xrd.owner, role="admin").select_related("user").first()
    decider = admin.user if admin else User.objects.filter(is_platform_operator=True).order_by("pk").first()
    client = Client()
    client.force_login(decider)
    assert f'id="approval-{pending.pk}"' in client.get("/resources/approvals/").content.decode()


def test_the_demo_has_a_firm_waiting_for_another_firms_booking(belt):
    [entry] = WaitlistEntry.objects.filter(status="waiting").select_related("resource", "organisation")
    assert (entry.status, entry.organisation.slug, entry.resource.title_en) == ("waiting", "suzhou-wafertest", "Confocal Raman spectrometer")
    held = Booking.objects.get(resource=entry.resource, start=entry.start, end=entry.end, status="confirmed")
    assert held.organisation.slug == "shanghai-membranetech" and held.start > timezone.now()
    client = Client()
    client.force_login(entry.person)
    assert client.get("/resources/waitlist/").status_code == 200
    assert [e["id"] for e in client.get("/api/v1/me/waitlist").json()] == [entry.pk]


def test_the_demo_replays_last_weeks_no_show_whose_released_slot_the_waitlisted_sme_took(belt):
    raman = Resource.objects.get(title_en="Confocal Raman spectrometer")
    [slot] = ReleasedSlot.objects.filter(resource=raman).select_related("no_show__organisation", "taken_by__organisation")
    missed, taken = slot.no_show, slot.taken_by
    assert (missed.status, missed.organisation.slug, missed.checked_in_at) == ("no_show", "suzhou-wafertest", None)
    assert missed.no_show_at == missed.start + timedelta(minutes=raman.check_in_grace_minutes + 1) < timezone.now()
    # the rest of its period from the next slot boundary, taken by the SME that waited for it, which came
    assert (slot.status, slot.start, slot.end) == ("taken", missed.start + timedelta(hours=1), missed.end)
    assert (taken.status, taken.organisation.slug, taken.start, taken.end) == ("confirmed", "shanghai-membranetech", slot.start, slot.end)
    assert missed.start < taken.checked_in_at < taken.start
    served = WaitlistEntry.objects.get(resource=raman, status="served")
    assert (served.organisation, served.start, served.end) == (taken.organisation, missed.start, missed.end)
    assert served.created_at < missed.no_show_at  # it waited before the release
    actions = list(AuditEntry.objects.filter(action__in=["booking.no_show", "booking.created", "booking.checked_in"],
                                             target_id__in=[str(missed.pk), str(taken.pk)]).values_list("action", "data"))
    assert ("booking.no_show", {"released": slot.pk, "start": local_iso(slot.start), "end": local_iso(slot.end)}) in actions
    assert [data["by"] for action, data in actions if action == "booking.checked_in"] == ["qr"]
    # Both see it: the no-show on WaferTest's bookings, the slot on MembraneTech's.
    for booking in (missed, taken):
        client = Client()
        client.force_login(booking.booked_by)
        assert f"/resources/bookings/{booking.pk}/" in client.get("/resources/bookings/").content.decode()


def test_the_demo_has_a_booking_checked_in_on_the_poster_qr(belt):
    raman = Resource.objects.get(title_en="Confocal Raman spectrometer")
    checked = Booking.objects.filter(resource=raman, checked_in_at__isnull=False).exclude(taken_slot__isnull=False)
    [used] = checked
    assert (used.status, used.organisation.slug, used.checked_in_by) == ("confirmed", "shanghai-membranetech", used.booked_by)
    assert used.start - timedelta(minutes=15) <= used.checked_in_at < used.start + timedelta(minutes=raman.check_in_grace_minutes)
    assert used.end < timezone.now() and raman.check_in_code  # the poster's code was made for it


def test_the_demo_has_a_training_request_waiting_and_one_scheduled_as_a_training_booking(belt):
    trainee = User.objects.get(email=TRAINEE["email"])
    assert Membership.objects.get(user=trainee).organisation.slug == "shanghai-membranetech"
    requests = {t.resource.title_en: t for t in TrainingRequest.objects.filter(person=trainee).select_related("resource", "session")}
    waiting, scheduled = requests["Confocal Raman spectrometer"], requests["X-ray diffractometer"]
    assert (waiting.status, waiting.session) == ("requested", None)
    session = scheduled.session
    assert (scheduled.status, session.kind, session.status, session.booked_by) == ("scheduled", "training", "confirmed", trainee)
    assert session.start > timezone.now() and not session.statement_lines.exists()  # training is free
    assert not TrainingRecord.objects.filter(person=trainee).exists()
    owner = Membership.objects.filter(organisation=waiting.resource.owner, role="admin").select_related("user").first().user
    client = Client()
    client.force_login(owner)
    page = client.get(f"/resources/{waiting.resource_id}/training/").content.decode()
    assert f"/resources/training/{waiting.pk}/schedule/" in page  # the owner's form to schedule it
    client.force_login(trainee)  # untrained, the technician is refused a booking with the way to get trained
    assert 'id="training-needed"' in client.get(f"/resources/{waiting.resource_id}/book/").content.decode()
    from innobelt.web.demo import accounts_with_published_password
    assert TRAINEE["email"] in accounts_with_published_password()


def test_loading_the_resources_demo_again_changes_no_count(belt):
    from innobelt.notifications.models import Notification
    from innobelt.resources.seeding import load_resources_demo
    from innobelt.web.demo import DEMO_PASSWORD

    counted = [Resource, AccessRequest, Booking, TrainingRecord, TrainingRequest, WaitlistEntry, ReleasedSlot, SampleJob, StatementLine,
               User, Membership, AuditEntry, Notification]
    before = [model.objects.count() for model in counted]
    summary = load_resources_demo(password=DEMO_PASSWORD)
    assert (summary["bookings made now"], summary["sample jobs made now"]) == (0, 0)
    assert [model.objects.count() for model in counted] == before
