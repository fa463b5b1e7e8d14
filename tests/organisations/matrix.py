"""Permission matrix rows of incubation (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org B names org A as a startup it incubates (awaiting A's confirmation). Everybody reads the
organisations' incubation pages (an unconfirmed incubation only its two organisations' people and platform
operators); only A's admin confirms or declines (A's member and B's admin see it: 403; others 404); only B's admin
names a startup for B.
"""

from datetime import date

from innobelt.organisations.incubation import name_incubated_startup
from innobelt.organisations.models import Incubation
from tests.factories import OrganisationFactory

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def extend_world(world):
    world.extra["incubation"] = name_incubated_startup(actor=world.users["admin_b"], incubator=world.org_b,
                                                       startup=world.org_a, started_on=date(2024, 3, 1))
    OrganisationFactory(city=world.city_x, slug="org-startup-c", kind="startup")


def _pk(world):
    return world.extra["incubation"].pk


STARTUP_ADMIN = row(L, 403, 302, 403, 404, 404, 403)
STARTUP_ADMIN_API = row(401, 403, 200, 403, 404, 404, 403)

PAGES = {
    "organisations:incubations": ("get", lambda w: "/organisations/org-b/incubations/", None, everyone(200)),
    "organisations:confirm_incubation": ("post", lambda w: f"/organisations/incubations/{_pk(w)}/confirm/", None,
                                         STARTUP_ADMIN),
    "organisations:decline_incubation": ("post", lambda w: f"/organisations/incubations/{_pk(w)}/decline/", None,
                                         STARTUP_ADMIN),
}

API = {
    "GET /api/v1/organisations/{slug}/incubations": (
        lambda w: ("/api/v1/organisations/org-b/incubations", None), everyone(200)),
    "POST /api/v1/organisations/{slug}/incubations": (
        lambda w: ("/api/v1/organisations/org-b/incubations", {"startup": "org-startup-c", "started_on": "2024-05-01"}),
        row(401, 403, 403, 201, 403, 403, 403)),
    "POST /api/v1/incubations/{incubation_id}/confirm": (
        lambda w: (f"/api/v1/incubations/{_pk(w)}/confirm", None), STARTUP_ADMIN_API),
    "POST /api/v1/incubations/{incubation_id}/decline": (
        lambda w: (f"/api/v1/incubations/{_pk(w)}/decline", None), STARTUP_ADMIN_API),
}


def secret_incubation(world):
    """An incubator nobody knows names org A; until A confirms, B's admin learns nothing of it."""
    incubator = OrganisationFactory(name_en="SECRET-INCUBATOR-2291", name_zh="", slug="secret-incubator")
    pending = Incubation.objects.create(incubator=incubator, startup=world.org_a, started_on=date(2024, 1, 1))
    pk = pending.pk
    return [("get", "/organisations/org-a/incubations/"), ("get", "/organisations/org-a/"),
            ("get", "/en/organisations/org-a/"),
            ("post", f"/organisations/incubations/{pk}/confirm/"), ("post", f"/organisations/incubations/{pk}/decline/"),
            ("get", "/api/v1/organisations/org-a/incubations"),
            ("post", f"/api/v1/incubations/{pk}/confirm"), ("post", f"/api/v1/incubations/{pk}/decline")], \
        "SECRET-INCUBATOR-2291"


PRIVATE_PROBES = {"organisations.incubation": secret_incubation}
