"""What each person may see, and that guessing ids of other organisations' things tells nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from innobelt.organisations.models import Organisation
from innobelt.resources import queries
from innobelt.resources.models import Resource
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    city_w, city_x, city_y = CityFactory(), CityFactory(), CityFactory()
    owner = OrganisationFactory(city=city_w, kind=Organisation.Kind.LABORATORY)
    resources = {
        "public": ResourceFactory(owner=owner),
        "verified": ResourceFactory(owner=owner, visibility=Resource.Visibility.VERIFIED),
        "cities": ResourceFactory(owner=owner, visibility=Resource.Visibility.CITIES),
        "draft": ResourceFactory(owner=owner, status=Resource.Status.DRAFT, published_at=None, title_en="Unannounced prototype line"),
    }
    resources["cities"].visible_cities.set([city_x])
    people = {
        "anonymous": AnonymousUser(),
        "owner member": MembershipFactory(organisation=owner).user,
        "verified in X": MembershipFactory(organisation=OrganisationFactory(city=city_x, verification="verified")).user,
        "unverified in Y": MembershipFactory(organisation=OrganisationFactory(city=city_y)).user,
        "nobody's member": UserFactory(),
        "operator of W": UserFactory(operator_for=[city_w]),
        "operator of X": UserFactory(operator_for=[city_x]),
        "platform": UserFactory(is_platform_operator=True, is_superuser=True, is_staff=True),
    }
    return resources, people


EXPECTED = {
    "anonymous": {"public"},
    "owner member": {"public", "verified", "cities", "draft"},
    "verified in X": {"public", "verified", "cities"},
    "unverified in Y": {"public"},
    "nobody's member": {"public"},
    "operator of W": {"public", "verified", "cities", "draft"},
    "operator of X": {"public"},
    "platform": {"public", "verified", "cities", "draft"},
}


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_the_query_and_the_rule_agree_on_who_sees_what(shelf, person):
    resources, people = shelf
    user = people[person]
    by_query = {name for name, r in resources.items() if queries.visible_resources(user).filter(pk=r.pk).exists()}
    by_rule = {name for name, r in resources.items() if user.has_perm("resources.view_resource", r)}
    assert by_query == by_rule == EXPECTED[person]
    read_now = queries.visible_resources(user, read_now=True)  # ids read first, as the register does (ADR 0024)
    assert {name for name, r in resources.items() if read_now.filter(pk=r.pk).exists()} == EXPECTED[person]
    in_register = {name for name, r in resources.items() if queries.register(user).filter(pk=r.pk).exists()}
    assert in_register == EXPECTED[person] - {"draft"}


@pytest.fixture
def secrets_of_org_a(scene):
    """Another organisation's draft, access request and booking, as a stranger would guess them."""
    draft = ResourceFactory(owner=scene.owner_org, status=Resource.Status.DRAFT, published_at=None, title_en="Unannounced prototype line")
    booking = BookingFactory(access_request=scene.access, start=at(3, 10), end=at(3, 11), note="Confidential wafer run")
    scene.access.purpose = "Confidential purpose of the seeker"
    scene.access.save()
    return draft, scene.access, booking


SECRETS = ["Unannounced prototype line", "Confidential purpose of the seeker", "Confidential wafer run"]


def test_guessing_ids_gives_404_everywhere_and_leaks_nothing(secrets_of_org_a, scene):
    draft, access, booking = secrets_of_org_a
    stranger = Client()
    stranger.force_login(MembershipFactory(organisation=OrganisationFactory(), role="admin").user)
    pages = [f"/resources/{draft.pk}/", f"/resources/{draft.pk}/edit/", f"/resources/{draft.pk}/request/", f"/resources/{draft.pk}/book/",
             f"/resources/{draft.pk}/closures/", f"/resources/{draft.pk}/calendar.ics", f"/resources/requests/{access.pk}/",
             f"/resources/requests/{access.pk}/outcome/", f"/resources/bookings/{booking.pk}/"]
    posts = [f"/resources/{draft.pk}/publish/", f"/resources/requests/{access.pk}/approve/", f"/resources/requests/{access.pk}/withdraw/",
             f"/resources/bookings/{booking.pk}/cancel/"]
    slot = {"start": at(4, 10).isoformat(), "end": at(4, 11).isoformat()}
    api = [("get", f"/api/v1/resources/{draft.pk}", None), ("get", f"/api/v1/resources/{draft.pk}/availability", None),
           ("get", f"/api/v1/access-requests/{access.pk}", None), ("get", f"/api/v1/bookings/{booking.pk}", None),
           ("post", f"/api/v1/access-requests/{access.pk}/approve", {}), ("post", f"/api/v1/bookings/{booking.pk}/cancel", {}),
           ("patch", f"/api/v1/resources/{draft.pk}", {"category": "x"}), ("post", f"/api/v1/resources/{draft.pk}/bookings", slot)]
    for url in pages:
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert not any(secret in response.content.decode() for secret in SECRETS), url
    for url in posts:
        assert stranger.post(url).status_code == 404, url
    for method, url, body in api:
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(stranger, method)(url, **kwargs)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
        assert not any(secret in response.content.decode() for secret in SECRETS), url
    listing = stranger.get("/api/v1/access-requests").json()
    assert listing == {"count": 0, "items": []}
    assert stranger.get("/api/v1/bookings").json() == []
    assert "Unannounced" not in stranger.get("/resources/?q=prototype").content.decode()
    draft.refresh_from_db()
    booking.refresh_from_db()
    assert (draft.status, booking.status) == ("draft", "confirmed")


def test_the_owner_member_sees_the_draft_but_the_seeker_does_not(secrets_of_org_a, scene):
    draft, access, booking = secrets_of_org_a
    owner, seeker = Client(), Client()
    owner.force_login(scene.owner_member)
    seeker.force_login(scene.seeker)
    assert owner.get(f"/resources/{draft.pk}/").status_code == 200
    assert seeker.get(f"/resources/{draft.pk}/").status_code == 404
    # both sides of the request see it and its booking
    for client in (owner, seeker):
        assert client.get(f"/resources/requests/{access.pk}/").status_code == 200
        assert client.get(f"/api/v1/bookings/{booking.pk}").json()["note"] == "Confidential wafer run"


def test_a_cities_only_resource_feed_and_its_bookings_stay_hidden_from_other_cities(scene):
    hidden = ResourceFactory(owner=scene.owner_org, visibility=Resource.Visibility.CITIES)
    hidden.visible_cities.set([scene.city])
    far_away = Client()
    far_away.force_login(MembershipFactory(organisation=OrganisationFactory(city=CityFactory())).user)
    nearby = Client()
    nearby.force_login(scene.seeker)
    assert far_away.get(f"/resources/{hidden.pk}/calendar.ics").status_code == 404
    assert nearby.get(f"/resources/{hidden.pk}/calendar.ics").status_code == 200
    assert AccessRequestFactory(resource=hidden, organisation=scene.seeker_org).pk
