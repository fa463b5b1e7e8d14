"""Two or more people move one sample job at the same moment through the HTTP API: exactly one wins.

Every step locks the job's row and re-reads its status (domain/samples.py `_locked`), so of several
simultaneous acceptances one is 200 and the others 409 naming the status, and the statement line is
issued once; of a cancel by each side, one credit line; of "received" against "cancelled", one of
them; of the lab's admins starting to measure, or closing a delivered job, at once: one step, one audit
entry, one notice. On PostgreSQL (row locks) and on SQLite (IMMEDIATE transactions), with the live server's threads
each on their own connection (`concurrent_server`, tests/resources/test_concurrency.py).
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.accounts.domain import create_api_token
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.samples import (
    accept_sample_quote,
    quote_sample_job,
    receive_samples,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.resources.models import SampleJob, StatementLine
from tests.factories import MembershipFactory
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)

ACCEPTORS = 10


def _quoted_job(scene) -> SampleJob:
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "sample"): "40"})
    job = submit_sample_job(actor=scene.seeker, access_request=scene.access, samples=3, description="Films", method="XRD")
    return quote_sample_job(actor=scene.owner_admin, job=job, turnaround_days=5)


def _race(server, calls):
    barrier = threading.Barrier(len(calls))
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: _post(call[0], call[1], call[2], barrier), calls))


def _lines(server, job):
    return server.run(lambda: list(StatementLine.objects.filter(sample_job_id=job.pk).order_by("pk").values_list("kind", "amount")))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_of_one_quote_issue_one_line(concurrent_server, scene):  # noqa: F811 (the fixture)
    job = _quoted_job(scene)
    tokens = [create_api_token(user=MembershipFactory(organisation=scene.seeker_org).user, name="race")[1] for _ in range(ACCEPTORS)]
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/sample-jobs/{job.pk}/accept"
    results = _race(server, [(url, token, {}) for token in tokens])
    assert Counter(status for status, _body in results) == {200: 1, 409: ACCEPTORS - 1}, [b for s, b in results if s != 409][:2]
    for status, body in results:
        if status == 409:
            assert body["error"]["code"] == "conflict" and body["error"]["details"] == {"status": "accepted"}
    assert _lines(server, job) == [("charge", Decimal("120.00"))]
    assert server.run(lambda: SampleJob.objects.get(pk=job.pk).status) == "accepted"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_both_sides_cancel_at_once_one_credit(concurrent_server, scene):  # noqa: F811 (the fixture)
    job = accept_sample_quote(actor=scene.seeker, job=_quoted_job(scene))
    owner, seeker = (create_api_token(user=u, name="race")[1] for u in (scene.owner_admin, scene.seeker))
    server = concurrent_server
    server.open()  # after the test's data exists (on SQLite the server's threads read a copy)
    url = f"{server.url}/api/v1/sample-jobs/{job.pk}/cancel"
    results = _race(server, [(url, owner, {"reason": "instrument broken"}), (url, seeker, {"reason": "no longer needed"})])
    assert sorted(status for status, _body in results) == [200, 409], results
    assert _lines(server, job) == [("charge", Decimal("120.00")), ("credit", Decimal("-120.00"))]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_receiving_against_cancelling_one_wins(concurrent_server, scene):  # noqa: F811 (the fixture)
    job = accept_sample_quote(actor=scene.seeker, job=_quoted_job(scene))
    second_admin = MembershipFactory(organisation=scene.owner_org, role=Membership.Role.ADMIN).user
    owner, seeker = (create_api_token(user=u, name="race")[1] for u in (second_admin, scene.seeker))
    server = concurrent_server
    server.open()
    base = f"{server.url}/api/v1/sample-jobs/{job.pk}"
    received, cancelled = _race(server, [(f"{base}/receive", owner, {}), (f"{base}/cancel", seeker, {})])
    assert sorted([received[0], cancelled[0]]) == [200, 409], (received, cancelled)
    status = server.run(lambda: SampleJob.objects.get(pk=job.pk).status)
    if received[0] == 200:
        assert status == "received" and cancelled[1]["error"]["details"] == {"status": "received"}
        assert _lines(server, job) == [("charge", Decimal("120.00"))]
    else:
        assert status == "cancelled" and received[1]["error"]["details"] == {"status": "cancelled"}
        assert _lines(server, job) == [("charge", Decimal("120.00")), ("credit", Decimal("-120.00"))]


def _received_job(scene) -> SampleJob:
    return receive_samples(actor=scene.owner_admin, job=accept_sample_quote(actor=scene.seeker, job=_quoted_job(scene)))


def _lab_tokens(scene, count):
    admins = [MembershipFactory(organisation=scene.owner_org, role=Membership.Role.ADMIN).user for _ in range(count)]
    return admins, [create_api_token(user=admin, name="race")[1] for admin in admins]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lab_admins_start_measuring_at_once_one_wins(concurrent_server, scene):  # noqa: F811 (the fixture)
    job = _received_job(scene)
    _admins, tokens = _lab_tokens(scene, ACCEPTORS)
    server = concurrent_server
    server.open()
    results = _race(server, [(f"{server.url}/api/v1/sample-jobs/{job.pk}/measuring", token, {}) for token in tokens])
    assert Counter(status for status, _body in results) == {200: 1, 409: ACCEPTORS - 1}, [b for s, b in results if s != 409][:2]
    assert all(body["error"]["details"] == {"status": "measuring"} for status, body in results if status == 409)
    assert server.run(lambda: AuditEntry.objects.filter(action="sample_job.measuring", target_id=str(job.pk)).count()) == 1
    assert server.run(lambda: Notification.objects.filter(recipient=scene.seeker, link__contains=f"/sample-jobs/{job.pk}/",
                                                          subject__contains="已开始测试").count()) == 1
    assert server.run(lambda: SampleJob.objects.get(pk=job.pk).status) == "measuring"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lab_admins_close_a_delivered_job_at_once_one_wins(concurrent_server, scene):  # noqa: F811 (the fixture)
    job = start_measuring(actor=scene.owner_admin, job=_received_job(scene))
    job = report_sample_results(actor=scene.owner_admin, job=job,
                                upload=SimpleUploadedFile("results.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                                          content_type="application/pdf"))
    admins, tokens = _lab_tokens(scene, 2)
    server = concurrent_server
    server.open()
    results = _race(server, [(f"{server.url}/api/v1/sample-jobs/{job.pk}/close", token, {}) for token in tokens])
    assert sorted(status for status, _body in results) == [200, 409], results
    winner = admins[[status for status, _body in results].index(200)]
    assert server.run(lambda: SampleJob.objects.values_list("status", "closed_by").get(pk=job.pk)) == ("closed", winner.pk)
    assert server.run(lambda: AuditEntry.objects.filter(action="sample_job.closed", target_id=str(job.pk)).count()) == 1
    assert _lines(server, job) == [("charge", Decimal("120.00"))]
