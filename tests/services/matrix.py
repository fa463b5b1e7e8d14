"""Permission matrix rows of the service zone (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org B (city X) is a provider offering `service_b` (market entry) in cities W and X. Org A's admin
asked for it twice: `req_new` (new, routed to B) and `req_resolved` (resolved by B, to confirm). The firm's
people (member, admin_a) follow and confirm; the provider's (admin_b) works them; district operators see
them (W: the firm's city; X: the provider's) but move nothing; nobody else sees a request (404).
"""


from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.files.domain import save_upload
from innobelt.services.domain import change_status, request_service
from innobelt.services.models import ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory
from tests.services.factories import service_of

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


PDF = "%PDF-1.4\n% {}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(world, text):
    return save_upload(actor=world.users["admin_a"], organisation=world.org_a, kind="document",
                       upload=SimpleUploadedFile("plan.pdf", PDF.format(text).encode()))


def _ask(world, category="market_entry", need="Open an office in W.", attachments=()):
    return request_service(actor=world.users["admin_a"], firm=world.org_a, category=category, need=need,
                           firm_city=world.city_w, target_city=world.city_w, attachments=attachments)


def extend_world(world):
    service_b = service_of(world.org_b, cities=[world.city_w, world.city_x], title_en="Market entry of B")
    req_file = _file(world, "the firm's plan")
    req_new = _ask(world, attachments=[req_file])
    req_resolved = _ask(world)
    for to in (ServiceRequest.Status.ACCEPTED, ServiceRequest.Status.RESOLVED):
        req_resolved = change_status(actor=world.users["admin_b"], request=req_resolved, to=to)
    world.extra.update(service_b=service_b, req_new=req_new, req_resolved=req_resolved, req_file=req_file,
                       req_more_file=_file(world, "the firm's further file"))
    # for the admin world: org A offers testing in W, and org B asked for it (a row of city W)
    service_w = service_of(world.org_a, cities=[world.city_w], category="testing", title_en="Testing of A")
    req_w = request_service(actor=world.users["admin_b"], firm=world.org_b, category="testing", need="Test our parts.",
                            firm_city=world.city_x, target_city=world.city_w)
    world.extra.update(service_w=service_w, req_w=req_w)
    # another market-entry provider in W, for operators to reassign a request of W to
    org_c = OrganisationFactory(city=world.city_w, slug="org-c-entry")
    world.extra["service_c"] = service_of(org_c, cities=[world.city_w], title_en="Market entry of C")


def _edited(world):
    return {"category": "market_entry", "title_en": "Market entry of B, renewed", "cities": [world.city_x.pk],
            "languages": ["en"], "fee": "800.50", "response_days": 1, "resolution_days": 4, "is_active": "on"}


def _x(world, name):
    return world.extra[name].pk


HANDLER = row(L, 403, 403, 302, 403, 403, 403)  # the provider's people only
HANDLER_API = row(401, 403, 403, 200, 403, 403, 403)
FIRM = row(L, 302, 302, 403, 403, 403, 403)
# the admins of the provider's organisation, the district operators of its city (X) and platform operators
PROVIDER_ADMIN = row(L, 403, 403, 302, 403, 302, 302)
CATALOGUE_API = row(401, 403, 403, 200, 403, 200, 200)
OPERATORS = row(L, 403, 403, 403, 302, 302, 302)  # the operators of the request's cities and platform operators
OPERATORS_API = row(401, 403, 403, 403, 200, 200, 200)
FIRM_API = row(401, 200, 200, 403, 403, 403, 403)

PAGES = {
    "services:catalogue": ("get", lambda w: "/services/?q=market", None, everyone(200)),
    "services:detail": ("get", lambda w: f"/services/{_x(w, 'service_b')}/", None, everyone(200)),
    "services:request_service": ("get", lambda w: f"/services/{_x(w, 'service_b')}/request/", None, signed_in(200)),
    "services:request_any": ("get", lambda w: "/services/request/", None, signed_in(200)),
    "services:my_requests": ("get", lambda w: "/services/requests/", None, signed_in(200)),
    "services:provider_queue": ("get", lambda w: "/services/queue/", None, signed_in(200)),
    "services:operator_queue": ("get", lambda w: "/services/operators/", None, signed_in(200)),
    "services:operator_figures": ("get", lambda w: "/services/operators/figures/?by=provider", None,
                                  row(L, 403, 403, 403, 200, 200, 200)),
    "services:operator_requests": ("get", lambda w: "/services/operators/requests/?category=market_entry", None,
                                   row(L, 403, 403, 403, 200, 200, 200)),
    "services:calendar_years": ("get", lambda w: "/services/operators/calendar/", None, row(L, 403, 403, 403, 200, 200, 200)),
    "services:calendar_year": ("post", lambda w: "/services/operators/calendar/2027/",
                               lambda w: {"holidays": "2027-10-01 – 2027-10-07 国庆节", "makeup_workdays": "2027-10-09"},
                               row(L, 403, 403, 403, 403, 403, 302)),  # district operators read it (GET) only
    "services:my_services": ("get", lambda w: "/services/mine/", None, signed_in(200)),
    "services:add_service": ("get", lambda w: "/services/offer/", None, signed_in(200)),
    "services:edit_service": ("post", lambda w: f"/services/{_x(w, 'service_b')}/edit/", _edited, PROVIDER_ADMIN),
    "services:retire_service": ("post", lambda w: f"/services/{_x(w, 'service_b')}/retire/", None, PROVIDER_ADMIN),
    "services:request_detail": ("get", lambda w: f"/services/requests/{_x(w, 'req_new')}/", None, signed_in(200)),
    "services:request_attachment": (
        "get", lambda w: f"/services/requests/{_x(w, 'req_new')}/attachments/{_x(w, 'req_file')}/", None,
        row(L, 200, 200, 200, 404, 404, 404)),  # the firm's and the provider's people; operators see no files
    "services:add_attachments": ("post", lambda w: f"/services/requests/{_x(w, 'req_new')}/attachments/", None,
                                 FIRM),  # the firm adds files while no provider has accepted (no file: an error shown)
    "services:change_status": ("post", lambda w: f"/services/requests/{_x(w, 'req_new')}/status/",
                               lambda w: {"to": "accepted"}, HANDLER),
    "services:pass_on": ("post", lambda w: f"/services/requests/{_x(w, 'req_new')}/pass-on/",
                         lambda w: {"reason": "Fully booked."}, HANDLER),
    "services:reassign": ("post", lambda w: f"/services/requests/{_x(w, 'req_new')}/reassign/",
                          lambda w: {"service": _x(w, "service_c"), "reason": "B is overloaded."}, OPERATORS),
    "services:confirm": ("post", lambda w: f"/services/requests/{_x(w, 'req_resolved')}/confirm/",
                         lambda w: {"rating": 5, "comment": "Good."}, FIRM),
    "services:choose_voucher": ("post", lambda w: f"/services/requests/{_x(w, 'req_new')}/voucher/",
                                lambda w: {"voucher": ""}, FIRM),
}

NEW_REQUEST = {"firm": "org-a", "category": "market_entry", "need": "Open an office.", "firm_city": "city-w",
               "target_city": "city-x", "language": "en"}

NEW_SERVICE = {"provider": "org-b", "category": "legal_ip", "title_zh": "商标注册", "title_en": "Trademark filing",
               "cities": ["city-x"], "languages": ["zh", "en"], "fee": "1200.50", "response_days": 2,
               "resolution_days": 8}

API = {
    "GET /api/v1/services": (lambda w: ("/api/v1/services?q=market", None), everyone(200)),
    "GET /api/v1/services/{service_id}": (lambda w: (f"/api/v1/services/{_x(w, 'service_b')}", None), everyone(200)),
    "GET /api/v1/services/mine": (None, signed_in(200, 401)),
    "POST /api/v1/services": (lambda w: ("/api/v1/services", NEW_SERVICE), row(401, 403, 403, 201, 403, 201, 201)),
    "PATCH /api/v1/services/{service_id}": (
        lambda w: (f"/api/v1/services/{_x(w, 'service_b')}", {"title_en": "Market entry of B, renewed", "fee": "800.50"}),
        CATALOGUE_API),
    "POST /api/v1/services/{service_id}/retire": (
        lambda w: (f"/api/v1/services/{_x(w, 'service_b')}/retire", None), CATALOGUE_API),
    "POST /api/v1/services/{service_id}/offer": (
        lambda w: (f"/api/v1/services/{_x(w, 'service_b')}/offer", None), CATALOGUE_API),
    "GET /api/v1/services/calendar/{year}": (lambda w: ("/api/v1/services/calendar/2027", None),
                                             row(401, 403, 403, 403, 200, 200, 200)),
    "PUT /api/v1/services/calendar/{year}": (
        lambda w: ("/api/v1/services/calendar/2027", {"holidays": [{"start": "2027-10-01", "end": "2027-10-07"}]}),
        row(401, 403, 403, 403, 403, 403, 200)),
    "GET /api/v1/service-requests": (None, signed_in(200, 401)),
    "POST /api/v1/service-requests": (lambda w: ("/api/v1/service-requests", NEW_REQUEST),
                                      row(401, 201, 201, 403, 403, 403, 403)),
    "GET /api/v1/service-requests/{request_id}": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}", None), signed_in(200, 401)),
    "GET /api/v1/service-requests/{request_id}/attachments/{file_id}": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/attachments/{_x(w, 'req_file')}", None),
        row(401, 200, 200, 200, 404, 404, 404)),
    "POST /api/v1/service-requests/{request_id}/attachments": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/attachments",
                   {"attachments": [str(_x(w, 'req_more_file'))]}), FIRM_API),
    "POST /api/v1/service-requests/{request_id}/status": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/status", {"status": "accepted"}), HANDLER_API),
    "POST /api/v1/service-requests/{request_id}/pass-on": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/pass-on", {"reason": "Fully booked."}),
        HANDLER_API),
    "POST /api/v1/service-requests/{request_id}/reassign": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/reassign",
                   {"service": _x(w, "service_c"), "reason": "B is overloaded."}), OPERATORS_API),
    "PUT /api/v1/service-requests/{request_id}/voucher": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_new')}/voucher", {"voucher": None}), FIRM_API),
    "POST /api/v1/service-requests/{request_id}/confirm": (
        lambda w: (f"/api/v1/service-requests/{_x(w, 'req_resolved')}/confirm", {"rating": 4}), FIRM_API),
}


def secret_request(world):
    """A legal request of org A routed to a third provider (org C): org B's admin has nothing to do with it."""
    org_c = OrganisationFactory(city=world.city_w, slug="org-c-legal")
    MembershipFactory(organisation=org_c)
    service_of(org_c, cities=[world.city_w], category="legal_ip", title_en="Trademark filing of C")
    secret_file = _file(world, "SECRET-SERVICE-NEED-4471")
    secret = _ask(world, category="legal_ip", need="SECRET-SERVICE-NEED-4471", attachments=[secret_file])
    pk, fid, own = secret.pk, secret_file.pk, world.extra["req_new"].pk
    return [("get", f"/services/requests/{pk}/"), ("get", f"/services/requests/{pk}/attachments/{fid}/"),
            ("get", f"/services/requests/{own}/attachments/{fid}/"),  # through a request the outsider handles
            ("get", f"/api/v1/service-requests/{pk}/attachments/{fid}"),
            ("get", f"/api/v1/service-requests/{own}/attachments/{fid}"), ("get", "/services/requests/"), ("get", "/services/queue/"),
            ("get", "/services/operators/"), ("get", "/services/operators/requests/?category=legal_ip"),
            ("post", f"/services/requests/{pk}/status/"), ("post", f"/services/requests/{pk}/pass-on/"),
            ("post", f"/services/requests/{pk}/confirm/"), ("post", f"/services/requests/{pk}/reassign/"),
            ("post", f"/services/requests/{pk}/voucher/"), ("post", f"/services/requests/{pk}/attachments/"),
            ("post", f"/api/v1/service-requests/{pk}/attachments", {"attachments": [str(fid)]}),
            ("get", f"/api/v1/service-requests/{pk}"), ("get", "/api/v1/service-requests"),
            ("get", "/api/v1/service-requests?role=provider"),
            ("post", f"/api/v1/service-requests/{pk}/status", {"status": "accepted"}),
            ("post", f"/api/v1/service-requests/{pk}/pass-on", {"reason": "x"}),
            ("post", f"/api/v1/service-requests/{pk}/confirm", {"rating": 5}),
            ("put", f"/api/v1/service-requests/{pk}/voucher", {"voucher": None}),
            ("post", f"/api/v1/service-requests/{pk}/reassign", {"service": 1, "reason": "x"})], "SECRET-SERVICE-NEED-4471"


def secret_retired_service(world):
    """A service org A retired: off the public catalogue, seen and changed only by those who manage A's."""
    retired = service_of(world.org_a, cities=[world.city_w], category="legal_ip",
                         title_en="SECRET-RETIRED-SERVICE-6183", description_en="Retired.")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    pk = retired.pk
    return [("get", f"/services/{pk}/"), ("get", f"/services/{pk}/edit/"), ("post", f"/services/{pk}/edit/"),
            ("post", f"/services/{pk}/retire/"), ("get", "/services/mine/"), ("get", "/services/?q=SECRET"),
            ("get", f"/api/v1/services/{pk}"), ("get", "/api/v1/services/mine"), ("get", "/api/v1/services?q=SECRET"),
            ("patch", f"/api/v1/services/{pk}", {"title_en": "Taken over"}),
            ("post", f"/api/v1/services/{pk}/retire"), ("post", f"/api/v1/services/{pk}/offer")], \
        "SECRET-RETIRED-SERVICE-6183"


PRIVATE_PROBES = {"services.servicerequest": secret_request, "services.service": secret_retired_service}
NOT_EXPOSED = {
    "services.requeststep": "shown only on its request's page, to whoever may see the request",
    "services.provider": "not addressed by id: a provider is shown through its organisation and services",
    "services.holidayschedule": "addressed by year, not id: the national holiday schedule, read by every operator",
    "services.calendarday": "shown only on its year's holiday schedule",
}
PUBLIC_MODELS: set[str] = set()  # an offered service is public; a retired one is probed above

