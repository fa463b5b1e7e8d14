"""Sample-testing jobs as evidence: each figure equals the count of the records planted, and jobs of other
organisations' instruments, the nominee's own samples, open, cancelled and out-of-period jobs do not count."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.organisations.models import Organisation
from innobelt.resources.models import AccessRequest, SampleJob
from innobelt.showcase.domain.awards import nominate
from innobelt.showcase.evidence import compute_evidence
from tests.factories import AccessRequestFactory, CityFactory, MembershipFactory, OrganisationFactory, ResourceFactory
from tests.showcase.factories import ProgrammeFactory as AwardProgrammeFactory

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def _at(month, day, hour=10, year=2025):
    return datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


def _job(resource, org, *, status="completed", quoted=10, received=(10, 9), completed=(10, 16), year=2025,
         description="PRIVATE-SAMPLES of a firm"):
    access = (AccessRequest.objects.filter(resource=resource, organisation=org).first()
              or AccessRequestFactory(resource=resource, organisation=org, status="active"))
    return SampleJob.objects.create(
        resource=resource, access_request=access, organisation=org, requested_by=access.requested_by, samples=2,
        description=description, method="XRD", status=status, turnaround_days=quoted,
        received_at=_at(*received, year=year) if received else None,
        completed_at=_at(*completed, year=year) if status == "completed" else None)


@pytest.fixture
def lab(db):
    city = CityFactory()
    lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="Nominee Lab")
    other = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="PRIVATE-OTHER-LAB")
    sme = OrganisationFactory(kind=Organisation.Kind.SME, name_en="PRIVATE-SME")
    startup = OrganisationFactory(kind=Organisation.Kind.STARTUP, name_en="PRIVATE-STARTUP")
    firm = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, name_en="PRIVATE-FIRM")
    xrd, sem = ResourceFactory(owner=lab, title_en="Lab XRD"), ResourceFactory(owner=lab, title_en="Lab SEM")
    theirs = ResourceFactory(owner=other, title_en="PRIVATE-OTHER-INSTRUMENT")
    # Thursday 9 to Thursday 16 October 2025: 6 working days (Saturday 11 October is a make-up working day)
    _job(xrd, sme, quoted=10)  # on time
    _job(xrd, startup, quoted=3)  # late: 6 working days of 3 quoted
    _job(xrd, firm, quoted=6)  # on time to the day; not an SME
    _job(sem, sme, quoted=5, received=(10, 13), completed=(10, 14))  # on time
    # planted, none of them counts
    _job(xrd, lab)  # the lab's own samples
    _job(xrd, sme, status="received", received=(10, 9))  # results not delivered yet
    _job(xrd, startup, status="cancelled", received=None)
    _job(xrd, sme, year=2024)  # delivered before the evidence period
    _job(theirs, sme)  # another laboratory's instrument
    _job(theirs, lab)  # the nominee's samples tested by another laboratory
    return {"lab": lab, "city": city, "xrd": xrd, "sem": sem}


def _figures(lab):
    return {item["key"]: item for item in compute_evidence(lab, FIRST, LAST)}


def test_each_sample_job_figure_equals_its_count(lab):
    figures = _figures(lab["lab"])
    delivered = SampleJob.objects.filter(resource__owner=lab["lab"], status="completed",
                                         completed_at__year=2025).exclude(organisation=lab["lab"])
    assert figures["sample_jobs_completed"]["value"] == 4 == delivered.count()
    assert figures["sample_jobs_for_smes"]["value"] == 3 == delivered.filter(
        organisation__kind__in=["sme", "startup"]).count()
    assert figures["sample_jobs_on_time"]["value"] == 3
    by_resource = {key: {r["label_en"]: r["value"] for r in figures[key]["records"]}
                   for key in ("sample_jobs_completed", "sample_jobs_for_smes", "sample_jobs_on_time")}
    assert by_resource == {
        "sample_jobs_completed": {"Lab XRD": 3, "Lab SEM": 1},
        "sample_jobs_for_smes": {"Lab XRD": 2, "Lab SEM": 1},
        "sample_jobs_on_time": {"Lab XRD": 2, "Lab SEM": 1},
    }
    assert all(r["kind"] == "resource" for key in by_resource for r in figures[key]["records"])


def test_the_turnaround_is_the_median_of_the_jobs_counted(lab):
    # the fixture's jobs: three on the XRD of 6 working days, one on the SEM of 1; the planted ones do not count
    figures = _figures(lab["lab"])
    assert figures["sample_turnaround_median"]["value"] == "6.0"  # an even count: (6 + 6) / 2
    assert {r["label_en"]: r["value"] for r in figures["sample_turnaround_median"]["records"]} == {"Lab XRD": "6.0", "Lab SEM": "1.0"}


def test_an_even_count_takes_half_the_two_middle_ones_exactly(db):
    nominee = OrganisationFactory(kind=Organisation.Kind.LABORATORY, name_en="Median Lab")
    sme = OrganisationFactory(kind=Organisation.Kind.SME)
    icp, nmr = ResourceFactory(owner=nominee, title_en="ICP-MS"), ResourceFactory(owner=nominee, title_en="NMR")
    # received Monday 3 November 2025 (no holiday that month): 1, 2, 5 and 7 working days
    for completed in ((11, 4), (11, 5), (11, 10), (11, 12)):
        _job(icp, sme, received=(11, 3), completed=completed)
    _job(icp, nominee, received=(11, 3), completed=(11, 28))  # its own samples: not counted
    _job(icp, sme, status="received", received=(11, 3))  # not delivered: not counted
    figures = _figures(nominee)
    assert figures["sample_jobs_completed"]["value"] == 4
    assert figures["sample_turnaround_median"]["value"] == "3.5"  # (2 + 5) / 2, a Decimal shown as text
    assert Decimal(figures["sample_turnaround_median"]["value"]) == Decimal("3.5")
    # a fifth job: an odd count takes the middle one; each instrument shows its own median
    _job(nmr, sme, received=(11, 3), completed=(11, 5))
    figures = _figures(nominee)
    assert figures["sample_turnaround_median"]["value"] == "2.0"  # 1, 2, 2, 5, 7
    assert {r["label_en"]: r["value"] for r in figures["sample_turnaround_median"]["records"]} == {"ICP-MS": "3.5", "NMR": "2.0"}
    admin = MembershipFactory(organisation=nominee, role="admin").user
    programme = AwardProgrammeFactory(city=None, evidence_from=FIRST, evidence_to=LAST)
    nomination = nominate(actor=admin, programme=programme, organisation=nominee, statement="Fast.")
    assert nomination.figure("sample_turnaround_median") == Decimal("2.0")


def test_without_a_delivered_job_there_is_no_median(db):
    nominee = OrganisationFactory(kind=Organisation.Kind.LABORATORY)
    figures = _figures(nominee)
    assert figures["sample_turnaround_median"] == {"key": "sample_turnaround_median", "value": None, "records": []}


def test_other_laboratories_count_theirs_only(lab):
    other = OrganisationFactory(kind=Organisation.Kind.LABORATORY)
    assert {key: _figures(other)[key]["value"] for key in ("sample_jobs_completed", "sample_jobs_for_smes")} == {
        "sample_jobs_completed": 0, "sample_jobs_for_smes": 0}
    outside = {i["key"]: i["value"] for i in compute_evidence(lab["lab"], date(2026, 1, 1), date(2026, 12, 31))}
    assert outside["sample_jobs_completed"] == outside["sample_jobs_on_time"] == 0


def test_the_nomination_shows_the_figures_and_no_private_record(lab):
    admin = MembershipFactory(organisation=lab["lab"], role="admin").user
    programme = AwardProgrammeFactory(city=lab["city"], evidence_from=FIRST, evidence_to=LAST)
    nomination = nominate(actor=admin, programme=programme, organisation=lab["lab"], statement="We test samples.")
    assert nomination.figure("sample_jobs_completed") == 4 and nomination.figure("sample_jobs_on_time") == 3
    assert "PRIVATE" not in json.dumps(nomination.evidence, ensure_ascii=False)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
    assert "sample-testing jobs completed for SMEs and startups" in page and "Lab XRD" in page
    assert "median turnaround of sample-testing jobs (China working days)" in page
    assert "PRIVATE" not in page
