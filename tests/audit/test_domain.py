"""innobelt/audit: record_action writes who did what to which object, from the request's address and id
(audit.middleware.AuditContextMiddleware); outside a request the entry has neither."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings

from innobelt.audit.domain import record_action
from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(client: Client, email: str, **extra):
    return client.post("/en/accounts/register/", {"display_name": "Zhou", "email": email, "password": "a-long-pass-2026",
                                                  "consent": "on"}, **extra)


def test_an_action_in_a_request_carries_the_client_address_and_the_request_id():
    response = register(Client(REMOTE_ADDR="203.0.113.9"), "audited@example.com")
    entry = AuditEntry.objects.get(action="account.registered")
    assert entry.ip_address == "203.0.113.9"
    assert entry.request_id and entry.request_id == response["X-Request-ID"]
    assert entry.actor.email == "audited@example.com" and entry.target_type == "accounts.user"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded():
    register(Client(REMOTE_ADDR="10.1.2.3"), "proxied@example.com", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.5")
    assert AuditEntry.objects.get(action="account.registered").ip_address == "198.51.100.7"
    register(Client(REMOTE_ADDR="192.0.2.1"), "direct@example.com", HTTP_X_FORWARDED_FOR="198.51.100.8")  # not a proxy
    assert AuditEntry.objects.filter(action="account.registered").first().ip_address == "192.0.2.1"


def test_outside_a_request_and_after_one_the_entry_has_no_origin():
    register(Client(REMOTE_ADDR="203.0.113.9"), "first@example.com")
    entry = record_action(actor=None, action="task.ran")
    assert entry.ip_address is None and entry.request_id == ""
    assert (entry.target_type, entry.target_id, entry.target_repr, entry.data) == ("", "", "", {})


def test_the_target_is_named_and_an_anonymous_actor_is_nobody():
    org = OrganisationFactory(name_zh="吴淞材料实验室")
    entry = record_action(actor=AnonymousUser(), action="organisation.viewed", target=org, data={"why": "test"})
    entry.refresh_from_db()
    assert entry.actor is None
    assert (entry.target_type, entry.target_id, entry.target_repr) == ("organisations.organisation", str(org.pk), "吴淞材料实验室")
    assert entry.data == {"why": "test"}
    user = UserFactory()
    long_named = Organisation(pk=org.pk, name_zh="长" * 300)  # the name as a form might hold it before validation
    assert record_action(actor=user, action="x", target=long_named).target_repr == "长" * 255
    assert AuditEntry.objects.filter(actor=user).count() == 1
