"""Every role tries every page and API operation; the outcome must be exactly as listed.

A route or operation without an entry here fails `test_every_*_has_an_entry`,
so a new endpoint cannot ship without its permissions being decided and tested.
Apps added later extend PAGES / API with their own entries (see tests/<app>/matrix.py).
"""

import pytest
from django.test import Client

from tests.permissions import ROLES, Multipart, api_operations, build_world, outcome, page_route_names

L = "login"  # redirected to sign in


def row(anonymous, member, admin_a, admin_b, operator_w, operator_x, platform):
    return dict(zip(ROLES, [anonymous, member, admin_a, admin_b, operator_w, operator_x, platform], strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def member_notification(world) -> int:
    """The id of a notification of the member's (made once per world): only they may mark it read."""
    if not hasattr(world, "member_notification_id"):
        from innobelt.notifications.models import Notification

        world.member_notification_id = Notification.objects.create(recipient=world.users["member"], kind="test",
                                                                   subject="For the member").pk
    return world.member_notification_id


# route name -> (method, url builder(world), data builder or None, expected outcome per role)
PAGES = {
    "web:home": ("get", lambda w: "/", None, everyone(200)),
    "web:workbench": ("get", lambda w: "/workbench/", None, signed_in(200)),
    "web:search": ("get", lambda w: "/search/?q=%E6%9D%90%E6%96%99", None, everyone(200)),
    "set_language": ("post", lambda w: "/i18n/setlang/", lambda w: {"language": "en", "next": "/"}, everyone(302)),
    "accounts:register": ("get", lambda w: "/accounts/register/", None, everyone(200)),
    "accounts:confirm": ("get", lambda w: "/accounts/confirm/not-a-token/", None, everyone(400)),
    "accounts:login": ("get", lambda w: "/accounts/login/", None, everyone(200)),
    "accounts:sms_login": ("get", lambda w: "/accounts/login/sms/", None, everyone(200)),
    "accounts:logout": ("post", lambda w: "/accounts/logout/", None, everyone(302)),
    "accounts:settings": ("get", lambda w: "/accounts/settings/", None, signed_in(200)),
    "accounts:revoke_token": ("post", lambda w: f"/accounts/settings/tokens/{w.member_token_id}/revoke/", None,
                              row(L, 302, 404, 404, 404, 404, 404)),
    "accounts:privacy": ("get", lambda w: "/accounts/privacy/", None, everyone(200)),
    "accounts:password_reset": ("get", lambda w: "/accounts/password/reset/", None, everyone(200)),
    "accounts:password_reset_done": ("get", lambda w: "/accounts/password/reset/sent/", None, everyone(200)),
    "accounts:password_reset_confirm": ("get", lambda w: "/accounts/password/reset/MQ/bad-token/", None, everyone(200)),
    "accounts:password_reset_complete": ("get", lambda w: "/accounts/password/reset/done/", None, everyone(200)),
    "admin_login": ("get", lambda w: "/admin/login/?next=/admin/", None, everyone(L)),  # the site's sign-in page
    # the admin's own password page with the settings page's limit of guesses: operators only, as the admin's (others
    # are sent to the admin's sign-in, which sends them on)
    "admin_password_change": ("get", lambda w: "/admin/password_change/", None, row(302, 302, 302, 302, 200, 200, 200)),
    "organisations:directory": ("get", lambda w: "/organisations/", None, everyone(200)),
    "organisations:detail": ("get", lambda w: "/organisations/org-a/", None, everyone(200)),
    "organisations:create": ("get", lambda w: "/organisations/new/", None, signed_in(200)),
    "organisations:mine": ("get", lambda w: "/organisations/mine/", None, signed_in(200)),
    "organisations:claims": ("get", lambda w: "/organisations/claims/", None, signed_in(200)),
    "organisations:approve_claim": ("post", lambda w: f"/organisations/claims/{w.claim.pk}/approve/", None,
                                    row(L, 404, 404, 404, 302, 404, 302)),
    "organisations:reject_claim": ("post", lambda w: f"/organisations/claims/{w.claim.pk}/reject/", None,
                                   row(L, 404, 404, 404, 302, 404, 302)),
    "organisations:import": ("get", lambda w: "/organisations/import/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "organisations:accept_invitation": ("get", lambda w: "/organisations/invitations/bad-token/", None, signed_in(302)),
    "organisations:edit": ("get", lambda w: "/organisations/org-a/edit/", None, row(L, 403, 200, 403, 200, 403, 200)),
    "organisations:claim": ("get", lambda w: "/organisations/org-a/claim/", None, signed_in(200)),
    "organisations:verify": ("post", lambda w: "/organisations/org-a/verify/", None, row(L, 403, 403, 403, 302, 403, 302)),
    "organisations:invite": ("get", lambda w: "/organisations/org-a/invite/", None, row(L, 403, 200, 403, 403, 403, 200)),
    "belt:cities": ("get", lambda w: "/belt/cities/", None, everyone(200)),
    "belt:city": ("get", lambda w: "/belt/cities/city-w/", None, everyone(200)),
    "belt:agreements": ("get", lambda w: "/belt/agreements/", None, everyone(200)),
    "belt:agreement": ("get", lambda w: "/belt/agreements/none/", None, everyone(404)),
    "notifications:inbox": ("get", lambda w: "/inbox/", None, signed_in(200)),
    "matching:find_partners": ("get", lambda w: "/matching/?q=materials", None, everyone(200)),
    "matching:recommended": ("get", lambda w: "/matching/recommended/", None, signed_in(200)),
    "matching:saved": ("get", lambda w: "/matching/saved/", None, signed_in(200)),
    "matching:matches_for": ("get", lambda w: f"/matching/for/organisation/{w.org_a.pk}/", None, everyone(200)),
    "matching:feedback": ("post", lambda w: "/matching/feedback/", lambda w: {"target": f"organisation:{w.org_a.pk}", "action": "save"},
                          signed_in(200)),
    "notifications:mark_read": ("post", lambda w: "/inbox/read/", None, signed_in(302)),
    "notifications:mark_one_read": ("post", lambda w: f"/inbox/{member_notification(w)}/read/", None,
                                    row(L, 302, 404, 404, 404, 404, 404)),
}

NEW_ORG = {"name_zh": "新企业", "kind": "sme", "city": "city-w"}

API = {
    "GET /api/v1/industries": (None, everyone(200)),
    "GET /api/v1/cities": (None, everyone(200)),
    "GET /api/v1/cities/{slug}": (lambda w: ("/api/v1/cities/city-w", None), everyone(200)),
    "GET /api/v1/agreements": (None, everyone(200)),
    "GET /api/v1/agreements/{slug}": (lambda w: ("/api/v1/agreements/none", None), everyone(404)),
    "GET /api/v1/organisations": (None, everyone(200)),
    "GET /api/v1/organisations/{slug}": (lambda w: ("/api/v1/organisations/org-a", None), everyone(200)),
    "POST /api/v1/organisations": (lambda w: ("/api/v1/organisations", NEW_ORG), signed_in(201, 401)),
    "PATCH /api/v1/organisations/{slug}": (lambda w: ("/api/v1/organisations/org-a", {"name_en": "A"}),
                                           row(401, 403, 200, 403, 200, 403, 200)),
    "POST /api/v1/organisations/{slug}/verify": (lambda w: ("/api/v1/organisations/org-a/verify", None),
                                                 row(401, 403, 403, 403, 200, 403, 200)),
    "POST /api/v1/organisations/{slug}/claims": (lambda w: ("/api/v1/organisations/org-a/claims", {}),
                                                 row(401, 400, 400, 201, 201, 201, 201)),
    "GET /api/v1/claims": (None, signed_in(200, 401)),
    "POST /api/v1/claims/{claim_id}/approve": (lambda w: (f"/api/v1/claims/{w.claim.pk}/approve", None),
                                               row(401, 404, 404, 404, 200, 404, 200)),
    "POST /api/v1/claims/{claim_id}/reject": (lambda w: (f"/api/v1/claims/{w.claim.pk}/reject", {}),
                                              row(401, 404, 404, 404, 200, 404, 200)),
    "GET /api/v1/me": (None, signed_in(200, 401)),
    "GET /api/v1/me/tokens": (None, signed_in(200, 401)),
    "POST /api/v1/me/tokens": (lambda w: ("/api/v1/me/tokens", {"name": "t", "password": "correct horse battery"}), signed_in(201, 401)),
    "DELETE /api/v1/me/tokens/{token_id}": (lambda w: (f"/api/v1/me/tokens/{w.member_token_id}", None),
                                            row(401, 200, 404, 404, 404, 404, 404)),
    "GET /api/v1/me/notifications": (None, signed_in(200, 401)),
    "POST /api/v1/me/notifications/read": (None, signed_in(200, 401)),
    "POST /api/v1/me/notifications/{notification_id}/read": (
        lambda w: (f"/api/v1/me/notifications/{member_notification(w)}/read", None), row(401, 200, 404, 404, 404, 404, 404)),
    "GET /api/v1/matches": (lambda w: ("/api/v1/matches?q=materials", None), everyone(200)),
    "POST /api/v1/matches/feedback": (lambda w: ("/api/v1/matches/feedback", {"target": f"organisation:{w.org_a.pk}", "action": "save"}),
                                      signed_in(200, 401)),
}


def _load_app_matrices():
    """Apps add their rows in tests/<app>/matrix.py (PAGES, API and an optional extend_world(world))."""
    import importlib.util
    from pathlib import Path

    hooks = []
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        spec = importlib.util.spec_from_file_location(f"matrix_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        PAGES.update(getattr(module, "PAGES", {}))
        API.update(getattr(module, "API", {}))
        if hasattr(module, "extend_world"):
            hooks.append(module.extend_world)
    return hooks


WORLD_HOOKS = _load_app_matrices()


def world_for_test():
    world = build_world()
    for hook in WORLD_HOOKS:
        hook(world)
    return world


def client_for(world, role) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_every_page_has_an_entry():
    assert page_route_names() == set(PAGES)


def test_every_api_operation_has_an_entry():
    assert api_operations() == set(API)


def each_role(world):
    """Yields each role with its client, inside a savepoint rolled back after the role's request.

    The world is built once per page or operation (it is most of the cost: some 60 rows over every app)
    and each role meets it as it was built: what one role's request changed in the database is undone
    before the next role, and so are the request's rate-limit counters, outboxes and language.
    """
    from django.conf import settings
    from django.db import transaction
    from django.utils import translation

    from innobelt.accounts import ratelimit, sms

    for role in ROLES:
        ratelimit.clear()
        sms.outbox.clear()
        translation.activate(settings.LANGUAGE_CODE)
        with transaction.atomic():
            yield role, client_for(world, role)
            transaction.set_rollback(True)


def rewound(payload):
    """The same request body for the next role: uploaded files are read from their start again."""
    for value in payload.values() if isinstance(payload, dict) else ():
        for item in value if isinstance(value, list | tuple) else [value]:
            if hasattr(item, "seek"):
                item.seek(0)
    return payload


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_permissions(name, permission_world):
    world = permission_world
    method, url, data, expected = PAGES[name]
    path, payload = url(world), data(world) if data else {}  # built once, outside the roles' savepoints
    wrong = []
    for role, client in each_role(world):
        response = getattr(client, method)(path, rewound(payload))
        if outcome(response) != expected[role]:
            wrong.append(f"{role} {method.upper()} {path}: {outcome(response)} (expected {expected[role]})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(API))
def test_api_permissions(operation, permission_world):
    world = permission_world
    method, path = operation.split(" ", 1)
    target, expected = API[operation]
    url, body = target(world) if target else (path, None)  # built once, outside the roles' savepoints
    wrong = []
    for role, client in each_role(world):
        if isinstance(body, Multipart):
            kwargs = {"data": body.fields()}
        else:
            kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
        response = getattr(client, method.lower())(url, **kwargs)
        if response.status_code != expected[role]:
            wrong.append(f"{role} {operation}: {response.status_code} (expected {expected[role]}) {response.content[:300]!r}")
        elif response.status_code >= 400 and not set(response.json().get("error", {})) >= {"code", "message"}:
            wrong.append(f"{role} {operation}: an unstructured error {response.content[:300]!r}")
    assert not wrong, "\n".join(wrong)


ADMIN_PAGES = {
    "/admin/": row(302, 302, 302, 302, 200, 200, 200),
    "/admin/organisations/organisation/": row(302, 302, 302, 302, 200, 200, 200),
    "/admin/audit/auditentry/": row(302, 302, 302, 302, 403, 403, 200),
    "/admin/accounts/user/": row(302, 302, 302, 302, 403, 403, 200),
}


# ---------------------------------------------------------------------------------------------
# The Django admin: every registered model, every page, the autocomplete endpoint and forged saves.
#
# A district operator's admin never lists, shows or saves anything outside their cities:
# operator_w (city W, where every row of the admin world is) sees and changes what the rules let
# them; operator_x (another city) is sent away from W's rows (302: "does not exist") and lists none
# of them; a POST naming a row of another city (forged, whatever the widget offered) gets a form
# error or a refusal and changes nothing. People who are not staff are sent to the admin's sign-in.
# ---------------------------------------------------------------------------------------------

ADMIN_ACTIONS = ["changelist", "add", "change", "delete", "history", "autocomplete"]


def staff(operator_w, operator_x, platform):
    """Anonymous people, members and organisation admins are sent to the admin's sign-in page (302)."""
    return row(302, 302, 302, 302, operator_w, operator_x, platform)


NA = None  # no such endpoint: no model has a relation to this one that the autocomplete could serve


def admin_rows(changelist, add, change, delete, history, autocomplete):
    """Each argument: the outcomes of (operator_w, operator_x, platform), or NA."""
    given = dict(zip(ADMIN_ACTIONS, [changelist, add, change, delete, history, autocomplete], strict=True))
    return {action: NA if value is NA else staff(*value) for action, value in given.items()}


OPS_NO = (403, 403, 200)  # platform operators only
GONE = (403, 403, 403)  # nobody: the pages do it (or nobody may)
MINE = (200, 302, 200)  # W's row: its operator and platform operators; X's operator is told it does not exist
LIST = (200, 200, 200)  # everyone lists, each their own cities' rows only (checked below)
NO_SEARCH = (404, 404, 404)  # the model admin has no search: the endpoint does not serve it
UNSCOPED_NO = (302, 302, 200)  # platform operators only; a district operator is told the row does not exist
NATIONAL = (200, 200, 200)  # every operator, every row: national public facts, no city to scope by
#: models whose rows belong to no city and that every operator reads whole (the changelist check lists both rows)
NATIONAL_MODELS = {"services.holidayschedule"}

ADMIN_MODELS = {
    # third-party admins: Django's model permissions (platform operators are superusers here)
    "auth.group": admin_rows(OPS_NO, OPS_NO, OPS_NO, OPS_NO, OPS_NO, OPS_NO),
    "axes.accessattempt": admin_rows(OPS_NO, GONE, OPS_NO, OPS_NO, OPS_NO, OPS_NO),
    "axes.accesslog": admin_rows(OPS_NO, GONE, OPS_NO, OPS_NO, OPS_NO, NA),
    "axes.accessfailurelog": admin_rows(OPS_NO, GONE, OPS_NO, OPS_NO, OPS_NO, NA),
    # people (staff and platform-operator flags, operator cities), consents, tokens, notifications, the audit
    # trail, match feedback and industries: platform operators only; records are read-only
    "accounts.user": admin_rows(OPS_NO, OPS_NO, OPS_NO, OPS_NO, OPS_NO, OPS_NO),
    "accounts.consent": admin_rows(OPS_NO, GONE, OPS_NO, GONE, OPS_NO, NA),
    "accounts.apitoken": admin_rows(OPS_NO, GONE, OPS_NO, GONE, OPS_NO, NA),
    "audit.auditentry": admin_rows(OPS_NO, GONE, OPS_NO, GONE, OPS_NO, NA),
    "notifications.notification": admin_rows(OPS_NO, GONE, OPS_NO, OPS_NO, OPS_NO, NA),
    "matching.matchfeedback": admin_rows(OPS_NO, GONE, OPS_NO, OPS_NO, UNSCOPED_NO, NA),
    "belt.industry": admin_rows(OPS_NO, OPS_NO, OPS_NO, OPS_NO, UNSCOPED_NO, OPS_NO),
    # city-scoped: district operators list, show and change their own cities' rows; deleting is for platform operators
    "belt.city": admin_rows(LIST, OPS_NO, MINE, OPS_NO, MINE, LIST),
    "belt.cooperationagreement": admin_rows(LIST, LIST, MINE, OPS_NO, MINE, LIST),
    "organisations.organisation": admin_rows(LIST, LIST, MINE, OPS_NO, MINE, LIST),
    "organisations.claim": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    "organisations.invitation": admin_rows(LIST, OPS_NO, MINE, OPS_NO, MINE, NA),
    "files.storedfile": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NO_SEARCH),
    "resources.resource": admin_rows(LIST, OPS_NO, MINE, OPS_NO, MINE, LIST),
    "resources.accessrequest": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "resources.booking": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),  # autocomplete: statement lines point at bookings
    "resources.blackout": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    "resources.outcomereport": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    "resources.samplejob": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),  # autocomplete: statement lines point at sample jobs
    "resources.samplejoboutcome": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    # training, the waitlist and released slots: read-only, deleted by nobody (the pages record and remove, under the domain's locks)
    **{f"resources.{m}": admin_rows(LIST, GONE, MINE, GONE, MINE, NA)
       for m in ("trainingrecord", "trainingrequest", "waitlistentry", "releasedslot")},
    "events.event": admin_rows(LIST, LIST, MINE, OPS_NO, MINE, LIST),
    "events.registration": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "events.pitch": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "events.pitchrating": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NO_SEARCH),
    "events.eventmeetingrequest": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NO_SEARCH),
    "meetings.programme": admin_rows(LIST, LIST, MINE, OPS_NO, MINE, NO_SEARCH),
    "meetings.schedulerun": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NO_SEARCH),
    "meetings.meeting": admin_rows(LIST, LIST, MINE, OPS_NO, MINE, NO_SEARCH),  # challenges pipelines point at meetings
    "challenges.need": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "challenges.needinterest": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    "challenges.challenge": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),  # proposals are not in the admin (ADR 0702)
    "challenges.opencall": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "challenges.opencallapplication": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "challenges.solverinvitation": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),
    **{f"vouchers.{m}": admin_rows(LIST, GONE, MINE, GONE, MINE, LIST) for m in ("programme", "application", "voucher", "claim")},
    "vouchers.settlementperiod": admin_rows(LIST, GONE, MINE, GONE, MINE, LIST),
    "services.service": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "services.servicerequest": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    # national public facts (no city): every operator reads every year, nobody changes it here (platform operators
    # enter a year on the calendar page)
    "services.holidayschedule": admin_rows(NATIONAL, GONE, NATIONAL, GONE, NATIONAL, NO_SEARCH),
    "financing.fund": admin_rows(LIST, OPS_NO, MINE, OPS_NO, MINE, LIST),
    "financing.fundapplication": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    "showcase.achievement": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),
    # read-only, never deleted (it would take nominations and results with it); nominations point at it
    "showcase.awardprogramme": admin_rows(LIST, GONE, MINE, GONE, MINE, LIST),
    "showcase.nomination": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, LIST),  # read-only; reviewer assignments point at it
    "showcase.score": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),  # read-only
    "organisations.incubation": admin_rows(LIST, GONE, MINE, OPS_NO, MINE, NA),  # read-only; the incubator's city
    # talent: read-only (the pages and the API change it); hidden profiles are not in the admin at all (ADR 1001)
    "talent.position": admin_rows(LIST, GONE, MINE, GONE, MINE, LIST),
    "talent.talentprofile": admin_rows(LIST, GONE, MINE, GONE, MINE, LIST),
    "talent.positionapplication": admin_rows(LIST, GONE, MINE, GONE, MINE, NA),
    "talent.recognition": admin_rows(LIST, GONE, MINE, GONE, MINE, NA),
    "insights.reportrun": admin_rows(LIST, GONE, MINE, GONE, MINE, NA),  # read only: the pages and the API ask for reports
}
