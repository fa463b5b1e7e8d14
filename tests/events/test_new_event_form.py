"""Issue 19, bug 5: on the new-event form "Organised by" and the city say what the form does: an
organisation's admin picks one of their organisations (no empty choice offered to them), an
operator may leave it empty for an event of the platform or their district, and then must choose a
city of theirs; left empty for an organisation's event, the city is the organisation's."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from innobelt.events.models import Event
from innobelt.organisations.models import Membership
from tests.events.conftest import Scene
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

FACTS = {"kind": "forum", "title_zh": "论坛", "title_en": "Forum", "description_language": "zh", "mode": "in_person",
         "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_of(client) -> BeautifulSoup:
    return BeautifulSoup(client.get("/en/events/new/").content, "html.parser")


def help_of(soup: BeautifulSoup, field: str) -> str:
    return soup.select_one(f"#id_{field}_helptext").get_text(" ", strip=True)


def errors_of(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_an_organisation_s_admin_picks_one_of_their_organisations(scene: Scene):
    client = client_for(scene.admin)
    soup = form_of(client)
    options = [(o["value"], o.get_text()) for o in soup.select("#id_organiser option")]
    assert options == [(str(scene.organiser.pk), scene.organiser.name_en)]  # no "the platform or the district" for them
    assert help_of(soup, "city") == "Where the event takes place. Left empty, it is the organisation's city."
    response = client.post("/en/events/new/", {**FACTS, "organiser": ""})
    assert response.status_code == 200 and errors_of(response, "organiser") == ["This field is required."]
    response = client.post("/en/events/new/", {**FACTS, "organiser": scene.organiser.pk, "city": ""})
    assert response.status_code == 302 and Event.objects.get(title_en="Forum").city == scene.city  # as the help text says


def test_an_operator_may_leave_the_organiser_empty_and_then_chooses_their_city():
    city, elsewhere = CityFactory(), CityFactory()
    operator = UserFactory(operator_for=[city])
    client = client_for(operator)
    soup = form_of(client)
    assert [o.get_text() for o in soup.select("#id_organiser option")] == ["no organisation: the platform or the district"]
    assert help_of(soup, "organiser") == "Leave empty for an event of the platform or of your district."
    assert help_of(soup, "city").startswith("Where the event takes place. Required for an event of the platform or of a district")
    response = client.post("/en/events/new/", {**FACTS, "organiser": "", "city": ""})
    assert errors_of(response, "city") == ["Choose the city or district where the event takes place."]
    response = client.post("/en/events/new/", {**FACTS, "organiser": "", "city": elsewhere.pk})
    assert errors_of(response, "city") == ["As a district operator you organise events only in your own cities or districts."]
    assert not Event.objects.exists()
    assert client.post("/en/events/new/", {**FACTS, "organiser": "", "city": city.pk}).status_code == 302
    event = Event.objects.get()
    assert (event.organiser, event.city) == (None, city)


def test_an_operator_who_administers_an_organisation_may_organise_for_it_anywhere():
    home, elsewhere = CityFactory(), CityFactory()
    operator = UserFactory(operator_for=[home])
    org = OrganisationFactory(city=elsewhere)
    MembershipFactory(organisation=org, user=operator, role=Membership.Role.ADMIN)
    client = client_for(operator)
    assert [o["value"] for o in form_of(client).select("#id_organiser option")] == ["", str(org.pk)]
    assert client.post("/en/events/new/", {**FACTS, "organiser": org.pk, "city": ""}).status_code == 302
    assert Event.objects.get().city == elsewhere


def test_a_platform_operator_organises_in_any_city():
    city = CityFactory()
    client = client_for(UserFactory(is_platform_operator=True))
    assert client.post("/en/events/new/", {**FACTS, "organiser": "", "city": city.pk}).status_code == 302
    assert Event.objects.get().city == city
