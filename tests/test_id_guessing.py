"""Guessing ids across organisations reveals nothing.

Every model of every innobelt app is either public, never exposed by id, or
has probes here (or in tests/<app>/matrix.py as PRIVATE_PROBES / NOT_EXPOSED):
an outsider (the admin of another organisation) requests the private record
through pages and the API and must get 403 or 404 with none of its content in
the body. A new model without an entry fails `test_every_model_is_classified`.
"""

import importlib.util
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from innobelt.accounts.domain import create_api_token
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Claim, Invitation

PUBLIC = {"belt.city", "belt.industry", "belt.cooperationagreement", "belt.followupaction", "organisations.organisation"}
NOT_EXPOSED = {
    # never addressed by id in a page or an endpoint (internal records)
    "audit.auditentry": "read only by platform operators in the admin",
    "accounts.consent": "no page or endpoint",
    "accounts.signincode": "no page or endpoint; only hashes stored",
    "accounts.user": "no page or endpoint by id; /api/v1/me is always the caller",
    "organisations.membership": "listed only to those who may change the organisation",
    "matching.matchfeedback": "not addressed by id: a person reads only their own (/matching/saved/); operators in the admin",
    "web.demodata": "no page or endpoint; a marker that the demo was loaded",
}


def secret_claim(world):
    claim = Claim.objects.create(user=world.users["member"], organisation=world.org_a, kind="join",
                                 evidence="SECRET-EVIDENCE-7731")
    return [("post", f"/organisations/claims/{claim.pk}/approve/"), ("post", f"/organisations/claims/{claim.pk}/reject/"),
            ("post", f"/api/v1/claims/{claim.pk}/approve"), ("post", f"/api/v1/claims/{claim.pk}/reject")], "SECRET-EVIDENCE-7731"


def secret_token(world):
    token, _secret = create_api_token(user=world.users["admin_a"], name="SECRET-TOKEN-NAME-5521")
    return [("post", f"/accounts/settings/tokens/{token.pk}/revoke/"), ("delete", f"/api/v1/me/tokens/{token.pk}")], "SECRET-TOKEN-NAME-5521"


def secret_notification(world):
    note = Notification.objects.create(recipient=world.users["admin_a"], kind="k", subject="SECRET-SUBJECT-9913")
    return [("get", "/inbox/"), ("get", "/api/v1/me/notifications"), ("post", f"/inbox/{note.pk}/read/"),
            ("post", f"/api/v1/me/notifications/{note.pk}/read")], "SECRET-SUBJECT-9913"


def secret_invitation(world):
    invitation = Invitation.objects.create(organisation=world.org_a, email="secret-invitee-4410@example.com",
                                           invited_by=world.users["admin_a"])
    return [("get", f"/organisations/invitations/{invitation.token}/")], "secret-invitee-4410"


def secret_file(world):
    stored = world.extra["private_file"]
    return [("get", f"/files/{stored.pk}/"), ("get", f"/api/v1/files/{stored.pk}"), ("post", f"/files/{stored.pk}/delete/")], stored.sha256


PROBES = {
    "organisations.claim": secret_claim,
    "accounts.apitoken": secret_token,
    "notifications.notification": secret_notification,
    "organisations.invitation": secret_invitation,
    "files.storedfile": secret_file,
}


def _app_entries():
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        spec = importlib.util.spec_from_file_location(f"probes_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        PROBES.update(getattr(module, "PRIVATE_PROBES", {}))
        NOT_EXPOSED.update(getattr(module, "NOT_EXPOSED", {}))
        PUBLIC.update(getattr(module, "PUBLIC_MODELS", set()))


_app_entries()


def test_every_model_is_classified():
    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("innobelt.")}
    classified = PUBLIC | set(NOT_EXPOSED) | set(PROBES)
    assert models - classified == set()


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(PROBES))
def test_outsider_guessing_ids_gets_nothing(model, permission_world):
    world = permission_world
    requests, secret = PROBES[model](world)
    outsider = Client()
    outsider.force_login(world.users["admin_b"])
    for method, url, *body in requests:  # an API probe may carry a valid body, so validation cannot answer first
        if url.startswith("/api/") and method != "get":
            response = getattr(outsider, method)(url, data=json.dumps(body[0] if body else {}), content_type="application/json")
        else:
            response = getattr(outsider, method)(url)
        allowed = (200, 302, 403, 404) if method == "get" else (302, 403, 404)  # a GET may list the caller's own records
        assert response.status_code in allowed, f"{method.upper()} {url}: {response.status_code}"
        if response.status_code == 302:  # a page that redirects must not land on the record
            assert "/accounts/login/" not in response["Location"]
            followed = outsider.get(response["Location"])
            assert secret not in followed.content.decode()
        assert secret not in response.content.decode(), f"{method.upper()} {url} leaks the record"
