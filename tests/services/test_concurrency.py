"""Races on PostgreSQL (each thread its own connection): one acceptance wins and the others get the 409
conflict; simultaneous requests never put a provider over its load limit. (SQLite serialises writers with
IMMEDIATE transactions; its in-memory test database is one connection, so this runs on PostgreSQL only.)"""

import threading
from collections import Counter

import pytest
from django.db import connection

from innobelt.kit.api_errors import ConflictError
from innobelt.services.domain import change_status, request_service
from innobelt.services.models import ServiceRequest
from tests.races import tally

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6


def race(fn) -> Counter:
    return tally(*[fn] * THREADS, refusals={ConflictError: "conflict"})


def test_one_acceptance_wins_the_others_are_conflicts(scene):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread: PostgreSQL")
    request = request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="N",
                              firm_city=scene.wuxi, target_city=scene.putuo)
    outcomes = race(lambda: change_status(actor=scene.consultant, request=request, to="accepted").status)
    assert outcomes == Counter({"accepted": 1, "conflict": THREADS - 1})
    assert ServiceRequest.objects.get(pk=request.pk).steps.filter(to_status="accepted").count() == 1


def test_simultaneous_requests_respect_the_load_limit(scene):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread: PostgreSQL")
    provider = scene.service.provider
    provider.load_limit = 2
    provider.save()
    outcomes = race(lambda: request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="N",
                                            firm_city=scene.wuxi, target_city=scene.putuo).provider_id)
    assert outcomes == Counter({provider.pk: 2, None: THREADS - 2})


def test_simultaneous_additions_never_put_more_than_five_files_on_a_request(scene):
    """Six members add a file each at once to a request that holds two: three get in, three are refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread: PostgreSQL")
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from innobelt.files.domain import save_upload
    from innobelt.services.domain import attach_files

    def upload(n):
        return save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                           upload=SimpleUploadedFile(f"f{n}.pdf", f"%PDF-1.4\n% {n}\n%%EOF\n".encode()))

    request = request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="N",
                              firm_city=scene.wuxi, target_city=scene.putuo, attachments=[upload(0), upload(1)])
    files = iter([upload(n) for n in range(2, 2 + THREADS)])
    pick = threading.Lock()

    def add():
        with pick:
            mine = next(files)
        try:
            attach_files(actor=scene.founder, request=request, files=[mine])
        except ValidationError:
            return "refused"
        return "added"

    assert race(add) == Counter({"added": 3, "refused": THREADS - 3})
    assert request.attachments.count() == 5
