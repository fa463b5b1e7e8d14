"""The demo's sample jobs: one in each state on the priced XRD, quoted from the demo price list by the domain."""

from decimal import Decimal

from innobelt.resources.models import SampleJob, StatementLine


def test_the_demo_has_a_sample_job_in_each_state_quoted_from_the_price_list(belt):
    jobs = {job.status: job for job in SampleJob.objects.select_related("resource", "organisation")}
    assert set(jobs) == {"submitted", "quoted", "accepted", "received", "completed", "cancelled"}
    assert {job.resource.title_en for job in jobs.values()} == {"X-ray diffractometer"}
    assert jobs["submitted"].amount is None
    quoted = jobs["quoted"]
    assert (quoted.user_class, quoted.unit_price, quoted.amount) == ("sme", Decimal("300.50"), Decimal("601.00"))  # 2 samples
    assert jobs["completed"].results_file.content_type == "application/pdf"
    assert jobs["completed"].outcome.outcome == "product"  # the seeker's outcome report
    lines = sorted((line.sample_job.status, line.kind, line.amount) for line in StatementLine.objects.filter(sample_job__isnull=False)
                   .select_related("sample_job"))
    assert lines == [("accepted", "charge", Decimal("901.50")), ("cancelled", "charge", Decimal("300.50")),
                     ("cancelled", "credit", Decimal("-300.50")), ("completed", "charge", Decimal("601.00")),
                     ("received", "charge", Decimal("1803.00"))]
