"""Permission matrix rows and id-guessing probes of import jobs (loaded by tests/test_permission_matrix.py
and tests/test_id_guessing.py). A job is seen by whoever started it and by platform operators;
everyone else gets 404 (its existence is not told)."""

from innobelt.imports.models import ImportJob

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def _job(world, name="equipment.csv"):
    return ImportJob.objects.create(kind="equipment", params={"owner": world.org_a.pk}, requested_by=world.users["admin_a"],
                                    original_name=name, status=ImportJob.Status.FAILED, error_count=1,
                                    errors=[{"line": 2, "column": "name", "message": "SECRET-ROW-ERROR-3391"}])


def extend_world(world):
    world.extra["import_job"] = _job(world)


PAGES = {
    "imports:job": ("get", lambda w: f"/imports/{w.extra['import_job'].pk}/", None, row(L, 404, 200, 404, 404, 404, 200)),
}

API = {
    "GET /api/v1/imports/{job_id}": (lambda w: (f"/api/v1/imports/{w.extra['import_job'].pk}", None), row(401, 404, 200, 404, 404, 404, 200)),
}


def secret_job(world):
    job = _job(world, name="SECRET-IMPORT-FILE-4242.csv")
    return [("get", f"/imports/{job.pk}/"), ("get", f"/api/v1/imports/{job.pk}")], "SECRET-IMPORT-FILE-4242"


PRIVATE_PROBES = {"imports.importjob": secret_job}
