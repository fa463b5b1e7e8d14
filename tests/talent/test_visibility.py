"""A hidden profile is found by nobody; a "verified organisations only" profile by no anonymous visitor or
unverified organisation's people, and by a verified organisation's member: pages, search and API agree."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from innobelt.organisations.models import Organisation
from innobelt.permissions import can
from innobelt.talent import queries
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.talent.factories import make_profile

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("visibility", ["public", "verified", "hidden"])
def test_pages_api_search_and_rule_agree(visibility):
    profile = make_profile(visibility=visibility, headline=f"WHO-FINDS-{visibility.upper()}")
    readers = {
        "anonymous": None,
        "unverified": MembershipFactory(organisation=OrganisationFactory()).user,
        "verified": MembershipFactory(organisation=OrganisationFactory(verification=Organisation.Verification.VERIFIED)).user,
        "operator": UserFactory(is_platform_operator=True),
        "owner": profile.user,
    }
    expected = {"public": set(readers), "verified": {"verified", "owner"}, "hidden": {"owner"}}[visibility]
    for name, user in readers.items():
        client = _client(user)
        page = client.get(f"/talent/people/{profile.pk}/")
        api = client.get(f"/api/v1/talent/profiles/{profile.pk}")
        search = client.get(f"/api/v1/talent/profiles?q=WHO-FINDS-{visibility.upper()}").json()
        found = name in expected
        assert (page.status_code, api.status_code) == ((200, 200) if found else (404, 404)), name
        assert (search["count"] == 1) is found, name
        assert can(user or AnonymousUser(), "talent.view_profile", profile) is found, name
        assert queries.visible_profiles(user).filter(pk=profile.pk).exists() is found, name


def test_a_verified_only_profile_is_no_secret_to_verified_members_only():
    from tests.talent.matrix import VERIFIED_PROBE
    from tests.test_permission_matrix import world_for_test

    world = world_for_test()
    requests, secret = VERIFIED_PROBE(world)
    for role in ("anonymous", "admin_b", "member"):
        client = _client(world.users[role])
        for method, url, *body in requests:
            response = getattr(client, method)(url, *(body or []))
            assert secret not in response.content.decode(), (role, url)
