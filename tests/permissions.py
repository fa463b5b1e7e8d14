"""The world every permission test runs in, and how to enumerate pages and API operations.

Roles: anonymous, member (of org A), admin_a (admin of A), admin_b (admin of B,
another organisation), operator_w (district operator of A's city W), operator_x
(district operator of another city X), platform (platform operator).
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from innobelt.accounts.domain import create_api_token
from innobelt.organisations.models import Claim, Membership
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


@dataclass
class World:
    users: dict
    city_w: object
    city_x: object
    org_a: object
    org_b: object
    claim: object
    member_token_id: int
    extra: dict


def build_world() -> World:
    city_w, city_x = CityFactory(slug="city-w"), CityFactory(slug="city-x")
    org_a = OrganisationFactory(city=city_w, slug="org-a")
    org_b = OrganisationFactory(city=city_x, slug="org-b")
    users = {
        "anonymous": None,
        "member": MembershipFactory(organisation=org_a, role=Membership.Role.MEMBER).user,
        "admin_a": MembershipFactory(organisation=org_a, role=Membership.Role.ADMIN).user,
        "admin_b": MembershipFactory(organisation=org_b, role=Membership.Role.ADMIN).user,
        "operator_w": UserFactory(operator_for=[city_w]),
        "operator_x": UserFactory(operator_for=[city_x]),
        "platform": UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True),
    }
    claimant = UserFactory()
    claim = Claim.objects.create(user=claimant, organisation=org_a, kind=Claim.Kind.CLAIM)
    token, _secret = create_api_token(user=users["member"], name="member's token")
    return World(users=users, city_w=city_w, city_x=city_x, org_a=org_a, org_b=org_b, claim=claim,
                 member_token_id=token.pk, extra={})


def page_route_names() -> set[str]:
    """Every named page route outside the admin and the API (they have their own matrices)."""
    names: set[str] = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                if ns in ("admin", "api"):
                    continue
                walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def api_operations() -> set[str]:
    from innobelt.api.urls import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def outcome(response) -> str | int:
    """A status code, or "login" for a redirect to the sign-in page."""
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "login"
    return response.status_code


class Multipart:
    """A multipart body for the API matrix: fields built fresh per request (files are read once)."""

    def __init__(self, build):
        self.build = build

    def fields(self) -> dict:
        return self.build()
