"""Issue 22: the API names its resources for what they are: training records and requests, check-in, the waitlist and
released slots, sample jobs and statements each have paths of their own, with the operations the pages offer."""

import json

from django.test import Client

EXPECTED = {
    "/api/v1/resources/{resource_id}/training-records": {"get", "post"},
    "/api/v1/training-records/{record_id}": {"delete"},
    "/api/v1/resources/{resource_id}/training-requests": {"post"},
    "/api/v1/training-requests": {"get"},
    "/api/v1/training-requests/{training_id}": {"get"},
    "/api/v1/training-requests/{training_id}/schedule": {"post"},
    "/api/v1/training-requests/{training_id}/decline": {"post"},
    "/api/v1/training-requests/{training_id}/withdraw": {"post"},
    "/api/v1/resources/{resource_id}/check-in": {"get", "post"},
    "/api/v1/bookings/{booking_id}/check-in": {"post"},
    "/api/v1/resources/{resource_id}/waitlist": {"post"},
    "/api/v1/me/waitlist": {"get"},
    "/api/v1/me/released-slots": {"get"},
    "/api/v1/released-slots/{slot_id}/accept": {"post"},
    "/api/v1/resources/{resource_id}/sample-jobs": {"post"},
    "/api/v1/sample-jobs": {"get"},
    "/api/v1/sample-jobs/{job_id}": {"get"},
    "/api/v1/sample-jobs/{job_id}/quote": {"post"},
    "/api/v1/sample-jobs/{job_id}/accept": {"post"},
    "/api/v1/sample-jobs/{job_id}/receive": {"post"},
    "/api/v1/sample-jobs/{job_id}/measuring": {"post"},
    "/api/v1/sample-jobs/{job_id}/results": {"get", "post"},
    "/api/v1/sample-jobs/{job_id}/close": {"post"},
    "/api/v1/sample-jobs/{job_id}/cancel": {"post"},
    "/api/v1/sample-jobs/{job_id}/outcome": {"post"},
    "/api/v1/sample-jobs/{job_id}/statement": {"get"},
    "/api/v1/bookings/{booking_id}/statement": {"get"},
    "/api/v1/organisations/{slug}/statements": {"get"},
    "/api/v1/organisations/{slug}/statements/export": {"get"},
    "/api/v1/resources/{resource_id}/prices": {"get", "put"},
    "/api/v1/resources/{resource_id}/pledge": {"get", "put"},
    "/api/v1/booking-approvals": {"get"},
    "/api/v1/bookings/{booking_id}/approve": {"post"},
    "/api/v1/bookings/{booking_id}/decline": {"post"},
    "/api/v1/resources/figures": {"get"},
}


def test_the_schema_names_training_check_in_sample_jobs_and_statements(db):
    paths = json.loads(Client().get("/api/v1/openapi.json").content)["paths"]
    found = {path: set(operations) & {"get", "post", "put", "patch", "delete"} for path, operations in paths.items()}
    missing = {path: ops - found.get(path, set()) for path, ops in EXPECTED.items() if ops - found.get(path, set())}
    assert missing == {}
    for word in ("training", "check-in", "sample-jobs", "statements"):
        assert any(word in path for path in found), word
    # each operation is described for a reader of the docs, in words, not only by its path
    for path in EXPECTED:
        for method in EXPECTED[path]:
            operation = paths[path][method]
            assert operation.get("summary") or operation.get("description"), (method, path)
