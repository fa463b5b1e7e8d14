"""The demo's sample jobs: one in each state on the priced XRD, quoted from the demo price list by the domain; a firm
held for the owner's approval after no-shows, with a booking waiting."""

from decimal import Decimal

from django.test import Client
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.domain.approvals import no_shows_requiring_approval
from innobelt.resources.models import Booking, Resource, SampleJob, StatementLine, WaitlistEntry


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
    [entry] = WaitlistEntry.objects.select_related("resource", "organisation")
    assert (entry.status, entry.organisation.slug, entry.resource.title_en) == ("waiting", "suzhou-wafertest", "Confocal Raman spectrometer")
    held = Booking.objects.get(resource=entry.resource, start=entry.start, end=entry.end, status="confirmed")
    assert held.organisation.slug == "shanghai-membranetech" and held.start > timezone.now()
    client = Client()
    client.force_login(entry.person)
    assert client.get("/resources/waitlist/").status_code == 200
    assert [e["id"] for e in client.get("/api/v1/me/waitlist").json()] == [entry.pk]
