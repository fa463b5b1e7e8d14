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


# route name -> (method, url builder(world), data builder or None, expected outcome per role)
PAGES = {
    "web:home": ("get", lambda w: "/", None, everyone(200)),
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
    "matching:matches_for": ("get", lambda w: f"/matching/for/organisation/{w.org_a.pk}/", None, everyone(200)),
    "matching:feedback": ("post", lambda w: "/matching/feedback/", lambda w: {"target": f"organisation:{w.org_a.pk}", "action": "save"},
                          signed_in(200)),
    "notifications:mark_read": ("post", lambda w: "/inbox/read/", None, signed_in(302)),
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
    "POST /api/v1/me/tokens": (lambda w: ("/api/v1/me/tokens", {"name": "t"}), signed_in(201, 401)),
    "DELETE /api/v1/me/tokens/{token_id}": (lambda w: (f"/api/v1/me/tokens/{w.member_token_id}", None),
                                            row(401, 200, 404, 404, 404, 404, 404)),
    "GET /api/v1/me/notifications": (None, signed_in(200, 401)),
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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_permissions(name, role):
    world = world_for_test()
    method, url, data, expected = PAGES[name]
    client = client_for(world, role)
    payload = data(world) if data else {}
    response = getattr(client, method)(url(world), payload)
    assert outcome(response) == expected[role], f"{role} {method.upper()} {url(world)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(API))
def test_api_permissions(operation, role):
    world = world_for_test()
    method, path = operation.split(" ", 1)
    target, expected = API[operation]
    url, body = target(world) if target else (path, None)
    client = client_for(world, role)
    if isinstance(body, Multipart):
        kwargs = {"data": body.fields()}
    else:
        kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    response = getattr(client, method.lower())(url, **kwargs)
    assert response.status_code == expected[role], f"{role} {operation}: {response.content[:300]!r}"
    if response.status_code >= 400:
        assert set(response.json()["error"]) >= {"code", "message"}


ADMIN_PAGES = {
    "/admin/": row(302, 302, 302, 302, 200, 200, 200),
    "/admin/organisations/organisation/": row(302, 302, 302, 302, 200, 200, 200),
    "/admin/audit/auditentry/": row(302, 302, 302, 302, 403, 403, 200),
    "/admin/accounts/user/": row(302, 302, 302, 302, 403, 403, 200),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(ADMIN_PAGES))
def test_admin_permissions(path, role):
    world = build_world()
    response = client_for(world, role).get(path)
    assert response.status_code == ADMIN_PAGES[path][role]


@pytest.mark.django_db
def test_district_operator_sees_only_their_city_in_admin():
    world = build_world()
    client = client_for(world, "operator_x")
    assert client.get(f"/admin/organisations/organisation/{world.org_a.pk}/change/").status_code == 302  # not in scope
    listing = client.get("/admin/organisations/organisation/").content.decode()
    assert world.org_b.name_zh in listing and world.org_a.name_zh not in listing
    assert client.get(f"/admin/organisations/organisation/{world.org_b.pk}/change/").status_code == 200
