"""A claim's evidence: each share links to the records of the work it paid (the booking's check-in and the outcome
report; a sample job's results and outcome), on the claim's page and its evidence page and in the API, for those who
may see the claim only (404 to everyone else, also for a share of another claim under this claim's address)."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from innobelt.resources.domain.access import report_outcome
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.samples import (
    accept_sample_quote,
    quote_sample_job,
    receive_samples,
    report_sample_outcome,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.vouchers import domain
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.vouchers.conftest import booking, issue

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _done_booking(scene, voucher, n, *, checked_in):
    made = booking(scene, n)
    domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key=f"b{n}")
    now = timezone.now().replace(second=0, microsecond=0)
    made.start, made.end = now - timedelta(hours=3 + 2 * n), now - timedelta(hours=2 + 2 * n)  # apart, in the past
    if checked_in:
        made.checked_in_at, made.checked_in_by = made.start + timedelta(minutes=4), scene.sme_member
    made.save()
    return made


@pytest.fixture
def claimed(scene):
    """Two redeemed bookings of the Pudong instrument (one checked in) and a sample job with its results and outcome,
    all paid by a Suzhou voucher and claimed by the Pudong lab."""
    voucher = issue(scene, 5_000_00)
    checked = _done_booking(scene, voucher, 0, checked_in=True)
    unchecked = _done_booking(scene, voucher, 1, checked_in=False)
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="OUTCOME-SUMMARY-551: housings pass.",
                   test_result=True)  # redeems both shares (checked in, or ended)
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    set_prices(actor=scene.lab_admin, resource=scene.equipment, prices={("sme", "sample"): "120", ("sme", "hour"): "500"})
    job = submit_sample_job(actor=scene.sme_member, access_request=scene.access, samples=2, description="Housings",
                            method="Salt-spray test")
    job = quote_sample_job(actor=scene.lab_admin, job=job, turnaround_days=5)
    job = accept_sample_quote(actor=scene.sme_member, job=job)
    domain.reserve_for_sample_job(actor=scene.sme_member, voucher=voucher, job=job, idempotency_key="job")
    receive_samples(actor=scene.lab_admin, job=job)
    start_measuring(actor=scene.lab_admin, job=job)
    report_sample_results(actor=scene.lab_admin, job=job, note="RESULTS-NOTE-733: no corrosion.",
                          upload=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"))
    report_sample_outcome(actor=scene.sme_member, job=job, outcome="quality", note="Passed the customer's spec.")
    claim = domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    shares = {(r.kind, r.booking_id or r.sample_job_id): r for r in claim.reservations.all()}
    return claim, shares["booking", checked.pk], shares["booking", unchecked.pk], shares["sample_job", job.pk]


def test_the_authority_sees_links_to_the_check_in_and_the_outcome(scene, claimed):
    claim, checked, unchecked, job = claimed
    page = _client(scene.suzhou_operator).get(f"/en/vouchers/claims/{claim.pk}/")
    soup = BeautifulSoup(page.content, "html.parser")
    row = soup.select_one(f'tr[data-reservation="{checked.pk}"]')
    evidence = f"/en/vouchers/claims/{claim.pk}/evidence/{checked.pk}/"
    assert row.select_one("a.evidence-check_in")["href"] == f"{evidence}#check_in"
    assert row.select_one("a.evidence-outcome")["href"] == f"{evidence}#outcome"
    missing = soup.select_one(f'tr[data-reservation="{unchecked.pk}"]')
    assert missing.select_one("a.evidence-check_in") is None
    assert missing.select_one(".evidence-check_in.evidence-missing").get_text() == "Check-in: none"
    assert missing.select_one("a.evidence-outcome") is not None
    sample = soup.select_one(f'tr[data-reservation="{job.pk}"]')
    assert [a.get_text() for a in sample.select("td.evidence-links a")] == ["Measurement report", "Outcome report"]

    detail = BeautifulSoup(_client(scene.suzhou_operator).get(evidence).content, "html.parser")
    check_in = detail.select_one("#check_in").get_text(" ", strip=True)
    assert "Checked in at the instrument at" in check_in and scene.sme_member.display_name in check_in
    outcome = detail.select_one("#outcome").get_text(" ", strip=True)
    assert "OUTCOME-SUMMARY-551" in outcome and "Outcomes: a test result" in outcome
    results = _client(scene.suzhou_operator).get(f"/en/vouchers/claims/{claim.pk}/evidence/{job.pk}/").content.decode()
    assert "RESULTS-NOTE-733" in results and "Passed the customer&#x27;s spec." in results
    unchecked_page = _client(scene.suzhou_operator).get(f"/en/vouchers/claims/{claim.pk}/evidence/{unchecked.pk}/")
    assert "Not checked in at the instrument" in unchecked_page.content.decode()
    chinese = _client(scene.suzhou_operator).get(f"/vouchers/claims/{claim.pk}/evidence/{checked.pk}/").content.decode()
    assert "签到" in chinese and "成果报告" in chinese


def test_who_sees_the_evidence(scene, claimed):
    claim, checked, _unchecked, _job = claimed
    page, api = f"/en/vouchers/claims/{claim.pk}/evidence/{checked.pk}/", f"/api/v1/vouchers/claims/{claim.pk}/evidence"
    platform = UserFactory(is_platform_operator=True)
    stranger_admin = MembershipFactory(organisation=OrganisationFactory(city=scene.pudong), role="admin").user
    expected = {scene.suzhou_operator: 200, scene.lab_admin: 200, platform: 200,  # who sees the claim
                scene.pudong_operator: 404, scene.sme_member: 404, scene.sme_admin: 404, stranger_admin: 404}
    for user, status in expected.items():
        client = _client(user)
        assert client.get(page).status_code == status, user
        response = client.get(api)
        assert response.status_code == status, user
        if status == 404:
            assert "OUTCOME-SUMMARY-551" not in response.content.decode()
    assert Client().get(page).status_code == 302  # to sign in
    assert Client().get(api).status_code == 401


def test_a_share_of_another_claim_or_an_unknown_one_is_404(scene, claimed):
    claim, checked, _unchecked, _job = claimed
    operator = _client(scene.suzhou_operator)
    free = booking(scene, 9)
    voucher = issue(scene, 1_000_00)
    stray, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=free, idempotency_key="stray")
    for pk in (stray.pk, 999_999):
        assert operator.get(f"/en/vouchers/claims/{claim.pk}/evidence/{pk}/").status_code == 404
    assert operator.get(f"/en/vouchers/claims/999999/evidence/{checked.pk}/").status_code == 404


def test_the_api_lists_each_share_with_its_records(scene, claimed):
    claim, checked, unchecked, job = claimed
    rows = _client(scene.suzhou_operator).get(f"/api/v1/vouchers/claims/{claim.pk}/evidence",
                                              HTTP_ACCEPT_LANGUAGE="en").json()
    by_share = {row["reservation"]: row for row in rows}
    assert set(by_share) == {checked.pk, unchecked.pk, job.pk}
    assert (by_share[checked.pk]["kind"], by_share[checked.pk]["paid"]) == ("booking", checked.booking_id)
    assert [(r["key"], r["present"]) for r in by_share[checked.pk]["records"]] == [("check_in", True), ("outcome", True)]
    assert [(r["key"], r["present"]) for r in by_share[unchecked.pk]["records"]] == [("check_in", False),
                                                                                    ("outcome", True)]
    assert by_share[job.pk]["kind"] == "sample_job"
    assert [(r["key"], r["present"]) for r in by_share[job.pk]["records"]] == [("results", True), ("outcome", True)]
    assert by_share[checked.pk]["records"][0]["by"] == scene.sme_member.display_name


def test_the_claim_page_reads_its_evidence_in_a_fixed_number_of_queries(scene, claimed, django_assert_max_num_queries):
    claim, *_ = claimed
    operator = _client(scene.suzhou_operator)
    operator.get(f"/en/vouchers/claims/{claim.pk}/")
    with django_assert_max_num_queries(25) as counted:
        operator.get(f"/en/vouchers/claims/{claim.pk}/")
    first = len(counted.captured_queries)
    more = issue(scene, 5_000_00)
    for n in (4, 5, 6):
        _done_booking(scene, more, n, checked_in=True)
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="More.")
    domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    claim2 = claim.__class__.objects.exclude(pk=claim.pk).get()
    with django_assert_max_num_queries(first) as counted:
        operator.get(f"/en/vouchers/claims/{claim2.pk}/")
